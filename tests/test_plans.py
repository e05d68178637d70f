"""4P plans as a RASSO officer, an analyst and the MAPPA panel meet them: a small adopted
Tier 1 subject, a real Neo4j, a real Flask client signed in per role."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.auth import audit
from graph import plans
from graph.plans import vocab
from graph.tiers import lifecycle
from ingest.pipeline import run_ingest
from tests.auth_fixtures import csrf_token
from tests.scenarios import write_folder

pytestmark = pytest.mark.neo4j

TODAY = dt.date.today()
#: What the panel must never receive: the repeat victim's name, date of birth and id.
VICTIM_SECRETS = ("Philippa", "Quenbyshire", "1994-07-08", "V-PLAN-1")


def _day(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def load_planned_subject(db, folder):
    """P1 Ryan Planmore: six sexual offences (one a rape) reported within 18 months, no order;
    victim V-PLAN-1 named on two of them, both at her home L-HOME; P2 co-offends on one.
    P3 has one offence and is never adopted. P1 is adopted at Tier 1, owned by rasso1."""
    codes = ["19C", "20A", "20A", "17A", "20A", "20A"]
    offences, links, harmed = [], [], []
    for i, code in enumerate(codes):
        oid = f"O-PLAN-{i}"
        offences.append({"offence_id": oid, "ho_code": code, "committed_from": _day(300 - 20 * i),
                         "reported_on": _day(290 - 20 * i),
                         "location_id": "L-HOME" if i < 2 else "L-BAR", "domestic": "false",
                         "outcome_code": "", "mo_notes": "entered through the back door"})
        links.append({"offence_id": oid, "subject_id": "P1", "role": "suspect"})
    links.append({"offence_id": "O-PLAN-3", "subject_id": "P2", "role": "suspect"})
    harmed += [{"offence_id": "O-PLAN-0", "victim_id": "V-PLAN-1"},
               {"offence_id": "O-PLAN-1", "victim_id": "V-PLAN-1"}]
    offences.append({"offence_id": "O-P3", "ho_code": "20A", "committed_from": _day(50),
                     "reported_on": _day(40), "location_id": "L-BAR", "domestic": "false",
                     "outcome_code": "", "mo_notes": ""})
    links.append({"offence_id": "O-P3", "subject_id": "P3", "role": "suspect"})
    write_folder(
        folder,
        subjects=[{"subject_id": "P1", "forename": "Ryan", "surname": "Planmore"},
                  {"subject_id": "P2", "forename": "Sid", "surname": "Cooffender"},
                  {"subject_id": "P3", "forename": "Tom", "surname": "Unadopted"}],
        victims=[{"victim_id": "V-PLAN-1", "forename": "Philippa", "surname": "Quenbyshire",
                  "dob": "1994-07-08", "gender": "F"}],
        locations=[{"location_id": "L-HOME", "name": "3 Orchard Row", "address": "3 Orchard Row",
                    "postcode": "ZZ5 2PL", "venue_type": "residential"},
                   {"location_id": "L-BAR", "name": "The Lantern", "address": "High Street",
                    "postcode": "ZZ5 1AA", "venue_type": "night_time_economy"}],
        offences=offences, offence_subjects=links, offence_victims=harmed,
    )
    summary = run_ingest(folder, db=db, quarantine_dir=folder / "q", progress=False)
    assert summary["totals"]["quarantined"] == 0, summary


@pytest.fixture
def adopted(db, tmp_path, client_as):
    load_planned_subject(db, tmp_path / "plan")
    client_as("rasso_officer", "rasso1")  # the owner exists before adoption
    lifecycle.adopt(db, "P1", tier=1, owner="rasso1", by="analyst1",
                    reason="TCG: six sexual offences incl. a rape in 18 months")
    return db


def _action(**overrides):
    body = {"pillar": "prevent", "tactic": "shpo_application",
            "description": "Apply for an SHPO at Fictionby Magistrates", "owner": "rasso1",
            "due_on": (TODAY + dt.timedelta(days=30)).isoformat(),
            "rationale": "repeat offending against a known victim", "evidence": ["O-PLAN-0"]}
    return {**body, **overrides}


def test_the_tactics_are_the_configured_list_per_pillar(adopted, client_as):
    body = client_as("analyst").get("/api/plans/tactics").get_json()
    assert body["ok"] is True and set(body["tactics"]) == set(vocab.PILLARS)
    assert {"id": "shpo_application", "label": "SHPO application"} in body["tactics"]["prevent"]
    assert "harms_marker" in {t["id"] for t in body["tactics"]["protect"]}


def test_the_owning_officer_adds_an_action_and_it_rests_on_its_evidence(adopted, client_as):
    owner = client_as("rasso_officer", "rasso1")
    token = csrf_token(owner, "/subjects/P1")
    response = owner.post("/api/subjects/P1/plan/actions", json=_action(),
                          headers={"X-CSRFToken": token})
    assert response.status_code == 201, response.get_json()
    action = response.get_json()["action"]
    assert (action["pillar"], action["tactic"], action["status"], action["rag"]) == (
        "prevent", "shpo_application", "open", "green")
    assert [e["id"] for e in action["evidence"]] == ["O-PLAN-0"]
    plan = owner.get("/api/subjects/P1/plan").get_json()["plan"]
    assert [a["id"] for a in plan["actions"]] == [action["id"]]
    assert {"id", "pillar", "tactic", "status", "owner", "due_on", "rag", "outcome",
            "evidence"} <= set(plan["actions"][0])
    events = {(e["action"], e["target_id"]) for e in audit.search(adopted, username="rasso1")}
    assert ("plan_action_add", "P1") in events and ("view_plan", "P1") in events


def test_an_overdue_prevent_action_shows_red_and_one_due_soon_amber(adopted):
    overdue = plans.add_action(adopted, "P1", _action(opened_on=_day(60), due_on=_day(3)),
                               by="rasso1")
    soon = plans.add_action(adopted, "P1", _action(
        pillar="protect", tactic="harms_marker", due_on=(TODAY + dt.timedelta(days=10))
        .isoformat()), by="rasso1")
    assert (overdue["rag"], soon["rag"]) == ("red", "amber")
    done = plans.set_status(adopted, overdue["id"], {"status": "done", "outcome": "order_applied",
                                                     "note": "applied at court"}, by="rasso1")
    assert done["rag"] == "green" and done["closed_on"] == TODAY
    assert [(e["from_status"], e["to_status"]) for e in done["events"]] == [
        (None, "open"), ("open", "done")]


def test_a_second_update_for_march_keeps_both_versions(adopted, client_as):
    owner = client_as("rasso_officer", "rasso1")
    token = csrf_token(owner, "/subjects/P1")
    for summary in ("Arrested 14/03; bailed with conditions.",
                    "Correction: arrested 15/03; bailed with conditions."):
        response = owner.post("/api/subjects/P1/plan/updates",
                              json={"month": "2026-03", "summary": summary},
                              headers={"X-CSRFToken": token})
        assert response.status_code == 201
    updates = owner.get("/api/subjects/P1/plan").get_json()["plan"]["updates"]
    assert [(u["month"], u["version"], u["summary"][:10]) for u in updates] == [
        ("2026-03", 2, "Correction"), ("2026-03", 1, "Arrested 1")]
    assert all({"month", "version", "summary", "by", "at"} <= set(u) for u in updates)
    page = owner.get("/subjects/P1/plan").get_data(as_text=True)
    assert "Correction: arrested 15/03" in page and "Arrested 14/03" in page


def test_another_officer_cannot_add_an_action(adopted, client_as):
    other = client_as("rasso_officer", "rasso2")
    token = csrf_token(other, "/subjects/P1")
    response = other.post("/api/subjects/P1/plan/actions", json=_action(),
                          headers={"X-CSRFToken": token})
    assert response.status_code == 403 and response.get_json()["ok"] is False
    assert other.post("/api/subjects/P1/plan/updates", json={"month": "2026-03", "summary": "x"},
                      headers={"X-CSRFToken": token}).status_code == 403
    assert other.get("/api/subjects/P1/plan").status_code == 200  # reading is allowed
    page = other.get("/subjects/P1/plan").get_data(as_text=True)
    assert "Add the action" not in page and "You can read this plan" in page
    assert plans.plan(adopted, "P1")["actions"] == []


def test_the_panel_reads_the_plan_without_victims_identities(adopted, client_as):
    plans.add_action(adopted, "P1", _action(pillar="protect", tactic="safeguarding_referral",
                                            evidence=["V-PLAN-1", "O-PLAN-0", "L-HOME"]),
                     by="rasso1")
    panel = client_as("mappa_panel")
    body = panel.get("/api/subjects/P1/plan").get_data(as_text=True)
    page = panel.get("/subjects/P1/plan").get_data(as_text=True)
    for secret in VICTIM_SECRETS + ("3 Orchard Row", "ZZ5 2PL"):
        assert secret not in body, secret
        assert secret not in page, secret
    action = json.loads(body)["plan"]["actions"][0]
    victim = next(e for e in action["evidence"] if e["kind"] == "victim")
    assert victim["label"] == "Victim A"  # as on P1's profile
    profile = panel.get("/api/subjects/P1").get_json()
    assert profile["victims"][0]["label"] == "Victim A"
    home = next(e for e in action["evidence"] if e["kind"] == "location")
    assert home["name"] == "Residential address (ZZ5)"
    assert "Victim A" in page and "Residential address (ZZ5)" in page
    # The panel reads; it writes nothing.
    token = csrf_token(panel, "/subjects/P1")
    assert panel.post("/api/subjects/P1/plan/actions", json=_action(),
                      headers={"X-CSRFToken": token}).status_code == 403
    # The analyst sees who she is.
    seen = client_as("analyst").get("/api/subjects/P1/plan").get_json()["plan"]
    assert "Quenbyshire" in json.dumps(seen)


def test_the_panel_reads_officers_text_with_her_name_replaced_by_her_letter(adopted, client_as):
    plans.add_action(adopted, "P1", _action(
        pillar="protect", tactic="victim_liaison",
        description="Call Philippa Quenbyshire weekly; philippa prefers evenings",
        rationale="QUENBYSHIRE asked for a named contact"), by="rasso1")
    plans.add_update(adopted, "P1", {"month": "2026-03", "summary": "Spoke to Philippa."},
                     by="rasso1")
    body = client_as("mappa_panel").get("/api/subjects/P1/plan").get_data(as_text=True)
    assert "Philippa" not in body and "philippa" not in body and "QUENBYSHIRE" not in body
    plan = json.loads(body)["plan"]
    assert plan["actions"][0]["description"] == "Call Victim A weekly; Victim A prefers evenings"
    assert plan["actions"][0]["rationale"] == "Victim A asked for a named contact"
    assert plan["updates"][0]["summary"] == "Spoke to Victim A."
    analyst = client_as("analyst").get("/api/subjects/P1/plan").get_data(as_text=True)
    assert "Call Philippa Quenbyshire weekly" in analyst


def test_six_sexual_offences_and_no_order_give_the_shpo_suggestion(adopted):
    suggestions = plans.plan(adopted, "P1")["suggestions"]
    shpo = next(s for s in suggestions if s["rule"] == "order_for_sexual_history")
    assert (shpo["pillar"], shpo["tactic"]) == ("prevent", "shpo_application")
    assert [e["id"] for e in shpo["evidence"] if e["kind"] == "offence"] == [
        f"O-PLAN-{i}" for i in range(6)]
    assert "6 sexual offences" in shpo["title"]
    rules = {s["rule"] for s in suggestions}
    assert {"repeat_victim_safeguarding", "residential_scene_marker",
            "co_offender_intelligence"} <= rules
    repeat = next(s for s in suggestions if s["rule"] == "repeat_victim_safeguarding")
    assert "V-PLAN-1" not in repeat["key"]  # keys name no one
    assert {e["id"] for e in repeat["evidence"]} == {"V-PLAN-1", "O-PLAN-0", "O-PLAN-1"}


def test_accepting_and_dismissing_suggestions_is_kept(adopted, client_as):
    owner = client_as("rasso_officer", "rasso1")
    token = csrf_token(owner, "/subjects/P1")
    suggestions = owner.get("/api/subjects/P1/plan").get_json()["plan"]["suggestions"]
    shpo = next(s for s in suggestions if s["rule"] == "order_for_sexual_history")
    co = next(s for s in suggestions if s["rule"] == "co_offender_intelligence")
    accepted = owner.post(f"/api/subjects/P1/plan/suggestions/{shpo['key']}",
                          json={"decision": "accept"}, headers={"X-CSRFToken": token})
    assert accepted.status_code == 201
    no_reason = owner.post(f"/api/subjects/P1/plan/suggestions/{co['key']}",
                           json={"decision": "dismiss"}, headers={"X-CSRFToken": token})
    assert no_reason.status_code == 400 and "reason" in no_reason.get_json()["error"]
    owner.post(f"/api/subjects/P1/plan/suggestions/{co['key']}",
               json={"decision": "dismiss", "reason": "P2 is already a Tier 2 subject"},
               headers={"X-CSRFToken": token})
    plan = plans.plan(adopted, "P1")
    assert {s["key"] for s in plan["suggestions"]}.isdisjoint({shpo["key"], co["key"]})
    assert [(a["tactic"], a["suggestion_key"]) for a in plan["actions"]] == [
        ("shpo_application", shpo["key"])]
    decisions = {d["key"]: (d["decision"], d["reason"]) for d in plan["decisions"]}
    assert decisions[co["key"]] == ("dismissed", "P2 is already a Tier 2 subject")
    assert decisions[shpo["key"]][0] == "accepted"


def test_a_subject_who_is_not_adopted_has_no_plan_to_write(adopted, client_as):
    analyst = client_as("analyst")
    token = csrf_token(analyst, "/subjects/P3")
    response = analyst.post("/api/subjects/P3/plan/actions", json=_action(evidence=[]),
                            headers={"X-CSRFToken": token})
    assert response.status_code == 409
    assert "not adopted" in response.get_json()["error"]
    assert analyst.get("/api/subjects/NOBODY/plan").status_code == 404


@pytest.mark.parametrize("field, body", [
    ("pillar", _action(pillar="persuade")),
    ("tactic", _action(tactic="arrest")),  # a pursue tactic under prevent
    ("due_on", _action(due_on="2026-02-30")),
    ("evidence", _action(evidence=["O-NOWHERE"])),
    ("owner", _action(owner="nobody-here")),
    ("description", _action(description="  ")),
])
def test_a_bad_action_is_a_400_naming_the_field(adopted, client_as, field, body):
    analyst = client_as("analyst")
    token = csrf_token(analyst, "/subjects/P1")
    response = analyst.post("/api/subjects/P1/plan/actions", json=body,
                            headers={"X-CSRFToken": token})
    assert response.status_code == 400
    assert response.get_json()["error"].startswith(field), response.get_json()


def test_bad_status_changes_name_the_field(adopted, client_as):
    action = plans.add_action(adopted, "P1", _action(), by="rasso1")
    analyst = client_as("analyst")
    token = csrf_token(analyst, "/subjects/P1")
    url = f"/api/plan-actions/{action['id']}/status"
    for body, field in [({"status": "finished"}, "status"), ({"status": "done"}, "outcome"),
                        ({"status": "done", "outcome": "win"}, "outcome")]:
        response = analyst.post(url, json=body, headers={"X-CSRFToken": token})
        assert response.status_code == 400 and field in response.get_json()["error"], body
    ok = analyst.post(url, json={"status": "cancelled", "note": "superseded by a new SHPO"},
                      headers={"X-CSRFToken": token})
    assert ok.status_code == 200 and ok.get_json()["action"]["status"] == "cancelled"
    again = analyst.post(url, json={"status": "open"}, headers={"X-CSRFToken": token})
    assert again.status_code == 400 and "closed" in again.get_json()["error"]
    assert analyst.post("/api/subjects/P1/plan/updates", json={"month": "2026-13", "summary": "x"},
                        headers={"X-CSRFToken": token}).get_json()["error"].startswith("month")


def test_the_plan_tab_forms_add_move_and_update(adopted, client_as):
    owner = client_as("rasso_officer", "rasso1")
    token = csrf_token(owner, "/subjects/P1/plan")
    added = owner.post("/subjects/P1/plan/actions", data={
        "csrf_token": token, "tactic_choice": "pursue:evidence_review",
        "description": "Review the two offences at her home together", "owner": "rasso1",
        "agency": "Police", "due_on": (TODAY + dt.timedelta(days=5)).isoformat(),
        "rationale": "linked offences", "evidence_text": "O-PLAN-0\nO-PLAN-1"})
    assert added.status_code == 303
    action = plans.plan(adopted, "P1")["actions"][0]
    assert (action["tactic"], action["rag"], len(action["evidence"])) == (
        "evidence_review", "amber", 2)
    moved = owner.post(f"/subjects/P1/plan/actions/{action['id']}/status", data={
        "csrf_token": token, "status": "done", "outcome": "charge", "note": "CPS charged"})
    assert moved.status_code == 303
    owner.post("/subjects/P1/plan/updates", data={"csrf_token": token, "month": "2026-10",
                                                  "summary": "Charged with rape."})
    page = owner.get("/subjects/P1/plan").get_data(as_text=True)
    assert "Evidence review of linked offences" in page and "charge" in page
    assert "Charged with rape." in page
    refused = owner.post("/subjects/P1/plan/actions", data={
        "csrf_token": token, "tactic_choice": "pursue:arrest", "description": "x",
        "owner": "rasso1", "due_on": "not a date"})
    assert refused.status_code == 303
    assert "Not changed: due_on" in owner.get("/subjects/P1/plan").get_data(as_text=True)
