"""The dashboard without a full trawl on every load.

On the ``changes_force`` scenario (tests/test_trawl_changes.py): the first load runs the
trawl and keeps its part in Neo4j; the next load, on this or another app instance, shows
the same without running it; an ingest, a recorded lifecycle change or a recorded trawl
makes the next load run it again. Whether the trawl ran is read from the execution point's
own log of query names (graph/db.py logs every query's name at DEBUG).
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from app import create_app
from graph import dashboard
from graph.db import Database
from graph.tiers import lifecycle
from graph.tiers import trawl as trawl_mod
from ingest.pipeline import run_ingest
from tests.auth_fixtures import login, make_user
from tests.scenarios import write_folder
from tests.test_trawl_changes import TODAY, _named, load_changes_force

pytestmark = pytest.mark.neo4j

TRAWL = "query tiers/candidates took"


@pytest.fixture
def force(db, tmp_path):
    return load_changes_force(db, tmp_path / "force")


@pytest.fixture
def client(force, client_as):
    return client_as("analyst", "dash-cache")


def _load(client, caplog) -> tuple[dict, int]:
    """The dashboard's JSON, and how many times the trawl ran for it."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="linkwatch.db"):
        data = client.get("/api/overview").get_json()
    assert data["ok"], data
    return data, caplog.text.count(TRAWL)


def _candidates(data: dict) -> list[str]:
    return [c["subject_id"] for c in data["candidates"]]


def test_the_second_load_shows_the_same_without_running_the_trawl(client, caplog):
    cold, trawls = _load(client, caplog)
    assert trawls == 1 and sorted(_candidates(cold)) == ["CORR", "CUST", "NEWB", "RISE"]
    warm, trawls = _load(client, caplog)
    assert trawls == 0
    assert warm == cold
    page = client.get("/").get_data(as_text=True)  # the page reads the same entry
    assert "Ned Newcomer" in page and TRAWL not in caplog.text


def test_a_recorded_lifecycle_change_makes_the_next_load_fresh(client, force, caplog):
    _load(client, caplog)
    lifecycle.adopt(force, "NEWB", tier=2, owner=None, by="dash-cache",
                    reason="TCG adopted him")
    data, trawls = _load(client, caplog)
    assert trawls == 1 and "NEWB" not in _candidates(data)  # adopted: no longer a candidate
    assert _load(client, caplog)[1] == 0


def test_an_ingest_makes_the_next_load_fresh(client, force, caplog, tmp_path):
    _load(client, caplog)
    newcomer = _named("LATE", ["19C"] + ["20A"] * 3, TODAY - dt.timedelta(days=2), "LATE")
    write_folder(tmp_path / "late",
                 subjects=[{"subject_id": "LATE", "forename": "Lewis", "surname": "Late"}],
                 **newcomer)
    run_ingest(tmp_path / "late", db=force, quarantine_dir=tmp_path / "q", progress=False)
    data, trawls = _load(client, caplog)
    assert trawls == 1 and "LATE" in _candidates(data)


def test_recording_a_trawl_makes_the_next_load_compare_with_it(client, force, caplog):
    first, _ = _load(client, caplog)
    assert first["trawl_changes"]["previous"] is None
    trawl_mod.record(force, trawl_mod.trawl(force, TODAY), TODAY, by="dash-cache")
    data, trawls = _load(client, caplog)
    assert trawls == 1 and data["trawl_changes"]["previous"]["candidates"] == 4


def test_another_app_instance_reuses_the_entry(client, force, neo4j_settings, caplog):
    _load(client, caplog)
    other_db = Database(neo4j_settings)  # its own driver, as on another machine
    try:
        other = create_app({"TESTING": True, "DATABASE": other_db,
                            "APPLY_SCHEMA_ON_START": False}).test_client()
        make_user(force, "dash-other", "rasso_officer")
        assert login(other, "dash-other").status_code == 302
        data, trawls = _load(other, caplog)
        assert trawls == 0 and "NEWB" in _candidates(data)
    finally:
        other_db.close()


def test_a_new_day_computes_afresh_and_drops_the_old_days_entry(force):
    yesterday = TODAY - dt.timedelta(days=1)
    assert dashboard.trawl_part(force, yesterday)[1] is False
    assert dashboard.trawl_part(force, yesterday)[1] is True
    assert dashboard.trawl_part(force, TODAY)[1] is False
    kept = force.read_text("t/cache", "MATCH (c:DashboardCache) RETURN c.id AS id")
    assert kept == [{"id": TODAY.isoformat()}]


def test_administrators_dashboards_neither_run_nor_keep_the_trawl(force, client_as, caplog):
    data, trawls = _load(client_as("admin", "dash-admin"), caplog)
    assert trawls == 0 and "candidates" not in data
    assert force.read_text("t/cache", "MATCH (c:DashboardCache) RETURN count(c) AS n") == [
        {"n": 0}]


def test_submitted_intelligence_makes_the_next_load_fresh_with_its_escalation_flag(
        client, force, caplog):
    """The flags are part of the cached entry: three well-graded reports submitted about
    Ned Newcomer within 90 days flag him on the very next load, then stay cached."""
    from graph.intelligence import submit

    cold, _ = _load(client, caplog)
    assert "NEWB" not in [f["subject_id"] for f in cold["escalations"]]
    for days in (40, 20, 5):
        report = submit.parse_submission({
            "subject_id": "NEWB", "lat": "53.80", "lon": "-1.55", "behaviour": "loitering",
            "grading": "2B P", "reported_on": (TODAY - dt.timedelta(days=days)).isoformat(),
            "summary": "outside the toilets again"}, today=TODAY)
        submit.submit(force, report, by="dash-cache")
    fresh, trawls = _load(client, caplog)
    assert trawls == 1
    flag = next(f for f in fresh["escalations"] if f["subject_id"] == "NEWB")
    assert "repeat_behaviour" in flag["rules"]
    assert len([i for i in flag["items"] if i.get("intel_id")]) == 3  # + his offences
    warm, trawls = _load(client, caplog)
    assert trawls == 0 and warm["escalations"] == fresh["escalations"]
