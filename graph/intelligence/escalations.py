"""Escalation flags read from the graph: behaviour reports and sexual offences, then the rules.

Flags are computed when they are read, never stored, so they are current right after every
ingest and every submission (and a rule change applies at once). Two named reads: the
behaviour reports (``intelligence/behaviour_reports``) and the sexual offences of the
subjects they name (``intelligence/sexual_offences``); the rules are
:func:`graph.intelligence.rules.evaluate`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.db import Database
from graph.intelligence.rules import RuleSet, evaluate, load_rules
from graph.intelligence.taxonomy import Taxonomy
from graph.intelligence.taxonomy import load as load_taxonomy
from graph.records import plain
from graph.tiers import rules as tier_rules


def escalations(db: Database, as_of: dt.date | None = None, subject_id: str | None = None,
                rules: RuleSet | None = None, taxonomy: Taxonomy | None = None
                ) -> list[dict[str, Any]]:
    """The escalation flags as of ``as_of`` (default today), for everyone or one subject.

    Args:
        db: the execution point.
        as_of: records dated after it are not seen.
        subject_id: one subject only.
        rules: the escalation rules; the configured ones by default.
        taxonomy: the behaviour taxonomy; the configured one by default.

    Returns:
        ``[{"subject_id", "rules", "items"}]`` (:func:`~graph.intelligence.rules.evaluate`).
    """
    as_of = as_of or dt.date.today()
    rules = rules or load_rules()
    taxonomy = taxonomy or load_taxonomy()
    reports = plain(db.read("intelligence/behaviour_reports", as_of=as_of,
                            subject_id=subject_id))
    subjects = sorted({r["subject_id"] for r in reports})
    offences: list[dict[str, Any]] = []
    params = rules.rules.get("escalated_to_offending")
    if subjects and params is not None:
        offences = plain(db.read("intelligence/sexual_offences", subject_ids=subjects,
                                 as_of=as_of, sexual_codes=sorted(tier_rules.load().sexual_codes),
                                 roles=list(params.get("roles") or ["suspect", "offender"])))
    return evaluate(reports, offences, as_of, rules, taxonomy)


def by_subject(flags: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Subject id -> the rules that flag him, for badges on lists (the tier board)."""
    return {f["subject_id"]: f["rules"] for f in flags}


def subject_flag(subject_id: str, intel: list[dict[str, Any]], offences: list[dict[str, Any]],
                 as_of: dt.date, rules: RuleSet | None = None,
                 taxonomy: Taxonomy | None = None) -> dict[str, Any] | None:
    """One subject's flag from the records his profile has already read (no read of its own).

    Args:
        subject_id: the subject.
        intel: his intelligence as ``subjects/profile`` reads it (``intel_id``,
            ``reported_on``, ``behaviour``, the grades, ``location``).
        offences: his offences as ``subjects/offences`` reads them (``roles``, ``ho_code``,
            ``committed_from``, ``reported_on``).
        as_of: records dated after it are not seen.

    Returns:
        The flag (as :func:`escalations` gives it), or ``None``.
    """
    rules = rules or load_rules()
    sexual = set(tier_rules.load().sexual_codes)
    reports = [{"intel_id": i["intel_id"], "subject_id": subject_id, "date": i["reported_on"],
                "behaviour": i.get("behaviour"), "source_grade": i.get("source_grade"),
                "intel_grade": i.get("intel_grade"), "handling": i.get("handling"),
                "location_id": (i.get("location") or {}).get("id"),
                "venue_type": (i.get("location") or {}).get("venue_type")} for i in intel]
    counted = (rules.rules.get("escalated_to_offending") or {}).get("roles") or [
        "suspect", "offender"]
    crimes = [{"offence_id": o["offence_id"], "subject_id": subject_id,
               "role": next((r for r in o.get("roles") or [] if r in counted), None),
               "date": o.get("committed_from") or o.get("reported_on"),
               "ho_code": o.get("ho_code")}
              for o in offences if o.get("ho_code") in sexual]
    found = evaluate(reports, crimes, as_of, rules, taxonomy or load_taxonomy())
    return found[0] if found else None
