"""The TCG's monthly meeting pack: what changed between the last meeting and this one.

One call gathers, for the period ``since..as_of`` (both days included): new Tier 1/2
candidates, the lifecycle events (adoptions, reactivations, status changes, decisions with
their rationale), plan actions opened, closed and overdue, subjects adopted at a month's end
without that month's update, and the cohort's orders granted, expiring and breached. Every
list item names its subject (``subject_id``, ``name``) and the day it is about (``date``),
so a page can link it and an export can sort it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from graph.db import Database
from graph.plans import standing
from graph.plans.vocab import rag, tactic_label
from graph.records import full_name, plain
from graph.tiers import rules as rules_mod
from graph.tiers.rules import RuleSet
from graph.tiers.trawl import trawl

#: Days after the as-of date in which an ending order is listed as expiring.
EXPIRY_DAYS = 60
#: The longest period one pack covers.
MAX_DAYS = 731
#: Lifecycle events that are a TCG's or a panel's decision (automatic ones are not).
DECISION_KINDS = ("adopted", "status_changed", "nominated", "nomination_approved",
                  "nomination_rejected")
#: Lifecycle events listed as status changes (adoption and reactivation have their own).
STATUS_KINDS = ("status_changed", "custody_archived")
#: The pack's lists, in the order a meeting takes them (and the CSV's ``section`` values).
SECTIONS = ("new_candidates", "adoptions", "reactivations", "status_changes",
            "actions_overdue", "actions_opened", "actions_closed", "missing_updates",
            "orders_granted", "orders_expiring", "orders_breached", "decisions")
CSV_COLUMNS = ("section", "subject_id", "name", "date", "detail", "owner", "rag")


def check_period(since: dt.date, as_of: dt.date) -> None:
    """A ``ValueError`` naming ``since`` unless ``since..as_of`` is a period a pack covers."""
    if since > as_of:
        raise ValueError(f"since ({since}) is after as_of ({as_of})")
    if (as_of - since).days > MAX_DAYS:
        raise ValueError(f"since: a meeting pack covers at most {MAX_DAYS} days")


def meeting_pack(db: Database, since: dt.date, as_of: dt.date,
                 rules: RuleSet | None = None) -> dict[str, Any]:
    """The meeting pack for ``since..as_of``.

    Args:
        db: the execution point.
        since: the first day of the period (usually the last meeting).
        as_of: the last day (usually today); trawls, RAG and overdue days are as of it.
        rules: the tier rules; the configured ones by default.

    Returns:
        ``since``, ``as_of`` and the lists named in :data:`SECTIONS` (the three order lists
        under ``orders``: ``granted``, ``expiring``, ``breached``).

    Raises:
        ValueError: ``since`` is after ``as_of``, or the period is longer than
            :data:`MAX_DAYS`.
    """
    check_period(since, as_of)
    rules = rules or rules_mod.load()
    now = trawl(db, as_of, rules)
    before = {a.subject_id for a in trawl(db, since, rules) if a.tier in (1, 2)}
    new = [_candidate(a) for a in now if a.tier in (1, 2) and a.status in (None, "candidate")
           and a.subject_id not in before]
    events = [_event(r) for r in plain(db.read(
        "plans/tcg/events", start=standing.day_end(since - dt.timedelta(days=1)),
        end=standing.day_end(as_of)))]
    actions = [_action(r, as_of) for r in plain(db.read("plans/tcg/actions", since=since,
                                                        as_of=as_of))]
    lines = standing.timelines(db, as_of)
    cohort = sorted(set(lines) | {a.subject_id for a in now})
    return {
        "since": since,
        "as_of": as_of,
        "new_candidates": new,
        "adoptions": [e for e in events if e["kind"] == "adopted"],
        "reactivations": [e for e in events if e["kind"] == "reactivated"],
        "status_changes": [e for e in events if e["kind"] in STATUS_KINDS],
        "actions_overdue": sorted((a for a in actions if a["overdue"]),
                                  key=lambda a: (-a["days_overdue"], a["id"])),
        "actions_opened": [a for a in actions if since <= a["opened_on"] <= as_of],
        "actions_closed": [a for a in actions
                           if a["closed_on"] and since <= a["closed_on"] <= as_of],
        "missing_updates": missing_updates(lines, since, as_of),
        "orders": _orders(db, cohort, since, as_of),
        "decisions": [{**e, "rationale": e["reason"]} for e in events
                      if e["kind"] in DECISION_KINDS],
    }


def subject_ids(pack: dict[str, Any]) -> list[str]:
    """Every subject the pack names (for the audit trail)."""
    return sorted({item["subject_id"] for _, item in items(pack)})


def sections(pack: dict[str, Any]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """``(section, its list)`` for each of :data:`SECTIONS`, in order."""
    for section in SECTIONS:
        if section.startswith("orders_"):
            yield section, pack["orders"][section.removeprefix("orders_")]
        else:
            yield section, pack[section]


def items(pack: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(section, item)`` for every list item of the pack, in :data:`SECTIONS` order."""
    for section, found in sections(pack):
        for item in found:
            yield section, item


def missing_updates(lines: dict[str, standing.Timeline], since: dt.date, as_of: dt.date
                    ) -> list[dict[str, Any]]:
    """For each month from ``since``'s to ``as_of``'s, every subject adopted at its end (or on
    ``as_of``, for a month not yet over) whose plan has no update for that month."""
    out = []
    for month in standing.months(since, as_of):
        day = min(standing.month_end(month), as_of)
        for line in lines.values():
            state = standing.on(line, day)
            if state.status == "adopted" and month not in line.update_months:
                out.append({"subject_id": line.subject_id, "name": line.name, "month": month,
                            "date": day, "owner": state.owner, "tier": state.tier})
    return out


