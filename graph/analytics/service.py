"""The analytics the API, the CLI and the notebooks call: extract, then analyse.

Each function takes the :class:`~graph.db.Database` first, pulls what it needs through
:mod:`graph.analytics.extract` (named Cypher, parameters only), hands it to the pure
functions and returns JSON-ready dicts. Unknown subjects or locations raise
:class:`graph.errors.NotFound`; bad arguments raise ``ValueError`` (the app turns them into
404/400).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from graph.analytics import extract, extract_places, links, networks, paths
from graph.analytics.config import LinkConfig, load_config, parse_types
from graph.db import Database
from graph.errors import NotFound
from graph.resolution.person import People

#: Paths: the longest looked for by default and at most, the subjects a search may reach
#: before it stops (and says so), the widest window a hint tries, routes a hint reads.
DEFAULT_HOPS = 12
MAX_HOPS = 16
MAX_SUBJECTS = 20000
MAX_WINDOW = 36500
MAX_HINT_ROUTES = 25


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON-ready dicts (NaN becomes None, NumPy scalars Python ones)."""
    out = []
    for row in frame.to_dict("records"):
        clean = {}
        for key, value in row.items():
            if hasattr(value, "item"):
                value = value.item()
            if isinstance(value, float) and math.isnan(value):
                value = None
            clean[key] = value
        out.append(clean)
    return out


def _subject(db: Database, subject_id: str, config: LinkConfig) -> dict[str, Any]:
    found = extract.subject_nodes(db, [subject_id], config=config)
    if found.empty:
        raise NotFound(f"no subject {subject_id!r}")
    return records(found)[0]


def _window(window_days: int | None, config: LinkConfig) -> int:
    window = config.window_days if window_days is None else int(window_days)
    if not 0 <= window <= MAX_WINDOW:
        raise ValueError("window_days must be between 0 and 36500")
    return window


def subject_links(
    db: Database, subject_id: str, *, types: str | Sequence[str] | None = None,
    window_days: int | None = None, config: LinkConfig | None = None,
) -> dict[str, Any]:
    """Everyone linked to one subject, each link typed, evidenced and scored.

    Returns:
        ``{"subject", "types", "window_days", "weights", "records", "links"}``; ``records``
        are the subject records confirmed as this one person (itself at least); ``links``
        as :func:`graph.analytics.links.score_links`.

    Raises:
        NotFound: no such subject.
        ValueError: an unknown link type or a window out of range.
    """
    config = config or load_config()
    chosen, window = parse_types(types), _window(window_days, config)
    subject = _subject(db, subject_id, config)
    # A person confirmed under several records: links from every record, once each, and a
    # linked person under several records is one link (person resolution).
    people = People(db, pinned=[subject_id])
    evidence = extract.link_evidence(db, people.members([subject_id]), types=chosen,
                                     window_days=window, config=config)
    folded = pd.DataFrame(people.fold(records(evidence)), columns=list(evidence.columns))
    return {
        "subject": subject,
        "types": list(chosen),
        "window_days": window,
        "weights": {t: config.weight(t) for t in chosen},
        "records": people.members([subject_id]),
        "links": links.score_links(folded, config),
    }


def _expander(db: Database, types: Sequence[str], window: int,
              kinds: Sequence[str] | None, config: LinkConfig,
              people: People | None = None) -> paths.Expand:
    """Subject ids -> their link evidence rows (plain dicts), for :func:`paths.search`;
    with ``people``, between people (each confirmed person one id, see
    :class:`graph.resolution.person.People`)."""
    allowed = None if kinds is None else {str(k) for k in kinds}

    def expand(ids: list[str]) -> list[dict[str, Any]]:
        wanted = people.members(ids) if people else ids
        frame = extract.link_evidence(db, wanted, types=types, window_days=window,
                                      config=config)
        rows = people.fold(records(frame)) if people else records(frame)
        if allowed is not None:
            rows = [r for r in rows if r["type"] != "association" or r["via"] in allowed]
        return rows

    return expand


def _find(db: Database, start: str, goals: Sequence[str], *, types: Sequence[str],
          window: int, kinds: Sequence[str] | None, max_hops: int,
          config: LinkConfig, people: People | None = None) -> paths.Search:
    return paths.search(_expander(db, types, window, kinds, config, people), start, goals,
                        max_hops=max_hops, max_subjects=MAX_SUBJECTS)


