"""The fact functions of the alert kinds: what raises each one on an as-of date.

Each function takes the run's :class:`Context` and its :class:`~graph.alerts.rules.Rule`
and returns candidates: ``{"key": [...], "subject_id" or "location_id", "facts": {...}}``.
``key`` holds the facts that make the alert the same alert on every run (an order and its
end date, an action and its due date), so a second run raises nothing new; ``facts`` is what
a reader is shown. Most kinds reuse the area that owns the rule (tiers, orders, plans); the
few reads of their own are in ``graph/queries/alerts/``.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from graph import orders
from graph.alerts.rules import Rule, kind
from graph.db import Database
from graph.plans import standing
from graph.records import full_name, plain
from graph.tiers.assess import Assessment
from graph.tiers.trawl import trawl

#: Trawl statuses of a subject that is a candidate or adopted (recency lapsing watches them).
WATCHED_STATUSES = (None, "candidate", "adopted")


class Context:
    """One run's inputs, each read at most once and shared by the kinds that need it."""

    def __init__(self, db: Database, as_of: dt.date,
                 previous_tiers: dict[str, Any] | None = None) -> None:
        self.db = db
        self.as_of = as_of
        #: ``{"as_of": date, "tiers": {subject_id: tier}}`` of the last run, or None.
        self.previous_tiers = previous_tiers

    @cached_property
    def trawl(self) -> list[Assessment]:
        """The trawl on the as-of date (tiers 1-3)."""
        return trawl(self.db, self.as_of)

    @cached_property
    def tiers(self) -> dict[str, int]:
        """Subject id -> tier on the as-of date."""
        return {a.subject_id: a.tier for a in self.trawl if a.tier}


def _subject(row: dict[str, Any]) -> dict[str, Any]:
    return {"subject_id": row["subject_id"], "name": full_name(row) or row.get("name", "")}


