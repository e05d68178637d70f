"""The network view and repeat locations, as users meet them: a small named scenario, a real
Neo4j, a real Flask client signed in per role."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from app import chart, vocab
from app.auth import audit
from graph import network
from graph.disclosure import AUDIENCES, Pseudonyms
from graph.tiers.trawl import trawl
from ingest.pipeline import run_ingest
from tests.auth_fixtures import csrf_token
from tests.scenarios import write_folder

pytestmark = pytest.mark.neo4j

INJECTION = "<img src=x onerror=alert(1)>"
AS_OF = dt.date(2025, 6, 1)


def drawing(db, kind, node_id, **options):
    """A network as an analyst's page draws it."""
    extract = network.ego_extract(db, kind, node_id, **options)
    return chart.drawing(extract, AUDIENCES["analyst"], Pseudonyms(db, b"key", "tests|page"))


def _subject(sid, forename, surname="Testperson"):
    return {"subject_id": sid, "forename": forename, "surname": surname, "aliases": "",
            "dob": "1980-01-02", "gender": "male", "pnc_id": ""}


def _offence(oid, code, reported, location="", time=""):
    return {"offence_id": oid, "ho_code": code, "offence_type": "", "committed_from": reported,
            "committed_to": "", "reported_on": reported, "location_id": location,
            "outcome_code": "", "domestic": "false", "mo_notes": "notes naming nobody",
            "committed_time": time}


def _named(oid, sid, role="suspect"):
    return {"offence_id": oid, "subject_id": sid, "role": role, "named_on": ""}


def _place(lid, name, venue, lat="51.5", lon="-0.1", postcode="ZZ1 1AA"):
    return {"location_id": lid, "name": name, "address": name, "postcode": postcode,
            "lat": lat, "lon": lon, "venue_type": venue}


def network_scene(folder):
    """S1 at the centre of a small known network (distances from S1 in brackets).

    - S1 is named in O1 (rape, at the night-time venue L1), O2 (other sexual, at the station
      L2) and O3 (stalking, no place) [1]; has phone ID1 [1], shared with S4 [2]; is family
      of S5 [1] and knows S7 [1].
    - S2 is named in O1 too [2]. V1 was harmed in O1 [2] and O4 [3] (harassment by S3 [4] at
      the home L3 [4]). V2 was harmed in O2 [2]. O5 (other sexual, S6 [4]) is also at L1 [3].
    - S7 is named in four sexual offences, one a rape, reported recently: Tier 2 on AS_OF.
    - S8's name is an HTML injection; it is named in O9 with V3 at the online platform L4.
    """
    sevens = [f"O7{i}" for i in range(4)]
    return write_folder(
        folder,
        subjects=[_subject("S1", "Adam"), _subject("S2", "Bernard"), _subject("S3", "Colin"),
                  _subject("S4", "Dennis"), _subject("S5", "Edward"), _subject("S6", "Frank"),
                  _subject("S7", "Gordon"), _subject("S8", INJECTION, "<b>bold</b>")],
        locations=[_place("L1", "The Fictional Arms", "night_time_economy", "51.501", "-0.102"),
                   _place("L2", "Fictionby Station", "transport_hub", "51.510", "-0.110"),
                   _place("L3", "7 Pretend Close", "residential", "51.52", "-0.12", "ZZ3 6XG"),
                   _place("L4", "Online: Decoy Chat", "online", "", "")],
        offences=[_offence("O1", "19C", "2025-03-01", "L1", "23:30"),  # a Saturday
                  _offence("O2", "20A", "2025-04-10", "L2", "08:15"),
                  _offence("O3", "8Q", "2025-05-01"),
                  _offence("O4", "8L", "2024-01-06", "L3", "19:00"),
                  _offence("O5", "20A", "2024-03-02", "L1", "23:10"),  # a Saturday
                  _offence("O9", "20A", "2025-02-01", "L4")]
                 + [_offence(o, "19C" if i == 0 else "20A", f"2025-0{i + 1}-15")
                    for i, o in enumerate(sevens)],
        offence_subjects=[_named("O1", "S1"), _named("O2", "S1"), _named("O3", "S1", "offender"),
                          _named("O1", "S2"), _named("O4", "S3"), _named("O5", "S6"),
                          _named("O9", "S8")] + [_named(o, "S7") for o in sevens],
        victims=[{"victim_id": "V1", "forename": "Vera", "surname": "Victimson",
                  "dob": "1990-02-03", "gender": "female"},
                 {"victim_id": "V2", "forename": "Wendy", "surname": "Harmedley",
                  "dob": "1991-04-05", "gender": "female"},
                 {"victim_id": "V3", "forename": INJECTION, "surname": "Xss",
                  "dob": "1992-06-07", "gender": "female"}],
        offence_victims=[{"offence_id": "O1", "victim_id": "V1"},
                         {"offence_id": "O4", "victim_id": "V1"},
                         {"offence_id": "O2", "victim_id": "V2"},
                         {"offence_id": "O9", "victim_id": "V3"}],
        identifiers=[{"subject_id": "S1", "kind": "phone", "value": "07700 900123"},
                     {"subject_id": "S4", "kind": "phone", "value": "07700-900-123"}],
        associations=[{"subject_id": "S1", "other_subject_id": "S5", "kind": "family"},
                      {"subject_id": "S7", "other_subject_id": "S1", "kind": "knows"}],
    )