def _places(db: Database, found: dict[str, Any]) -> dict[str, dict[str, Any]]:
    ids = {link["via"]["id"] for p in found["paths"] for h in p["hops"]
           for link in h.get("links", []) if link["via"].get("kind") == "Location"}
    return extract.location_records(db, sorted(ids)) if ids else {}


def _victims(db: Database, found: dict[str, Any]) -> dict[str, dict[str, Any]]:
    ids = {link["via"]["id"] for p in found["paths"] for h in p["hops"]
           for link in h.get("links", []) if link["via"].get("kind") == "victim"}
    return extract.victim_records(db, sorted(ids)) if ids else {}


def _hint(db: Database, start: str, goals: Sequence[str], *, chosen: Sequence[str],
          window: int, kinds: Sequence[str] | None, max_hops: int,
          config: LinkConfig) -> dict[str, Any] | None:
    """What would connect two ends that the chosen types and window do not: the types to
    include, or the window to widen to (or both), and the length of the path that opens."""
    everything = list(parse_types(None))
    tries = [(everything, window)]
    if window < MAX_WINDOW:
        tries.append((everything, MAX_WINDOW))
    for types, days in tries:
        if list(types) == list(chosen) and days == window:
            continue  # the search already made
        found = _find(db, start, goals, types=types, window=days, kinds=kinds,
                      max_hops=max_hops, config=config)
        if found.length is None:
            continue
        listed = paths.typed_paths(found, config, max_paths=MAX_HINT_ROUTES)["paths"]
        return {"types": paths.missing_types(listed, chosen),
                "window_days": paths.window_needed(listed, window), "length": found.length}
    return None


def _ends_and_options(db: Database, from_id: str, *, types, exclude, max_paths: int,
                      max_hops: int, window_days: int | None, config: LinkConfig):
    chosen, window = parse_types(types, exclude), _window(window_days, config)
    if not 1 <= max_paths <= 100:
        raise ValueError("max_paths must be between 1 and 100")
    if not 1 <= max_hops <= MAX_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_HOPS}")
    return _subject(db, from_id, config), chosen, window


def _answer(db: Database, found: paths.Search, *, chosen: Sequence[str], window: int,
            kinds: Sequence[str] | None, max_paths: int, max_hops: int, config: LinkConfig,
            goals: Sequence[str]) -> dict[str, Any]:
    listed = paths.typed_paths(found, config, max_paths=max_paths)
    # The places' and victims' own records: the disclosure policy judges homes by their
    # venue type, and victims by their kind.
    paths.fill_places(listed["paths"], _places(db, listed))
    paths.fill_victims(listed["paths"], _victims(db, listed))
    hint = None
    if found.length is None and found.stopped != "max_subjects":
        hint = _hint(db, found.start, goals, chosen=chosen, window=window, kinds=kinds,
                     max_hops=max_hops, config=config)
    return {
        "types": list(chosen), "window_days": window, **listed,
        # Kept for callers of the raw-path search: nothing is searched and then dropped now.
        "excluded": 0,
        "hint": hint,
        "search": {"max_hops": max_hops, "subjects_reached": found.visited,
                   "stopped": found.stopped},
    }


