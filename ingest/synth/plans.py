"""The demo force's TCG history: adopted subjects with 4P plans, updates and decisions.

After ``linkwatch demo`` has ingested the synthetic force, :func:`lay_demo_plans` makes it
look like a force some months into Operation Ratify: it takes planted Tier 1 subjects (not
in custody) and Tier 2 subjects from the trawl, adopts them at past TCG meetings, and lays
the plans their owners have kept since (:mod:`ingest.synth.plan_steps`): actions with
their moves and outcomes, monthly updates (:mod:`ingest.synth.plan_log`; one month written
twice, one subject behind with his), and suggestions accepted and one dismissed.

Everything is written through the domain functions (:mod:`graph.tiers.lifecycle`,
:mod:`graph.plans`); offences, victims and their notes are never touched. Those functions
stamp every event "now", so a last step (``demo/backdate``) gives the demo's events the
times they stand for, that the TCG pack and the oversight figures, which replay events by
their times, see an adoption at its meeting and an update in its month. Only this made-up
history is ever re-stamped.

The same force, seed and ``today`` give the same plans (record ids aside: those are random).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph import plans
from graph.db import Database
from graph.plans import suggestions
from graph.subjects.profile import profile
from graph.tiers import lifecycle
from graph.tiers.trawl import explain_subject, trawl
from ingest.synth import plan_log
from ingest.synth.plan_steps import Record, Step, tier1_steps, tier2_steps

#: Months before this month of the TCG meetings that adopted each Tier 1 / Tier 2 pick
#: (a pick that does not meet its tier then is adopted at a later meeting, but at least
#: :data:`LATEST` months back).
TIER1_MONTHS = (5, 4, 4, 3)
TIER2_MONTHS = (4, 3)
LATEST = 3
#: Monthly updates are written for the months this many back (0: this month, to date).
UPDATE_MONTHS = (2, 1, 0)
#: Why the Tier 1 subject of variant 1 dismisses the HARMS suggestion.
DISMISS_REASON = ("Not needed: the victim harmed at this address is covered by the "
                  "safeguarding referral, and her current address is already marked with the "
                  "control room; a second marker here would duplicate it. Review if she moves.")


@dataclass(frozen=True)
class Officers:
    """Who does what in the demo: the RASSO officers own Tier 1, the analyst the rest."""

    rasso: tuple[str, ...]
    analyst: str

    @classmethod
    def from_users(cls, users: Iterable[tuple[str, ...]]) -> Officers:
        """From ``(username, role, ...)`` rows such as ``app.cli.users.DEMO_USERS``."""
        rows = list(users)
        return cls(rasso=tuple(sorted(u[0] for u in rows if u[1] == "rasso_officer")),
                   analyst=sorted(u[0] for u in rows if u[1] == "analyst")[0])


def _month(today: dt.date, back: int) -> tuple[int, int]:
    n = today.year * 12 + today.month - 1 - back
    return n // 12, n % 12 + 1


def tcg_day(year: int, month: int) -> dt.date:
    """The TCG meets on the second Tuesday of the month.

    >>> tcg_day(2026, 8)
    datetime.date(2026, 8, 11)
    """
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(1 - first.weekday()) % 7 + 7)


def _free(custody: list[dict[str, Any]], start: dt.date, end: dt.date) -> bool:
    """No custody period overlaps ``start`` to ``end``."""
    return not any(c["start_date"] <= end and (c["end_date"] is None or c["end_date"] > start)
                   for c in custody)


def _adoption_day(db: Database, sid: str, tier: int, back: int, today: dt.date,
                  custody: list[dict[str, Any]]) -> dt.date | None:
    """The first TCG meeting, ``back`` months ago or later, at which he met ``tier`` and
    from which he has been out of custody; None when there is none."""
    if explain_subject(db, sid, today).tier != tier:
        return None
    for months in range(back, LATEST - 1, -1):
        on = tcg_day(*_month(today, months))
        if _free(custody, on, today) and explain_subject(db, sid, on).tier == tier:
            return on
    return None


def _picks(db: Database, as_of: dt.date, today: dt.date) -> list[tuple[str, int, dt.date]]:
    """``(subject_id, tier, adoption day)``: subjects with a co-offender first, then by id."""
    results = [a for a in trawl(db, as_of) if not a.in_custody]
    out = []
    for tier, months in ((1, TIER1_MONTHS), (2, TIER2_MONTHS)):
        pool = []
        for a in (a for a in results if a.tier == tier):
            found = profile(db, a.subject_id, today=today)
            linked = any(p["offences"] for p in found["associates"])
            pool.append((not linked, a.subject_id, found["custody"]))
        slots = list(months)
        for _, sid, custody in sorted(pool, key=lambda p: p[:2]):
            if not slots:
                break
            on = _adoption_day(db, sid, tier, slots[0], today, custody)
            if on is not None:
                out.append((sid, tier, on))
                slots.pop(0)
    return out


def _record(db: Database, sid: str, tier: int, owner: str, on: dt.date,
            today: dt.date) -> Record:
    found = profile(db, sid, today=today)
    offences = {e["offence_id"]: {"crime_ref": e["crime_ref"] or e["offence_id"],
                                  "reported_on": e["reported_on"],
                                  "victims": [v["id"] for v in e["victims"]]}
                for e in found["timeline"] if e["kind"] == "offence"}
    standing = explain_subject(db, sid, on)
    by_date = sorted(standing.evidence, key=lambda o: (offences[o]["reported_on"], o))
    rapes = sorted(standing.rape_evidence, key=lambda o: (offences[o]["reported_on"], o))
    found_rules: dict[str, dict[str, Any]] = {}
    for s in suggestions.find(db, sid, on):
        found_rules.setdefault(s["rule"], s)
    return Record(subject_id=sid, adopted_on=on, tier=tier, owner=owner, offences=offences,
                  counted=by_date, rapes=rapes, orders=found["orders"],
                  victims=found["victims"], suggestions=found_rules)


def _reason(db: Database, sid: str, tier: int, on: dt.date) -> str:
    a = explain_subject(db, sid, on)
    follow = "owning officer and 4P plan" if tier == 1 else "analyst monitoring, six-monthly review"
    return (f"TCG {on:%Y-%m}: named on {a.sexual_offence_count} sexual offences incl. "
            f"{a.rape_count} rape{'s' if a.rape_count != 1 else ''}, the latest reported "
            f"{a.last_reported_on:%d/%m/%Y}; Tier {tier}: {follow}")


class _Stamps:
    """The times the demo's events stand for, by event id (``demo/backdate``)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now, self.rows = now, []
        self._ticks: dict[tuple[dt.date, int], int] = {}

    def add(self, event_id: str, day: dt.date, hour: int = 9) -> None:
        # A minute apart, in the order written, so events of one day keep their order.
        tick = self._ticks[day, hour] = self._ticks.get((day, hour), 0) + 1
        at = dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC) + dt.timedelta(minutes=tick)
        self.rows.append({"id": event_id, "at": min(at, self.now)})


