"""Issue 12: paths that exist are found, and search finds what analysts look up most.

One test per defect seen on the demo force; each failed on the code before the fix.
"""

from __future__ import annotations

import json
import re

import pytest

from graph.analytics import service
from graph.analytics.config import LINK_TYPES
from ingest.pipeline import run_ingest
from tests.paths_scenarios import (
    CRIME_REF,
    PHONE,
    PLATE,
    VICTIM_NAME,
    phones_plates_refs_and_victims,
    victim_then_place,
)

pytestmark = pytest.mark.neo4j


def _load(db, build, tmp_path):
    run_ingest(build(tmp_path / "export"), db=db, quarantine_dir=tmp_path / "q",
               progress=False)


# --- paths ---------------------------------------------------------------------------------


def test_a_shared_victim_then_a_same_place_hop_is_a_two_hop_path(db, tmp_path):
    """A -shared victim- B and B -same place- C: A to C is two hops, found."""
    _load(db, victim_then_place, tmp_path)
    # Each hop alone is found (as it was on the demo force).
    assert service.paths_between(db, "S1", "S2")["count"] == 1
    assert service.paths_between(db, "S2", "S3")["count"] == 1
    found = service.paths_between(db, "S1", "S3")
    assert found["count"] == 1 and not found["truncated"]
    [path] = found["paths"]
    assert path["subjects"] == ["S1", "S2", "S3"] and path["length"] == 2
    first, second = path["hops"]
    assert (first["type"], first["via"]) == ("shared_victim", {
        "kind": "victim", "id": "V1", "forename": "Vera", "surname": "Hidden",
        "name": "Vera Hidden"})
    assert first["offences"] == [{"id": "O1", "date": "2025-01-05"},
                                 {"id": "O2", "date": "2025-02-01"}]
    assert second["type"] == "same_location" and second["via"]["id"] == "BAR"
    assert second["offences"] == [{"id": "O2", "date": "2025-02-01"},
                                  {"id": "O3", "date": "2025-02-11"}]
    assert second["days_apart"] == 10
    # The same the other way round, and whatever the window or the cap.
    back = service.paths_between(db, "S3", "S1", window_days=30, max_paths=1)
    assert back["paths"][0]["subjects"] == ["S3", "S2", "S1"]


def test_with_one_hops_type_excluded_there_is_no_path_and_the_answer_says_which_type(
    db, tmp_path
):
    _load(db, victim_then_place, tmp_path)
    found = service.paths_between(db, "S1", "S3", exclude="same_location")
    assert found["count"] == 0 and found["paths"] == []
    assert found["hint"]["types"] == ["same_location"] and found["hint"]["length"] == 2
    found = service.paths_between(db, "S1", "S3", types="same_location,co_offending")
    assert found["count"] == 0 and found["hint"]["types"] == ["shared_victim"]
    # The place hop is ten days apart: a five-day window leaves no path, and says so.
    found = service.paths_between(db, "S1", "S3", window_days=5)
    assert found["count"] == 0 and found["hint"]["window_days"] == 10
    # Nobody links D: no hint can help.
    found = service.paths_between(db, "S1", "S4")
    assert found["count"] == 0 and found["hint"] is None and found["search"]["stopped"] is None


def test_a_path_to_a_place_ends_with_how_the_last_subject_is_tied_to_it(db, tmp_path):
    _load(db, victim_then_place, tmp_path)
    found = service.paths_to_place(db, "S1", "BAR")
    assert found["place"]["name"] == "The Invented Lounge"
    [path] = found["paths"]
    assert path["subjects"] == ["S1", "S2"] and path["length"] == 2
    last = path["hops"][-1]
    assert (last["type"], last["to"], last["how"]) == ("place", "BAR", ["offence_here"])
    assert last["offences"] == [{"id": "O2", "date": "2025-02-01"}]
    # Someone who offended there himself is one hop away: his own offence.
    assert service.paths_to_place(db, "S3", "BAR")["paths"][0]["subjects"] == ["S3"]


# --- search --------------------------------------------------------------------------------


@pytest.fixture
def searchable(db, tmp_path):
    _load(db, phones_plates_refs_and_victims, tmp_path)
    return db


