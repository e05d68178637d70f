"""Extracting a network from Neo4j: everything within a few relationships of a centre node.

A network is everything within ``depth`` relationships (1-3) of a centre node in the raw
graph, over ``NAMED_IN``, ``VICTIM_OF``, ``OCCURRED_AT``, ``HAS_IDENTIFIER``, ``ASSOCIATE_OF``
and ``LIVES_AT``, with every relationship among the nodes kept. Offences outside the date
window (``reported_on``) or category are neither shown nor crossed. At most ``cap`` nodes are
kept, nearest first, and the answer says how many there were.

The answer is raw: nodes with their kind and properties, edges between Neo4j element ids, and
the subjects' tiers (from the trawl's own code path). Drawing it (vis-network items) and what
each reader may see of it belong to ``app/chart.py`` and :mod:`graph.disclosure`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.db import Database, render
from graph.errors import NotFound
from graph.network.communities import community_of
from graph.network.filters import KINDS, Filters, kind_of, label_of
from graph.resolution.network import one_node_per_person
from graph.tiers import trawl as trawl_mod
from graph.tiers.rules import RuleSet

MAX_DEPTH = 3
#: Nodes drawn at most: vis-network settles 500 nodes in about a second on a modest laptop.
DEFAULT_CAP = 500
#: New nodes one double-click may add.
EXPAND_CAP = 200
#: Relationships per new node returned to tie an expansion to the rest of a page.
LINKS_PER_NODE = 100


def ego_extract(
    db: Database,
    kind: str,
    node_id: str,
    *,
    depth: int = 2,
    filters: Filters | None = None,
    cap: int = DEFAULT_CAP,
    as_of: dt.date | None = None,
    rules: RuleSet | None = None,
    communities: bool = False,
) -> dict[str, Any]:
    """The network within ``depth`` relationships of one node.

    Args:
        db: the database.
        kind: the centre's kind, a key of :data:`~graph.network.filters.KINDS`.
        node_id: the centre's id.
        depth: 1 to 3 relationships from the centre.
        filters: offence dates and category; none by default.
        cap: the most nodes kept (the centre included), nearest first.
        as_of: the day the subjects' tiers are worked out for (today by default).
        rules: the tier rule set; the configured one by default.
        communities: also find the network's communities (Louvain; only for networks of
            :data:`~graph.network.communities.COMMUNITIES_FROM` nodes or more), so that a
            page can group a large drawing.

    Returns:
        ``{"centre" (element id), "depth", "filters", "as_of", "nodes", "edges", "total",
        "tiers", "communities"}``: ``nodes`` (centre first) as ``{"element_id", "kind",
        "id", "props", "depth", "degree"}``, ``edges`` as ``{"type", "from", "to", "role",
        "kind"}`` between element ids, ``total`` the nodes the network really has, ``tiers``
        subject id -> tier, ``communities`` element id -> community number (empty unless
        asked for and the network is large).

    Raises:
        NotFound: no such node.
        ValueError: a kind, depth or cap out of range.
    """
    label = label_of(kind)
    if not 1 <= int(depth) <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}")
    if cap < 1:
        raise ValueError("cap must be at least 1")
    filters = filters or Filters()
    as_of = as_of or dt.date.today()
    reach = _reach(db, label, node_id, int(depth), filters, cap - 1)
    kept = [(reach["centre"], 0)] + [(k["element_id"], k["depth"]) for k in reach["kept"]]
    nodes, edges = _subgraph(db, kept)
    # A person an analyst confirmed under several records is one node (issue 15).
    nodes, edges = one_node_per_person(db, nodes, edges, reach["centre"])
    subjects = [n["id"] for n in nodes if n["kind"] == "subject"]
    return {
        "centre": reach["centre"],
        "depth": int(depth),
        "filters": filters,
        "as_of": as_of,
        "nodes": nodes,
        "edges": edges,
        "total": reach["total"] + 1,
        "tiers": tiers_of(db, subjects, as_of, rules),
        "communities": community_of(nodes, edges) if communities else {},
    }


def neighbours_extract(
    db: Database,
    kind: str,
    node_id: str,
    *,
    filters: Filters | None = None,
    cap: int = EXPAND_CAP,
    as_of: dt.date | None = None,
    rules: RuleSet | None = None,
) -> dict[str, Any]:
    """One node and its neighbours, plus how each neighbour ties to nodes outside them.

    Returns:
        As :func:`ego_extract` (depth 1), plus ``links``: relationships from the neighbours
        to nodes outside this answer (up to :data:`LINKS_PER_NODE` each), as ``{"from"
        (element id), "type", "outgoing", "other_kind", "other_id", "role", "kind"}``, which
        a page adds when it already shows the other end.

    Raises:
        NotFound: no such node.
    """
    result = ego_extract(db, kind, node_id, depth=1, filters=filters, cap=cap + 1, as_of=as_of,
                         rules=rules)
    here = [n["element_id"] for n in result["nodes"]]
    result["links"] = _links(db, here[1:], here)
    return result


def victims_beside(db: Database, offence_id: str) -> list[str]:
    """The ids of an offence's victims (a page finds its pseudonymous victim among them)."""
    return [r["victim_id"] for r in db.read("network/victims_of", offence_id=offence_id)]


