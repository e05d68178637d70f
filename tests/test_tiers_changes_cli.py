"""``linkwatch tiers changes`` as a user runs it, before and after the first recorded trawl.

Before: with no trawl recorded the command stopped with an error ("no recorded trawl to
compare with") and exit status 1, while GET /api/tiers/changes answered 200 with
``previous`` null. Now both say the same thing and the command exits 0.

The scenario is ``changes_force`` of tests/test_trawl_changes.py (six subjects; a trawl
recorded as of 30 days ago in the second part).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from app.cli import main
from graph.tiers import trawl as trawl_mod
from tests.test_trawl_changes import EARLIER, TODAY, correct_corr, load_changes_force

pytestmark = pytest.mark.neo4j


@pytest.fixture
def force(db, tmp_path, neo4j_env):
    return load_changes_force(db, tmp_path / "force")


def _run(*args: str):
    return CliRunner().invoke(main, ["tiers", "changes", *args])


def test_with_no_recorded_trawl_it_says_so_and_exits_0(force):
    result = _run()
    assert result.exit_code == 0, result.output
    assert result.output.strip() == trawl_mod.NO_TRAWL
    assert "Error" not in result.output


def test_with_no_recorded_trawl_json_is_the_api_answer(force, client_as):
    api = client_as("analyst").get(f"/api/tiers/changes?as_of={TODAY.isoformat()}")
    assert api.status_code == 200
    for flags in (["--format", "json"], ["--json"]):
        result = _run(*flags, "--as-of", TODAY.isoformat())
        assert result.exit_code == 0, result.output
        printed = json.loads(result.output)
        assert printed == api.get_json()
        assert printed["previous"] is None
        assert (printed["new"], printed["dropped"], printed["tier_changed"]) == ([], [], [])


def test_after_a_recorded_trawl_it_lists_the_changes_with_reasons(force, client_as):
    trawl_mod.record(force, trawl_mod.trawl(force, EARLIER), EARLIER, by="analyst1")
    correct_corr(force)
    table = _run()
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].startswith("since ") and f"(as of {EARLIER.isoformat()})" in lines[0]
    assert any(line.split()[:3] == ["dropped", "Tier", "2"] and "CORR" in line
               and "now below the count" in line for line in lines), lines
    assert any(line.split()[:2] == ["new", "Tier"] and "NEWB" in line for line in lines), lines
    printed = json.loads(_run("--format", "json").output)
    api = client_as("analyst").get("/api/tiers/changes").get_json()
    assert printed == api
    assert printed["previous"]["as_of"] == EARLIER.isoformat()
    assert {r["subject_id"] for r in printed["dropped"]} == {"CORR", "LAPS"}


def test_an_earlier_as_of_than_every_trawl_is_no_trawl_yet(force):
    trawl_mod.record(force, trawl_mod.trawl(force, EARLIER), EARLIER, by="analyst1")
    before = (EARLIER - dt.timedelta(days=1)).isoformat()
    result = _run("--as-of", before)
    assert result.exit_code == 0 and result.output.strip() == trawl_mod.NO_TRAWL
