"""Cypher -> pandas for the people side: link evidence, node tables, networks, paths.

Every function here takes the :class:`~graph.db.Database` first, runs named queries from
``graph/queries/analytics/`` with parameters only, and returns DataFrames or plain records
for the pure functions in :mod:`graph.analytics.links`, :mod:`~graph.analytics.networks`
and :mod:`~graph.analytics.paths`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from graph.analytics.config import LINK_TYPES, LinkConfig, load_config, parse_types
from graph.db import Database

#: Columns of the link evidence table (one row per piece of evidence).
EVIDENCE_COLUMNS = [
    "source",
    "target",
    "target_name",
    "type",
    "via",
    "offence_id",
    "other_offence_id",
    "date",
    "other_date",
    "days_apart",
    "detail",
    "pairs",
]
#: Subjects per query when linking many (an ego network's ring, a cohort): keeps each
#: transaction well inside Neo4j's memory limit around busy venues.
CHUNK = 250


def link_evidence(
    db: Database,
    ids: Iterable[str],
    *,
    types: Sequence[str] | None = None,
    window_days: int | None = None,
    among: Iterable[str] | None = None,
    config: LinkConfig | None = None,
) -> pd.DataFrame:
    """Every piece of evidence linking the subjects in ``ids`` to other subjects.

    Args:
        db: the database.
        ids: subject ids to link from.
        types: link types (checked against the whitelist); None for all.
        window_days: same-location window; None for the configured default.
        among: only link to these subjects (a cohort); None for anyone.
        config: weights/roles/window; None for the configured file.

    Returns:
        A DataFrame with :data:`EVIDENCE_COLUMNS`, one row per piece of evidence
        (an offence, a victim and offence pair, an identifier, a location with the closest
        pair of offences there and the number of pairs, ...), sorted.
    """
    config = config or load_config()
    chosen = parse_types(types)
    wanted = list(dict.fromkeys(ids))
    params = {
        "roles": list(config.roles),
        "window_days": config.window_days if window_days is None else int(window_days),
        "among": None if among is None else list(among),
    }
    records: list[dict[str, Any]] = []
    for link_type in chosen:
        for start in range(0, len(wanted), CHUNK):
            # One named query per link type: the type picks the file, never the query text.
            rows = db.read(f"analytics/links/{link_type}", ids=wanted[start : start + CHUNK],
                           **params)
            records.extend({**row, "type": link_type} for row in rows)
    if not records:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    order = {t: i for i, t in enumerate(LINK_TYPES)}
    # Sorted here, on plain tuples: cheaper than a DataFrame sort for the one-subject case.
    records.sort(key=lambda r: (r["source"], r["target"], order[r["type"]], str(r["via"]),
                                str(r.get("offence_id") or "")))
    return pd.DataFrame.from_records(records).reindex(columns=EVIDENCE_COLUMNS)


def subject_nodes(
    db: Database, ids: Iterable[str], *, config: LinkConfig | None = None
) -> pd.DataFrame:
    """The node table for ``ids``: id, name, offences, sexual_offences, rape_offences.

    Subjects that do not exist are left out.
    """
    config = config or load_config()
    rows = db.read("analytics/subject_nodes", ids=list(dict.fromkeys(ids)),
                   roles=list(config.roles))
    columns = ["id", "name", "offences", "sexual_offences", "rape_offences"]
    return pd.DataFrame(rows, columns=columns)


def co_offending_edges(db: Database, *, config: LinkConfig | None = None) -> pd.DataFrame:
    """The whole co-offending network as an edge table: source, target, count."""
    config = config or load_config()
    rows = db.read("analytics/co_offending_network", roles=list(config.roles))
    return pd.DataFrame(rows, columns=["source", "target", "count"])


def association_edges(db: Database, kinds: Sequence[str] | None = None) -> pd.DataFrame:
    """The whole recorded-association network: source, target, kinds.

    Args:
        db: the database.
        kinds: only these ``ASSOCIATE_OF.kind`` values (e.g. ``["knows"]``); None for all.
    """
    rows = db.read("analytics/association_network", kinds=None if kinds is None else list(kinds))
    return pd.DataFrame(rows, columns=["source", "target", "kinds"])


def location_subjects(
    db: Database, location_id: str, *, config: LinkConfig | None = None
) -> pd.DataFrame:
    """Everyone linked to one location (offence there, lives there, intelligence there)."""
    config = config or load_config()
    rows = db.read("analytics/location_subjects", id=location_id, roles=list(config.roles))
    return pd.DataFrame(rows, columns=["id", "how"])


def most_named(db: Database, *, limit: int = 10, config: LinkConfig | None = None) -> pd.DataFrame:
    """Subjects named in the most distinct offences: id, name, offences."""
    config = config or load_config()
    rows = db.read("analytics/most_named", roles=list(config.roles), limit=int(limit))
    return pd.DataFrame(rows, columns=["id", "name", "offences"])


def path_records(
    db: Database,
    from_id: str,
    to_id: str,
    *,
    rel_types: Sequence[str],
    kinds: Sequence[str] | None = None,
    limit: int = 100,
    config: LinkConfig | None = None,
) -> list[dict[str, Any]]:
    """Raw all-shortest-paths records ``{"nodes": [...], "rels": [...]}`` between two subjects.

    Args:
        db: the database.
        from_id: the first subject.
        to_id: the second subject.
        rel_types: relationship types from :func:`graph.analytics.config.rel_types_for`.
        kinds: association kinds allowed on ``ASSOCIATE_OF`` hops; None for all.
        limit: at most this many raw paths.
        config: roles; None for the configured file.
    """
    config = config or load_config()
    return db.read(
        "analytics/paths",
        **{"from": from_id, "to": to_id},
        rel_types=list(rel_types),
        roles=list(config.roles),
        kinds=None if kinds is None else list(kinds),
        limit=int(limit),
    )


def association_kinds(
    db: Database, pairs: Sequence[Sequence[str]], kinds: Sequence[str] | None = None
) -> dict[frozenset, list[str]]:
    """The recorded association kinds of each subject pair, keyed by the unordered pair."""
    if not pairs:
        return {}
    rows = db.read("analytics/association_kinds", pairs=[list(p) for p in pairs],
                   kinds=None if kinds is None else list(kinds))
    return {frozenset((r["source"], r["target"])): sorted(r["kinds"]) for r in rows}