@pytest.fixture
def scene(db, tmp_path):
    """The scenario loaded into the emptied database."""
    summary = run_ingest(network_scene(tmp_path / "scene"), db=db,
                         quarantine_dir=tmp_path / "q", progress=False)
    assert summary["totals"]["quarantined"] == 0, summary["quarantine_reasons"]
    return db


def ids(result, kind=None):
    """The ids in a network answer (``kind:id`` as the page names them)."""
    return {n["id"] for n in result["nodes"] if kind is None or n["kind"] == kind}


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


DEPTH_1 = {"subject:S1", "offence:O1", "offence:O2", "offence:O3", "identifier:phone:07700900123",
           "subject:S5", "subject:S7"}
DEPTH_2 = DEPTH_1 | {"subject:S2", "victim:V1", "victim:V2", "location:L1", "location:L2",
                     "subject:S4"} | {f"offence:O7{i}" for i in range(4)}
DEPTH_3 = DEPTH_2 | {"offence:O4", "offence:O5"}


# --- extraction -----------------------------------------------------------------------


def test_depth_one_two_and_three_reach_exactly_the_expected_nodes(scene):
    results = {d: drawing(scene, "subject", "S1", depth=d, as_of=AS_OF)
               for d in (1, 2, 3)}
    assert ids(results[1]) == DEPTH_1
    assert ids(results[2]) == DEPTH_2
    assert ids(results[3]) == DEPTH_3
    three = results[3]
    assert three["centre"] == "subject:S1" and three["nodes"][0]["centre"] is True
    assert three["total"] == len(DEPTH_3) and three["truncated"] is False
    assert three["message"] is None
    depth = {n["id"]: n["depth"] for n in three["nodes"]}
    assert depth["subject:S1"] == 0 and depth["victim:V1"] == 2 and depth["offence:O5"] == 3
    # The shared phone is one node whichever way it was spelt, joining S1 and S4.
    edges = {(e["from"], e["to"], e["type"]) for e in three["edges"]}
    assert ("subject:S4", "identifier:phone:07700900123", "HAS_IDENTIFIER") in edges
    assert ("subject:S2", "offence:O1", "NAMED_IN") in edges
    # Every edge joins two drawn nodes; roles and association kinds label their edges.
    assert all(e["from"] in ids(three) and e["to"] in ids(three) for e in three["edges"])
    labels = {e["type"] + ":" + e["label"] for e in three["edges"]}
    assert {"NAMED_IN:", "NAMED_IN:offender", "ASSOCIATE_OF:family"} <= labels
    assert {e["words"] for e in three["edges"]} >= {"named in (suspect)", "victim of"}