def centre(db: Database, kind: str, node_id: str) -> dict[str, Any]:
    """The centre node's own properties (for a page heading).

    Raises:
        NotFound: no such node.
    """
    rows = db.read_text("network/centre", render("network/centre", label=label_of(kind)),
                        id=node_id)
    if not rows:
        raise NotFound(f"no {kind} {node_id!r}")
    return rows[0]["props"]


def tiers_of(db: Database, subject_ids: list[str], as_of: dt.date,
             rules: RuleSet | None = None) -> dict[str, int]:
    """Tier 1, 2 or 3 of each of ``subject_ids`` that has one on ``as_of``: the trawl's own
    answer (:func:`graph.tiers.trawl.trawl`) for these subjects only."""
    if not subject_ids:
        return {}
    return {a.subject_id: a.tier
            for a in trawl_mod.trawl(db, as_of, rules, subject_ids=subject_ids)}


def _reach(db: Database, label: str, node_id: str, depth: int, filters: Filters,
           keep: int) -> dict[str, Any]:
    name = f"network/reach_{depth}"
    rows = db.read_text(name, render(name, label=label), id=node_id, cap=max(keep, 0),
                        **filters.params())
    if not rows:
        raise NotFound(f"no {kind_of([label])} {node_id!r}")
    return rows[0]


def _subgraph(db: Database, kept: list[tuple[str, int]]) -> tuple[list[dict], list[dict]]:
    """The kept nodes (centre first) and every relationship among them."""
    depth_of = dict(kept)
    rows = {r["element_id"]: r for r in db.read("network/subgraph", ids=[e for e, _ in kept])}
    nodes, edges = [], []
    for element_id, _ in kept:
        r = rows.get(element_id)
        if r is None:
            continue
        props = r["props"]
        nodes.append({"element_id": element_id, "kind": kind_of(r["labels"]) or "identifier",
                      "id": str(props.get("id", "")), "props": props,
                      "depth": depth_of[element_id], "degree": r["degree"]})
        edges.extend({"type": o["type"], "from": element_id, "to": o["to"],
                      "role": o.get("role"), "kind": o.get("kind")} for o in r["out"])
    present = {n["element_id"] for n in nodes}
    return nodes, [e for e in edges if e["to"] in present]


def _links(db: Database, from_ids: list[str], known: list[str]) -> list[dict]:
    if not from_ids:
        return []
    out = []
    for r in db.read("network/links", from_ids=from_ids, ids=known, per_node=LINKS_PER_NODE):
        for link in r["links"]:
            other = kind_of(link["other_labels"])
            if other is None or link["other_id"] is None:
                continue
            out.append({"from": r["element_id"], "type": link["type"],
                        "outgoing": link["outgoing"], "other_kind": other,
                        "other_id": str(link["other_id"]), "role": link.get("role"),
                        "kind": link.get("kind")})
    return out


__all__ = ["KINDS", "MAX_DEPTH", "DEFAULT_CAP", "EXPAND_CAP", "ego_extract",
           "neighbours_extract", "victims_beside", "centre", "tiers_of"]