def _candidate(a) -> dict[str, Any]:
    return {"subject_id": a.subject_id, "name": a.name, "tier": a.tier,
            "sexual_offence_count": a.sexual_offence_count, "rape_count": a.rape_count,
            "last_reported_on": a.last_reported_on, "date": a.last_reported_on,
            "in_custody": a.in_custody, "status": a.status or "candidate", "owner": a.owner}


def _event(row: dict[str, Any]) -> dict[str, Any]:
    e = row["event"]
    return {"subject_id": row["subject_id"], "name": full_name(row), "id": e["id"],
            "kind": e["kind"], "at": e["at"], "date": e["at"].astimezone(dt.UTC).date(),
            "by": e["by"], "reason": e["reason"], "from_status": e["from_status"],
            "to_status": e["to_status"],
            "tier": e["tier"] if e["tier"] is not None else row["subject_tier"],
            "owner": e["owner"] or row["subject_owner"],
            "nomination_id": e.get("nomination_id"), "offence_id": e.get("offence_id")}


def _action(row: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    a = row["action"]
    closed_by_then = a["closed_on"] is not None and a["closed_on"] <= as_of
    overdue = a["opened_on"] <= as_of and a["due_on"] < as_of and not closed_by_then
    return {**a, "subject_id": row["subject_id"], "name": full_name(row),
            "tactic_label": tactic_label(a["pillar"], a["tactic"]),
            "date": a["opened_on"], "overdue": overdue,
            "days_overdue": (as_of - a["due_on"]).days if overdue else 0,
            # As of the pack's day: an action closed later was still open then.
            "rag": rag("open" if overdue else a["status"], a["due_on"], as_of)}


def _orders(db: Database, cohort: list[str], since: dt.date, as_of: dt.date
            ) -> dict[str, list[dict[str, Any]]]:
    expires_by = as_of + dt.timedelta(days=EXPIRY_DAYS)
    granted, expiring = [], []
    for row in plain(db.read("plans/tcg/orders", ids=cohort, since=since, as_of=as_of,
                             expires_by=expires_by)):
        o = row["order"]
        base = {"subject_id": row["subject_id"], "name": full_name(row), "order_id": o["id"],
                "order_type": o["order_type"], "status": o["status"],
                "start_date": o["start_date"], "end_date": o["end_date"]}
        if since <= o["start_date"] <= as_of:
            granted.append({**base, "date": o["start_date"]})
        if o["end_date"] and as_of < o["end_date"] <= expires_by:
            expiring.append({**base, "date": o["end_date"],
                             "days_left": (o["end_date"] - as_of).days})
    breached = [{"subject_id": r["subject_id"], "name": full_name(r),
                 "breach_id": r["breach"]["id"], "date": r["breach"]["occurred_on"],
                 "outcome": r["breach"]["outcome"], "order_id": r["order"]["id"],
                 "order_type": r["order"]["order_type"]}
                for r in plain(db.read("plans/tcg/breaches", ids=cohort, since=since,
                                       as_of=as_of))]
    expiring.sort(key=lambda o: (o["end_date"], o["order_id"]))
    return {"granted": granted, "expiring": expiring, "breached": breached}


def rows(pack: dict[str, Any]) -> list[dict[str, Any]]:
    """The pack as CSV rows (:data:`CSV_COLUMNS`): one per list item, with a line of detail."""
    return [{"section": section, "subject_id": item["subject_id"], "name": item["name"],
             "date": item.get("date").isoformat() if item.get("date") else "",
             "detail": _detail(section, item), "owner": item.get("owner") or "",
             "rag": item.get("rag") or ""}
            for section, item in items(pack)]


def _detail(section: str, i: dict[str, Any]) -> str:
    if section == "new_candidates":
        return (f"Tier {i['tier']}: {i['sexual_offence_count']} sexual offences, "
                f"{i['rape_count']} rape{'s' if i['rape_count'] != 1 else ''}")
    if section in ("adoptions", "reactivations", "status_changes", "decisions"):
        move = f"{i['from_status']} -> {i['to_status']}"
        head = f"{i['kind']} ({move})" if section == "decisions" else move
        tier = f", Tier {i['tier']}" if i["tier"] else ""
        return f"{head}{tier}, by {i['by']}: {i['reason'] or ''}".rstrip(": ")
    if section.startswith("actions_"):
        text = f"{i['pillar']} / {i['tactic_label']}: {i['description']}; due {i['due_on']}"
        if section == "actions_overdue":
            return f"{text}; {i['days_overdue']} days overdue"
        if section == "actions_closed":
            return f"{text}; {i['status']}, outcome {i['outcome'] or 'none recorded'}"
        return text
    if section == "missing_updates":
        return f"no monthly update for {i['month']}"
    if section == "orders_granted":
        return f"{i['order_type']} {i['order_id']} granted, ends {i['end_date'] or 'no end date'}"
    if section == "orders_expiring":
        return f"{i['order_type']} {i['order_id']} ends {i['end_date']} (in {i['days_left']} days)"
    outcome = f" ({i['outcome']})" if i.get("outcome") else ""
    return f"breach of {i['order_type']} {i['order_id']}{outcome}"