def _lay(db: Database, sid: str, step: Step, stamps: _Stamps) -> bool:
    """Write one step: the action (accepted from its suggestion when it names one, as the
    owner would), then its moves, each on its own day. Returns whether it was accepted."""
    by = step.by or step.owner
    body = {"pillar": step.pillar, "tactic": step.tactic, "description": step.description,
            "owner": step.owner, "agency": step.agency, "due_on": step.due.isoformat(),
            "rationale": step.rationale}
    wanted = next((s for s in suggestions.find(db, sid, step.opened)
                   if s["rule"] == step.accept), None) if step.accept else None
    if wanted is not None:
        decision = plans.decide_suggestion(db, sid, wanted["key"],
                                           {"decision": "accept", **body}, by=by,
                                           today=step.opened)
        action_id, action = decision["action_id"], None
        stamps.add(decision["id"], step.opened)
    else:
        body.update(opened_on=step.opened.isoformat(), evidence=step.evidence)
        action = plans.add_action(db, sid, body, by=by, today=step.opened)
        action_id = action["id"]
    for move in step.moves:
        action = plans.set_status(db, action_id, {"status": move.status,
                                                  "outcome": move.outcome, "note": move.note},
                                  by=step.owner, today=move.on)
    if action is None:
        action = next(a for a in plans.plan(db, sid, today=step.opened)["actions"]
                      if a["id"] == action_id)
    days = [step.opened] + [m.on for m in step.moves]
    for event, day in zip(action["events"], days, strict=True):
        stamps.add(event["id"], day)
    return wanted is not None


def _dismiss(db: Database, sid: str, on: dt.date, by: str, stamps: _Stamps) -> bool:
    """Dismiss the HARMS suggestion (for a subject whose victim is already protected)."""
    wanted = next((s for s in suggestions.find(db, sid, on)
                   if s["rule"] == "residential_scene_marker"), None)
    if wanted is None:
        return False
    decision = plans.decide_suggestion(db, sid, wanted["key"], {
        "decision": "dismiss", "reason": DISMISS_REASON}, by=by, today=on)
    stamps.add(decision["id"], on)
    return True


