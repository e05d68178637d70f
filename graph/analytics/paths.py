"""Shortest chains of typed links between two subjects (or from a subject to a place).

Paths are searched over **links**, the same typed, evidenced subject-to-subject links that
:mod:`graph.analytics.links` scores (one named query per link type, with its roles, window
and association kinds), by a breadth-first search from both ends at once. A path's length is
its number of links ("hops"); every shortest path within ``max_hops`` is found.

Why not ``allShortestPaths`` over the raw graph, as before: the shortest raw chain is not
the shortest chain of links. When B's offence O2 both shares a victim with A's offence and
happened at the bar where C offended, the raw chain ``A-O1-V-O2-BAR-O3-C`` (six
relationships) never passes through B, so it is no chain of links and was dropped; the chain
of links through B (``A..O2<-B->O2..C``) would use B's relationship to O2 twice, which no
Cypher path may, and longer raw paths were never searched anyway. A same-place pair outside
the window was dropped the same way, after the search. So two subjects two links apart
could come back "not linked".

Pure functions: the search takes an ``expand`` function (subject ids -> link evidence rows,
as :func:`graph.analytics.extract.link_evidence` gives) and returns plain data.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.analytics.config import LINK_TYPES, LinkConfig
from graph.analytics.links import score_parts

#: Relationships of the graph each link type stands for (a recorded association is one,
#: a shared victim or a same-place pair four): a path's ``steps``, for comparison.
STEPS: dict[str, int] = {"co_offending": 2, "shared_victim": 4, "same_location": 4,
                         "shared_identifier": 2, "shared_address": 2, "association": 1}
#: Routes enumerated before ranking; more are counted (``total``), not listed.
ROUTE_CAP = 5000

Expand = Callable[[list[str]], Iterable[dict[str, Any]]]


@dataclass
class Search:
    """The result of :func:`search`: the shortest-path DAG between the two ends.

    Attributes:
        start: the first subject.
        goals: the subjects that end a path (one subject, or everyone tied to a place).
        length: hops of the shortest paths; None when there is none within the limits.
        meeting: the subjects where the two searches met (every shortest path crosses one).
        stopped: None when the search was exhaustive, else ``"max_hops"`` or
            ``"max_subjects"`` (a longer path may exist).
        visited: subjects reached from either end.
    """

    start: str
    goals: frozenset[str]
    length: int | None = None
    meeting: list[str] = field(default_factory=list)
    stopped: str | None = None
    visited: int = 0
    dist: tuple[dict[str, int], dict[str, int]] = field(default_factory=lambda: ({}, {}))
    pred: tuple[dict[str, set[str]], dict[str, set[str]]] = field(
        default_factory=lambda: ({}, {}))
    evidence: dict[frozenset, list[dict[str, Any]]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def search(expand: Expand, start: str, goals: Iterable[str], *, max_hops: int = 12,
           max_subjects: int = 20000) -> Search:
    """Every shortest chain of links from ``start`` to any of ``goals``.

    A bidirectional breadth-first search over whole layers: the smaller frontier is expanded
    each time; the first time the two searches meet, the sum of their depths is the length
    of every shortest path, and every shortest path crosses a meeting subject.

    Args:
        expand: subject ids -> link evidence rows (``source`` among the ids, ``target``,
            ``target_name``, ``type``, ``via``, ...).
        start: the first subject.
        goals: the last subject(s).
        max_hops: the longest path looked for.
        max_subjects: stop expanding once this many subjects have been reached.

    Returns:
        A :class:`Search`; read it with :func:`routes` and :func:`route_count`.

    >>> links = {"A": ["B"], "B": ["A", "C"], "C": ["B"]}
    >>> rows = lambda ids: [{"source": s, "target": t, "type": "association", "via": "knows"}
    ...                     for s in ids for t in links[s]]
    >>> found = search(rows, "A", ["C"])
    >>> found.length, list(routes(found))
    (2, [['A', 'B', 'C']])
    """
    found = Search(start=start, goals=frozenset(goals))
    dist, pred = found.dist, found.pred
    dist[0][start] = 0
    for goal in found.goals:
        dist[1][goal] = 0
    if start in found.goals:
        found.length, found.meeting = 0, [start]
        return found
    fronts, depths = [[start], sorted(found.goals)], [0, 0]
    reported_by: dict[frozenset, str] = {}
    while True:
        found.visited = len(dist[0].keys() | dist[1].keys())
        if not fronts[0] or not fronts[1]:
            return found  # one end has nobody left to reach: no path at any length
        if depths[0] + depths[1] >= max_hops:
            found.stopped = "max_hops"
            return found
        if found.visited >= max_subjects:
            found.stopped = "max_subjects"
            return found
        side = 0 if len(fronts[0]) <= len(fronts[1]) else 1
        level, nearer, seen = depths[side] + 1, pred[side], dist[side]
        new: list[str] = []
        for row in expand(fronts[side]):
            source, target = row["source"], row["target"]
            if target == source:
                continue
            if row.get("target_name"):
                found.names.setdefault(target, row["target_name"])
            if target not in seen:
                seen[target] = level
                new.append(target)
            if seen[target] != level:
                continue
            nearer.setdefault(target, set()).add(source)
            pair = frozenset((source, target))
            # A pair's evidence, once: from whichever subject reported it first.
            if reported_by.setdefault(pair, source) == source:
                found.evidence.setdefault(pair, []).append(row)
        depths[side], fronts[side] = level, sorted(new)
        other = dist[1 - side]
        meeting = [s for s in fronts[side] if s in other]
        if meeting:
            found.length, found.meeting = depths[0] + depths[1], meeting
            found.visited = len(dist[0].keys() | dist[1].keys())
            return found


def _ways(node: str, nearer: dict[str, set[str]], memo: dict[str, int]) -> int:
    if node not in nearer:
        return 1
    if node not in memo:
        memo[node] = sum(_ways(n, nearer, memo) for n in nearer[node])
    return memo[node]


def route_count(found: Search) -> int:
    """How many shortest routes (sequences of subjects) there are in all."""
    if found.length is None:
        return 0
    memo_a: dict[str, int] = {}
    memo_b: dict[str, int] = {}
    return sum(_ways(m, found.pred[0], memo_a) * _ways(m, found.pred[1], memo_b)
               for m in found.meeting)


def _chains(node: str, nearer: dict[str, set[str]]) -> Iterable[list[str]]:
    """Every chain from ``node`` to its end of the search (``node`` first)."""
    if node not in nearer:
        yield [node]
        return
    for step in sorted(nearer[node]):
        for rest in _chains(step, nearer):
            yield [node, *rest]


def routes(found: Search, cap: int = ROUTE_CAP) -> Iterable[list[str]]:
    """The shortest routes, each the list of subjects from start to goal (at most ``cap``)."""
    if found.length is None:
        return []
    out = (
        [*reversed(head), *tail[1:]]
        for meeting in sorted(found.meeting)
        for head in _chains(meeting, found.pred[0])
        for tail in _chains(meeting, found.pred[1])
    )
    return itertools.islice(out, cap)


# --- hops ----------------------------------------------------------------------------------


def _days_apart(first: str | None, second: str | None) -> int | None:
    if not first or not second:
        return None
    return abs((dt.date.fromisoformat(str(second)[:10])
                - dt.date.fromisoformat(str(first)[:10])).days)


def _oriented(row: dict[str, Any], source: str) -> dict[str, Any]:
    """The evidence row as seen from ``source`` (its own offence first)."""
    if row["source"] == source:
        return row
    swapped = dict(row, source=row["target"], target=row["source"])
    for mine, theirs in (("offence_id", "other_offence_id"), ("date", "other_date")):
        swapped[mine], swapped[theirs] = row.get(theirs), row.get(mine)
    return swapped


def _link(link_type: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The links of one type between two subjects: ``{"type", "via", ...}`` each."""
    if link_type == "association":
        kinds = sorted({str(r["via"]) for r in rows})
        return [{"type": link_type, "via": {"kind": "association", "kinds": kinds}}]
    out = []
    for row in sorted(rows, key=lambda r: (str(r["via"]), str(r.get("offence_id") or ""))):
        via_id = row["via"]
        if link_type == "co_offending":
            via = {"kind": "Offence", "id": via_id, "date": row.get("date")}
        elif link_type == "shared_victim":
            # "victim" (lower case) is what the disclosure policy recognises as a victim.
            via = {"kind": "victim", "id": via_id}
        elif link_type == "shared_identifier":
            via = {"kind": "Identifier", "id": via_id, "name": row.get("detail")}
        else:  # same_location, shared_address (see fill_places)
            via = {"kind": "Location", "id": via_id, "name": row.get("detail"),
                   "postcode": None, "venue_type": None}
        link: dict[str, Any] = {"type": link_type, "via": via}
        if row.get("other_offence_id"):
            link["offences"] = [{"id": row["offence_id"], "date": row.get("date")},
                                {"id": row["other_offence_id"], "date": row.get("other_date")}]
            days = row.get("days_apart")
            link["days_apart"] = (int(days) if days is not None
                                  else _days_apart(row.get("date"), row.get("other_date")))
            if row.get("pairs"):
                link["pairs"] = int(row["pairs"])
        out.append(link)
    return out


