"""Network analytics on small well-known graphs, and link scoring, without a database."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from graph.analytics import links, networks
from graph.analytics.config import LinkConfig, parse_types, rel_types_for


def _edges(graph: nx.Graph) -> pd.DataFrame:
    return pd.DataFrame([{"source": str(a), "target": str(b), "score": 1.0}
                         for a, b in graph.edges()])


def test_louvain_on_the_karate_club_repeats_and_splits_the_club():
    graph = networks.build_graph(None, _edges(nx.karate_club_graph()))
    first = networks.communities(graph)
    assert first == networks.communities(graph)  # fixed seed: same answer every time
    assert 3 <= len(first) <= 5 and sum(len(c) for c in first) == 34
    # The two leaders (0: Mr Hi, 33: the officer) end up in different communities.
    where = {m: i for i, c in enumerate(first) for m in c}
    assert where["0"] != where["33"]


def test_communities_never_span_components_and_match_louvain_on_the_whole_graph():
    pieces = [nx.karate_club_graph(), nx.barbell_graph(6, 2), nx.path_graph(2),
              nx.path_graph(1), nx.davis_southern_women_graph()]
    graph = networks.build_graph(None, _edges(nx.disjoint_union_all(pieces)))
    graph.add_node("alone")
    found = networks.communities(graph)
    component_of = {m: i for i, c in enumerate(networks.components(graph)) for m in c}
    assert all(len({component_of[m] for m in c}) == 1 for c in found)
    assert ["alone"] in found and ["48", "49"] in found  # a pair stays whole
    whole = nx.community.louvain_communities(graph, weight="weight", seed=networks.SEED)
    assert nx.community.modularity(graph, found) >= nx.community.modularity(graph, whole) - 0.01


def test_key_people_of_a_barbell_are_the_bridge():
    graph = networks.build_graph(None, _edges(nx.barbell_graph(5, 1)))
    top = networks.key_people(graph, top=3)
    # barbell_graph(5, 1): cliques 0-4 and 6-10 joined through 5 by 4 and 6.
    assert top[0]["id"] == "5"
    assert {p["id"] for p in top[1:]} == {"4", "6"}


def test_components_are_largest_first():
    edges = pd.DataFrame({"source": ["a", "b", "x"], "target": ["b", "c", "y"]})
    nodes = pd.DataFrame({"id": ["a", "b", "c", "x", "y", "lonely"], "name": list("ABCXYL")})
    graph = networks.build_graph(nodes, edges)
    assert networks.components(graph) == [["a", "b", "c"], ["x", "y"], ["lonely"]]
    report = networks.summarise(graph)
    assert [n["component"] for n in report["nodes"]] == [0, 0, 0, 2, 1, 1]
    assert report["nodes"][0]["name"] == "A"


def test_betweenness_is_sampled_above_the_threshold_with_a_fixed_seed():
    graph = nx.relabel_nodes(nx.connected_watts_strogatz_graph(300, 4, 0.1, seed=1), str)
    exact = networks.centrality(graph)
    sampled = networks.centrality(graph, sample_above=100, sample_k=60)
    assert exact.attrs["betweenness_sampled"] is None
    assert sampled.attrs["betweenness_sampled"] == 60
    again = networks.centrality(graph, sample_above=100, sample_k=60)
    assert sampled["betweenness"].equals(again["betweenness"])
    # The estimate keeps most of the exact top ten.
    assert len(set(exact.index[:10]) & set(sampled.index[:10])) >= 5


def test_link_scores_are_the_sum_of_weight_times_count_per_type():
    config = LinkConfig(weights={"co_offending": 5, "association": 1})
    evidence = pd.DataFrame([
        {"source": "A", "target": "B", "target_name": "Bee", "type": "co_offending",
         "via": "O1", "date": "2025-01-01", "detail": "rape"},
        {"source": "A", "target": "B", "target_name": "Bee", "type": "co_offending",
         "via": "O2", "date": "2025-02-01", "detail": "rape"},
        {"source": "A", "target": "B", "target_name": "Bee", "type": "association",
         "via": "knows"},
        {"source": "A", "target": "C", "target_name": "Cee", "type": "association",
         "via": "family"},
    ])
    [b, c] = links.score_links(evidence, config)
    assert (b["target"], b["score"], c["target"], c["score"]) == ("B", 11.0, "C", 1.0)
    assert b["parts"] == [
        {"type": "co_offending", "weight": 5.0, "count": 2, "points": 10.0},
        {"type": "association", "weight": 1.0, "count": 1, "points": 1.0}]
    assert b["evidence"]["co_offending"][1] == {
        "offence_id": "O2", "date": "2025-02-01", "category": "rape"}


def test_edges_count_evidence_found_from_both_ends_once():
    config = LinkConfig(weights={"shared_victim": 4})
    both_ways = pd.DataFrame([
        {"source": "A", "target": "B", "type": "shared_victim", "via": "V1"},
        {"source": "B", "target": "A", "type": "shared_victim", "via": "V1"},
        {"source": "B", "target": "A", "type": "shared_victim", "via": "V2"},
    ])
    [edge] = links.link_edges(both_ways, config).to_dict("records")
    assert (edge["source"], edge["target"], edge["shared_victim"], edge["score"]) == (
        "A", "B", 2, 8.0)


def test_link_types_come_only_from_the_whitelist():
    assert parse_types(None)[0] == "co_offending"
    assert parse_types("association", exclude=None) == ("association",)
    assert rel_types_for(["shared_victim"]) == ["NAMED_IN", "VICTIM_OF"]
    for bad in ("NAMED_IN]-()//", "co_offending,rape"):
        try:
            parse_types(bad)
        except ValueError as exc:
            assert "unknown link type" in str(exc)
        else:
            raise AssertionError(f"{bad!r} accepted")
