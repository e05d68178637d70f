"""A confirmed person drawn once: the subject records an analyst confirmed as one person
become one node of a network, carrying every relationship of its records."""

from __future__ import annotations

from typing import Any

from graph.db import Database


def one_node_per_person(db: Database, nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
                        centre: str | None = None) -> tuple[list[dict], list[dict]]:
    """Merge the subject nodes of one confirmed person into one.

    The node kept is the centre when it is one of them, else the lowest subject id; its
    ``props["same_person_as"]`` lists the person's other records (drawn or not). Edges of the
    merged nodes move to it; an edge that would join it to itself, or repeat another, goes.

    Args:
        db: the database.
        nodes: ``{"element_id", "kind", "id", "props", ...}`` as the network extract has them.
        edges: ``{"type", "from", "to", ...}`` between element ids.
        centre: the centre's element id.

    Returns:
        The nodes and edges, unchanged when no drawn subject has been confirmed with another.
    """
    subjects = [n for n in nodes if n["kind"] == "subject"]
    if not subjects:
        return nodes, edges
    others = {r["subject_id"]: r["others"]
              for r in db.read("resolution/clusters_of", ids=[n["id"] for n in subjects])}
    if not others:
        return nodes, edges
    groups: dict[str, list[dict[str, Any]]] = {}
    for n in subjects:
        if n["id"] in others:
            person = min([n["id"], *others[n["id"]]])
            groups.setdefault(person, []).append(n)
    into: dict[str, str] = {}
    for members in groups.values():
        keep = next((m for m in members if m["element_id"] == centre),
                    min(members, key=lambda m: m["id"]))
        keep["props"] = {**keep["props"], "same_person_as": sorted(others[keep["id"]])}
        for m in members:
            if m is not keep:
                into[m["element_id"]] = keep["element_id"]
    kept_nodes = [n for n in nodes if n["element_id"] not in into]
    seen, kept_edges = set(), []
    for e in edges:
        e = {**e, "from": into.get(e["from"], e["from"]), "to": into.get(e["to"], e["to"])}
        key = (e["type"], e["from"], e["to"], e.get("role"), e.get("kind"))
        if e["from"] == e["to"] or key in seen:
            continue
        seen.add(key)
        kept_edges.append(e)
    return kept_nodes, kept_edges
