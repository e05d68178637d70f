"""The analysis JSON API and the ``linkwatch links`` command, as a client calls them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from app import create_app
from app.auth import audit, tokens
from app.cli.links import command as links_command
from app.views import analysis_api
from ingest.pipeline import run_ingest
from tests.auth_fixtures import make_user
from tests.link_scenarios import chain_of_links, co_offenders_on_one_rape

pytestmark = pytest.mark.neo4j


@pytest.fixture
def api(db, tmp_path):
    """``api(scenario)``: load a scenario, return a GET function signed in as an analyst."""

    def load(build):
        run_ingest(build(tmp_path / "export"), db=db, quarantine_dir=tmp_path / "q",
                   progress=False)
        app = create_app({"TESTING": True, "DATABASE": db, "APPLY_SCHEMA_ON_START": False,
                          "LOGIN_DISABLED": True})
        if "analysis_api" not in app.blueprints:  # until the lead mounts it in app/views
            app.register_blueprint(analysis_api.bp)
        make_user(db, "api-analyst", "analyst")
        headers = {"Authorization": f"Bearer {tokens.issue(db, 'api-analyst')}"}
        client = app.test_client()
        return lambda url: client.get(url, headers=headers)

    return load


def _refused(response, status: int, words: str) -> None:
    body = response.get_json()
    assert response.status_code == status, body
    assert body == {"ok": False, "error": body["error"], "status": status}
    assert words in body["error"]


def test_links_come_typed_scored_and_evidenced(api):
    get = api(chain_of_links)
    body = get("/api/subjects/S2/links").get_json()
    assert body["ok"] and body["subject"]["id"] == "S2" and body["window_days"] == 365
    by_target = {link["target"]: link for link in body["links"]}
    assert by_target["S1"]["parts"] == [
        {"type": "co_offending", "weight": 5.0, "count": 1, "points": 5.0}]
    assert by_target["S3"]["evidence"]["shared_identifier"][0]["identifier"].startswith("phone:")
    only = get("/api/subjects/S2/links?types=shared_identifier").get_json()
    assert [link["target"] for link in only["links"]] == ["S3"]


def test_views_of_subjects_are_audited(api, db):
    get = api(chain_of_links)
    get("/api/subjects/S2/links")
    get("/api/paths?from=S1&to=S4")
    get("/api/subjects/NOBODY/links")  # nothing shown, nothing to audit
    events = audit.search(db, username="api-analyst")
    seen = sorted((e["action"], e["target_id"]) for e in events)
    assert seen == [("view_links", "S2"), ("view_paths", "S1"), ("view_paths", "S4")]


def test_bad_link_parameters_are_400_and_unknown_subjects_404(api):
    get = api(chain_of_links)
    # the API's contract names the parameter, the value and the link types there are
    _refused(get("/api/subjects/S2/links?types=rape"), 400, "types")
    _refused(get("/api/subjects/S2/links?types=rape"), 400, "shared_victim, same_location")
    _refused(get("/api/subjects/S2/links?window_days=soon"), 400, "window_days")
    _refused(get("/api/subjects/S2/links?window_days=-1"), 400, "minimum of 0")
    _refused(get("/api/subjects/NOBODY/links"), 404, "no subject")


def test_paths_list_each_hop_with_its_type_and_what_it_goes_through(api):
    get = api(chain_of_links)
    body = get("/api/paths?from=S1&to=S4&max_paths=5").get_json()
    assert body["ok"] and body["count"] == 1
    hops = body["paths"][0]["hops"]
    assert [(h["from"], h["to"], h["type"]) for h in hops] == [
        ("S1", "S2", "co_offending"), ("S2", "S3", "shared_identifier"),
        ("S3", "S4", "association")]
    assert hops[0]["via"] == {"kind": "Offence", "id": "O1", "date": "2025-01-10"}
    assert get("/api/paths?from=S1&to=S4&exclude=association").get_json()["count"] == 0
    _refused(get("/api/paths?from=S1"), 400, "from and to")
    _refused(get("/api/paths?from=S1&to=S1"), 400, "same subject")
    _refused(get("/api/paths?from=S1&to=S4&max_paths=1000"), 400, "max_paths")


def test_networks_give_components_communities_and_key_people(api):
    get = api(chain_of_links)
    ego = get("/api/networks/ego/S1?depth=3").get_json()
    assert ego["ok"] and ego["network"]["depth"] == 3
    assert [n["id"] for n in ego["nodes"]] == ["S1", "S2", "S3", "S4"]
    assert len(ego["edges"]) == 3 and ego["components"][0]["size"] == 4
    assert {p["id"] for p in ego["key_people"][:2]} == {"S2", "S3"}  # the middle of the chain
    _refused(get("/api/networks/ego/S1?depth=4"), 400, "depth")
    cohort = get("/api/networks/cohort?ids=S1,S2,S5,NOBODY").get_json()
    assert cohort["network"]["missing"] == ["NOBODY"]
    assert [c["members"] for c in cohort["components"]] == [["S1", "S2"], ["S5"]]
    assert cohort["network"]["links"][0]["evidence"]["co_offending"][0]["offence_id"] == "O1"
    _refused(get("/api/networks/cohort"), 400, "ids")
    place = get("/api/networks/location/L1").get_json()
    assert sorted(n["id"] for n in place["nodes"]) == ["S1", "S2"]


def test_repeat_locations_and_a_place_profile(api):
    get = api(co_offenders_on_one_rape)
    body = get("/api/locations/repeat?from=2025-01-01&to=2025-12-31").get_json()
    [bar] = body["locations"]
    assert (bar["location_id"], bar["offences"], bar["victims"], bar["subjects"]) == (
        "L1", 2, 1, 2)
    assert body["venue_types"] == [
        {"venue_type": "night_time_economy", "offences": 2, "locations": 1}]
    rape_only = get("/api/locations/repeat?category=rape").get_json()["locations"]
    assert rape_only[0]["offences"] == 1
    profile = get("/api/locations/L1/profile").get_json()["profile"]
    # 2025-02-01 23:30 and 2025-03-01 01:10 are both Saturdays.
    assert profile["by_day"][5] == 2 and profile["matrix"][5][23] == profile["matrix"][5][1] == 1
    _refused(get("/api/locations/repeat?from=2025-13-01"), 400, "YYYY-MM-DD")
    _refused(get("/api/locations/repeat?from=2025-06-01&to=2025-01-01"), 400, "after")
    _refused(get("/api/locations/repeat?limit=0"), 400, "limit")
    _refused(get("/api/locations/NOWHERE/profile"), 404, "no location")


def test_near_repeat_answers_with_a_table_and_refuses_what_it_cannot_do(api):
    get = api(co_offenders_on_one_rape)
    body = get("/api/near-repeat?permutations=9&space_bandwidth=100&time_bandwidth=30"
               "&space_bands=2&time_bands=2").get_json()
    assert body["ok"] and body["n"] == 2 and body["permutations"] == 9
    assert body["space_bands"] == ["same location", "1 to 100 m", "101 to 200 m",
                                   "more than 200 m"]
    assert body["observed"][0] == [1, 0, 0]  # one pair, same place, 28 days apart
    # a valid question the data cannot answer: a conflict with the data, not a bad request
    _refused(get("/api/near-repeat?category=stalking"), 409, "at least two")
    _refused(get("/api/near-repeat?bbox=1,2,3"), 400, "bbox")
    _refused(get("/api/near-repeat?bbox=a,b,c,d"), 400, "bbox")
    _refused(get("/api/near-repeat?permutations=5000"), 400, "permutations")


def test_the_links_command_prints_a_table_or_json(db, neo4j_env, tmp_path):
    run_ingest(chain_of_links(tmp_path / "x"), db=db, quarantine_dir=tmp_path / "q",
               progress=False)
    runner = CliRunner()
    table = runner.invoke(links_command, ["S2"])
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].startswith("S2 Harry Chainman: 2 linked subjects")
    assert lines[1].split() == ["linked", "subject", "score", "evidence"]
    assert "5 = 5x1 co_offending" in table.output and "O1 (2025-01-10)" in table.output
    as_json = runner.invoke(links_command, ["S2", "--json", "--types", "co_offending"])
    assert [link["target"] for link in json.loads(as_json.output)["links"]] == ["S1"]
    bad = runner.invoke(links_command, ["S2", "--types", "rape"])
    assert bad.exit_code != 0 and "unknown link type" in bad.output
    missing = runner.invoke(links_command, ["NOBODY"])
    assert missing.exit_code == 1 and "no subject" in missing.output
    assert [e["action"] for e in audit.search(db, target_id="S2")] == ["view_links"] * 2