def test_node_kinds_are_told_apart_and_subjects_carry_the_trawls_tier(scene):
    result = drawing(scene, "subject", "S1", depth=2, as_of=AS_OF)
    group = {n["id"]: n["group"] for n in result["nodes"]}
    assert group["offence:O1"] == "offence_rape" and group["offence:O2"] == "offence_sexual"
    assert group["offence:O3"] == "offence_other"
    assert group["location:L1"] == "location_night_time_economy"
    assert group["location:L2"] == "location_transport_hub"
    styles = {(vocab.GROUPS[g]["shape"], vocab.GROUPS[g]["color"]) for g in group.values()}
    assert len(styles) == len(set(group.values()))  # each group its own shape and colour
    tiers = {n["id"]: n["tier"] for n in result["nodes"] if n["kind"] == "subject"}
    expected = {f"subject:{a.subject_id}": a.tier for a in trawl(scene, AS_OF)}
    assert tiers["subject:S7"] == 2
    assert {k: v for k, v in tiers.items() if v} == {
        k: v for k, v in expected.items() if k in tiers}
    s7 = next(n for n in result["nodes"] if n["id"] == "subject:S7")
    assert s7["label"] == "Gordon Testperson\nTier 2"


def test_the_canvas_gets_short_labels_and_offences_their_reported_date(scene):
    result = drawing(scene, "subject", "S1", depth=2, as_of=AS_OF)
    node = {n["id"]: n for n in result["nodes"]}
    assert node["subject:S7"]["short"] == "Gordon T.\nTier 2"
    assert node["subject:S1"]["short"] == "Adam T."
    assert node["offence:O1"]["short"] == "Rape 2025-03"
    assert node["offence:O2"]["short"] == "Sexual 2025-04"
    assert node["offence:O1"]["date"] == "2025-03-01"
    assert node["victim:V1"]["short"] == "Vera V." and node["victim:V1"]["label"] == (
        "Vera Victimson")
    assert node["location:L2"]["short"] == "Fictionby Station"
    assert node["identifier:phone:07700900123"]["short"].startswith("phone: 07700")
    assert all(len(n["short"].split("\n")[0]) <= 26 for n in result["nodes"])
    assert all("date" not in n for n in result["nodes"] if n["kind"] != "offence")
    # The MAPPA panel's short label is the pseudonym, never a name.
    masked = chart.drawing(network.ego_extract(scene, "subject", "S1", depth=2, as_of=AS_OF),
                           AUDIENCES["mappa_panel"], Pseudonyms(scene, b"key", "tests|page",
                                                                subject_id="S1"))
    assert sorted(n["short"] for n in masked["nodes"] if n["kind"] == "victim") == [
        "Victim A", "Victim B"]


def test_a_large_location_network_carries_communities_to_group_it(scene, client_as,
                                                                  monkeypatch):
    from graph.network import communities

    client = client_as("analyst")
    assert not any("community" in n for n in get_json(
        client, "/api/charts/location/L1?depth=3")["nodes"])
    monkeypatch.setattr(communities, "COMMUNITIES_FROM", 3)
    body = get_json(client, "/api/charts/location/L1?depth=3")
    number = {n["id"]: n["community"] for n in body["nodes"]}
    assert set(number) == ids(body) and set(number.values()) >= {0}
    # An offence and the people named in it alone hang together.
    assert number["offence:O5"] == number["subject:S6"]
    # A subject's network is never grouped by community (it does not grow that large).
    assert not any("community" in n for n in get_json(
        client, "/api/charts/subject/S1?depth=3")["nodes"])


def test_filters_keep_only_offences_in_the_window_and_category(scene):
    rape = drawing(scene, "subject", "S1", depth=3, as_of=AS_OF,
                               filters=network.Filters(category="rape"))
    assert ids(rape, "offence") == {"offence:O1", "offence:O70"}
    # Filtered offences are not crossed either: nothing lies beyond O2 or O4.
    assert "victim:V2" not in ids(rape) and "location:L2" not in ids(rape)
    recent = drawing(scene, "subject", "S1", depth=2, as_of=AS_OF,
                                 filters=network.Filters(date_from=dt.date(2025, 4, 1),
                                                         date_to=dt.date(2025, 4, 30)))
    assert ids(recent, "offence") == {"offence:O2", "offence:O73"}
    sexual = drawing(scene, "subject", "S1", depth=1, as_of=AS_OF,
                                 filters=network.Filters(category="sexual"))
    assert ids(sexual, "offence") == {"offence:O1", "offence:O2"}
    with pytest.raises(ValueError):
        network.Filters(date_from=dt.date(2025, 5, 1), date_to=dt.date(2025, 4, 1))


