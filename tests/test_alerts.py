"""Alerts and watches as analysts, owners and administrators meet them (issue 16): each kind
at its boundary, a second run that raises nothing, triage with its history, view watches.
A small named scenario (tests/alerts_scenario.py), a real Neo4j, a real client."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from app.cli import main
from graph import alerts, orders
from tests import alerts_scenario as scene
from tests.auth_fixtures import csrf_token

pytestmark = pytest.mark.neo4j

DAY = dt.timedelta(days=1)


@pytest.fixture
def loaded(db, tmp_path):
    scene.load(db, tmp_path / "alerts")
    return db


def test_recency_lapsing_raises_on_day_30_not_day_31(loaded):
    assert "recency_lapsing" not in scene.kinds_of(loaded, scene.LAPSES_ON - 31 * DAY, "A1")
    found = scene.kinds_of(loaded, scene.LAPSES_ON - 30 * DAY, "A1")["recency_lapsing"]
    assert len(found) == 1
    facts = found[0]["facts"]
    assert facts["lapses_on"] == scene.LAPSES_ON.isoformat()
    assert facts["days_left"] == 30 and facts["status"] == "adopted"
    assert facts["last_reported_on"] == scene.LAST_REPORTED.isoformat()


def test_release_due_for_a_watched_subject_within_30_days_only(loaded):
    assert "release_due" not in scene.kinds_of(loaded, scene.RELEASED_ON - 31 * DAY)
    found = scene.kinds_of(loaded, scene.RELEASED_ON - 30 * DAY)["release_due"]
    # C1 is watched; N1, released the same day, is neither watched nor adopted.
    assert [a["subject_id"] for a in found] == ["C1"]
    assert found[0]["facts"]["ends_on"] == scene.RELEASED_ON.isoformat()
    assert found[0]["facts"]["watched"] is True


def test_order_expiring_within_60_days_not_61(loaded):
    assert "order_expiring" not in scene.kinds_of(loaded, scene.ORDER_ENDS - 61 * DAY)
    found = scene.kinds_of(loaded, scene.ORDER_ENDS - 60 * DAY)["order_expiring"]
    assert [(a["subject_id"], a["facts"]["order_id"], a["facts"]["days_left"])
            for a in found] == [("C1", "ORD-AL", 60)]


def test_an_action_is_overdue_the_day_after_it_was_due(loaded):
    assert "action_overdue" not in scene.kinds_of(loaded, scene.ACTION_DUE)
    found = scene.kinds_of(loaded, scene.ACTION_DUE + DAY)["action_overdue"]
    assert len(found) == 1 and found[0]["subject_id"] == "A1"
    assert found[0]["facts"]["due_on"] == scene.ACTION_DUE.isoformat()
    assert found[0]["facts"]["days_overdue"] == 1


def test_update_missing_for_last_month_on_an_adopted_tier_1_subject(loaded):
    # Adopted at the start of last month (the TCG's date), with no update for last month.
    first = (scene.TODAY.replace(day=1) - DAY).replace(day=1)
    loaded.write_text("tests/alerts_backdate", "MATCH (:Subject {id: 'A1'})-[:HAS_EVENT]->(e) "
                      "SET e.at = datetime({year: $y, month: $m, day: 2})",
                      y=first.year, m=first.month)
    found = scene.kinds_of(loaded, scene.TODAY)["update_missing"]
    assert [(a["subject_id"], a["facts"]["month"]) for a in found] == [
        ("A1", first.strftime("%Y-%m"))]


def test_new_candidate_on_the_first_run_and_a_second_run_raises_nothing_new(loaded):
    day = scene.ACTION_DUE + DAY
    first = alerts.run(loaded, day)
    assert first["raised"].get("action_overdue") == 1
    again = alerts.run(loaded, day)
    assert again["new"] == [] and again["raised"] == {}
    assert again["checked"] == first["checked"]  # the same facts were found, none raised
    every = alerts.listing(loaded, username="t", role="analyst", everything=True)
    assert len({a["id"] for a in every}) == len(every)
    # The ingest already ran the rules: the adopted A1 is not a new candidate; the trawl's
    # snapshot makes a later day's run raise no tier alert while nothing changed.
    assert not alerts.run(loaded, day + DAY)["raised"].get("tier_change")


def test_the_cli_runs_and_lists_json(loaded, neo4j_env):
    runner = CliRunner()
    as_of = (scene.ORDER_ENDS - 60 * DAY).isoformat()
    ran = runner.invoke(main, ["alerts", "run", "--as-of", as_of])
    assert ran.exit_code == 0, ran.output
    listed = runner.invoke(main, ["alerts", "list", "--format", "json", "--kind",
                                  "order_expiring", "--status", "open"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert [r["subject_id"] for r in rows] == ["C1"]
    assert {"id", "kind", "subject_id", "raised_on", "status", "facts"} <= set(rows[0])
    assert rows[0]["raised_on"] == as_of
    again = runner.invoke(main, ["alerts", "run", "--as-of", as_of])
    assert "0 new" in again.output


def test_triage_keeps_an_append_only_history(loaded, client_as):
    alerts.run(loaded, scene.ACTION_DUE + DAY)
    owner = client_as("rasso_officer", "rasso1")
    token = {"X-CSRFToken": csrf_token(owner, "/alerts")}
    mine = owner.get("/api/alerts?inbox=1&kind=action_overdue").get_json()
    assert len(mine) == 1
    url = f"/api/alerts/{mine[0]['id']}/status"
    taken = owner.post(url, json={"status": "in_progress", "note": "on it"}, headers=token)
    assert taken.status_code == 200, taken.get_data(as_text=True)
    # Accepting an overdue action opens its plan.
    assert taken.get_json()["open"].startswith("/subjects/A1/plan")
    bad = owner.post(url, json={"status": "dismissed"}, headers=token)
    assert bad.status_code == 400 and "note" in bad.get_json()["error"]
    done = owner.post(url, json={"status": "dismissed", "note": "extended by the TCG"},
                      headers=token).get_json()["alert"]
    assert [(e["action"], e.get("from_status"), e["to_status"], e.get("note"))
            for e in done["history"]] == [
        ("raised", None, "open", None), ("status", "open", "in_progress", "on it"),
        ("status", "in_progress", "dismissed", "extended by the TCG")]
    # Someone else's subject: a RASSO officer who does not own A1 may read, not triage.
    other = client_as("rasso_officer", "rasso2")
    assert other.post(url, json={"status": "open", "note": "x"},
                      headers={"X-CSRFToken": csrf_token(other, "/alerts")}).status_code == 403


def test_confirming_a_possible_breach_records_the_breach(db, tmp_path, client_as):
    from tests.test_orders import AS_OF, load_orders_scenario

    load_orders_scenario(db, tmp_path / "orders")
    alerts.run(db, AS_OF)
    analyst = client_as("analyst")
    found = [a for a in analyst.get("/api/alerts?kind=possible_breach").get_json()
             if a["facts"]["evidence_id"] == "O-Z2"]
    assert len(found) == 1
    answer = analyst.post(f"/api/alerts/{found[0]['id']}/status",
                          json={"status": "confirmed", "note": "seen on CCTV"},
                          headers={"X-CSRFToken": csrf_token(analyst, "/alerts")})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    now = {b["evidence_id"]: b for b in orders.possible_breaches(db, AS_OF)}
    assert now["O-Z2"]["review"]["decision"] == "confirmed"
    assert now["O-Z2"]["review"]["breach_id"]
    # Answered, it is not raised again.
    assert "possible_breach" not in alerts.run(db, AS_OF)["raised"]


def test_a_view_watch_names_who_viewed_and_when(loaded, client_as):
    admin = client_as("admin", "admin1")
    token = {"X-CSRFToken": csrf_token(admin, "/alerts")}
    set_up = admin.post("/api/watches", json={"kind": "view", "target_id": "A1"},
                        headers=token)
    assert set_up.status_code == 201, set_up.get_data(as_text=True)
    assert admin.post("/api/watches", json={"kind": "view", "target_id": "A1"},
                      headers=token).status_code == 200  # the same watch once
    analyst = client_as("analyst", "analyst1")
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert analyst.get("/subjects/A1").status_code == 200
    # A case role may not set a view watch.
    assert analyst.post("/api/watches", json={"kind": "view", "target_id": "A1"},
                        headers={"X-CSRFToken": csrf_token(analyst, "/alerts")}
                        ).status_code == 403
    seen = admin.get("/api/alerts")
    assert seen.status_code == 200
    rows = seen.get_json()
    assert rows and {r["kind"] for r in rows} == {"person_viewed"}
    first = rows[-1]["facts"]
    assert first["viewer"] == "analyst1" and first["viewer_role"] == "analyst"
    assert first["target_id"] == "A1" and first["action"] == "view"
    assert dt.datetime.fromisoformat(first["at"]) >= before
    # Who and when, nothing of the case: not the subject's name, no other alert.
    body = seen.get_data(as_text=True)
    assert "Lapsington" not in body and "Alfie" not in body
    page = admin.get("/alerts").get_data(as_text=True)
    assert "analyst1" in page and "Lapsington" not in page
    # The analyst never sees that someone watches who views A1.
    assert all(a["kind"] != "person_viewed" for a in analyst.get("/api/alerts").get_json())


def test_watching_a_subject_raises_new_offences_after_an_ingest(loaded, tmp_path, client_as):
    from ingest.pipeline import run_ingest
    from tests.scenarios import write_folder

    analyst = client_as("analyst", "analyst1")
    folder = write_folder(
        tmp_path / "new",
        offences=[{"offence_id": "O-C1-NEW", "ho_code": "8L", "committed_from":
                   scene.TODAY.isoformat(), "reported_on": scene.TODAY.isoformat(),
                   "location_id": "L-HOME", "domestic": "false", "outcome_code": "",
                   "mo_notes": "followed her home"}],
        offence_subjects=[{"offence_id": "O-C1-NEW", "subject_id": "C1", "role": "suspect"}],
        offence_victims=[{"offence_id": "O-C1-NEW", "victim_id": "V-AL-1"}])
    run_ingest(folder, db=loaded, quarantine_dir=tmp_path / "q", progress=False)
    inbox = analyst.get("/api/alerts?inbox=1&kind=watched_activity").get_json()
    assert [(a["subject_id"], a["facts"]["what"], a["facts"]["item"]["id"])
            for a in inbox] == [("C1", "offence", "O-C1-NEW")]
    # The panel sees the alert without the victim's name or the home's street.
    panel = client_as("mappa_panel").get("/api/alerts?kind=watched_activity")
    text = panel.get_data(as_text=True)
    assert "O-C1-NEW" in text
    for secret in (*scene.VICTIM_NAME, "9 Alert Row", "followed her home"):
        assert secret not in text, secret
    # The header counts the analyst's inbox on every page.
    page = analyst.get("/").get_data(as_text=True)
    assert 'class="inbox"' in page and 'data-open="' in page


def test_bad_filters_are_400_naming_the_parameter(loaded, client_as):
    analyst = client_as("analyst")
    assert "kind" in analyst.get("/api/alerts?kind=nope").get_json()["error"]
    assert "status" in analyst.get("/api/alerts?status=closed").get_json()["error"]


def test_rule_file_lists_every_kind_of_the_issue():
    rules = alerts.load_rules()
    assert set(rules.kinds) >= {
        "new_candidate", "tier_change", "reactivation", "recency_lapsing", "release_due",
        "order_expiring", "possible_breach", "action_overdue", "update_missing",
        "escalation", "resolution_proposal"}
    assert rules.kinds["escalation"].enabled and rules.kinds["resolution_proposal"].enabled
    assert rules.kinds["recency_lapsing"].days == 30
    assert rules.kinds["order_expiring"].days == 60


def test_escalation_flags_raise_one_alert_per_subject_and_rule(db, tmp_path, client_as):
    from graph.intelligence.escalations import escalations
    from tests import intel_scenario

    intel_scenario.load(db, tmp_path / "intel")  # the ingest runs the rules
    flags = {f["subject_id"]: f["rules"] for f in escalations(db, scene.TODAY)}
    assert len(flags[intel_scenario.ESCALATING]) == 4 and intel_scenario.WEAK not in flags
    found = scene.kinds_of(db, scene.TODAY).get("escalation", [])
    assert sorted((a["subject_id"], a["facts"]["rule"]) for a in found) == sorted(
        (intel_scenario.ESCALATING, r) for r in flags[intel_scenario.ESCALATING])
    assert all(a["facts"]["items"] for a in found)  # the reports behind each flag
    # Every analyst's inbox holds them (the role subscribes); a second run adds none.
    inbox = client_as("analyst").get("/api/alerts?inbox=1&kind=escalation").get_json()
    assert len(inbox) == 4
    assert "escalation" not in alerts.run(db, scene.TODAY)["raised"]


def test_a_strong_proposal_touching_an_adopted_subject_is_an_alert(loaded):
    from graph.resolution import service

    proposal = {"match_probability": 0.97, "match_weight": 5.1, "cluster_id": None,
                "contributions": [], "model_version": "test"}
    service.keep(loaded, [{**proposal, "subject_ids": ["A1", "C1"]},  # A1 is adopted
                          {**proposal, "subject_ids": ["C1", "N1"]}], source="test")
    found = scene.kinds_of(loaded, scene.TODAY)["resolution_proposal"]
    assert [(a["subject_id"], a["facts"]["subject_ids"], a["facts"]["adopted"])
            for a in found] == [("A1", ["A1", "C1"], ["A1"])]
    # Decided, it leaves the queue; the alert stays as it was raised (a case to close).
    assert "resolution_proposal" not in alerts.run(loaded, scene.TODAY)["raised"]


def test_the_api_declares_every_kind_of_the_rule_file():
    import yaml

    declared = yaml.safe_load(open("app/openapi/alerts.yaml", encoding="utf-8"))
    kinds = declared["endpoints"]["alerts.api_list"]["query"]["kind"]["enum"]
    assert sorted(kinds) == sorted(alerts.load_rules().kinds)