@kind("new_candidate")
def new_candidate(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    """A subject not yet adopted who enters Tier 1 or 2 since the last run (every such
    subject on the first run)."""
    before = (ctx.previous_tiers or {}).get("tiers", {})
    since = (ctx.previous_tiers or {}).get("as_of")
    out = []
    for a in ctx.trawl:
        if a.tier in (1, 2) and a.status in (None, "candidate") and before.get(
                a.subject_id) not in (1, 2):
            out.append({"key": [a.subject_id, a.tier, since], "subject_id": a.subject_id,
                        "facts": {"name": a.name, "tier": a.tier, "since": since,
                                  "sexual_offence_count": a.sexual_offence_count,
                                  "rape_count": a.rape_count,
                                  "last_reported_on": a.last_reported_on,
                                  "evidence": a.evidence}})
    return out


@kind("tier_change")
def tier_change(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    """A subject whose tier differs from the last run's (entering from nothing is a
    new candidate, not a change; leaving every tier is a change to none)."""
    if ctx.previous_tiers is None:
        return []
    before, since = ctx.previous_tiers["tiers"], ctx.previous_tiers["as_of"]
    names = {a.subject_id: a.name for a in ctx.trawl}
    out = []
    for sid in sorted(set(before) | set(ctx.tiers)):
        old, new = before.get(sid), ctx.tiers.get(sid)
        if old is None or old == new:
            continue
        out.append({"key": [sid, old, new, since], "subject_id": sid,
                    "facts": {"name": names.get(sid, ""), "from_tier": old, "to_tier": new,
                              "since": since}})
    return out


@kind("reactivation")
def reactivation(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    """Each reactivation (a new offence on an archived or monitored subject) in the
    ``days`` before the as-of date."""
    start = standing.day_end(ctx.as_of - dt.timedelta(days=(rule.days or 30) + 1))
    rows = plain(ctx.db.read("alerts/reactivations", start=start,
                             end=standing.day_end(ctx.as_of)))
    return [{"key": [r["event_id"]], "subject_id": r["subject_id"],
             "facts": {**_subject(r), "on": r["at"].date(), "offence_id": r["offence_id"],
                       "reason": r["reason"], "tier": r["tier"]}} for r in rows]


@kind("recency_lapsing")
def recency_lapsing(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    """A candidate or adopted Tier 1/2 subject whose last qualifying offence leaves the
    recency window within ``days`` days (day ``days`` raises, day ``days + 1`` does not)."""
    out = []
    for a in ctx.trawl:
        lapses = a.recency_lapses_on
        if a.tier not in (1, 2) or a.status not in WATCHED_STATUSES or lapses is None:
            continue
        days_left = (lapses - ctx.as_of).days
        if 0 <= days_left <= (rule.days or 30):
            out.append({"key": [a.subject_id, lapses], "subject_id": a.subject_id,
                        "facts": {"name": a.name, "tier": a.tier, "status": a.status,
                                  "last_reported_on": a.last_reported_on,
                                  "lapses_on": lapses, "days_left": days_left}})
    return out


@kind("release_due")
def release_due(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    """A custody period of a watched or adopted subject (or one archived for custody) that
    ends within ``days`` days of the as-of date (the end day itself counts)."""
    rows = plain(ctx.db.read("alerts/release_due", as_of=ctx.as_of,
                             until=ctx.as_of + dt.timedelta(days=rule.days or 30)))
    return [{"key": [r["subject_id"], r["ends_on"]], "subject_id": r["subject_id"],
             "facts": {**_subject(r), "ends_on": r["ends_on"],
                       "days_left": (r["ends_on"] - ctx.as_of).days,
                       "establishment": r["establishment"], "status": r["status"],
                       "watched": r["watched"]}} for r in rows]


@kind("order_expiring")
def order_expiring(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    """An order or condition in force that ends within ``days`` days (graph.orders)."""
    return [{"key": [r["order_id"], r["condition_id"], r["ends_on"]],
             "subject_id": r["subject_id"],
             "facts": {"name": r["name"], "what": r["what"], "order_id": r["order_id"],
                       "condition_id": r["condition_id"],
                       "condition_kind": r["condition_kind"], "order_type": r["order_type"],
                       "ends_on": r["ends_on"], "days_left": r["days_left"]}}
            for r in orders.expiring(ctx.db, ctx.as_of, rule.days or 60)]


@kind("possible_breach")
def possible_breach(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    """A possible breach no recorded breach covers and no analyst has answered."""
    out = []
    for b in orders.possible_breaches(ctx.db, ctx.as_of):
        if b["recorded"] or b["review"] is not None:
            continue
        out.append({"key": [b["order_id"], b["condition_id"], b["evidence_id"]],
                    "subject_id": b["subject_id"],
                    "facts": {"name": b["name"], "order_id": b["order_id"],
                              "condition_id": b["condition_id"], "condition_kind": b["kind"],
                              "order_type": b["order_type"],
                              "evidence_kind": b["evidence_kind"],
                              "evidence_id": b["evidence_id"], "on": b["on"],
                              "distance_m": b["distance_m"], "radius_m": b["radius_m"],
                              "place": b["place"]}})
    return out


@kind("action_overdue")
def action_overdue(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    """A 4P plan action still open (or in progress) after its due date."""
    rows = plain(ctx.db.read("alerts/actions_overdue", as_of=ctx.as_of))
    return [{"key": [r["action"]["id"], r["action"]["due_on"]], "subject_id": r["subject_id"],
             "facts": {**_subject(r), "action_id": r["action"]["id"],
                       "pillar": r["action"]["pillar"], "tactic": r["action"]["tactic"],
                       "owner": r["action"]["owner"], "due_on": r["action"]["due_on"],
                       "days_overdue": (ctx.as_of - r["action"]["due_on"]).days,
                       "action": {**r["action"], "record": "plan_action"}}} for r in rows]


@kind("update_missing")
def update_missing(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    """A subject adopted in Tier 1 at the end of the previous month whose plan has no
    update for that month."""
    month_end = ctx.as_of.replace(day=1) - dt.timedelta(days=1)
    month = month_end.strftime("%Y-%m")
    out = []
    for line in standing.timelines(ctx.db, month_end).values():
        state = standing.on(line, month_end)
        if state.status == "adopted" and state.tier == 1 and month not in line.update_months:
            out.append({"key": [line.subject_id, month], "subject_id": line.subject_id,
                        "facts": {"name": line.name, "month": month, "owner": state.owner}})
    return out


@kind("watched_activity")
def watched_activity(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    """A new offence, intelligence report or order on a watched subject or place, dated
    from the day the watch was set to the as-of date."""
    out = []
    for r in plain(ctx.db.read("alerts/watched_activity", as_of=ctx.as_of)):
        target = "subject_id" if r["watch_kind"] == "subject" else "location_id"
        out.append({"key": [r["watch_id"], r["what"], r["record"]["id"]],
                    target: r["target_id"], "watcher": r["username"],
                    "facts": {"watch_kind": r["watch_kind"], "what": r["what"],
                              "watched_by": r["username"], "on": r["on"],
                              "item": r["record"]}})
    return out