def test_a_network_over_the_cap_keeps_the_nearest_nodes_and_says_so(scene, client_as):
    result = drawing(scene, "subject", "S1", depth=3, cap=8, as_of=AS_OF)
    assert len(result["nodes"]) == 8 and result["total"] == len(DEPTH_3)
    assert result["truncated"] is True
    assert result["message"] == (f"Showing 8 of {len(DEPTH_3)} nodes: narrow the dates or "
                                 "category, or lower the depth.")
    assert DEPTH_1 <= ids(result) <= DEPTH_2  # nearest first
    body = get_json(client_as("analyst"), "/api/charts/subject/S1?depth=3&max_nodes=8")
    assert body["counts"] == {"nodes": 8, "edges": len(body["edges"]), "total": len(DEPTH_3)}
    assert body["message"].startswith(f"Showing 8 of {len(DEPTH_3)} nodes")


def test_a_location_network_runs_from_the_place_to_its_offences_and_people(scene, client_as):
    body = get_json(client_as("analyst"), "/api/charts/location/L1?depth=2")
    assert ids(body) == {"location:L1", "offence:O1", "offence:O5", "subject:S1", "subject:S2",
                         "subject:S6", "victim:V1"}
    assert body["nodes"][0]["url"] == "/locations/L1"


# --- the API ----------------------------------------------------------------------------


def test_the_json_api_names_filters_and_refuses_bad_ones(scene, client_as):
    client = client_as("analyst")
    body = get_json(client, "/api/charts/subject/S1?depth=1&as_of=2025-06-01")
    assert body["ok"] is True and ids(body) == DEPTH_1
    assert body["as_of"] == "2025-06-01" and body["depth"] == 1
    assert [g["name"] for g in body["groups"]] == list(vocab.GROUPS)
    assert body["layout"] is None
    for url, words in [("/api/charts/subject/S1?depth=4", "depth"),
                       ("/api/charts/subject/S1?from=2025-02-30", "from"),
                       ("/api/charts/subject/S1?from=2025-05-01&to=2025-04-01", "after"),
                       ("/api/charts/subject/S1?category=DROP%20TABLE", "category")]:
        error = get_json(client, url, 400)
        assert error == {"ok": False, "error": error["error"], "status": 400}
        assert words in error["error"]
    missing = get_json(client, "/api/charts/subject/NOBODY", 404)
    assert missing["ok"] is False and "NOBODY" in missing["error"]
    assert client.get("/network/NOBODY").status_code == 404


def test_expanding_a_node_adds_its_neighbours_and_their_links_to_the_page(scene, client_as):
    client = client_as("analyst")
    body = get_json(client, "/api/charts/expand/location/L1")
    assert ids(body) == {"location:L1", "offence:O1", "offence:O5"}
    links = {(e["from"], e["to"]) for e in body["links"]}
    assert ("subject:S1", "offence:O1") in links and ("victim:V1", "offence:O1") in links
    assert ("subject:S6", "offence:O5") in links
    offence = get_json(client, "/api/charts/expand/offence/O4")
    assert ids(offence) == {"offence:O4", "subject:S3", "victim:V1", "location:L3"}
    capped = get_json(client, "/api/charts/expand/subject/S1?max_nodes=2")
    assert len(capped["nodes"]) == 3 and "Showing 3 of" in capped["message"]
    filtered = get_json(client, "/api/charts/expand/subject/S1?category=rape")
    assert ids(filtered, "offence") == {"offence:O1"}
    assert get_json(client, "/api/charts/expand/planet/X", 404)["ok"] is False


