"""Turn raw shortest paths between two subjects into typed, subject-to-subject hops.

The path query (``graph/queries/analytics/paths.cypher``) searches the raw graph over the
relationship types of the chosen link types. A raw path is a chain of subjects joined by
short segments (``Subject-NAMED_IN->Offence<-NAMED_IN-Subject`` is co-offending, ...). Here
each segment is matched against the shape of a link type; a path with a segment that is no
chosen link type (e.g. an offence at someone's home, when both same-location and
shared-address are allowed), or a same-location segment whose offences are further apart
than the window, is excluded and counted, because Cypher's breadth-first search cannot
check those rules while it searches.

"Shortest" is counted in relationships of the graph (``steps``): a recorded association is
one step, co-offending, a shared identifier or a shared address two, a shared victim or a
same-location link four. So a direct link is shorter than one through two offences, and all
the paths returned for a pair have the same number of steps (not always of hops).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

#: Relationship-type sequence of a segment between two subjects -> (link type, via index).
SHAPES: dict[tuple[str, ...], tuple[str, int | None]] = {
    ("ASSOCIATE_OF",): ("association", None),
    ("NAMED_IN", "NAMED_IN"): ("co_offending", 1),
    ("HAS_IDENTIFIER", "HAS_IDENTIFIER"): ("shared_identifier", 1),
    ("LIVES_AT", "LIVES_AT"): ("shared_address", 1),
    ("NAMED_IN", "VICTIM_OF", "VICTIM_OF", "NAMED_IN"): ("shared_victim", 2),
    ("NAMED_IN", "OCCURRED_AT", "OCCURRED_AT", "NAMED_IN"): ("same_location", 2),
}

#: Relationships per hop of each link type.
STEPS: dict[str, int] = {link_type: len(shape) for shape, (link_type, _) in SHAPES.items()}


def _days_apart(first: str | None, second: str | None) -> int | None:
    if not first or not second:
        return None
    return abs((dt.date.fromisoformat(second[:10]) - dt.date.fromisoformat(first[:10])).days)


def segment_hop(
    nodes: Sequence[dict], rels: Sequence[dict], types: Iterable[str], window_days: int
) -> dict[str, Any] | None:
    """One subject-to-subject hop from a path segment, or None when it is no chosen link.

    Args:
        nodes: the segment's nodes, first and last are subjects (``{id, kind, name, date}``).
        rels: the segment's relationship types.
        types: the chosen link types.
        window_days: the same-location window.

    Returns:
        ``{"from", "from_name", "to", "to_name", "type", "via"}``; ``via`` is
        ``{"kind", "id"}`` of the node the link goes through (``{"kind": "association",
        "kinds": []}`` for a recorded association: see :func:`association_pairs`), plus the
        offences on either side and their days apart where there are two.
    """
    shape = SHAPES.get(tuple(rels))
    if shape is None or shape[0] not in set(types):
        return None
    link_type, via_at = shape
    hop: dict[str, Any] = {
        "from": nodes[0]["id"], "from_name": nodes[0].get("name"),
        "to": nodes[-1]["id"], "to_name": nodes[-1].get("name"),
        "type": link_type,
    }
    if via_at is None:
        # The kinds are filled in by the caller (one query for every association hop).
        hop["via"] = {"kind": "association", "kinds": []}
        return hop
    via = nodes[via_at]
    hop["via"] = {"kind": via["kind"], "id": via["id"]}
    if via.get("name") and via["kind"] != "Victim":
        hop["via"]["name"] = via["name"]
    if via["kind"] == "Offence":
        hop["via"]["date"] = via.get("date")
    if len(nodes) == 5:
        first, second = nodes[1], nodes[3]
        hop["offences"] = [
            {"id": first["id"], "date": first.get("date")},
            {"id": second["id"], "date": second.get("date")},
        ]
        days = _days_apart(first.get("date"), second.get("date"))
        if link_type == "same_location":
            if days is None or days > window_days:
                return None
        hop["days_apart"] = days
    return hop


def path_hops(
    record: dict[str, Any], types: Iterable[str], window_days: int
) -> list[dict[str, Any]] | None:
    """Split one raw path (``{"nodes", "rels"}``) into hops; None if any hop is no link."""
    nodes, rels = record["nodes"], record["rels"]
    subjects = [i for i, n in enumerate(nodes) if n["kind"] == "Subject"]
    if not subjects or subjects[0] != 0 or subjects[-1] != len(nodes) - 1:
        return None
    hops = []
    for start, end in zip(subjects, subjects[1:], strict=False):
        hop = segment_hop(nodes[start : end + 1], rels[start:end], types, window_days)
        if hop is None:
            return None
        hops.append(hop)
    return hops


def typed_paths(
    records: Iterable[dict[str, Any]],
    types: Iterable[str],
    *,
    window_days: int,
    max_paths: int = 10,
) -> dict[str, Any]:
    """Typed paths from raw path records, de-duplicated, at most ``max_paths``.

    Returns:
        ``{"paths": [{"length", "steps", "subjects", "hops"}], "count", "excluded",
        "truncated"}``: ``length`` in hops, ``steps`` in relationships; ``excluded`` counts
        raw paths with a segment that is no chosen link.
    """
    types = list(types)
    found: dict[tuple, list[dict]] = {}
    excluded = 0
    for record in records:
        hops = path_hops(record, types, window_days)
        if hops is None:
            excluded += 1
            continue
        key = tuple((h["from"], h["to"], h["type"], h["via"].get("id")) for h in hops)
        found.setdefault(key, hops)
    ordered = [found[k] for k in sorted(found, key=lambda k: [tuple(map(str, h)) for h in k])]
    paths = [
        {"length": len(hops), "steps": sum(STEPS[h["type"]] for h in hops),
         "subjects": [hops[0]["from"]] + [h["to"] for h in hops], "hops": hops}
        for hops in ordered[:max_paths]
    ]
    return {"paths": paths, "count": len(paths), "excluded": excluded,
            "truncated": len(ordered) > max_paths}


def association_pairs(paths: Iterable[dict[str, Any]]) -> list[list[str]]:
    """The subject pairs of every association hop in ``paths`` (to look their kinds up)."""
    pairs = {(h["from"], h["to"]) for p in paths for h in p["hops"] if h["type"] == "association"}
    return [list(pair) for pair in sorted(pairs)]


def fill_association_kinds(
    paths: Iterable[dict[str, Any]], kinds: dict[frozenset, list[str]]
) -> None:
    """Put each association hop's recorded kinds (keyed by the unordered pair) in place."""
    for path in paths:
        for hop in path["hops"]:
            if hop["type"] == "association":
                hop["via"]["kinds"] = sorted(kinds.get(frozenset((hop["from"], hop["to"])), []))