def _updates(db: Database, r: Record, found: dict[str, list[str]], stamps: _Stamps, *,
             correct: str | None, skip: tuple[str, ...]) -> int:
    """The owner's monthly updates, each written on its month's last day (today, for this
    month); ``correct``'s first version leaves its last fact out and a second, two days
    later, puts it back; ``skip`` months are never written."""
    written = 0
    for month, said in found.items():
        if month in skip:
            continue
        _, last = plan_log.bounds(month, stamps.now.date())
        versions = [" ".join(said)]
        if month == correct:
            versions = [" ".join(said[:-2] + said[-1:]),
                        f'Correction: version 1 left out "{said[-2]}" Full update: '
                        + " ".join(said)]
        for i, summary in enumerate(versions):
            update = plans.add_update(db, r.subject_id, {"month": month, "summary": summary},
                                      by=r.owner)
            stamps.add(update["id"], last + dt.timedelta(days=2 * i), hour=16)
            written += 1
    return written


def lay_demo_plans(db: Database, *, seed: int, as_of: dt.date, officers: Officers,
                   today: dt.date | None = None) -> dict[str, Any]:
    """Adopt demo subjects and lay their plans, once.

    Args:
        db: the execution point, the demo force ingested.
        seed: the demo's seed (the plans' details follow it).
        as_of: the date the force was generated for (the trawl's date).
        officers: the demo users who own and record things.
        today: the day the demo is read on (default today); every move lies before it.

    Returns:
        ``adopted`` (``subject_id``, ``tier``, ``owner``, ``on``), ``actions``, ``updates``,
        ``decisions``; or ``{"skipped": why}`` when a subject is already in the lifecycle.
    """
    today = today or dt.date.today()
    now = min(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1),
              dt.datetime.combine(today, dt.time(23, 59), tzinfo=dt.UTC))
    if any(a.status not in (None, "candidate") for a in trawl(db, as_of)):
        return {"skipped": "subjects are already adopted: demo plans not laid"}
    picks = sorted(_picks(db, as_of, today), key=lambda p: (p[2], p[1], p[0]))
    tier1 = sorted((p for p in picks if p[1] == 1), key=lambda p: (p[2], p[0]))
    owners = {sid: officers.rasso[i % len(officers.rasso)] for i, (sid, _, _) in enumerate(tier1)}
    stamps = _Stamps(now)
    adopted, actions, updates, decisions = [], 0, 0, 0
    for sid, tier, on in picks:  # in meeting order, as the TCG adopted them
        owner = owners.get(sid, officers.analyst)
        for event in lifecycle.adopt(db, sid, tier=tier, owner=owner, by=officers.analyst,
                                     reason=_reason(db, sid, tier, on), on=on):
            stamps.add(event["id"], on, hour=10)
        adopted.append({"subject_id": sid, "tier": tier, "owner": owner, "on": on})
    laid: list[tuple[Record, list[Step], int | None]] = []
    for sid, tier, on in picks:
        rng = random.Random(f"linkwatch-demo-plans:{seed}:{sid}")
        r = _record(db, sid, tier, owners.get(sid, officers.analyst), on, today)
        variant = next((i % 4 for i, p in enumerate(tier1) if p[0] == sid), None)
        steps = (tier2_steps(r, today, rng) if variant is None
                 else tier1_steps(r, variant, today, officers.analyst, rng))
        decisions += sum(_lay(db, sid, step, stamps) for step in steps)
        actions += len(steps)
        if variant == 1:
            decisions += _dismiss(db, sid, on + dt.timedelta(days=15), r.owner, stamps)
        laid.append((r, steps, variant))
    wanted = [plan_log.month_of(today, back) for back in UPDATE_MONTHS]
    corrected = False
    for r, steps, variant in sorted(laid, key=lambda x: (x[2] is None, x[2] or 0)):
        found = plan_log.months(steps, r.adopted_on, r.owner, today, wanted)
        correct = None if corrected or variant is None else plan_log.correctable(found)
        corrected = corrected or correct is not None
        updates += _updates(db, r, found, stamps, correct=correct,
                            skip=tuple(wanted[1:]) if variant == 2 else ())
    db.write("demo/backdate", stamps=stamps.rows)
    return {"adopted": adopted, "actions": actions, "updates": updates, "decisions": decisions}