def test_layouts_are_saved_and_restored_per_user_and_centre(scene, client_as):
    alice, bob = client_as("analyst", "alice"), client_as("analyst", "bob")
    positions = {"subject:S1": {"x": 0, "y": 0}, "offence:O1": {"x": 120.5, "y": -40}}
    token = csrf_token(alice, "/network/S1")
    saved = alice.post("/api/charts/subject/S1/layout", json={"positions": positions},
                       headers={"X-CSRFToken": token})
    assert saved.status_code == 200 and saved.get_json()["nodes"] == 2
    assert get_json(alice, "/api/charts/subject/S1/layout")["layout"]["positions"] == positions
    assert get_json(alice, "/api/charts/subject/S1?depth=1")["layout"]["positions"] == positions
    assert get_json(bob, "/api/charts/subject/S1/layout")["layout"] is None
    assert get_json(alice, "/api/charts/subject/S2/layout")["layout"] is None
    # Saving again replaces; one SavedLayout per user and centre.
    alice.post("/api/charts/subject/S1/layout",
               json={"positions": {"subject:S1": {"x": 5, "y": 6}}}, headers={"X-CSRFToken": token})
    rows = scene.read_text("t", "MATCH (l:SavedLayout) RETURN l.username AS u, l.centre_id AS c")
    assert rows == [{"u": "alice", "c": "S1"}]
    # A location's network has its own layout.
    alice.post("/api/charts/location/L1/layout", json={"positions": positions},
               headers={"X-CSRFToken": token})
    assert get_json(alice, "/api/charts/location/L1/layout")["layout"]["nodes"] == 2
    # Without the CSRF header, with bad positions, or for nobody: refused.
    assert alice.post("/api/charts/subject/S1/layout",
                      json={"positions": positions}).status_code == 400
    for bad in ({"positions": {"x": "y"}}, {"positions": {"a": {"x": "NaN", "y": 1}}},
                {"positions": []}, ["not", "an", "object"]):
        response = alice.post("/api/charts/subject/S1/layout", json=bad,
                              headers={"X-CSRFToken": token})
        assert response.status_code == 400, bad
    assert alice.post("/api/charts/subject/NOBODY/layout", json={"positions": positions},
                      headers={"X-CSRFToken": token}).status_code == 404
    forgot = alice.delete("/api/charts/subject/S1/layout", headers={"X-CSRFToken": token})
    assert forgot.get_json()["deleted"] is True
    assert get_json(alice, "/api/charts/subject/S1/layout")["layout"] is None


def test_notes_pinned_to_nodes_are_saved_with_the_layout_checked_and_kept_for_their_author(
        scene, client_as):
    alice, bob = client_as("analyst", "alice"), client_as("rasso_officer", "bob")
    token = csrf_token(alice, "/network/S1")
    positions = {"subject:S1": {"x": 0, "y": 0}, "offence:O1": {"x": 120.5, "y": -40}}
    notes = {"offence:O1": "  Same MO as the 2023 series\r\nask about CCTV\x07 ",
             "subject:S5": INJECTION}

    def save(body, who=alice, csrf=token):
        return who.post("/api/charts/subject/S1/layout", json=body,
                        headers={"X-CSRFToken": csrf})

    saved = save({"positions": positions, "notes": notes})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert saved.get_json()["notes"] == 2
    layout = get_json(alice, "/api/charts/subject/S1/layout")["layout"]
    assert layout["notes"] == {"offence:O1": "Same MO as the 2023 series\nask about CCTV",
                               "subject:S5": INJECTION}
    assert get_json(alice, "/api/charts/subject/S1?depth=1")["layout"]["notes"] == (
        layout["notes"])
    # Layouts are per user: nobody else reads the notes, through any route.
    assert get_json(bob, "/api/charts/subject/S1/layout")["layout"] is None
    assert "CCTV" not in bob.get("/api/charts/subject/S1?depth=1").get_data(as_text=True)
    # A reset that keeps the notes: no positions, the notes.
    kept = save({"positions": {}, "notes": layout["notes"]})
    assert kept.status_code == 200 and kept.get_json() | {"saved_at": None} == {
        "ok": True, "nodes": 0, "notes": 2, "saved_at": None}
    assert get_json(alice, "/api/charts/subject/S1/layout")["layout"]["positions"] == {}
    # Checked on the server: 500 characters, 200 notes, text pinned to a node id.
    too_long = {"offence:O1": "x" * (network.MAX_NOTE_CHARS + 1)}
    too_many = {f"offence:O{i}": "note" for i in range(network.MAX_NOTES + 1)}
    for bad in ({"positions": positions, "notes": too_long},
                {"positions": positions, "notes": too_many},
                {"positions": positions, "notes": {"offence:O1": 5}},
                {"positions": positions, "notes": ["a note"]},
                {"positions": positions, "notes": {"": "a note"}}):
        response = save(bad)
        assert response.status_code == 400, bad
        assert response.get_json()["ok"] is False
    exactly = save({"positions": positions,
                    "notes": {"offence:O1": "y" * network.MAX_NOTE_CHARS}})
    assert exactly.status_code == 200
    # Nothing pinned is a layout too (the API contract's {}): the drawing lays itself out.
    for empty in ({}, {"positions": {}}, {"positions": {}, "notes": {}}):
        assert save(empty).get_json() | {"saved_at": None} == {
            "ok": True, "nodes": 0, "notes": 0, "saved_at": None}, empty
    # The MAPPA panel cannot save one (a write), notes or not.
    mappa = client_as("mappa_panel")
    assert save({"positions": positions, "notes": {"offence:O1": "x"}}, mappa,
                csrf_token(mappa, "/network/S1")).status_code == 403


