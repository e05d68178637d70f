"""Typed, evidenced links between subjects, on small named scenarios."""

from __future__ import annotations

import pytest

from graph.analytics import service
from graph.errors import NotFound
from ingest.pipeline import run_ingest
from tests.link_scenarios import chain_of_links, co_offenders_on_one_rape, same_bar_400_days_apart
from tests.scenarios import three_subjects_sharing_one_victim

pytestmark = pytest.mark.neo4j


def _load(db, build, tmp_path):
    run_ingest(build(tmp_path / "export"), db=db, quarantine_dir=tmp_path / "q",
               progress=False)


def _by_target(result):
    return {link["target"]: link for link in result["links"]}


def test_three_subjects_sharing_one_victim_are_each_linked_through_her(db, tmp_path):
    _load(db, three_subjects_sharing_one_victim, tmp_path)
    links = _by_target(service.subject_links(db, "S1", types=["shared_victim"]))
    assert set(links) == {"S2", "S3"}
    assert links["S2"]["parts"] == [
        {"type": "shared_victim", "weight": 4.0, "count": 1, "points": 4.0}]
    assert links["S2"]["evidence"]["shared_victim"] == [
        {"victim_id": "V1", "offence_id": "O1", "other_offence_id": "O2",
         "date": "2025-03-01", "other_date": "2025-04-01"}]
    # The cohort of the three is one component held together by the victim.
    nodes, edges, info = service.cohort_network(db, ["S1", "S2", "S3"], types="shared_victim")
    assert len(edges) == 3 and set(edges["types"].map(tuple)) == {("shared_victim",)}
    assert service.network_report(nodes, edges)["components"] == [
        {"size": 3, "members": ["S1", "S2", "S3"]}]


def test_two_subjects_sharing_a_phone_are_linked_by_it_whatever_its_spelling(db, tmp_path):
    _load(db, three_subjects_sharing_one_victim, tmp_path)
    links = _by_target(service.subject_links(db, "S2"))
    s3 = links["S3"]
    assert s3["types"] == ["shared_victim", "shared_identifier"]
    assert [(p["type"], p["count"]) for p in s3["parts"]] == [
        ("shared_victim", 1), ("shared_identifier", 1)]
    assert s3["score"] == 4.0 + 3.0 == sum(p["points"] for p in s3["parts"])
    [phone] = s3["evidence"]["shared_identifier"]
    assert phone["identifier"].startswith("phone:") and "900123" in phone["identifier_id"]
    # S1 shares the victim with S2 but no phone.
    assert links["S1"]["types"] == ["shared_victim"]


def test_co_offenders_on_one_rape_are_linked_and_a_bystander_is_not(db, tmp_path):
    _load(db, co_offenders_on_one_rape, tmp_path)
    links = _by_target(service.subject_links(db, "S1", types="co_offending"))
    assert set(links) == {"S2"}  # S3 is named with role "other"
    assert links["S2"]["evidence"]["co_offending"] == [
        {"offence_id": "O1", "date": "2025-02-01", "category": "rape"}]
    # All types: S1's own assault at the same bar 28 days later also links him to S2.
    everything = _by_target(service.subject_links(db, "S1"))["S2"]
    assert [(p["type"], p["points"]) for p in everything["parts"]] == [
        ("co_offending", 5.0), ("same_location", 1.0)]
    assert everything["evidence"]["same_location"][0]["days_apart"] == 28
    # One offence is co-offending, never a "shared victim" with itself.
    assert "shared_victim" not in everything["types"]


def test_offences_at_the_same_bar_400_days_apart_are_not_linked_with_a_365_day_window(
    db, tmp_path
):
    _load(db, same_bar_400_days_apart, tmp_path)
    within_year = _by_target(service.subject_links(db, "S1", types="same_location"))
    assert set(within_year) == {"S3"}
    assert within_year["S3"]["evidence"]["same_location"][0]["days_apart"] == 59
    wider = _by_target(service.subject_links(db, "S1", window_days=400, types="same_location"))
    assert set(wider) == {"S2", "S3"}
    assert wider["S2"]["evidence"]["same_location"][0] == {
        "location_id": "BAR", "offence_id": "O1", "other_offence_id": "O2",
        "date": "2023-01-01", "other_date": "2024-02-05", "days_apart": 400, "pairs": 1,
        "location": "The Pretend Tavern", "venue_type": "night_time_economy"}


def test_people_living_at_one_address_are_linked_by_it(db, tmp_path):
    _load(db, same_bar_400_days_apart, tmp_path)
    db.write_text("t", "MATCH (a:Subject {id: 'S1'}), (b:Subject {id: 'S2'}) "
                       "CREATE (h:Location {id: 'H1', name: '1 Shared Street'}) "
                       "CREATE (a)-[:LIVES_AT]->(h), (b)-[:LIVES_AT]->(h)")
    links = _by_target(service.subject_links(db, "S2", types="shared_address"))
    assert links["S1"]["evidence"]["shared_address"] == [
        {"location_id": "H1", "address": "1 Shared Street", "venue_type": None}]


def test_a_chain_of_links_is_one_path_with_a_typed_hop_each(db, tmp_path):
    _load(db, chain_of_links, tmp_path)
    found = service.paths_between(db, "S1", "S4")
    assert found["count"] == 1 and not found["truncated"]
    [path] = found["paths"]
    assert path["subjects"] == ["S1", "S2", "S3", "S4"] and path["steps"] == 5
    assert [(h["type"], h["via"]["kind"]) for h in path["hops"]] == [
        ("co_offending", "Offence"), ("shared_identifier", "Identifier"),
        ("association", "association")]
    assert path["hops"][0]["via"]["id"] == "O1"
    assert path["hops"][2]["via"]["kinds"] == ["knows"]
    # Without shared identifiers there is no way from S1 to S4; S5 is linked to nobody.
    assert service.paths_between(db, "S1", "S4", exclude="shared_identifier")["count"] == 0
    assert service.paths_between(db, "S1", "S5")["paths"] == []


def test_an_ego_network_grows_one_link_per_depth(db, tmp_path):
    _load(db, chain_of_links, tmp_path)
    members = {}
    for depth in (1, 2, 3):
        nodes, edges, info = service.ego_analysis(db, "S1", depth=depth)
        members[depth] = sorted(nodes["id"])
        assert len(edges) == depth and not info["truncated"]
    assert members == {1: ["S1", "S2"], 2: ["S1", "S2", "S3"], 3: ["S1", "S2", "S3", "S4"]}
    with pytest.raises(ValueError, match="depth"):
        service.ego_analysis(db, "S1", depth=4)
    with pytest.raises(NotFound):
        service.subject_links(db, "NOBODY")
