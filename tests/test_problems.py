"""OSARA problem profiles: the Assessment against a hand count, versions that are never
overwritten, and the JSON API and pages by role (see :mod:`tests.problem_scenario`)."""

from __future__ import annotations

import pytest

from graph import problems
from ingest.pipeline import run_ingest
from tests.auth_fixtures import csrf_token, make_user
from tests.problem_scenario import (
    PUBLIC_WORDS,
    RESPONSE,
    SUBJECT,
    VICTIM_SURNAME,
    problem_body,
    problem_folder,
)

pytestmark = pytest.mark.neo4j


@pytest.fixture
def scene(db, tmp_path):
    summary = run_ingest(problem_folder(tmp_path / "in"), db=db, quarantine_dir=tmp_path / "q",
                         progress=False)
    assert summary["totals"]["quarantined"] == 0, summary["quarantine_reasons"]
    return db


def _row(assessment: dict, metric: str) -> tuple:
    m = next(r for r in assessment["metrics"] if r["metric"] == metric)
    return (m["place"]["before"], m["place"]["after"], m["comparison"]["before"],
            m["comparison"]["after"])


def test_the_assessment_matches_a_hand_count_in_equal_windows_against_the_surrounding_area(
        scene):
    made = problems.create(scene, problem_body(), by="analyst1")
    assert made["assessment"] is None  # nothing to assess before a response
    profile = problems.add_response(scene, made["id"], RESPONSE, by="analyst1")
    a = profile["assessment"]
    assert a["windows"]["days"] == 184
    assert a["windows"]["before"] == ["2024-08-29", "2025-02-28"]
    assert a["windows"]["after"] == ["2025-03-01", "2025-08-31"]
    assert _row(a, "offences") == (10, 4, 20, 18)
    assert _row(a, "sexual_offences") == (6, 2, 10, 9)
    assert _row(a, "intelligence") == (2, 1, 0, 0)
    assert _row(a, "reports") == (3, 1, 2, 4)
    offences = next(r for r in a["metrics"] if r["metric"] == "offences")
    assert offences["place"]["change"] == -0.6 and offences["comparison"]["change"] == -0.1
    assert offences["relative_change"] == round((4 / 10) / (18 / 20) - 1, 4)  # -0.5556
    assert "2 other places within 1,000 m" in a["comparison"]  # Far Field is not one
    assert a["objective"] == {"metric": "sexual_offences", "target_pct": -30.0,
                              "change_pct": -66.7, "relative_pct": -63.0, "met": True}


def test_the_same_type_comparison_counts_the_other_night_time_venues_only(scene):
    made = problems.create(scene, problem_body(comparison="same_type"), by="analyst1")
    a = problems.add_response(scene, made["id"], RESPONSE, by="analyst1")["assessment"]
    assert _row(a, "offences") == (10, 4, 20, 18)  # the Old Swan; not the shop or the field
    assert "1 other places of the same venue type" in a["comparison"]


def test_every_section_is_a_dated_version_and_none_is_ever_overwritten(scene):
    made = problems.create(scene, problem_body(), by="analyst1")
    pid = made["id"]
    first_objective = made["objective"]
    problems.add_response(scene, pid, RESPONSE, by="analyst1")
    problems.refresh(scene, pid, {"as_of": "2025-11-30"}, by="analyst2")
    problems.set_objective(scene, pid, {"text": "Halve sexual offences", "metric":
                                        "sexual_offences", "change_pct": -50, "months": 6,
                                        "as_of": "2025-11-30"}, by="analyst2")
    profile = problems.get(scene, pid)
    counts = {}
    for v in profile["versions"]:
        counts[v["section"]] = counts.get(v["section"], 0) + 1
    assert counts == {"objective": 2, "scanning": 2, "analysis": 2, "responses": 1,
                      "assessment": 3}
    assert profile["objective"]["text"] == "Halve sexual offences"
    assert profile["objective"]["version"] == 2 and profile["objective"]["current"]
    old = problems.get(scene, pid, version_id=first_objective["version_id"])["objective"]
    assert old["text"] == first_objective["text"] and old["version"] == 1
    assert not old["current"]
    ats = [v["at"] for v in profile["versions"]]
    assert ats == sorted(ats, reverse=True)  # shown newest first, each with its date
    assert profile["assessment"]["objective"]["target_pct"] == -50.0
    stored = scene.read_text("tests/problem_versions",
                             "MATCH (:Problem {id: $id})-[:HAS_VERSION]->(v) "
                             "RETURN v.section AS s, v.version AS n, v.content AS c", id=pid)
    assert len(stored) == 10
    first = next(r for r in stored if r["s"] == "objective" and r["n"] == 1)
    assert "Reduce sexual offences at the venue by 30%" in first["c"]