def paths_between(
    db: Database, from_id: str, to_id: str, *, types: str | Sequence[str] | None = None,
    exclude: str | Sequence[str] | None = None, max_paths: int = 10,
    association_kinds: Sequence[str] | None = None, window_days: int | None = None,
    max_hops: int = DEFAULT_HOPS, config: LinkConfig | None = None,
) -> dict[str, Any]:
    """Every shortest chain of typed links between two subjects (at most ``max_paths``).

    Args:
        db: the database.
        from_id: the first subject.
        to_id: the last subject.
        types: link types to use (None: all); exclude: link types to leave out.
        max_paths: routes listed (the strongest first); ``total`` counts them all.
        association_kinds: only these recorded association kinds (None: all).
        window_days: the same-place window (None: the configured one).
        max_hops: the longest path looked for.
        config: weights, roles and window; None for the configured file.

    Returns:
        ``{"from", "to", "types", "window_days", "paths", "count", "total", "truncated",
        "excluded", "hint", "search"}``; each path ``{"length", "steps", "score",
        "subjects", "hops"}`` (see :func:`graph.analytics.paths.typed_paths`). With no path,
        ``hint`` says which link types, or what window, would connect the two (None when
        nothing would within ``max_hops``).

    Raises:
        NotFound: either subject does not exist.
        ValueError: a bad type, window or cap, or the same subject twice.
    """
    config = config or load_config()
    start, chosen, window = _ends_and_options(
        db, from_id, types=types, exclude=exclude, max_paths=max_paths, max_hops=max_hops,
        window_days=window_days, config=config)
    if from_id == to_id:
        raise ValueError("from and to are the same subject")
    end = _subject(db, to_id, config)
    people = People(db, pinned=[from_id, to_id])  # a confirmed person is one end, or a hop
    if people.of(from_id) == people.of(to_id):
        raise ValueError("from and to are records of one person (confirmed the same person)")
    found = _find(db, from_id, [to_id], types=chosen, window=window, kinds=association_kinds,
                  max_hops=max_hops, config=config, people=people)
    found.names.update({from_id: start["name"], to_id: end["name"]})
    return {"from": start, "to": end,
            **_answer(db, found, chosen=chosen, window=window, kinds=association_kinds,
                      max_paths=max_paths, max_hops=max_hops, config=config, goals=[to_id])}


def paths_to_place(
    db: Database, from_id: str, location_id: str, *,
    types: str | Sequence[str] | None = None, exclude: str | Sequence[str] | None = None,
    max_paths: int = 10, association_kinds: Sequence[str] | None = None,
    window_days: int | None = None, max_hops: int = DEFAULT_HOPS,
    config: LinkConfig | None = None,
) -> dict[str, Any]:
    """Every shortest chain of links from a subject to anyone tied to a place (named in an
    offence there, living there, or the subject of intelligence there), then to the place.

    Returns:
        As :func:`paths_between`, with ``place`` instead of ``to``; each path's last hop is
        ``{"type": "place", "how", "offences", "intelligence", "via"}`` and its ``length``
        counts it.

    Raises:
        NotFound: no such subject or location.
    """
    config = config or load_config()
    start, chosen, window = _ends_and_options(
        db, from_id, types=types, exclude=exclude, max_paths=max_paths, max_hops=max_hops,
        window_days=window_days, config=config)
    place = extract.location_records(db, [location_id]).get(location_id)
    if place is None:
        raise NotFound(f"no location {location_id!r}")
    tied = list(extract.location_subjects(db, location_id, config=config)["id"])
    found = _find(db, from_id, tied, types=chosen, window=window, kinds=association_kinds,
                  max_hops=max(max_hops - 1, 0), config=config)
    found.names[from_id] = start["name"]
    result = _answer(db, found, chosen=chosen, window=window, kinds=association_kinds,
                     max_paths=max_paths, max_hops=max(max_hops - 1, 0), config=config,
                     goals=tied)
    if result["hint"]:
        result["hint"]["length"] += 1
    lasts = sorted({p["subjects"][-1] for p in result["paths"]})
    ties = extract.place_ties(db, location_id, lasts, config=config)
    for path in result["paths"]:
        last = path["subjects"][-1]
        path["hops"].append(paths.place_hop(last, found.names.get(last), place, ties[last]))
        path["length"] += 1
    return {"from": start, "place": place, **result}


