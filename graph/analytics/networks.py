"""Network analysis of subjects: components, communities and key people (networkx).

Free functions in the networkx manner: :func:`build_graph` turns a node table and an edge
table (from :mod:`graph.analytics.extract` and :func:`graph.analytics.links.link_edges`)
into a graph; the others take the graph first and return plain data. Results repeat: nodes
and edges are added in sorted order and every random choice takes a fixed seed.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

#: Fixed seed for Louvain and sampled betweenness, so a network gives the same answer twice.
SEED = 7
#: Above this many nodes, or ``SAMPLE_ABOVE_EDGES`` edges, betweenness is estimated from
#: ``SAMPLE_K`` sampled sources: exact betweenness is O(nodes x edges), minutes for a
#: force-wide network and ~10 s for 500 subjects around busy venues (35,000 same-location
#: links), while the top of the ranking (what an analyst reads) is stable under sampling.
SAMPLE_ABOVE = 2000
SAMPLE_ABOVE_EDGES = 10_000
SAMPLE_K = 100


def build_graph(nodes: pd.DataFrame | None, edges: pd.DataFrame) -> nx.Graph:
    """An undirected graph from a node table (``id`` plus attributes) and an edge table.

    Args:
        nodes: one row per subject with an ``id`` column; None to take nodes from the edges.
        edges: ``source``, ``target`` and optionally ``score`` (or ``count``), used as the
            edge ``weight``; other columns become edge attributes.

    Returns:
        The graph; edge endpoints missing from ``nodes`` are added without attributes.

    >>> g = build_graph(None, pd.DataFrame({"source": ["a"], "target": ["b"], "count": [2]}))
    >>> g.edges["a", "b"]["weight"]
    2.0
    """
    graph = nx.Graph()
    if nodes is not None and not nodes.empty:
        for record in nodes.sort_values("id").to_dict("records"):
            graph.add_node(record.pop("id"), **record)
    if edges.empty:
        return graph
    weight_column = "score" if "score" in edges else "count" if "count" in edges else None
    for record in edges.sort_values(["source", "target"]).to_dict("records"):
        source, target = record.pop("source"), record.pop("target")
        weight = float(record[weight_column]) if weight_column else 1.0
        graph.add_edge(source, target, weight=weight, **record)
    return graph


def _ordered(groups: Any) -> list[list[str]]:
    # Largest first, then by smallest member: stable across runs and Python hash seeds.
    return sorted((sorted(map(str, g)) for g in groups), key=lambda g: (-len(g), g[0]))


def components(graph: nx.Graph) -> list[list[str]]:
    """Connected components, largest first, members sorted."""
    return _ordered(nx.connected_components(graph))


def communities(
    graph: nx.Graph, *, seed: int = SEED, resolution: float = 1.0, weight: str = "weight"
) -> list[list[str]]:
    """Louvain communities (``networkx.community.louvain_communities``), largest first.

    Args:
        graph: the network.
        seed: fixed, so the same network gives the same communities.
        resolution: above 1 favours smaller communities.
        weight: edge attribute used as strength (the link score).
    """
    # Components of one or two subjects are communities whatever the method: splitting a
    # pair, or joining separate components, only lowers modularity. Force-wide networks are
    # mostly such pairs, so set them aside and run Louvain on the rest, its resolution
    # scaled by the rest's share of the weight so that it optimises the same whole-graph
    # modularity.
    found, rest = [], []
    for component in nx.connected_components(graph):
        (found if len(component) <= 2 else rest).append(component)
    if rest:
        keep = {node for component in rest for node in component}
        sub = graph.subgraph([node for node in graph if node in keep])
        share = sub.size(weight=weight) / graph.size(weight=weight)
        found += nx.community.louvain_communities(sub, weight=weight, seed=seed,
                                                  resolution=resolution * share)
    return _ordered(found)


def centrality(
    graph: nx.Graph, *, seed: int = SEED, sample_above: int = SAMPLE_ABOVE,
    sample_above_edges: int = SAMPLE_ABOVE_EDGES, sample_k: int = SAMPLE_K,
) -> pd.DataFrame:
    """Degree and betweenness per node.

    Betweenness counts hops, not scores: a score says how strong a link is, and a strong
    link is not a longer one. Above ``sample_above`` nodes or ``sample_above_edges`` edges
    it is estimated from ``sample_k`` source nodes drawn with ``seed``
    (``df.attrs["betweenness_sampled"]`` says k, else None).

    Returns:
        A DataFrame indexed by node id: degree, weighted_degree, degree_centrality,
        betweenness (normalised), sorted by betweenness then degree (highest first).
    """
    columns = ["degree", "weighted_degree", "degree_centrality", "betweenness"]
    n = graph.number_of_nodes()
    if n == 0:
        frame = pd.DataFrame(columns=columns)
        frame.attrs["betweenness_sampled"] = None
        return frame
    big = n > sample_above or graph.number_of_edges() > sample_above_edges
    k = min(sample_k, n) if big else None
    between = nx.betweenness_centrality(graph, k=k, seed=seed if k else None, normalized=True)
    frame = pd.DataFrame({
        "degree": dict(graph.degree()),
        "weighted_degree": dict(graph.degree(weight="weight")),
        "degree_centrality": nx.degree_centrality(graph),
        "betweenness": between,
    })[columns]
    frame.index.name = "id"
    frame = frame.reset_index().sort_values(
        ["betweenness", "degree", "id"], ascending=[False, False, True]
    ).set_index("id")
    frame.attrs["betweenness_sampled"] = k
    return frame


def key_people(
    graph: nx.Graph, *, top: int = 10, seed: int = SEED, table: pd.DataFrame | None = None
) -> list[dict[str, Any]]:
    """The people who hold the network together: highest betweenness, then degree.

    Args:
        graph: the network.
        top: how many.
        seed: for sampled betweenness.
        table: a :func:`centrality` table already computed for ``graph``.

    Returns:
        Up to ``top`` dicts: id, name (when the node has one), degree, betweenness.
    """
    table = (centrality(graph, seed=seed) if table is None else table).head(top)
    return [
        {"id": node, "name": graph.nodes[node].get("name"), "degree": int(row["degree"]),
         "betweenness": round(float(row["betweenness"]), 6)}
        for node, row in table.iterrows()
    ]


def triangles(graph: nx.Graph) -> dict[str, int]:
    """Triangles through each node (closed groups of three who all know each other)."""
    return dict(sorted(nx.triangles(graph).items()))


def summarise(graph: nx.Graph, *, top: int = 10, seed: int = SEED) -> dict[str, Any]:
    """Everything the network views show, as plain data.

    Returns:
        ``{"nodes", "edges", "components", "communities", "key_people",
        "betweenness_sampled"}``: ``nodes`` lists each node's attributes plus its
        component and community index, degree and betweenness; ``edges`` each edge's.
    """
    parts = components(graph)
    groups = communities(graph, seed=seed)
    table = centrality(graph, seed=seed)
    component_of = {m: i for i, members in enumerate(parts) for m in members}
    community_of = {m: i for i, members in enumerate(groups) for m in members}
    nodes = []
    for node in sorted(graph.nodes, key=str):
        row = table.loc[node]
        nodes.append({"id": node, **_plain(graph.nodes[node]),
                      "component": component_of[str(node)], "community": community_of[str(node)],
                      "degree": int(row["degree"]),
                      "betweenness": round(float(row["betweenness"]), 6)})
    edges = [{"source": s, "target": t, **_plain(a)} for s, t, a in sorted(graph.edges(data=True))]
    return {
        "nodes": nodes,
        "edges": edges,
        "components": [{"size": len(m), "members": m} for m in parts],
        "communities": [{"size": len(m), "members": m} for m in groups],
        "key_people": key_people(graph, top=top, table=table),
        "betweenness_sampled": table.attrs["betweenness_sampled"],
    }


def _plain(attrs: dict[str, Any]) -> dict[str, Any]:
    # NumPy scalars from DataFrames are not JSON: make them Python numbers.
    return {k: (v.item() if hasattr(v, "item") else v) for k, v in attrs.items()}
