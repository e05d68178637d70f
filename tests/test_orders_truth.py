"""The demo force's planted orders: the graph finds exactly the possible breaches the
generator planted (and those that arose by chance), none of its near misses, and the demo
shows them to an analyst."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app import create_app
from graph import orders
from ingest.pipeline import run_ingest
from ingest.synth import generate
from tests.auth_fixtures import login, make_user
from tests.conftest import wipe

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def demo(session_db, tmp_path_factory):
    """The session's database holding the demo force, and its truth.json (emptied after)."""
    folder = tmp_path_factory.mktemp("orders-truth") / "demo"
    generate(folder, "demo", seed=7)
    wipe(session_db)
    summary = run_ingest(folder, db=session_db, quarantine_dir=folder.parent / "q",
                         progress=False)
    assert summary["totals"]["quarantined"] == 0, summary["quarantine_reasons"]
    yield session_db, json.loads((folder / "truth.json").read_text())
    wipe(session_db)


def _key(b: dict) -> tuple:
    return (b["order_id"], b["condition_id"], b["subject_id"], b["kind"], b["evidence_kind"],
            b["evidence_id"], str(b["on"]), b["recorded"])


def test_every_planted_possible_breach_is_recovered_exactly(demo):
    db, truth = demo
    found = orders.possible_breaches(db, dt.date.fromisoformat(truth["as_of"]))
    assert sorted(map(_key, found)) == sorted(map(_key, truth["possible_breaches"]))
    assert {b["kind"] for b in found} == {"exclusion_zone", "no_contact"}
    assert {b["recorded"] for b in found} == {True, False}


def test_no_near_miss_counts(demo):
    db, truth = demo
    found = {(b["condition_id"], b["evidence_id"])
             for b in orders.possible_breaches(db, dt.date.fromisoformat(truth["as_of"]))}
    misses = {(m["condition_id"], m["evidence_id"]) for m in truth["breach_near_misses"]}
    assert misses and not found & misses


def test_the_demo_shows_them_on_the_orders_page(demo):
    db, truth = demo
    # Signed in by hand: the client_as fixture empties the database first.
    make_user(db, "orders-analyst", "analyst")
    app = create_app({"TESTING": True, "DATABASE": db, "APPLY_SCHEMA_ON_START": False})
    client = app.test_client()
    assert login(client, "orders-analyst").status_code == 302
    unrecorded = [b for b in truth["possible_breaches"] if not b["recorded"]]
    html = client.get(f"/orders?as_of={truth['as_of']}").get_data(as_text=True)
    for b in unrecorded:
        assert b["evidence_id"] in html, b
    assert "Confirm" in html and "Dismiss" in html
