"""linkwatch's analytics on the Neo4j POLE example against answers computed from its CSVs.

The POLE files are loaded once for this module (about a minute) by ``pole``, a
module-scoped fixture: every test here uses it and none uses the wiping ``db`` fixture.
The independent answers come from the CSV files with pandas and networkx on the CSV edges.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import networkx as nx
import pandas as pd
import pytest

from graph.analytics import extract, extract_places, networks, service
from ingest.pipeline import run_ingest
from tests.conftest import DATA, wipe

pytestmark = pytest.mark.neo4j

POLE = DATA / "pole"


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(POLE / f"crime-investigation.{name}.csv", dtype=str, keep_default_na=False)


def _pid(raw: str) -> str:
    return f"pole:{raw}"


@pytest.fixture(scope="module")
def pole(session_db, tmp_path_factory):
    """The session's database holding exactly the POLE example (emptied afterwards)."""
    wipe(session_db)
    summary = run_ingest(POLE, "pole", db=session_db, batch_size=10000, progress=False,
                         quarantine_dir=tmp_path_factory.mktemp("pole-quarantine"))
    assert summary["totals"]["quarantined"] == 0
    yield session_db
    wipe(session_db)


@pytest.fixture(scope="module")
def knows() -> nx.Graph:
    """The KNOWS network from the CSV (undirected; KNOWS has no reciprocal pairs)."""
    rows = _csv("relationships.KNOWS")
    return nx.Graph(zip(rows[":START_ID"].map(_pid), rows[":END_ID"].map(_pid), strict=True))


@pytest.fixture(scope="module")
def person_ids() -> dict[str, str]:
    people = _csv("nodes.Person")
    return {f"{p['name']} {p['surname']}": _pid(p[":ID"]) for _, p in people.iterrows()}


def test_crime_totals_by_type_equal_the_file(pole):
    expected = Counter(_csv("nodes.Crime")["type"])
    totals = extract_places.offence_totals(pole)
    assert dict(zip(totals["offence_type"], totals["offences"], strict=True)) == expected
    assert totals.iloc[0]["category"] == "violence_and_sexual"


def test_the_top_crime_locations_equal_the_file(pole):
    counts = Counter(_csv("relationships.OCCURRED_AT")[":END_ID"].map(_pid))
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    top = extract_places.repeat_locations(pole, limit=15)
    assert list(zip(top["location_id"], top["offences"], strict=True)) == expected
    addresses = _csv("nodes.Location").set_index(":ID")["address"]
    assert top.iloc[0]["name"] == addresses[expected[0][0].removeprefix("pole:")]
    # In the busiest month: the same ranking restricted by date and type still adds up.
    violent = extract_places.repeat_locations(pole, category="violence_and_sexual",
                                              date_from=dt.date(2017, 8, 1),
                                              date_to=dt.date(2017, 8, 31), limit=500)
    crimes = _csv("nodes.Crime").set_index(":ID")
    occurred = _csv("relationships.OCCURRED_AT")
    occurred = occurred[occurred[":START_ID"].map(crimes["type"])
                        == "Violence and sexual offences"]
    by_place = Counter(occurred[":END_ID"].map(_pid))
    assert violent.iloc[0]["offences"] == max(by_place.values())
    assert dict(zip(violent["location_id"], violent["offences"], strict=True)) == {
        k: v for k, v in by_place.items() if k in set(violent["location_id"])}


@pytest.mark.parametrize("first, second", [
    ("Gregory Rodriguez", "Andrea Montgomery"),
    ("Mildred Kelly", "Justin Hunt"),
    ("Phillip Myers", "Jeffrey Fuller"),
])
def test_shortest_paths_over_knows_equal_networkx_on_the_csv(pole, knows, person_ids, first,
                                                              second):
    a, b = person_ids[first], person_ids[second]
    expected = sorted(nx.all_shortest_paths(knows, a, b))
    found = service.paths_between(pole, a, b, types="association", association_kinds=["knows"],
                                  max_paths=100)
    assert sorted(p["subjects"] for p in found["paths"]) == expected
    assert found["excluded"] == 0 and not found["truncated"]
    hops = [h for p in found["paths"] for h in p["hops"]]
    assert {(h["type"], tuple(h["via"]["kinds"])) for h in hops} == {("association", ("knows",))}