def _found(client, q, kind=None):
    query = {"q": q, **({"kind": kind} if kind else {})}
    response = client.get("/api/search", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]


@pytest.mark.parametrize("typed", [PHONE, "07700-979-579", "07700979579", "(07700) 979 579",
                                   "+44 7700 979579"])
def test_a_phone_number_finds_everyone_who_has_it_however_it_is_spelt(searchable, client_as,
                                                                      typed):
    results = _found(client_as("analyst"), typed)
    [phone] = results["identifier"]
    assert (phone["identifier_id"], phone["kind"]) == ("phone:07700979579", "phone")
    assert [s["subject_id"] for s in phone["subjects"]] == ["S1", "S2"]
    assert phone["subjects"][1]["as_recorded"] == ["07700-979-579"]
    # The holders are found as subjects, with the identifier they were found by.
    by_id = {s["subject_id"]: s for s in results["subject"]}
    assert set(by_id) == {"S1", "S2"}
    assert by_id["S1"]["identifier"]["as_recorded"] == [PHONE]


@pytest.mark.parametrize("typed", [PLATE, "zz68 etz", "ZZ68ETZ", "zz-68-etz"])
def test_a_registration_finds_its_keeper_whatever_its_spacing_or_case(searchable, client_as,
                                                                      typed):
    results = _found(client_as("mappa_panel"), typed)
    assert [i["identifier_id"] for i in results["identifier"]] == ["vehicle:ZZ68ETZ"]
    assert [s["subject_id"] for s in results["subject"]] == ["S2"]


def test_a_subject_found_by_a_phone_links_to_the_profile_with_the_phone_shown(searchable,
                                                                               client_as):
    html = client_as("analyst").get("/search", query_string={"q": "07700 979 579"}).get_data(
        as_text=True)
    subjects_part = html.split('id="subjects"')[1].split("</section>")[0]
    assert 'href="/subjects/S1"' in subjects_part and 'href="/subjects/S2"' in subjects_part
    # Each as his own record spells it.
    assert f"phone {PHONE}</span>" in subjects_part
    assert "phone 07700-979-579</span>" in subjects_part
    assert 'data-identifier="phone:07700979579"' in html


def test_a_crime_reference_is_found_with_or_without_its_punctuation(searchable, client_as):
    client = client_as("analyst")
    for typed in (CRIME_REF, "421234525", "42-12345-25", "42 12345 25", "42.12345", "42/12345"):
        offences = _found(client, typed)["offence"]
        assert [o["crime_ref"] for o in offences] == [CRIME_REF], typed
        assert [s["subject_id"] for s in offences[0]["subjects"]] == ["S1"]
    # Both references start "42": each is found, and nothing else is.
    assert [o["crime_ref"] for o in _found(client, "42 ")["offence"]] == [
        CRIME_REF, "42/99999/25"]


def test_a_victim_is_found_by_name_or_id_by_those_who_may_know_her(searchable, client_as):
    forename, surname = VICTIM_NAME
    client = client_as("rasso_officer")
    for typed in (surname, f"{forename.lower()} quennell", "V1", "v1"):
        [victim] = _found(client, typed)["victim"]
        assert (victim["id"], victim["name"]) == ("V1", f"{forename} {surname}"), typed
        assert [o["crime_ref"] for o in victim["offences"]] == [CRIME_REF]
    assert _found(client, surname, kind="victim")["victim"][0]["id"] == "V1"
    html = client.get("/search", query_string={"q": surname}).get_data(as_text=True)
    assert 'id="victims"' in html and f"{forename} {surname}" in html


def test_a_victim_is_found_by_any_part_of_her_name_from_the_index_as_a_full_scan_finds_her(
        searchable, client_as):
    # Plain words are looked up in the victims' name index (a national force holds millions
    # of victims); others (an apostrophe, an accent) read every victim. Both find the same.
    client = client_as("rasso_officer")
    for typed in ("ennell", "quenn", "marsh rosa", "OSALIN", "quennell-marsh", "rosalind x",
                  "quennell's", "rosalínd"):
        words = [w.lower() for w in re.findall(r"\w+(?:['\u2019]\w+)*", typed)]
        scanned = [r["id"] for r in searchable.read("search/victims", ids=[typed],
                                                    words=words, limit=25)]
        found = [v["id"] for v in _found(client, typed, kind="victim")["victim"]]
        assert found == scanned, typed
        assert found == ([] if typed in ("rosalind x", "quennell's", "rosalínd") else ["V1"]), \
            typed