def ego_analysis(
    db: Database, subject_id: str, *, depth: int = 1, types: str | Sequence[str] | None = None,
    window_days: int | None = None, max_nodes: int = 500, config: LinkConfig | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """A subject's network out to ``depth`` links (1-3), as node and edge tables.

    Grows ring by ring; the last ring is linked among the kept subjects only, so the edge
    table holds every link between any two subjects within ``depth`` (as ``nx.ego_graph``).
    Stops adding subjects at ``max_nodes`` (``info["truncated"]``), keeping the most
    strongly linked of a ring first.

    Returns:
        (nodes with a ``depth`` column, edges as :func:`links.link_edges`, info).
    """
    config = config or load_config()
    chosen, window = parse_types(types), _window(window_days, config)
    if not 1 <= int(depth) <= 3:
        raise ValueError("depth must be 1, 2 or 3")
    _subject(db, subject_id, config)
    level, frontier, frames, truncated = {subject_id: 0}, [subject_id], [], False
    for ring in range(1, int(depth) + 1):
        if len(level) >= max_nodes:
            # Full: linking the frontier to everyone would only find subjects we cannot keep
            # (and around busy venues that is most of a force); link it among the kept.
            truncated = True
            break
        found = extract.link_evidence(db, frontier, types=chosen, window_days=window,
                                      config=config)
        frames.append(found)
        # Strongest first (summed weights of the evidence), so a cut keeps the closest.
        strength = found["type"].map(config.weight).groupby(found["target"]).sum()
        strength = strength.drop(list(level), errors="ignore").reset_index(name="s")
        new = list(strength.sort_values(["s", "target"], ascending=[False, True])["target"])
        if len(level) + len(new) > max_nodes:
            new, truncated = new[: max(max_nodes - len(level), 0)], True
        level.update((t, ring) for t in new)
        frontier = new
        if not frontier:
            break
    if frontier:
        frames.append(extract.link_evidence(db, frontier, types=chosen, window_days=window,
                                            among=list(level), config=config))
    evidence = pd.concat(frames, ignore_index=True)
    evidence = evidence[evidence["source"].isin(level) & evidence["target"].isin(level)]
    nodes = extract.subject_nodes(db, list(level), config=config)
    nodes["depth"] = nodes["id"].map(level)
    info = {"subject": subject_id, "depth": int(depth), "types": list(chosen),
            "window_days": window, "truncated": truncated, "max_nodes": max_nodes}
    return nodes, links.link_edges(evidence, config), info


def cohort_network(
    db: Database, ids: Iterable[str], *, types: str | Sequence[str] | None = None,
    window_days: int | None = None, config: LinkConfig | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """A cohort (e.g. the Tier 1 and 2 subjects) and every link between its members.

    Returns:
        (nodes, edges, info) where ``info["links"]`` holds each linked pair's scored,
        evidenced link and ``info["missing"]`` the ids that are no subject.
    """
    config = config or load_config()
    chosen, window = parse_types(types), _window(window_days, config)
    wanted = list(dict.fromkeys(str(i) for i in ids))
    if not wanted:
        raise ValueError("give at least one subject id")
    nodes = extract.subject_nodes(db, wanted, config=config)
    present = list(nodes["id"])
    evidence = extract.link_evidence(db, present, types=chosen, window_days=window,
                                     among=present, config=config)
    # Evidence comes from both ends of each pair: keep one direction for the evidence list.
    one_way = evidence[evidence["source"] < evidence["target"]]
    info = {"types": list(chosen), "window_days": window,
            "missing": [i for i in wanted if i not in set(present)],
            "links": links.score_links(one_way, config)}
    return nodes, links.link_edges(evidence, config), info


def location_network(
    db: Database, location_id: str, *, types: str | Sequence[str] | None = None,
    window_days: int | None = None, config: LinkConfig | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Everyone linked to a location (offence, home or intelligence there) and their links.

    Returns:
        (nodes with a ``how`` column, edges, info) as :func:`cohort_network`.

    Raises:
        NotFound: no such location.
    """
    config = config or load_config()
    if extract_places.location(db, location_id) is None:
        raise NotFound(f"no location {location_id!r}")
    people = extract.location_subjects(db, location_id, config=config)
    if people.empty:
        empty = pd.DataFrame(columns=extract.EVIDENCE_COLUMNS)
        return (pd.DataFrame(columns=["id", "name", "how"]), links.link_edges(empty, config),
                {"location": location_id, "links": [], "missing": []})
    nodes, edges, info = cohort_network(db, list(people["id"]), types=types,
                                        window_days=window_days, config=config)
    return nodes.merge(people, on="id", how="left"), edges, {**info, "location": location_id}


def network_report(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, top: int = 10, seed: int = networks.SEED
) -> dict[str, Any]:
    """Components, communities, key people, nodes and edges of a network, JSON-ready."""
    graph = networks.build_graph(nodes, edges)
    return networks.summarise(graph, top=top, seed=seed)