def test_scanning_and_analysis_are_filled_from_the_data(scene):
    profile = problems.create(scene, problem_body(), by="analyst1")
    s = profile["scanning"]
    assert s["months"][0] == "2024-12" and s["months"][-1] == "2025-11"
    assert s["totals"]["offences"]["last_12_months"] == 11  # 2024-12-01 to 2025-11-30
    assert [x["id"] for x in s["repeat_subjects"]] == [SUBJECT]
    assert s["repeat_victims"][0]["offences"] == 2
    assert s["recent_reports"][0]["free_text"] == PUBLIC_WORDS
    a = profile["analysis"]
    assert a["profile"]["total"] == 16 and a["profile"]["peak"]["hour"] == 23
    assert a["triangle"]["manager"] == "Licensee: J. Example"
    assert a["same_type"][0]["places"] == 2 and "n" in a["near_repeat"]


# --- the API and the pages, by role ---------------------------------------------------------


@pytest.fixture
def api_as(app, scene):
    """``api_as(role)``: a client and bearer-token headers for a user of that role."""
    from app.auth import tokens

    def client(role: str):
        name = f"api-{role.replace('_', '-')}"
        make_user(scene, name, role)
        headers = {"Authorization": f"Bearer {tokens.issue(scene, name)}"}
        test = app.test_client()
        return lambda method, url, **kw: test.open(url, method=method, headers=headers, **kw)

    return client


def test_the_api_creates_and_reads_a_profile_with_the_pinned_keys(api_as):
    analyst = api_as("analyst")
    made = analyst("POST", "/api/problems", json=problem_body())
    assert made.status_code == 201, made.get_json()
    pid = made.get_json()["id"]
    response = analyst("POST", f"/api/problems/{pid}/responses", json=RESPONSE)
    assert response.status_code == 201
    body = analyst("GET", f"/api/problems/{pid}").get_json()
    for key in ("objective", "places", "area", "scanning", "analysis", "responses",
                "assessment", "versions"):
        assert key in body, key
    assert body["responses"][0]["owner"] == "PS Example"
    assert body["assessment"]["metrics"][0]["place"] == {"before": 10, "after": 4,
                                                        "change": -0.6}
    listed = analyst("GET", "/api/problems").get_json()["problems"]
    assert [p["id"] for p in listed] == [pid]


@pytest.mark.parametrize(("body", "named"), [
    ({"title": ""}, "title"),
    ({"objective": {"text": "x", "metric": "vibes", "change_pct": -30, "months": 6}},
     "objective.metric"),
    ({"location_ids": ["L-NOWHERE"]}, "L-NOWHERE"),
    ({"area": {"lat": 53.8, "lon": -1.9, "radius_m": 100}}, "location_ids"),  # both given
    ({"location_ids": None, "area": {"lat": 91, "lon": 0, "radius_m": 100}}, "area.lat"),
])
def test_a_bad_field_is_a_400_naming_it(api_as, body, named):
    payload = {k: v for k, v in {**problem_body(), **body}.items() if v is not None}
    response = api_as("analyst")("POST", "/api/problems", json=payload)
    assert response.status_code == 400
    assert named in response.get_json()["error"]


