"""The tier API and CLI as users call them: same shapes, roles, audit."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from app.auth import tokens
from app.cli import main
from tests.auth_fixtures import make_user
from tests.test_tiers_lifecycle import TODAY, load_force

pytestmark = pytest.mark.neo4j


@pytest.fixture
def api(app, db, tmp_path):
    """A loaded force and a bearer-token client per role."""
    load_force(db, tmp_path / "x")

    def as_role(role: str, username: str | None = None):
        name = username or f"api-{role.replace('_', '-')}"
        make_user(db, name, role)
        headers = {"Authorization": f"Bearer {tokens.issue(db, name)}"}
        client = app.test_client()

        class Client:
            def get(self, url):
                return client.get(url, headers=headers)

            def post(self, url, body):
                return client.post(url, json=body, headers=headers)

        return Client()

    return as_role


def test_the_api_list_has_the_cli_json_shape(api, db, neo4j_env):
    listed = api("analyst").get(f"/api/tiers?as_of={TODAY}").get_json()
    cli = CliRunner().invoke(main, ["tiers", "--as-of", TODAY.isoformat(), "--format", "json"])
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.output) == listed
    assert [(r["subject_id"], r["tier"]) for r in listed] == [("S1", 1), ("S2", 2)]
    assert listed[0]["sexual_offence_count"] == 6 and listed[0]["rule_set"] == "ratify-1.0"


def test_a_subjects_tier_explains_itself_and_the_view_is_audited(api, db):
    body = api("analyst", "ann").get("/api/subjects/S2/tier").get_json()
    assert body["tier"] == 2
    assert "two more sexual offences make Tier 1" in body["near_misses"]
    assert {c["name"] for c in body["criteria"]} >= {"sexual offences", "rape", "recency"}
    audit = db.read_text("t", "MATCH (e:AuditEvent {action: 'view_tier'}) "
                              "RETURN e.username AS who, e.target_id AS what")
    assert audit == [{"who": "ann", "what": "S2"}]


def test_bad_input_gets_the_one_error_shape(api):
    client = api("analyst")
    bad = client.get("/api/tiers?as_of=31/12/2026")
    assert bad.status_code == 400
    assert bad.get_json() == {"ok": False, "status": 400,
                              "error": "as_of must be a date in the form YYYY-MM-DD, "
                                       "not '31/12/2026'"}
    missing = client.get("/api/subjects/NOPE/tier")
    assert (missing.status_code, missing.get_json()["ok"]) == (404, False)
    refused = client.post("/api/subjects/S2/adopt", {"tier": 1, "reason": "x", "owner": "nobody"})
    assert refused.status_code == 400  # names the field: owner
    assert refused.get_json()["error"] == "owner: no user 'nobody' to own the subject"


def test_adoption_is_for_analysts_and_edits_for_the_owner(api, db):
    analyst, officer = api("analyst"), api("rasso_officer", "owner1")
    other_officer, panel = api("rasso_officer", "owner2"), api("mappa_panel")
    assert officer.post("/api/subjects/S1/adopt", {"tier": 1, "owner": "owner1",
                                                   "reason": "r"}).status_code == 403
    assert panel.post("/api/subjects/S1/adopt", {"tier": 1, "owner": "owner1",
                                                 "reason": "r"}).status_code == 403
    adopted = analyst.post("/api/subjects/S1/adopt", {"tier": 1, "owner": "owner1",
                                                      "reason": "TCG November"})
    assert adopted.status_code == 201
    assert other_officer.post("/api/subjects/S1/status", {"status": "monitoring",
                                                          "reason": "r"}).status_code == 403
    moved = officer.post("/api/subjects/S1/status", {"status": "monitoring",
                                                     "reason": "risk reduced"})
    assert moved.status_code == 201 and moved.get_json()["event"]["by"] == "owner1"
    events = panel.get("/api/subjects/S1/history").get_json()["events"]
    assert [e["to_status"] for e in events] == ["adopted", "monitoring"]


def test_tier3_through_the_api_and_trawl_changes(api, db):
    analyst, chair = api("analyst"), api("analyst", "panel-chair")
    nothing = analyst.get("/api/tiers/changes")  # nothing recorded yet: empty, and says so
    assert nothing.status_code == 200
    body = nothing.get_json()
    assert (body["previous"], body["new"], body["dropped"], body["tier_changed"]) == (
        None, [], [], [])
    assert "No trawl has been recorded" in body["message"]
    week_ago = (TODAY - dt.timedelta(days=7)).isoformat()
    assert analyst.post(f"/api/tiers/trawls?as_of={week_ago}", {}).status_code == 201
    nomination = analyst.post("/api/subjects/S3/nominations", {
        "nominated_by": "PC Example", "agency": "Probation", "rationale": "escalation"})
    assert nomination.status_code == 201
    nid = nomination.get_json()["nomination"]["id"]
    own = analyst.post(f"/api/nominations/{nid}/decision",
                       {"decision": "approved", "minutes": "Panel agreed"})
    assert own.status_code == 409 and "someone else" in own.get_json()["error"]
    decided = chair.post(f"/api/nominations/{nid}/decision",
                         {"decision": "approved", "minutes": "Panel agreed"})
    assert decided.status_code == 201
    diff = analyst.get("/api/tiers/changes").get_json()
    assert [(r["subject_id"], r["tier"]) for r in diff["new"]] == [("S3", 3)]
