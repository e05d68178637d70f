"""Communities of an extracted network, so that a large drawing can be grouped.

A place's network is mostly many small stars (an offence there, its subjects and victims)
hanging off one hub, and above a few hundred nodes it is unreadable drawn whole. Louvain
(:func:`graph.analytics.networks.communities`, fixed seed) finds the groups that hang
together; the page folds each into one node the reader opens with a click.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.analytics.networks import communities

#: Networks smaller than this are drawn whole: grouping them would hide more than it shows.
COMMUNITIES_FROM = 80


def community_of(nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
                 *, minimum: int | None = None) -> dict[str, int]:
    """Each node's community, numbered from 0 (the largest), or nothing for a small network.

    Args:
        nodes: extracted nodes (``element_id``), as :func:`graph.network.ego_extract` returns.
        edges: extracted edges (``from``, ``to`` element ids).
        minimum: the fewest nodes worth grouping (:data:`COMMUNITIES_FROM` by default).

    Returns:
        element id -> community number; empty below ``minimum`` nodes.

    >>> nodes = [{"element_id": n} for n in "abcdef"]
    >>> edges = [{"from": a, "to": b} for a, b in ("ab", "bc", "ca", "de", "ef", "fd", "cd")]
    >>> sorted(community_of(nodes, edges, minimum=3).items())
    [('a', 0), ('b', 0), ('c', 0), ('d', 1), ('e', 1), ('f', 1)]
    """
    if len(nodes) < (COMMUNITIES_FROM if minimum is None else minimum):
        return {}
    graph = nx.Graph()
    graph.add_nodes_from(sorted(n["element_id"] for n in nodes))
    graph.add_edges_from(sorted((e["from"], e["to"]) for e in edges if e["from"] != e["to"]))
    return {member: number for number, group in enumerate(communities(graph))
            for member in group}
