"""On the synthetic `force` profile (about 300,000 offences), the trawl finds exactly the
planted Tier 1 and Tier 2 subjects of truth.json."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graph.tiers.trawl import trawl
from ingest.pipeline import run_ingest
from ingest.synth import generate
from tests.conftest import wipe

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def test_the_planted_tiers_are_recovered_exactly(session_db, tmp_path):
    wipe(session_db)
    folder = tmp_path / "force"
    generate(folder, "force", seed=1)
    truth = json.loads((folder / "truth.json").read_text())
    summary = run_ingest(folder, db=session_db, quarantine_dir=tmp_path / "q", progress=False)
    assert summary["totals"]["quarantined"] == 0

    results = trawl(session_db, dt.date.fromisoformat(truth["as_of"]))
    tier1 = sorted(a.subject_id for a in results if a.tier == 1)
    tier2 = sorted(a.subject_id for a in results if a.tier == 2)
    held = sorted(a.subject_id for a in results if a.tier == 2 and a.in_custody)
    assert (len(tier1), len(tier2)) == (len(truth["tier1"]), len(truth["tier2"]))
    assert tier1 == sorted(truth["tier1"])
    assert tier2 == sorted(truth["tier2"])
    assert held == sorted(truth["tier2_in_custody"])
    wipe(session_db)