def test_the_mappa_panel_finds_no_victim_by_her_name_or_id(searchable, client_as):
    forename, surname = VICTIM_NAME
    client = client_as("mappa_panel")
    for typed in (surname, forename, "V1"):
        for kind in (None, "victim"):
            results = _found(client, typed, kind)
            assert results.get("victim", []) == [], (typed, kind)
            said = json.dumps(results)  # what was found, not the words typed (echoed back)
            assert not {forename, surname, "V1", "1996-06-06"} & set(re.findall(r"[\w-]+",
                                                                                   said))
    html = client.get("/search", query_string={"q": surname}).get_data(as_text=True)
    assert 'id="victims"' not in html and forename not in html and "1996-06-06" not in html


# --- the paths and links page -------------------------------------------------------------


@pytest.fixture
def chain(db, tmp_path):
    _load(db, victim_then_place, tmp_path)
    return db


def _audited(db, username):
    rows = db.read_text("t", "MATCH (e:AuditEvent {username: $u}) WHERE e.action STARTS WITH "
                             "'view_' RETURN e.action AS action, e.target_id AS id", u=username)
    return sorted((r["action"], r["id"]) for r in rows)


def test_the_paths_page_draws_the_path_and_lists_each_hops_evidence(chain, client_as):
    client = client_as("analyst", "paths-analyst")
    response = client.get("/paths?from=S1&to=S3")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    chart = html.split('id="paths-chart"')[1].split("</svg>")[0]
    assert [n for n in ("S1", "S2", "S3") if f'data-node="{n}"' in chart] == ["S1", "S2", "S3"]
    assert "shared victim" in chart and "same place, 10 d" in chart
    route = html.split('id="route-1"')[1].split("</section>")[0]
    assert "Vera Hidden" in route and "The Invented Lounge" in route
    assert "O1" in route and "2025-02-11" in route
    # The first subject's scored links, with their parts.
    links = html.split('id="links"')[1].split("</section>")[0]
    assert 'data-subject="S2"' in links and "shared victim 4 × 1 = 4" in links
    assert _audited(chain, "paths-analyst") == [
        ("view_links", "S1"), ("view_paths", "S1"), ("view_paths", "S3")]


def test_the_paths_page_says_which_type_would_connect_when_one_is_left_out(chain, client_as):
    client = client_as("analyst")
    ticked = [t for t in LINK_TYPES if t != "same_location"]
    html = client.get("/paths", query_string={"f": "1", "from": "S1", "to": "S3",
                                              "types": ticked}).get_data(as_text=True)
    hint = html.split('id="paths-hint"')[1].split("</p>")[0]
    assert 'id="paths-chart"' not in html and "No path" in html
    assert "<strong>same place</strong>" in hint and "2 links" in hint
    # The hint's link asks again with the type put back, and the path is there.
    again = html.split('id="paths-hint-apply" href="')[1].split('"')[0].replace("&amp;", "&")
    assert 'id="route-1"' in client.get(again).get_data(as_text=True)
    place = client.get("/paths?from=S1&place=BAR").get_data(as_text=True)
    assert 'data-node="BAR"' in place and "named in an offence here" in place


def test_the_panel_sees_the_shared_victim_on_the_paths_page_only_as_a_pseudonym(chain,
                                                                                client_as):
    html = client_as("mappa_panel").get("/paths?from=S1&to=S3").get_data(as_text=True)
    assert "Vera" not in html and "Hidden" not in html and "V1" not in html
    route = html.split('id="route-1"')[1].split("</section>")[0]
    assert "Victim A of S" in route


def test_an_unknown_subject_on_the_paths_page_is_said_plainly(chain, client_as):
    response = client_as("analyst").get("/paths?from=S1&to=NOBODY")
    assert response.status_code == 404
    assert "no subject &#39;NOBODY&#39;" in response.get_data(as_text=True)
    assert client_as("analyst").get("/paths").status_code == 200  # the empty form
