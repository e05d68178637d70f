"""Reading intelligence for the pages: recent reports and the flags with subjects' names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.db import Database
from graph.intelligence.escalations import escalations
from graph.intelligence.rules import load_rules
from graph.intelligence.taxonomy import load as load_taxonomy
from graph.records import full_name, plain

RECENT_LIMIT = 200


def recent(db: Database, date_from: dt.date, date_to: dt.date,
           behaviour: str | None = None) -> list[dict[str, Any]]:
    """Reports dated ``date_from`` to ``date_to``, newest first (at most :data:`RECENT_LIMIT`),
    each with its behaviour's label, the subject's ``name`` and the place."""
    labels = {b.code: b.label for b in load_taxonomy().behaviours.values()}
    rows = plain(db.read("intelligence/recent", **{"from": date_from, "to": date_to},
                         behaviour=behaviour, limit=RECENT_LIMIT))
    for r in rows:
        r["name"] = full_name(r)
        r["behaviour_label"] = labels.get(r["behaviour"], r["behaviour"])
    return rows


def named_flags(db: Database, as_of: dt.date, subject_id: str | None = None
                ) -> list[dict[str, Any]]:
    """The escalation flags with each subject's ``name``, rule labels and behaviour labels."""
    flags = escalations(db, as_of, subject_id)
    if not flags:
        return []
    names = {r["subject_id"]: r for r in db.read(
        "intelligence/subject_names", subject_ids=[f["subject_id"] for f in flags])}
    for f in flags:
        f["name"] = full_name(names.get(f["subject_id"]))
    return labelled(flags)


def labelled(flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The flags with ``rule_labels`` and each item's ``behaviour_label`` and ``contact``."""
    rules, taxonomy = load_rules(), load_taxonomy()
    for f in flags:
        f["rule_labels"] = [rules.label(r) for r in f["rules"]]
        for item in f["items"]:
            b = taxonomy.behaviours.get(item.get("behaviour") or "")
            item["behaviour_label"] = b.label if b else None
            item["contact"] = bool(b and b.contact)
    return flags
