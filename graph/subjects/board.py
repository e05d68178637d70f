"""The tier board: the trawl's results plus every subject the TCG has acted on, one row each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.db import Database
from graph.records import full_name, plain
from graph.tiers import rules as rules_mod
from graph.tiers.assess import Assessment


def board(db: Database, results: list[Assessment], as_of: dt.date) -> list[dict[str, Any]]:
    """The trawl's results plus every subject with a lifecycle status, one row each.

    Args:
        db: the execution point.
        results: the trawl on ``as_of`` (:func:`graph.tiers.trawl.trawl`).
        as_of: the trawl date.

    Returns:
        Rows with ``subject_id``, ``name``, ``tier`` (``None`` when no tier is met),
        ``adopted_tier``, ``status`` (``candidate`` when the TCG has not acted),
        ``owner``, the counts and dates, ordered by tier (none last), count, id.
    """
    rules = rules_mod.load()
    rows: dict[str, dict[str, Any]] = {}
    for a in results:
        rows[a.subject_id] = {
            **a.as_json(),
            "last_reported_on": a.last_reported_on,
            "custody_until": a.custody_until,
            "recency_lapses_on": a.recency_lapses_on,
            "as_of": a.as_of,
            "status": a.status or "candidate",
            "adopted_tier": None,
            "release_watch": None,
        }
    for r in plain(
        db.read(
            "subjects/cohort",
            as_of=as_of,
            roles=list(rules.counted_roles),
            sexual_codes=list(rules.sexual_codes),
            rape_codes=list(rules.rape_codes),
        )
    ):
        if r["subject_id"] in rows:
            rows[r["subject_id"]].update(
                adopted_tier=r["adopted_tier"], release_watch=r["release_watch"]
            )
            continue
        last = r["last_reported_on"]
        rows[r["subject_id"]] = {
            **r,
            "name": full_name(r),
            "tier": None,
            "custody_until": max((d for d in r["custody_until"] if d), default=None),
            "recency_lapses_on": rules.lapses_on(last) if last else None,
            "rule_set": rules.version,
            "as_of": as_of,
        }
    return sorted(
        rows.values(),
        key=lambda r: (r["tier"] or 9, -r["sexual_offence_count"], r["subject_id"]),
    )