def hop(found: Search, source: str, target: str, config: LinkConfig) -> dict[str, Any]:
    """Everything that links ``source`` to ``target`` on a path, strongest link first.

    Returns:
        ``{"from", "from_name", "to", "to_name", "type", "via", "types", "score", "parts",
        "links"}``: ``type`` and ``via`` (and ``offences``, ``days_apart``) are the strongest
        link's; ``links`` lists every link, each ``{"type", "via"}`` plus ``offences``,
        ``days_apart`` and ``pairs`` where two offences make it.
    """
    rows = [_oriented(r, source) for r in found.evidence.get(frozenset((source, target)), [])]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_type.setdefault(row["type"], []).append(row)
    order = sorted(by_type, key=lambda t: (-config.weight(t), LINK_TYPES.index(t)))
    links = [link for t in order for link in _link(t, by_type[t])]
    score, parts = score_parts({t: len({str(r["via"]) for r in by_type[t]}) for t in by_type},
                               config)
    first = links[0]
    out: dict[str, Any] = {
        "from": source, "from_name": found.names.get(source),
        "to": target, "to_name": found.names.get(target),
        "type": first["type"], "via": first["via"],
    }
    out.update({k: first[k] for k in ("offences", "days_apart") if k in first})
    out.update({"types": order, "score": score, "parts": parts, "links": links})
    return out


