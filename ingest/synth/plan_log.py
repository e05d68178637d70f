"""The demo's monthly updates, written from what the plan's steps did in each month.

Pure functions over :class:`ingest.synth.plan_steps.Step` lists: each month's summary is
the log sentences of that month (actions opened, moved, closed), then the actions still
open at the month's end with their due dates, as an owning officer reports to the TCG.
"""

from __future__ import annotations

import calendar
import datetime as dt

from graph.plans.vocab import CLOSED, tactic_label
from ingest.synth.plan_steps import Step, dm


def month_of(today: dt.date, back: int) -> str:
    """The ``YYYY-MM`` month ``back`` months before ``today``'s.

    >>> month_of(dt.date(2026, 2, 10), 0), month_of(dt.date(2026, 2, 10), 2)
    ('2026-02', '2025-12')
    """
    n = today.year * 12 + today.month - 1 - back
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def bounds(month: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """A month's first day and its last (``today`` for the month not yet over)."""
    year, mon = int(month[:4]), int(month[5:7])
    last = dt.date(year, mon, calendar.monthrange(year, mon)[1])
    return dt.date(year, mon, 1), min(last, today)


def facts(steps: list[Step], first: dt.date, last: dt.date) -> list[str]:
    """What happened between ``first`` and ``last``, in date order, as log sentences."""
    dated = [(s.opened, 0, s.said) for s in steps]
    dated += [(m.on, 1, m.note) for s in steps for m in s.moves if m.note]
    return [text for on, _, text in sorted(dated, key=lambda d: d[:2]) if first <= on <= last]


def standing(steps: list[Step], day: dt.date) -> str:
    """The actions open at the end of ``day``, each with its due date (and if overdue)."""
    live = [s for s in steps if s.opened <= day
            and not any(m.on <= day and m.status in CLOSED for m in s.moves)]
    if not live:
        return "No actions open at month end."
    late = sum(1 for s in live if s.due < day)
    items = "; ".join(f"{tactic_label(s.pillar, s.tactic)} (due {dm(s.due)}"
                      f"{', overdue' if s.due < day else ''})" for s in live)
    return f"Open at month end: {len(live)}, {late} overdue: {items}."


def months(steps: list[Step], adopted: dt.date, owner: str, today: dt.date,
           wanted: list[str]) -> dict[str, list[str]]:
    """``{month: [sentence, ...]}`` for each ``wanted`` month; the last sentence of each is
    the month-end standing."""
    out = {}
    for month in wanted:
        first, last = bounds(month, today)
        said = facts(steps, first, last)
        if first <= adopted <= last:
            said.insert(0, f"Adopted at TCG {dm(adopted)}; owner {owner}.")
        out[month] = (said or ["No change this month; plan reviewed."]) + [
            standing(steps, last)]
    return out


def correctable(found: dict[str, list[str]]) -> str | None:
    """The month whose update is written twice (the middle one if it says enough): its
    first version leaves out its last fact."""
    order = sorted(found)
    middle = order[len(order) // 2]
    return next((m for m in sorted(order, key=lambda m: m != middle) if len(found[m]) > 2),
                None)