# --- roles, masking, audit, escaping -----------------------------------------------------


def test_the_mappa_panel_sees_victims_only_as_victim_a_b_with_page_scoped_ids(scene, client_as):
    mappa = client_as("mappa_panel")
    response = mappa.get("/api/charts/subject/S1?depth=3&page=pageone1")
    text = response.get_data(as_text=True)
    for secret in ("V1", "V2", "Vera", "Victimson", "Wendy", "Harmedley", "1990-02-03",
                   "1991-04-05", "notes naming nobody", "7 Pretend Close"):
        assert secret not in text, secret
    body = response.get_json()
    victims = [n for n in body["nodes"] if n["kind"] == "victim"]
    assert sorted(n["label"] for n in victims) == ["Victim A", "Victim B"]
    assert all(n["masked"] and re.fullmatch(r"victim:v[0-9a-f]{20}", n["id"]) for n in victims)
    assert body["masked"] is True
    # The same page keeps the same ids (so expanding finds her); another page does not.
    again = get_json(mappa, "/api/charts/subject/S1?depth=3&page=pageone1")
    other = get_json(mappa, "/api/charts/subject/S1?depth=3&page=pagetwo2")
    assert ids(again, "victim") == ids(body, "victim")
    assert not ids(other, "victim") & ids(body, "victim")
    # Expanding a pseudonymous victim, found from the offence beside her.
    v1 = next(e["from"] for e in body["edges"] if e["to"] == "offence:O1"
              and e["type"] == "VICTIM_OF")
    token = v1.split(":", 1)[1]
    expanded = mappa.get(f"/api/charts/expand/victim/{token}?near=O1&page=pageone1")
    assert expanded.status_code == 200
    assert {"offence:O1", "offence:O4", v1} <= ids(expanded.get_json())
    assert "V1" not in expanded.get_data(as_text=True)
    assert mappa.get(f"/api/charts/expand/victim/{token}?near=O2&page=pageone1"
                     ).status_code == 404
    assert mappa.get(f"/api/charts/expand/victim/{token}?page=pageone1").status_code == 400
    # A residential address (maybe her home) is only its postcode district.
    home = get_json(mappa, "/api/charts/expand/offence/O4?page=pageone1")
    place = next(n for n in home["nodes"] if n["id"] == "location:L3")
    assert place["label"] == "Residential address (ZZ3)"
    assert "Pretend" not in json.dumps(home)
    # Analysts see who she is.
    analyst = get_json(client_as("analyst"), "/api/charts/subject/S1?depth=2")
    names = {n["label"] for n in analyst["nodes"] if n["kind"] == "victim"}
    assert names == {"Vera Victimson", "Wendy Harmedley"}


