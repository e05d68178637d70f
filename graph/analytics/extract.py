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
    "venue_type",
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


def location_records(db: Database, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Places by id: ``{"id", "name", "postcode", "venue_type"}`` (unknown ids left out)."""
    rows = db.read("analytics/location_records", ids=list(dict.fromkeys(ids)))
    return {r["id"]: r for r in rows}


def victim_records(db: Database, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Victims by id: ``{"kind": "victim", "id", "forename", "surname", "name"}``.

    Whole records: what a reader receives of them is the disclosure policy's to decide.
    """
    rows = db.read("analytics/victim_records", ids=list(dict.fromkeys(ids)))
    return {r["id"]: {**r, "name": " ".join(p for p in (r["forename"], r["surname"]) if p)}
            for r in rows}


def place_ties(
    db: Database, location_id: str, subject_ids: Sequence[str], *,
    config: LinkConfig | None = None,
) -> dict[str, dict[str, Any]]:
    """How each subject is tied to a place: the offences there it is named in ($roles),
    whether it lives there, the intelligence reported there about it (ids and dates).

    Returns:
        ``{subject_id: {"offences": [{"id", "date"}], "lives_here": bool,
        "intelligence": [{"id", "date"}]}}`` for every id asked.
    """
    config = config or load_config()
    empty = {"offences": [], "lives_here": False, "intelligence": []}
    out: dict[str, dict[str, Any]] = {s: dict(empty) for s in subject_ids}
    if not subject_ids:
        return out
    for row in db.read("analytics/place_ties", id=location_id, ids=list(subject_ids),
                       roles=list(config.roles)):
        out[row["subject_id"]] = {"offences": row["offences"], "lives_here": row["lives_here"],
                                  "intelligence": row["intelligence"]}
    return out
