"""Orders in force, possible breaches found in the graph, expiring orders, and their use.

An order or condition is **active** on a date D when it has started (start <= D) and has not
ended (no end, or end > D); a condition is active only while its order is too. Orders count
as in force when granted, interim, or with no status (older exports); discharged and expired
orders count up to their end date; applied and refused ones never. A **possible breach** is
evidence dated on or before the as-of date, on a day a condition was active: an offence
naming the subject, or intelligence about him, inside an exclusion zone (great-circle
distance, done in Cypher), or an offence against a no-contact condition's protected victim.
Each says whether a recorded breach already covers it; an analyst confirms one (it becomes a
recorded breach) or dismisses it with a reason, and both answers are kept.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from graph.db import Database
from graph.errors import Conflict, NotFound
from graph.records import full_name, plain

IN_FORCE = ("granted", "interim", "discharged", "expired")
DECISIONS = ("confirmed", "dismissed")
MEASURES = ("applied", "granted", "refused", "breached")


def possible_breaches(db: Database, as_of: dt.date, *,
                      subject_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Every possible breach on ``as_of`` (oldest first).

    Args:
        db: the execution point.
        as_of: only evidence dated on or before it counts.
        subject_ids: only these subjects (None: every subject).

    Returns:
        Dicts with ``order_id``, ``condition_id``, ``subject_id``, ``name``, ``kind``
        (``exclusion_zone`` or ``no_contact``), ``order_type``, ``evidence_kind``
        (``offence`` or ``intelligence``), ``evidence_id``, ``on``, ``distance_m`` (zones),
        ``radius_m``, ``place``, ``recorded`` and ``review`` (an analyst's answer, or None).
    """
    rows = plain(db.read("orders/possible_breaches", as_of=as_of, in_force=list(IN_FORCE),
                         subject_ids=subject_ids))
    for row in rows:
        row["name"] = full_name(row)
        row.pop("forename"), row.pop("surname")
    return rows


def in_force(db: Database, as_of: dt.date) -> dict[str, list[str]]:
    """Subject id -> the types of the orders he holds in force on ``as_of``."""
    return {r["subject_id"]: sorted(r["order_types"])
            for r in db.read("orders/in_force", as_of=as_of, in_force=list(IN_FORCE))}


def review(db: Database, body: dict[str, Any], *, by: str, as_of: dt.date | None = None
           ) -> dict[str, Any]:
    """Confirm a possible breach (a recorded breach is made) or dismiss it with a reason.

    Args:
        body: ``order_id``, ``condition_id``, ``evidence_id``, ``decision`` (``confirmed``
            or ``dismissed``), ``reason`` (required).

    Raises:
        ValueError: a missing or bad field (named); NotFound: no such possible breach;
        Conflict: it has been answered already.
    """
    if not isinstance(body, dict):
        raise ValueError("send a JSON object with order_id, condition_id, evidence_id, "
                         "decision, reason")
    for field in ("order_id", "condition_id", "evidence_id", "reason"):
        if not isinstance(body.get(field), str) or not body[field].strip():
            raise ValueError(f"{field} is required")
    decision = body.get("decision")
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    found = [b for b in possible_breaches(db, as_of or dt.date.today())
             if (b["order_id"], b["condition_id"], b["evidence_id"])
             == (body["order_id"], body["condition_id"], body["evidence_id"])]
    if not found:
        raise NotFound("no such possible breach (order, condition and evidence)")
    if found[0]["review"] is not None:
        raise Conflict("this possible breach has been answered already")
    rows = db.write("orders/review", order_id=body["order_id"],
                    condition_id=body["condition_id"], evidence_id=body["evidence_id"],
                    decision=decision, reason=body["reason"].strip()[:4000], by=by,
                    review_id=f"brv-{uuid.uuid4().hex[:16]}",
                    breach_id=f"BR-{uuid.uuid4().hex[:12]}" if decision == "confirmed" else None,
                    on=found[0]["on"])
    if not rows:
        raise Conflict("this possible breach has been answered already")
    return {**plain(rows[0]["review"]), "subject_id": found[0]["subject_id"]}


def expiring(db: Database, as_of: dt.date, days: int = 60) -> list[dict[str, Any]]:
    """Orders and conditions in force on ``as_of`` that end within ``days`` days."""
    if not 1 <= days <= 3650:
        raise ValueError("days must be between 1 and 3650")
    rows = plain(db.read("orders/expiring", as_of=as_of, in_force=list(IN_FORCE),
                         until=as_of + dt.timedelta(days=days)))
    for row in rows:
        row["name"] = full_name(row)
        row.pop("forename"), row.pop("surname")
        row["days_left"] = (row["ends_on"] - as_of).days
    return sorted(rows, key=lambda r: (r["ends_on"], r["subject_id"], r["order_id"]))


def use(db: Database, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """Orders applied for, granted, refused and breached, by type and month, for subjects
    named in a VAWG offence: ``{"rows": [...], "totals": {measure: n}, "by_type": {...}}``.
    Each row is ``{"month", "order_type", "measure", "count", "subjects"}``."""
    if date_from > date_to:
        raise ValueError("from is after to")
    rows = db.read("orders/use", **{"from": date_from, "to": date_to})
    totals: dict[str, int] = dict.fromkeys(MEASURES, 0)
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    for row in rows:
        totals[row["measure"]] += row["count"]
        by_type[row["order_type"]][row["measure"]] += row["count"]
    return {"from": date_from.isoformat(), "to": date_to.isoformat(), "rows": rows,
            "totals": totals, "by_type": dict(sorted(by_type.items()))}


def subject_orders(db: Database, subject_id: str, today: dt.date,
                   possible: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """A subject's orders with their conditions (active today or not) and breaches, recorded
    and possible (pass ``possible`` when already worked out)."""
    possible = possible if possible is not None else possible_breaches(
        db, today, subject_ids=[subject_id])
    out = []
    for row in plain(db.read("orders/subject_orders", subject_id=subject_id)):
        order = {**row["order"], "record": "order"}
        start, end = order.get("start_date"), order.get("end_date")
        order["active"] = bool(start and start <= today and (end is None or end > today)
                               and (order.get("status") in (None, *IN_FORCE)))
        for c in row["conditions"]:
            c["record"] = "order_condition"  # its own ``kind`` is the condition's kind
            c_start = max(d for d in (start, c.get("starts_on")) if d) if start else None
            c_end = min((d for d in (end, c.get("ends_on")) if d), default=None)
            c["active"] = bool(order["active"] and c_start and c_start <= today
                               and (c_end is None or c_end > today))
        order["condition_list"] = row["conditions"]
        order["breaches"] = [{**b, "record": "breach"} for b in row["breaches"]]
        order["possible_breaches"] = [p for p in possible if p["order_id"] == order["order_id"]]
        out.append(order)
    return out