def test_only_analysts_write_others_read_and_the_panel_sees_no_victim_or_public_words(
        scene, client_as, api_as):
    pid = problems.create(scene, problem_body(), by="analyst1")["id"]
    for role in ("rasso_officer", "mappa_panel"):
        client = api_as(role)
        assert client("POST", "/api/problems", json=problem_body()).status_code == 403, role
        assert client("POST", f"/api/problems/{pid}/refresh", json={}).status_code == 403, role
        assert client("GET", f"/api/problems/{pid}").status_code == 200, role
    assert api_as("admin")("GET", f"/api/problems/{pid}").status_code == 403
    analyst = client_as("analyst").get(f"/problems/{pid}").get_data(as_text=True)
    assert VICTIM_SURNAME in analyst and PUBLIC_WORDS in analyst
    for role in ("mappa_panel",):
        for url in (f"/problems/{pid}", f"/api/problems/{pid}"):
            text = client_as(role).get(url).get_data(as_text=True)
            assert VICTIM_SURNAME not in text and "V-PRB-1" not in text, (role, url)
            assert PUBLIC_WORDS not in text, (role, url)
            assert "Vane" in text  # the subject is shown (and audited)
    events = scene.read_text("tests/problem_audit",
                             "MATCH (e:AuditEvent {username: 'test-mappa-panel'}) "
                             "RETURN e.action AS a, e.target_id AS t")
    seen = {(e["a"], e["t"]) for e in events}
    assert ("view_problem", pid) in seen and ("view_on_problem", SUBJECT) in seen


def test_a_neighbourhood_officer_opens_a_profile_for_his_venue_and_adds_a_response(api_as):
    officer = api_as("neighbourhood_officer")
    made = officer("POST", "/api/problems", json=problem_body())
    assert made.status_code == 201, made.get_json()
    pid = made.get_json()["id"]
    assert officer("POST", f"/api/problems/{pid}/responses", json=RESPONSE).status_code == 201
    body = officer("GET", f"/api/problems/{pid}").get_json()
    assert body["responses"][0]["owner"] == "PS Example"
    assert VICTIM_SURNAME not in str(body) and PUBLIC_WORDS not in str(body)


def test_the_pages_list_create_and_show_a_profile(scene, client_as):
    analyst = client_as("analyst")
    page = analyst.get("/problems").get_data(as_text=True)
    assert 'name="objective_text"' in page and "The Lantern Bar" in page
    form = {"csrf_token": csrf_token(analyst, "/problems"), "title": "The bar", "scope": "places",
            "location_ids": "L-BAR", "objective_text": "Fewer offences", "metric": "offences",
            "change_pct": "-20", "months": "6", "comparison": "surrounding"}
    made = analyst.post("/problems", data=form)
    assert made.status_code == 303 and "/problems/prb-" in made.headers["Location"]
    shown = analyst.get(made.headers["Location"]).get_data(as_text=True)
    for words in ("Objective", "Scanning", "Analysis", "Response", "Assessment", "Versions",
                  "Fewer offences"):
        assert words in shown
    panel = client_as("mappa_panel").get("/problems").get_data(as_text=True)
    assert 'name="objective_text"' not in panel and "The bar" in panel


@pytest.mark.parametrize("role", ["mappa_panel", "neighbourhood_officer"])
def test_the_sentinel_problem_and_map_leak_nothing_a_restricted_role_may_not_see(
        db, tmp_path, client_as, role):
    from tests.sentinel_scenario import (
        FREE_TEXT_SENTINELS,
        PROBLEM,
        RESIDENTIAL_SENTINELS,
        VICTIM_SENTINELS,
        load_sentinel_scenario,
    )

    load_sentinel_scenario(db, tmp_path / "sentinel")
    client = client_as(role)
    leaked = []
    for url in (f"/problems/{PROBLEM}", f"/api/problems/{PROBLEM}", "/problems",
                "/locations?period=all", "/api/locations?period=all"):
        response = client.get(url)
        assert response.status_code == 200, (role, url)
        text = response.get_data(as_text=True)
        leaked += [(url, what) for what, value in
                   VICTIM_SENTINELS + RESIDENTIAL_SENTINELS + FREE_TEXT_SENTINELS
                   if value in text]
    assert leaked == []
    analyst = client_as("analyst").get(f"/problems/{PROBLEM}").get_data(as_text=True)
    assert "SENTINEL-PUBLIC-Ashgrove" in analyst and "Xylophone" in analyst
