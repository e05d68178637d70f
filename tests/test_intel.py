"""Intelligence on behaviours, against the real Neo4j: ingest of graded reports, the flags
from the CLI and the API, submissions (form and JSON) and the flags on the pages."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.auth_fixtures import csrf_token
from tests.intel_scenario import (
    BAD_INTEL,
    BAR,
    ESCALATING,
    HOME,
    WEAK,
    load,
)

pytestmark = pytest.mark.neo4j
ALL_RULES = ["repeat_behaviour", "contact_escalation", "multiple_nte_venues",
             "escalated_to_offending"]


@pytest.fixture
def scene(db, tmp_path):
    load(db, tmp_path / "intel")
    return db


def test_ingest_reads_each_grading_form_and_quarantines_bad_ones(db, tmp_path):
    summary = load(db, tmp_path / "intel", bad=True)
    assert summary["totals"]["quarantined"] == len(BAD_INTEL)
    reasons = (tmp_path / "intel" / "q").rglob("*")
    text = " ".join(p.read_text() for p in reasons if p.is_file())
    for row, words in BAD_INTEL:
        assert words in text, f"{row['intel_id']} should be quarantined for {words!r}"
    rows = {r["id"]: r for r in db.read_text(
        "tests/intel_grades", "MATCH (i:Intelligence) RETURN i.id AS id, i.grading AS grading, "
        "i.source_grade AS s, i.intel_grade AS g, i.handling AS h, i.behaviour AS b")}
    assert (rows["INT-E1"]["grading"], rows["INT-E1"]["s"], rows["INT-E1"]["g"],
            rows["INT-E1"]["h"]) == ("2BP", "2", "B", "P")
    assert (rows["INT-E2"]["grading"], rows["INT-E2"]["b"]) == ("2CP", "repeated_approaches")
    assert rows["INT-E3"]["grading"] == "1BC"  # made from the three columns
    assert "INT-BAD1" not in rows


def test_the_cli_and_the_api_give_the_same_flags(scene, client_as, neo4j_env):
    from app.cli import main

    as_of = "2099-01-01"
    api = client_as("analyst").get(f"/api/intelligence/escalations?as_of={as_of}")
    assert api.status_code == 200
    flags = api.get_json()
    assert [f["subject_id"] for f in flags] == [ESCALATING]  # the weak one raises nothing
    assert set(flags[0]) == {"subject_id", "rules", "items"}
    assert flags[0]["rules"] == ALL_RULES
    items = {i.get("intel_id") or i.get("offence_id"): i for i in flags[0]["items"]}
    assert set(items) == {"INT-E1", "INT-E2", "INT-E3", "O-ESC"}
    assert (items["INT-E3"]["source_grade"], items["INT-E3"]["intel_grade"],
            items["INT-E3"]["handling"], items["INT-E3"]["behaviour"]) == ("1", "B", "C",
                                                                           "brushing_past")
    result = CliRunner().invoke(main, ["intel", "escalations", "--as-of", as_of,
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == flags
    bad = client_as("analyst").get("/api/intelligence/escalations?as_of=2026-13-01")
    assert bad.status_code == 400 and "as_of" in bad.get_json()["error"]


def test_a_json_submission_is_audited_shows_at_once_and_reevaluates_flags(scene, client_as):
    officer = client_as("neighbourhood_officer", "pc-hale")
    before = officer.get("/api/intelligence/escalations?as_of=2099-01-01").get_json()
    assert WEAK not in [f["subject_id"] for f in before]
    # A well-graded report about the weak man: now his three weak reports corroborate it.
    answer = post_json(officer, {
        "subject_id": WEAK, "location_id": BAR, "behaviour": "sexual_comments",
        "grading": "2B P", "reported_on": scene_day(30), "summary": "remarks to bar staff"})
    assert answer.status_code == 201, answer.get_data(as_text=True)
    body = answer.get_json()
    assert "repeat_behaviour" in body["escalations"]
    intel_id = body["intelligence"]["intel_id"]
    after = officer.get("/api/intelligence/escalations?as_of=2099-01-01").get_json()
    weak = next(f for f in after if f["subject_id"] == WEAK)
    assert intel_id in [i.get("intel_id") for i in weak["items"]]
    profile = client_as("analyst").get(f"/api/subjects/{WEAK}").get_json()
    assert intel_id in json.dumps(profile)
    place = client_as("analyst").get(f"/locations/{BAR}?from=2000-01-01&to=2099-01-01")
    assert place.status_code == 200
    audit = scene.read_text("tests/intel_audit", "MATCH (e:AuditEvent {action: "
                            "'submit_intelligence'}) RETURN e.username AS who, "
                            "e.target_id AS id")
    assert {"who": "pc-hale", "id": intel_id} in audit


def post_json(client, body):
    """POST /api/intelligence as a signed-in browser would (with its CSRF token)."""
    token = csrf_token(client, "/intelligence")
    return client.post("/api/intelligence", json=body, headers={"X-CSRFToken": token})


def scene_day(n: int) -> str:
    from tests.intel_scenario import day
    return day(n)


@pytest.mark.parametrize("body, field", [
    ({"location_id": BAR, "behaviour": "loitering", "grading": "2BP",
      "reported_on": "2025-01-01"}, "subject_id"),
    ({"subject_id": WEAK, "location_id": BAR, "behaviour": "juggling", "grading": "2BP",
      "reported_on": "2025-01-01"}, "behaviour"),
    ({"subject_id": WEAK, "location_id": BAR, "behaviour": "loitering", "grading": "5BP",
      "reported_on": "2025-01-01"}, "grading"),
    ({"subject_id": WEAK, "behaviour": "loitering", "grading": "2BP",
      "reported_on": "2025-01-01"}, "location_id"),
    ({"subject_id": WEAK, "location_id": BAR, "behaviour": "loitering", "grading": "2BP",
      "reported_on": "2999-01-01"}, "reported_on"),
])
def test_a_bad_submission_is_a_400_naming_the_field(scene, client_as, body, field):
    answer = post_json(client_as("analyst"), body)
    assert answer.status_code == 400 and answer.get_json()["error"].startswith(field)


def test_a_map_click_snaps_to_a_near_place_or_makes_a_new_one(scene, client_as):
    officer = client_as("neighbourhood_officer")
    base = {"person_description": "male, 40s, red cap", "behaviour": "loitering",
            "grading": "2BP", "reported_on": scene_day(10)}
    near = post_json(officer, {**base, "lat": 52.4002, "lon": -1.5002})
    assert near.get_json()["intelligence"]["location_id"] == BAR  # about 13 m away
    far = post_json(officer, {**base, "lat": 52.5, "lon": -1.6,
                                                  "place_name": "Bus shelter, Mill Lane"})
    made = far.get_json()["intelligence"]
    assert made["location_created"] and made["location_id"].startswith("L-W-")
    rows = scene.read_text("tests/intel_unidentified",
                           "MATCH (i:Intelligence {id: $id}) OPTIONAL MATCH (s)-[:SUBJECT_OF]->(i) "
                           "RETURN i.unidentified AS u, count(s) AS subjects",
                           id=made["intel_id"])
    assert rows == [{"u": True, "subjects": 0}]  # described: no subject node


def test_the_form_posts_with_csrf_and_lands_on_the_subject(scene, client_as):
    officer = client_as("neighbourhood_officer")
    page = officer.get(f"/intelligence/new?subject_id={WEAK}")
    assert page.status_code == 200 and "Submit intelligence" in page.get_data(as_text=True)
    form = {"csrf_token": csrf_token(officer, "/intelligence/new"), "subject_id": WEAK,
            "location_id": BAR, "behaviour": "abuse_after_rejection", "source_grade": "2",
            "intel_grade": "B", "handling": "P", "reported_on": scene_day(12),
            "summary": "shouted at a woman who turned him down"}
    done = officer.post("/intelligence/new", data=form)
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/subjects/{WEAK}")
    refused = officer.post("/intelligence/new", data={**form, "intel_grade": "Q"})
    assert refused.status_code == 400 and "intel_grade" in refused.get_data(as_text=True)
    assert "shouted at a woman" in refused.get_data(as_text=True)  # what was typed stays


def test_a_home_is_never_offered_or_shown_to_the_officer(scene, client_as):
    officer = client_as("neighbourhood_officer")
    for url in ("/intelligence/new", "/intelligence/new?q=Larkspur", f"/locations/{HOME}",
                "/intelligence"):
        body = officer.get(url).get_data(as_text=True)
        assert "Larkspur Close" not in body.replace("q=Larkspur", "").replace(
            'value="Larkspur"', "").replace("“Larkspur”", ""), url


@pytest.mark.parametrize("url", ["/", "/intelligence", "/intelligence/escalations",
                                 f"/subjects/{ESCALATING}", "/tiers"])
def test_the_flags_show_on_the_pages(scene, client_as, url):
    body = client_as("analyst").get(url).get_data(as_text=True)
    assert 'data-rule="escalated_to_offending"' in body, url
    assert 'data-subject="S-WEAK"' not in body


def test_the_officer_may_not_open_plans_orders_packs_or_the_tier_board(scene, client_as):
    officer = client_as("neighbourhood_officer")
    for url in ("/tiers", "/orders", f"/subjects/{ESCALATING}/plan",
                f"/subjects/{ESCALATING}/pack", "/tcg"):
        assert officer.get(url).status_code == 403, url
    token = {"X-CSRFToken": csrf_token(officer, "/intelligence")}
    assert officer.post(f"/api/subjects/{ESCALATING}/nominations", json={},
                        headers=token).status_code == 403
    assert officer.get(f"/subjects/{ESCALATING}").status_code == 200
