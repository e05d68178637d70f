"""The Assessment of a problem profile, computed, never typed: equal windows before and after
the first response started, for the problem's places and for a comparison area, so that a
"reduction" is read against the background.

Pure functions over event tables (``kind``, ``date`` ISO text, ``category``). The after
window runs from the first response's start for the objective's months, or up to the day of
the assessment when that comes first; the before window is the same number of days ending
the day before the start. Changes are ``(after - before) / before`` (None when nothing was
before); the relative change is the place's after/before ratio over the comparison's, less
one (None when either has nothing before or the comparison nothing after).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from graph.tiers.rules import months_before

#: What an objective may measure, and how an event counts for it.
METRICS: dict[str, str] = {
    "offences": "offences",
    "sexual_offences": "sexual offences (rape and other sexual)",
    "intelligence": "intelligence reports",
    "reports": "public location reports",
}
SEXUAL = frozenset({"rape", "other_sexual"})


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has no such day).

    >>> months_after(dt.date(2025, 8, 31), 6), months_after(dt.date(2025, 1, 15), 12)
    (datetime.date(2026, 2, 28), datetime.date(2026, 1, 15))
    """
    return months_before(day, -months)


def windows(start: dt.date, as_of: dt.date, months: int) -> dict[str, Any]:
    """The equal before and after windows round ``start`` (inclusive dates).

    >>> w = windows(dt.date(2026, 3, 1), dt.date(2026, 11, 30), 6)
    >>> w["after"], w["before"], w["days"]
    (('2026-03-01', '2026-08-31'), ('2025-08-29', '2026-02-28'), 184)
    >>> windows(dt.date(2026, 11, 1), dt.date(2026, 11, 30), 6)["days"]
    30

    Raises:
        ValueError: the response starts after the day of the assessment.
    """
    if start > as_of:
        raise ValueError(f"the first response starts on {start}, after {as_of}: nothing to "
                         "assess yet")
    full = months_after(start, months) - dt.timedelta(days=1)
    end = min(full, as_of)
    days = (end - start).days + 1
    before_from = start - dt.timedelta(days=days)
    # "complete": the after window has run its full months (else it is the days so far).
    return {"start": start.isoformat(), "days": days, "complete": end == full,
            "before": (before_from.isoformat(), (start - dt.timedelta(days=1)).isoformat()),
            "after": (start.isoformat(), end.isoformat())}


def metric_mask(events: pd.DataFrame, metric: str) -> pd.Series:
    """Which events count for ``metric``."""
    if metric == "offences":
        return events["kind"] == "offence"
    if metric == "sexual_offences":
        return (events["kind"] == "offence") & events["category"].isin(SEXUAL)
    if metric == "intelligence":
        return events["kind"] == "intelligence"
    if metric == "reports":
        return events["kind"] == "report"
    raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")


def count_in(events: pd.DataFrame, metric: str, span: tuple[str, str]) -> int:
    """Events of ``metric`` dated within ``span`` (ISO dates, inclusive)."""
    if events.empty:
        return 0
    dates = events["date"].astype(str).str[:10]
    return int((metric_mask(events, metric) & (dates >= span[0]) & (dates <= span[1])).sum())


def change(before: int, after: int) -> float | None:
    """``(after - before) / before``, rounded to 4 places; None when ``before`` is 0.

    >>> change(10, 6), change(0, 3)
    (-0.4, None)
    """
    return None if before == 0 else round((after - before) / before, 4)


def relative(place: tuple[int, int], background: tuple[int, int]) -> float | None:
    """The place's change against the background's: ratio of ratios, less one.

    >>> relative((10, 6), (100, 90))  # 0.6 / 0.9 - 1
    -0.3333
    >>> relative((10, 6), (0, 5)) is None
    True
    """
    (pb, pa), (cb, ca) = place, background
    if pb == 0 or cb == 0 or ca == 0:
        return None
    return round((pa / pb) / (ca / cb) - 1, 4)


def assessment(place: pd.DataFrame, comparison: pd.DataFrame, *, start: dt.date,
               as_of: dt.date, months: int, objective: dict[str, Any] | None = None,
               comparison_words: str = "") -> dict[str, Any]:
    """Before and after counts for every metric, at the place and in the comparison area.

    Args:
        place: the problem's events (``kind`` offence|intelligence|report, ``date``,
            ``category``).
        comparison: the comparison area's events, the same columns.
        start: the first response's start.
        as_of: the day of the assessment.
        months: the objective's months (the after window's longest length).
        objective: ``metric`` and ``change_pct`` (e.g. -30): whether the target is met.
        comparison_words: what the comparison area is, in words.

    Returns:
        ``{"windows", "comparison", "metrics": [{metric, label, place: {before, after,
        change}, comparison: {...}, relative_change}], "objective": {metric, target_pct,
        change_pct, met} | None}``.
    """
    span = windows(start, as_of, months)
    rows = []
    for metric, label in METRICS.items():
        pb, pa = (count_in(place, metric, span[k]) for k in ("before", "after"))
        cb, ca = (count_in(comparison, metric, span[k]) for k in ("before", "after"))
        rows.append({"metric": metric, "label": label,
                     "place": {"before": pb, "after": pa, "change": change(pb, pa)},
                     "comparison": {"before": cb, "after": ca, "change": change(cb, ca)},
                     "relative_change": relative((pb, pa), (cb, ca))})
    verdict = None
    if objective and objective.get("metric") in METRICS:
        row = next(r for r in rows if r["metric"] == objective["metric"])
        target = float(objective.get("change_pct") or 0)
        got = row["place"]["change"]
        verdict = {"metric": objective["metric"], "target_pct": target,
                   "change_pct": None if got is None else round(100 * got, 1),
                   "relative_pct": (None if row["relative_change"] is None
                                    else round(100 * row["relative_change"], 1)),
                   "met": None if got is None else (100 * got <= target if target <= 0
                                                    else 100 * got >= target)}
    return {"windows": span, "comparison": comparison_words, "metrics": rows,
            "objective": verdict}
