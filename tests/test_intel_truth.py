"""The synthetic force's planted escalations: a demo force is generated, ingested into the
test Neo4j, and the app's flags (the API's array) are exactly truth.json's, rule by rule; every
planted case is flagged by its rule and no near miss by any rule."""

from __future__ import annotations

import json

import pytest

from app import create_app
from ingest.pipeline import run_ingest
from ingest.synth import generate
from tests.auth_fixtures import login, make_user
from tests.conftest import wipe

pytestmark = pytest.mark.neo4j
RULES = ("repeat_behaviour", "contact_escalation", "multiple_nte_venues",
         "escalated_to_offending")


@pytest.fixture(scope="module")
def flagged(session_db, tmp_path_factory):
    """(truth.json's escalations, the API's flags on its as_of) for the demo force, seed 11."""
    folder = tmp_path_factory.mktemp("intel-truth") / "demo"
    generate(folder, "demo", seed=11)
    wipe(session_db)
    summary = run_ingest(folder, db=session_db, quarantine_dir=folder.parent / "q",
                         progress=False)
    assert summary["totals"]["quarantined"] == 0, summary["quarantine_reasons"]
    truth = json.loads((folder / "truth.json").read_text())["escalations"]
    make_user(session_db, "truth-analyst", "analyst")
    app = create_app({"TESTING": True, "DATABASE": session_db, "APPLY_SCHEMA_ON_START": False})
    client = app.test_client()
    login(client, "truth-analyst")
    answer = client.get(f"/api/intelligence/escalations?as_of={truth['as_of']}")
    assert answer.status_code == 200
    yield truth, answer.get_json()
    wipe(session_db)


@pytest.mark.parametrize("rule", RULES)
def test_the_app_finds_exactly_the_subjects_truth_lists_for_each_rule(flagged, rule):
    truth, flags = flagged
    found = sorted(f["subject_id"] for f in flags if rule in f["rules"])
    assert found == sorted(truth["rules"][rule])
    assert found, f"the demo force should plant at least one {rule}"


def test_every_planted_case_is_flagged_by_its_rule_with_its_items(flagged):
    truth, flags = flagged
    by_subject = {f["subject_id"]: f for f in flags}
    for case in truth["planted"]:
        flag = by_subject.get(case["subject_id"])
        assert flag and case["rule"] in flag["rules"], case
        items = {i.get("intel_id") or i.get("offence_id") for i in flag["items"]
                 if case["rule"] in i["rules"]}
        assert set(case["intel_ids"]) <= items, case
        assert set(case["offence_ids"]) <= items, case


def test_no_near_miss_is_flagged_by_any_rule(flagged):
    truth, flags = flagged
    flagged_ids = {f["subject_id"] for f in flags}
    reasons = {m["reason"] for m in truth["near_misses"]}
    assert reasons == {"day_91", "day_31", "day_366", "grade_e_alone"}
    assert not [m for m in truth["near_misses"] if m["subject_id"] in flagged_ids]
