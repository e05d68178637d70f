"""Lifecycle API: a value the request got wrong is a 400 naming the field; only a change the
subject's state does not allow is a 409. Forms and API refuse at the same limits.

Before: every refusal of the lifecycle API was a 409, so a 1,000,000-character adoption
reason or ``decided_on: 0001-01-01`` read as a conflict with the subject's state.

The scenario: subject ``S1`` (no offences, a candidate), analysts ``ann`` and ``bob``.
"""

from __future__ import annotations

import re

import pytest

from app.auth import tokens
from graph import limits
from tests.auth_fixtures import csrf_token, make_user

pytestmark = pytest.mark.neo4j


@pytest.fixture
def api(app, db):
    """``api(username)``: a bearer-token JSON client for an analyst; S1 exists."""
    db.write_text("t", "CREATE (:Subject {id: 'S1', forename: 'Adam', surname: 'Example'})")

    def as_user(name: str):
        make_user(db, name, "analyst")
        headers = {"Authorization": f"Bearer {tokens.issue(db, name)}"}
        client = app.test_client()
        return lambda url, body: client.post(url, json=body, headers=headers)

    return as_user


def _events(db) -> int:
    return db.read_text("t", "MATCH (e:LifecycleEvent) RETURN count(e) AS n")[0]["n"]


def _bad(response, field: str) -> str:
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert re.search(rf"\b{field}\b", error), error
    return error


def test_an_over_long_reason_is_a_400_naming_reason(api, db):
    post = api("ann")
    error = _bad(post("/api/subjects/S1/adopt", {"tier": 2, "reason": "x" * 1_000_000}),
                 "reason")
    assert "1,000,000 characters" in error and len(error) < 300  # the value is not echoed
    _bad(post("/api/subjects/S1/status", {"status": "archived", "reason": "y" * 2001}), "reason")
    assert _events(db) == 0


def test_a_decision_date_out_of_range_or_malformed_is_a_400_naming_decided_on(api):
    ann, bob = api("ann"), api("bob")
    made = ann("/api/subjects/S1/nominations",
               {"nominated_by": "PC Example", "agency": "Police", "rationale": "concern"})
    assert made.status_code == 201
    nid = made.get_json()["nomination"]["id"]
    body = {"decision": "approved", "minutes": "panel agreed"}
    _bad(bob(f"/api/nominations/{nid}/decision", {**body, "decided_on": "0001-01-01"}),
         "decided_on")
    _bad(bob(f"/api/nominations/{nid}/decision", {**body, "decided_on": "31/12/2026"}),
         "decided_on")
    _bad(bob(f"/api/nominations/{nid}/decision", {**body, "decision": "maybe"}), "decision")
    _bad(bob(f"/api/nominations/{nid}/decision", {**body, "minutes": " "}), "minutes")
    done = bob(f"/api/nominations/{nid}/decision", {**body, "decided_on": "2026-11-01"})
    assert done.status_code == 201


def test_missing_and_unknown_values_are_400s_naming_the_field(api):
    post = api("ann")
    _bad(post("/api/subjects/S1/adopt", {"tier": 1, "reason": "TCG"}), "owner")
    _bad(post("/api/subjects/S1/adopt", {"tier": 1, "reason": "TCG", "owner": "nobody"}),
         "owner")
    _bad(post("/api/subjects/S1/adopt", {"tier": 2}), "reason")
    _bad(post("/api/subjects/S1/adopt", {"tier": 7, "reason": "TCG"}), "tier")
    _bad(post("/api/subjects/S1/status", {"status": "gone", "reason": "r"}), "status")
    _bad(post("/api/subjects/S1/nominations",
              {"nominated_by": "PC Example", "rationale": "concern"}), "agency")


def test_only_a_change_the_state_does_not_allow_stays_a_409(api):
    ann, bob = api("ann"), api("bob")
    early = ann("/api/subjects/S1/status", {"status": "monitoring", "reason": "risk reduced"})
    assert early.status_code == 409
    assert "S1 is candidate: cannot move to monitoring" in early.get_json()["error"]
    below = ann("/api/subjects/S1/adopt", {"tier": 2, "reason": "TCG"})
    assert below.status_code == 409 and "meets no tier" in below.get_json()["error"]
    made = ann("/api/subjects/S1/nominations",
               {"nominated_by": "PC Example", "agency": "Police", "rationale": "concern"})
    nid = made.get_json()["nomination"]["id"]
    own = ann(f"/api/nominations/{nid}/decision", {"decision": "approved", "minutes": "m"})
    assert own.status_code == 409  # the nominator cannot decide
    assert bob(f"/api/nominations/{nid}/decision",
               {"decision": "approved", "minutes": "m"}).status_code == 201
    again = bob(f"/api/nominations/{nid}/decision", {"decision": "rejected", "minutes": "m"})
    assert again.status_code == 409 and "already approved" in again.get_json()["error"]


def test_the_form_and_the_api_refuse_at_the_same_limits(api, app, db):
    post = api("ann")
    client = app.test_client()
    client.post("/login", data={"username": "ann", "password": "correct horse battery",
                                "csrf_token": csrf_token(client)})
    page = client.get("/subjects/S1").get_data(as_text=True)
    reason = re.search(r'<input id="adopt-reason"[^>]*>', page).group(0)
    assert f'maxlength="{limits.TEXT_LIMIT}"' in reason
    for field in ("nom-by", "nom-agency", "adopt-owner"):
        tag = re.search(rf'<input id="{field}"[^>]*>', page).group(0)
        assert f'maxlength="{limits.SHORT_TEXT_LIMIT}"' in tag, tag
    rationale = re.search(r'<input id="nom-rationale"[^>]*>', page).group(0)
    assert f'maxlength="{limits.TEXT_LIMIT}"' in rationale

    longest, over = "r" * limits.TEXT_LIMIT, "r" * (limits.TEXT_LIMIT + 1)
    body = {"nominated_by": "PC Example", "agency": "Police"}
    api_over = post("/api/subjects/S1/nominations", {**body, "rationale": over})
    form_over = client.post("/subjects/S1/nominate", data={
        **body, "rationale": over, "csrf_token": csrf_token(client, "/subjects/S1")})
    _bad(api_over, "rationale")
    assert ("rationale is 2,001 characters long; the limit is 2,000"
            in form_over.get_data(as_text=True))  # refused, not cut to fit
    assert post("/api/subjects/S1/nominations", {**body, "rationale": longest}).status_code == 201
    form_ok = client.post("/subjects/S1/nominate", data={
        **body, "rationale": longest, "csrf_token": csrf_token(client, "/subjects/S1")})
    assert form_ok.status_code == 303
    short_over = "a" * (limits.SHORT_TEXT_LIMIT + 1)
    _bad(post("/api/subjects/S1/nominations", {**body, "agency": short_over,
                                               "rationale": "x"}), "agency")
    form_agency = client.post("/subjects/S1/nominate", data={
        **body, "agency": short_over, "rationale": "x",
        "csrf_token": csrf_token(client, "/subjects/S1")})
    assert "agency is 201 characters long; the limit is 200" in form_agency.get_data(
        as_text=True)
