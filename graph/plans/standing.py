"""Where each subject stood in the TCG's lifecycle on a past day, from the append-only events.

A subject's ``lifecycle_status`` is only the latest event; the meeting pack and the oversight
board ask about earlier days (the end of each month, the end of a period), so they replay
the events instead. Read once per request with :func:`timelines`, then ask :func:`on` as
often as needed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from graph.db import Database
from graph.records import full_name, plain


@dataclass
class Timeline:
    """One subject's lifecycle events (oldest first) and the months his plan has updates for.

    Attributes:
        subject_id: the subject.
        name: forename and surname.
        owner: the owner now (stands in when no event named one).
        events: ``at`` (a datetime), ``kind``, ``to_status``, ``tier``, ``owner``.
        update_months: ``YYYY-MM`` months with at least one ``PlanUpdate``.
    """

    subject_id: str
    name: str
    owner: str | None
    events: list[dict[str, Any]] = field(default_factory=list)
    update_months: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class State:
    """Where a subject stood at the end of one day.

    Attributes:
        status: the lifecycle status (``None`` before the TCG acted on him).
        tier: the tier of his latest adoption (``None`` if never adopted).
        owner: his owning officer then.
        since: the day of the event that put him in this status.
    """

    status: str | None
    tier: int | None
    owner: str | None
    since: dt.date | None


def day_end(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` (UTC), as event times are compared with it."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def timelines(db: Database, until: dt.date) -> dict[str, Timeline]:
    """Every subject the TCG acted on by the end of ``until``, by subject id.

    Args:
        db: the execution point.
        until: the last day whose events count.

    Returns:
        ``{subject_id: Timeline}``.
    """
    out = {}
    for row in plain(db.read("plans/standing/timelines", before=day_end(until))):
        out[row["subject_id"]] = Timeline(
            subject_id=row["subject_id"], name=full_name(row), owner=row["owner"],
            events=row["events"], update_months=set(row["update_months"]))
    return out


def _day(at: Any) -> dt.date:
    return at.astimezone(dt.UTC).date() if isinstance(at, dt.datetime) else at


def on(timeline: Timeline, day: dt.date) -> State:
    """Where the subject stood at the end of ``day``.

    >>> t = Timeline("S1", "A B", "rasso1", [
    ...     {"at": dt.datetime(2026, 1, 5, tzinfo=dt.UTC), "kind": "adopted",
    ...      "to_status": "adopted", "tier": 1, "owner": "rasso1"},
    ...     {"at": dt.datetime(2026, 3, 2, tzinfo=dt.UTC), "kind": "status_changed",
    ...      "to_status": "archived", "tier": None, "owner": None}])
    >>> on(t, dt.date(2026, 1, 4)).status, on(t, dt.date(2026, 2, 28))
    (None, State(status='adopted', tier=1, owner='rasso1', since=datetime.date(2026, 1, 5)))
    >>> on(t, dt.date(2026, 3, 2)).status
    'archived'
    """
    status = tier = owner = since = None
    for event in timeline.events:
        when = _day(event["at"])
        if when > day:
            break
        if event["to_status"] != status:
            since = when
        status = event["to_status"]
        if event["kind"] == "adopted":
            tier = event["tier"]
        owner = event.get("owner") or owner
    if status is not None:
        owner = owner or timeline.owner
    return State(status=status, tier=tier, owner=owner, since=since)


def adoptions(timeline: Timeline, first: dt.date, last: dt.date) -> list[dt.date]:
    """The days in ``first..last`` the subject was adopted on."""
    return [_day(e["at"]) for e in timeline.events
            if e["kind"] == "adopted" and first <= _day(e["at"]) <= last]


def months(first: dt.date, last: dt.date) -> list[str]:
    """Every ``YYYY-MM`` from ``first``'s month to ``last``'s month.

    >>> months(dt.date(2025, 11, 20), dt.date(2026, 2, 1))
    ['2025-11', '2025-12', '2026-01', '2026-02']
    """
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_end(month: str) -> dt.date:
    """The last day of a ``YYYY-MM`` month.

    >>> month_end("2024-02"), month_end("2025-12")
    (datetime.date(2024, 2, 29), datetime.date(2025, 12, 31))
    """
    year, mon = int(month[:4]), int(month[5:7])
    following = dt.date(year + 1, 1, 1) if mon == 12 else dt.date(year, mon + 1, 1)
    return following - dt.timedelta(days=1)
