"""Person resolution on the web: the analysts' review queue and API, the network drawing a
confirmed person once, and the tier board's flag (scenario: tests/resolution_scenario.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.auth import tokens
from graph import network
from graph.db import Database
from graph.resolution import service
from graph.tiers.trawl import trawl
from ingest.pipeline import run_ingest
from tests.auth_fixtures import csrf_token, make_user
from tests.resolution_scenario import AS_OF_TEXT, A, B, one_man_two_records

pytestmark = pytest.mark.neo4j


@pytest.fixture
def scene(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("LINKWATCH_RESOLUTION_MODEL", str(tmp_path / "model.json"))
    run_ingest(one_man_two_records(tmp_path / "export"), db=db, progress=False)
    return db


def _bearer(app, db: Database, role: str):
    name = f"api-{role.replace('_', '-')}"
    make_user(db, name, role)
    headers = {"Authorization": f"Bearer {tokens.issue(db, name)}"}
    return app.test_client(), headers


def _subject_nodes(extract: dict) -> dict[str, dict]:
    return {n["id"]: n for n in extract["nodes"] if n["kind"] == "subject"}


def test_a_confirmed_pair_appears_as_one_node_in_the_network_view(scene, client_as) -> None:
    before = network.ego_extract(scene, "subject", A, depth=3)
    assert {A, B} <= set(_subject_nodes(before))
    service.decide(scene, "confirm", [A, B], "same phone", "analyst1")
    after = network.ego_extract(scene, "subject", A, depth=3)
    people = _subject_nodes(after)
    assert A in people and B not in people
    assert people[A]["props"]["same_person_as"] == [B]
    centre = people[A]["element_id"]
    named = {e["to"] for e in after["edges"] if e["type"] == "NAMED_IN" and e["from"] == centre}
    offences = {n["element_id"]: n["id"] for n in after["nodes"] if n["kind"] == "offence"}
    assert sorted(offences[e] for e in named) == sorted(
        [f"O-{A}-{i}" for i in range(3)] + [f"O-{B}-{i}" for i in range(3)])
    chart = client_as("analyst").get(f"/api/charts/subject/{A}?depth=3").get_json()
    drawn = [n for n in chart["nodes"] if n["group"] == "subject"]
    assert len([n for n in drawn if "Smith" in n["label"]]) == 1
    assert ["Same person as", B] in next(n for n in drawn if "Smith" in n["label"])["details"]


def test_the_api_proposes_and_records_decisions_for_analysts_only(scene, app) -> None:
    service.resolve(scene)
    client, analyst = _bearer(app, scene, "analyst")
    listed = client.get("/api/resolution/proposals", headers=analyst)
    assert listed.status_code == 200
    (one,) = listed.get_json()
    assert one["subject_ids"] == [A, B] and one["match_probability"] >= 0.9
    assert {c["comparison"] for c in one["contributions"]} >= {"Names", "Date of birth"}
    for role in ("rasso_officer", "mappa_panel", "admin"):
        other, headers = _bearer(app, scene, role)
        assert other.get("/api/resolution/proposals", headers=headers).status_code == 403
        refused = other.post("/api/resolution/decisions", headers=headers,
                             json={"subject_ids": [A, B], "decision": "confirm", "reason": "x"})
        assert refused.status_code == 403
    bad = client.post("/api/resolution/decisions", headers=analyst,
                      json={"subject_ids": [A, B], "decision": "merge", "reason": "x"})
    assert bad.status_code == 400 and "decision" in bad.get_json()["error"]
    no_reason = client.post("/api/resolution/decisions", headers=analyst,
                            json={"subject_ids": [A, B], "decision": "confirm"})
    assert no_reason.status_code == 400 and "reason" in no_reason.get_json()["error"]
    done = client.post("/api/resolution/decisions", headers=analyst,
                       json={"subject_ids": [A, B], "decision": "confirm",
                             "reason": "same phone, DOB transposed"})
    assert done.status_code == 201 and done.get_json()["decision"] == "confirm"
    assert [(a.subject_id, a.tier) for a in trawl(scene, _as_of())] == [(A, 1)]
    assert client.get("/api/resolution/proposals", headers=analyst).get_json() == []
    audit = scene.read_text("t", "MATCH (e:AuditEvent) WHERE e.action STARTS WITH "
                                 "'resolution_' OR e.action = 'view_resolution_queue' "
                                 "RETURN e.action AS action, e.username AS who")
    assert {"action": "resolution_confirm", "who": "api-analyst"} in audit
    assert {"action": "view_resolution_queue", "who": "api-analyst"} in audit


def _as_of():
    import datetime as dt

    return dt.date.fromisoformat(AS_OF_TEXT)


def test_the_queue_page_shows_both_records_and_the_weights_and_confirms(scene,
                                                                         client_as) -> None:
    service.resolve(scene)
    assert client_as("rasso_officer").get("/resolution").status_code == 403
    assert client_as("mappa_panel").get("/resolution").status_code == 403
    analyst = client_as("analyst")
    page = analyst.get("/resolution").get_data(as_text=True)
    for text in (A, B, "Smithers", "Smithhers", "1990-03-04", "1990-04-03", "Shared phone",
                 "Day and month transposed", "Identifiers: phone", "900123",
                 "Confirm: one person"):
        assert text in page, text
    token = csrf_token(analyst, "/resolution")
    done = analyst.post("/resolution/decisions", data={
        "csrf_token": token, "subject_ids": [A, B], "decision": "confirm",
        "reason": "same phone"})
    assert done.status_code == 303
    page = analyst.get("/resolution").get_data(as_text=True)
    assert "No open proposals" in page and f"Split {B} out" in page
    board = analyst.get(f"/tiers?as_of={AS_OF_TEXT}").get_data(as_text=True)
    assert f"qualifies only as one person: {A} + {B}" in board


def test_an_open_proposal_is_on_the_analysts_dashboard_until_decided(scene, client_as) -> None:
    service.resolve(scene)
    analyst = client_as("analyst")
    cards = analyst.get("/api/overview").get_json()["resolution_proposals"]
    assert [sorted(p["subject_ids"]) for p in cards] == [sorted([A, B])]
    page = analyst.get("/").get_data(as_text=True)
    pair = ",".join(cards[0]["subject_ids"])
    assert 'id="resolution-proposals"' in page and f'data-pair="{pair}"' in page
    # Only analysts review proposals: others' dashboards carry no such card.
    officer = client_as("rasso_officer").get("/api/overview").get_json()
    assert officer["resolution_proposals"] is None
    assert 'id="resolution-proposals"' not in client_as("rasso_officer").get("/").get_data(
        as_text=True)
    token = csrf_token(analyst, "/resolution")
    analyst.post("/resolution/decisions", data={
        "csrf_token": token, "subject_ids": [A, B], "decision": "reject",
        "reason": "two brothers"})
    assert analyst.get("/api/overview").get_json()["resolution_proposals"] == []