def test_the_mappa_panel_reads_but_cannot_save_layouts_and_admins_see_nothing(scene, client_as):
    mappa = client_as("mappa_panel")
    page = mappa.get("/network/S1").get_data(as_text=True)
    assert 'data-can-save="false"' in page and "Save layout" not in page
    token = csrf_token(mappa, "/network/S1")
    refused = mappa.post("/api/charts/subject/S1/layout",
                         json={"positions": {"a": {"x": 1, "y": 1}}},
                         headers={"X-CSRFToken": token})
    assert refused.status_code == 403 and refused.get_json()["ok"] is False
    assert mappa.delete("/api/charts/subject/S1/layout",
                        headers={"X-CSRFToken": token}).status_code == 403
    assert 'data-can-save="true"' in client_as("analyst").get("/network/S1").get_data(
        as_text=True)
    admin = client_as("admin")
    for url in ("/network/S1", "/api/charts/subject/S1", "/api/charts/location/L1",
                "/api/charts/expand/subject/S1", "/api/charts/export/subject/S1",
                "/locations", "/api/locations", "/locations/L1"):
        assert admin.get(url).status_code == 403, url


def test_every_view_of_a_network_is_audited(scene, client_as):
    client = client_as("rasso_officer", "rasso1")
    client.get("/network/S1")
    client.get("/api/charts/subject/S1?depth=2")
    client.get("/api/charts/expand/offence/O1")
    client.get("/api/charts/export/subject/S1?format=png")
    client.get("/api/charts/location/L1")
    client.get("/locations/L1")
    events = {(e["action"], e["target_kind"], e["target_id"])
              for e in audit.search(scene, username="rasso1")}
    assert {("view_network", "Subject", "S1"), ("view_network_data", "Subject", "S1"),
            ("expand_network", "Offence", "O1"), ("export_network_png", "Subject", "S1"),
            ("view_network_data", "Location", "L1"), ("view_location", "Location", "L1")
            } <= events
    mappa = client_as("mappa_panel", "panel1")
    body = get_json(mappa, "/api/charts/subject/S1?depth=2&page=pageone1")
    v1 = next(e["from"] for e in body["edges"] if e["to"] == "offence:O1"
              and e["type"] == "VICTIM_OF")
    mappa.get(f"/api/charts/expand/victim/{v1.split(':', 1)[1]}?near=O1&page=pageone1")
    # The audit names the real victim: who looked at whom must be traceable.
    assert ("expand_network", "Victim", "V1") in {
        (e["action"], e["target_kind"], e["target_id"])
        for e in audit.search(scene, username="panel1")}


def test_an_export_is_audited_with_its_filters_and_gets_its_marking_and_words(scene, client_as):
    client = client_as("analyst", "exporter")
    body = get_json(client, "/api/charts/export/subject/S1?format=svg&depth=2&category=rape"
                            "&from=2024-01-01&as_of=2025-06-01&slider_from=2024-03"
                            "&slider_to=2025-01&offences_shown=2&offences_total=5"
                            "&grouped=kind")
    assert body["filename"] == "linkwatch-network-subject-S1.svg"
    assert body["marking"] == "OFFICIAL-SENSITIVE"
    assert body["title"] == "linkwatch network: Adam Testperson (S1)"
    assert body["as_of"] == "2025-06-01"
    assert body["filters"] == [
        "Depth 2 · offences reported 2024-01-01 to the latest · Rape",
        "Time slider: reported 2024-03 to 2025-01 (2 of 5 offences drawn)",
        "Grouped by kind and venue: a group stands for its members",
        "Tiers as of 2025-06-01"]
    assert body["exported"].startswith("Exported by exporter ")
    png = get_json(client, "/api/charts/export/location/L1")
    assert png["filename"] == "linkwatch-network-location-L1.png"
    assert png["filters"][0] == "offences reported at any time · all categories"
    events = {(e["action"], e["target_id"]): e.get("reason")
              for e in audit.search(scene, username="exporter")}
    assert events[("export_network_svg", "S1")].startswith("SVG: Depth 2 · ")
    assert "Time slider: reported 2024-03 to 2025-01" in events[("export_network_svg", "S1")]
    assert ("export_network_png", "L1") in events
    for query, words in [("format=pdf", "format"), ("slider_from=2024-13", "slider_from"),
                         ("grouped=everything", "grouped"), ("offences_shown=x", "offences")]:
        error = get_json(client, f"/api/charts/export/subject/S1?{query}", 400)
        assert words in error["error"]
    # The MAPPA panel's export names a home by its district only.
    mappa = get_json(client_as("mappa_panel"), "/api/charts/export/location/L3")
    assert "Pretend" not in json.dumps(mappa) and "ZZ3" in mappa["title"]