def place_hop(subject: str, name: str | None, place: dict[str, Any],
              ties: dict[str, Any]) -> dict[str, Any]:
    """The last hop of a path to a place: how the subject is tied to it.

    Args:
        subject: the last subject of the route.
        name: the subject's name.
        place: the place's record (``id``, ``name``, ``postcode``, ``venue_type``).
        ties: ``{"offences": [{"id", "date"}], "lives_here": bool, "intelligence": [...]}``.
    """
    how = ([*(["offence_here"] if ties.get("offences") else []),
            *(["lives_here"] if ties.get("lives_here") else []),
            *(["intelligence_here"] if ties.get("intelligence") else [])])
    # The place's name travels only inside its record (``via``), where the disclosure policy
    # can tell a home from a bar by its venue type.
    return {"from": subject, "from_name": name, "to": place["id"], "to_name": None,
            "type": "place", "how": how, "via": {"kind": "Location", **place},
            "offences": ties.get("offences") or [], "intelligence": ties.get("intelligence") or []}


def typed_paths(found: Search, config: LinkConfig, *, max_paths: int = 10) -> dict[str, Any]:
    """The shortest routes with their hops, strongest first, at most ``max_paths``.

    Returns:
        ``{"paths": [{"length", "steps", "score", "subjects", "hops"}], "count", "total",
        "truncated"}``: one path per route (sequence of subjects), ranked by the summed
        score of its hops, then by the subjects' ids; ``total`` counts every route.
    """
    cache: dict[tuple[str, str], dict[str, Any]] = {}

    def hop_of(a: str, b: str) -> dict[str, Any]:
        if (a, b) not in cache:
            cache[(a, b)] = hop(found, a, b, config)
        return cache[(a, b)]

    ranked = []
    for route in routes(found):
        hops = [hop_of(a, b) for a, b in itertools.pairwise(route)]
        ranked.append((-sum(h["score"] for h in hops), route, hops))
    ranked.sort(key=lambda r: (r[0], r[1]))
    total = route_count(found)
    paths = [{"length": len(hops), "steps": sum(STEPS[h["type"]] for h in hops),
              "score": -minus, "subjects": route, "hops": hops}
             for minus, route, hops in ranked[:max_paths]]
    return {"paths": paths, "count": len(paths), "total": total, "truncated": total > len(paths)}


def fill_places(paths: Iterable[dict[str, Any]], places: dict[str, dict[str, Any]]) -> None:
    """Put each place's record (name, postcode, venue type) into the hops that go through it.

    A place's venue type must travel with its name: the disclosure policy shows a home (or a
    place of unknown type) to some readers only as "Residential address (ZZ3)".
    """
    for path in paths:
        for h in path["hops"]:
            for link in h.get("links", []):
                via = link["via"]
                if via.get("kind") == "Location" and via["id"] in places:
                    place = places[via["id"]]
                    via.update({k: place.get(k) for k in ("name", "postcode", "venue_type")})


def fill_victims(paths: Iterable[dict[str, Any]], victims: dict[str, dict[str, Any]]) -> None:
    """Put each victim's record (names) into the shared-victim hops that go through her.

    The record keeps ``kind: "victim"``: the disclosure policy turns it into a pseudonym for
    readers who may not know who she is.
    """
    for path in paths:
        for h in path["hops"]:
            for link in h.get("links", []):
                via = link["via"]
                if via.get("kind") == "victim" and via.get("id") in victims:
                    via.update(victims[via["id"]])


def missing_types(paths: Sequence[dict[str, Any]], chosen: Iterable[str]) -> list[str]:
    """Link types not chosen that the hops of ``paths`` need (a hop none of whose links
    is of a chosen type needs one of its own types), in :data:`LINK_TYPES` order."""
    chosen = set(chosen)
    needed = {t for p in paths for h in p["hops"] if h["type"] != "place"
              and not chosen & set(h["types"]) for t in h["types"]}
    return [t for t in LINK_TYPES if t in needed]


def window_needed(paths: Sequence[dict[str, Any]], window_days: int) -> int | None:
    """The smallest same-place window that opens one of ``paths`` (None: none needs more)."""
    best = None
    for path in paths:
        need = 0
        for h in path["hops"]:
            if h["type"] == "place":
                continue
            days = [link.get("days_apart") or 0 for link in h["links"]
                    if link["type"] == "same_location"]
            if days and len(days) == len(h["links"]):
                need = max(need, min(days))
        best = need if best is None else min(best, need)
    return best if best is not None and best > window_days else None