def test_the_people_most_involved_in_crimes_equal_party_to(pole):
    party = _csv("relationships.PARTY_TO").drop_duplicates()
    expected = Counter(party[":START_ID"].map(_pid))
    top = extract.most_named(pole, limit=100)
    assert dict(zip(top["id"], top["offences"], strict=True)) == expected
    ranked = sorted(expected.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    assert list(zip(top["id"], top["offences"], strict=True))[:5] == ranked


def test_triangles_and_betweenness_of_the_social_network_equal_networkx(pole, knows):
    edges = extract.association_edges(pole, kinds=["knows"])
    graph = networks.build_graph(None, edges)
    assert set(map(frozenset, graph.edges)) == set(map(frozenset, knows.edges))
    assert networks.triangles(graph) == dict(sorted(nx.triangles(knows).items()))
    ours = networks.centrality(graph)["betweenness"]
    theirs = pd.Series(nx.betweenness_centrality(knows))
    assert (ours - theirs[ours.index]).abs().max() < 1e-9
    assert list(ours.index[:5]) == list(theirs.sort_values(ascending=False).index[:5])


def test_an_ego_network_over_associations_equals_the_csv_ego_graph(pole, knows):
    centre = max(knows.degree, key=lambda nd: (nd[1], nd[0]))[0]
    nodes, edges, info = service.ego_analysis(pole, centre, depth=2, types="association")
    expected = nx.ego_graph(knows, centre, radius=2)
    assert set(nodes["id"]) == set(expected.nodes) and not info["truncated"]
    ours = {frozenset((s, t)) for s, t in zip(edges["source"], edges["target"], strict=True)}
    assert ours == set(map(frozenset, expected.edges))
    depths = nx.single_source_shortest_path_length(knows, centre, cutoff=2)
    assert dict(zip(nodes["id"], nodes["depth"], strict=True)) == depths


def test_same_address_and_same_place_links_equal_the_files(pole):
    homes = _csv("relationships.CURRENT_ADDRESS")
    sharing = homes.groupby(":END_ID")[":START_ID"].apply(list)
    expected_address = {frozenset(map(_pid, pair)) for people in sharing
                        for pair in itertools.combinations(people, 2)}
    party = _csv("relationships.PARTY_TO").drop_duplicates()
    place = _csv("relationships.OCCURRED_AT").set_index(":START_ID")[":END_ID"]
    day = pd.to_datetime(_csv("nodes.Crime").set_index(":ID")["date"], format="%d/%m/%Y")
    crimes = party.assign(place=party[":END_ID"].map(place), day=party[":END_ID"].map(day))
    expected_place = {
        frozenset((_pid(x[":START_ID"]), _pid(y[":START_ID"])))
        for _, group in crimes.groupby("place")
        for (_, x), (_, y) in itertools.combinations(group.iterrows(), 2)
        if x[":START_ID"] != y[":START_ID"] and abs((x["day"] - y["day"]).days) <= 365
    }
    people = sorted({_pid(p) for p in homes[":START_ID"]} | {_pid(p) for p in party[":START_ID"]})
    _, edges, _ = service.cohort_network(pole, people, types=["shared_address", "same_location"])
    pairs = {t: {frozenset((s, g)) for s, g, n in zip(edges["source"], edges["target"], edges[t],
                                                      strict=True) if n}
             for t in ("shared_address", "same_location")}
    assert pairs["shared_address"] == expected_address and expected_address
    assert pairs["same_location"] == expected_place and expected_place


def test_communities_of_the_social_network_cover_it_and_repeat(pole):
    graph = networks.build_graph(None, extract.association_edges(pole))
    first, second = networks.communities(graph), networks.communities(graph)
    assert first == second
    assert sorted(m for c in first for m in c) == sorted(graph.nodes)
    assert len(networks.components(graph)) == nx.number_connected_components(graph)