def test_an_injected_name_is_only_ever_text(scene, client_as):
    client = client_as("analyst")
    page = client.get("/network/S8").get_data(as_text=True)
    assert INJECTION not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>bold</b>" not in page
    response = client.get("/api/charts/subject/S8?depth=2")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = response.get_json()
    s8 = body["nodes"][0]
    # Plain text for the canvas and for textContent; no HTML tooltip ("title") is sent.
    assert s8["label"] == f"{INJECTION} <b>bold</b>"
    assert all("title" not in n for n in body["nodes"])
    assert ["Name", f"{INJECTION} <b>bold</b>"] in s8["details"]
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


# --- repeat locations -------------------------------------------------------------------


def test_repeat_locations_rank_places_and_keep_online_ones_off_the_map(scene, client_as):
    body = get_json(client_as("analyst"),
                    "/api/locations?from=2024-01-01&to=2025-12-31")
    rows = {r["location_id"]: r for r in body["locations"]}
    first = body["locations"][0]
    assert first["location_id"] == "L1" and first["offences"] == 2
    assert (first["victims"], first["subjects"]) == (1, 3)
    assert rows["L4"]["on_map"] is False and rows["L1"]["on_map"] is True
    assert body["on_map"] == sum(1 for r in body["locations"] if r["on_map"])
    assert "repeat_victim_ids" not in json.dumps(body)
    venue = get_json(client_as("analyst"),
                     "/api/locations?from=2024-01-01&to=2025-12-31&venue_type=transport_hub")
    assert [r["location_id"] for r in venue["locations"]] == ["L2"]
    assert get_json(client_as("analyst"), "/api/locations?venue_type=moon", 400)["ok"] is False
    # The default window is the last twelve months: nothing in this scenario is that recent.
    assert get_json(client_as("analyst"), "/api/locations")["filters"]["to"] == (
        dt.date.today().isoformat())


def test_the_repeat_locations_page_lists_and_maps_and_masks_homes_for_mappa(scene, client_as):
    page = client_as("analyst").get("/locations?from=2024-01-01&to=2025-12-31")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="map"' in html and "The Fictional Arms" in html
    assert 'data-lat="51.501"' in html and "leaflet.js" in html
    assert 'data-tiles=""' in html  # no tile server unless configured
    mappa = client_as("mappa_panel").get("/api/locations?from=2024-01-01&to=2025-12-31")
    home = next(r for r in mappa.get_json()["locations"] if r["location_id"] == "L3")
    assert home["name"] == "Residential address (ZZ3)" and home["lat"] is None
    assert "Pretend" not in mappa.get_data(as_text=True)
    page = client_as("mappa_panel").get("/locations/L3").get_data(as_text=True)
    assert "Residential address (ZZ3)" in page and "Pretend" not in page
    assert "7 Pretend Close" in client_as("analyst").get("/locations/L3").get_data(as_text=True)


def test_a_location_page_has_its_day_by_hour_profile_and_its_network(scene, client_as):
    # The scene is dated 2024-2025: all time, not the default last 12 months.
    response = client_as("analyst").get("/locations/L1?period=all")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Saturdays, 23:00–23:59 (2)" in html
    assert len(re.findall(r'class="heat-\d', html)) == 7 * 24
    assert 'class="heat-5 peak"' in html
    assert 'data-src="/api/charts/location/L1?depth=2&amp;page=' in html
    assert client_as("analyst").get("/locations/NOWHERE").status_code == 404


def test_a_tile_server_is_allowed_by_the_csp_only_on_the_map_pages(scene, make_app, db):
    from tests.auth_fixtures import login, make_user

    app = make_app(MAP_TILE_URL="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    make_user(db, "tiles")
    client = app.test_client()
    login(client, "tiles")
    csp = client.get("/locations").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tile.example.org;" in csp
    assert "tile.example.org" not in client.get("/network/S1").headers[
        "Content-Security-Policy"]
    html = client.get("/locations").get_data(as_text=True)
    assert 'data-tiles="https://{s}.tile.example.org/{z}/{x}/{y}.png"' in html
