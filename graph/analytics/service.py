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
from graph.analytics.config import LinkConfig, load_config, parse_types, rel_types_for
from graph.db import Database
from graph.errors import NotFound

#: Raw paths fetched per typed path asked for: paths with a segment that is no chosen link
#: (or a same-location segment outside the window) are dropped after the search.
RAW_PATHS_PER_PATH = 10


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
    if not 0 <= window <= 36500:
        raise ValueError("window_days must be between 0 and 36500")
    return window


def subject_links(
    db: Database, subject_id: str, *, types: str | Sequence[str] | None = None,
    window_days: int | None = None, config: LinkConfig | None = None,
) -> dict[str, Any]:
    """Everyone linked to one subject, each link typed, evidenced and scored.

    Returns:
        ``{"subject", "types", "window_days", "weights", "links"}``; ``links`` as
        :func:`graph.analytics.links.score_links`.

    Raises:
        NotFound: no such subject.
        ValueError: an unknown link type or a window out of range.
    """
    config = config or load_config()
    chosen, window = parse_types(types), _window(window_days, config)
    subject = _subject(db, subject_id, config)
    evidence = extract.link_evidence(db, [subject_id], types=chosen, window_days=window,
                                     config=config)
    return {
        "subject": subject,
        "types": list(chosen),
        "window_days": window,
        "weights": {t: config.weight(t) for t in chosen},
        "links": links.score_links(evidence, config),
    }


def paths_between(
    db: Database, from_id: str, to_id: str, *, types: str | Sequence[str] | None = None,
    exclude: str | Sequence[str] | None = None, max_paths: int = 10,
    association_kinds: Sequence[str] | None = None, window_days: int | None = None,
    config: LinkConfig | None = None,
) -> dict[str, Any]:
    """All shortest chains of links between two subjects (at most ``max_paths``).

    Returns:
        ``{"from", "to", "types", "paths", "count", "excluded", "truncated"}``; each path
        ``{"length", "steps", "subjects", "hops"}``, each hop ``{"from", "to", "type", "via"}``.
    """
    config = config or load_config()
    chosen, window = parse_types(types, exclude), _window(window_days, config)
    if not 1 <= max_paths <= 100:
        raise ValueError("max_paths must be between 1 and 100")
    if from_id == to_id:
        raise ValueError("from and to are the same subject")
    ends = [_subject(db, from_id, config), _subject(db, to_id, config)]
    raw = extract.path_records(db, from_id, to_id, rel_types=rel_types_for(chosen),
                               kinds=association_kinds, limit=max_paths * RAW_PATHS_PER_PATH,
                               config=config)
    found = paths.typed_paths(raw, chosen, window_days=window, max_paths=max_paths)
    pairs = paths.association_pairs(found["paths"])
    kinds = extract.association_kinds(db, pairs, association_kinds)
    paths.fill_association_kinds(found["paths"], kinds)
    return {"from": ends[0], "to": ends[1], "types": list(chosen), **found}


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
