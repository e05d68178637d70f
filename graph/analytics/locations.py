"""When offences happen at a place or in an area: the day-of-week by hour profile.

Pure functions over the offence-points table from
:func:`graph.analytics.extract_places.offence_points` (``date`` ISO text, ``time``
"HH:MM" or empty, ``month_only``). Synthetic data has a committed time; police.uk and POLE
have none, so those offences count by day only; police.uk dates are the month's first day
(``month_only``), which says nothing about the weekday, so they count in neither.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _hours(times: pd.Series) -> pd.Series:
    # "HH:MM" (or "HH:MM:SS") -> hour; anything else -> NaN, counted as "no time".
    text = times.astype("string").str.strip()
    hours = pd.to_numeric(text.str.extract(r"^(\d{1,2}):\d{2}", expand=False), errors="coerce")
    return hours.where((hours >= 0) & (hours <= 23))


def day_hour_profile(offences: pd.DataFrame) -> dict[str, Any]:
    """Count offences by day of week and hour.

    Args:
        offences: rows with ``date`` (ISO text), optional ``time`` ("HH:MM") and optional
            ``month_only`` (true when the date is only a month).

    Returns:
        ``{"days", "hours", "matrix" (7 x 24, offences with a day and an hour), "by_day"
        (7, every offence with a real day), "by_hour" (24), "total", "with_time",
        "no_time" (a day but no hour), "no_day" (month only or no date), "peak"}``.
        ``peak`` is None when no offence has a day; else ``offences`` (the busiest cell's
        count; the busiest day's when no offence has an hour), ``tied`` (how many cells
        share it), ``slots`` (each of them, ``{"day", "hour"}``) and ``day``/``hour`` of the
        one busiest cell, both None when several tie: a tie is reported, never broken.

    >>> p = day_hour_profile(pd.DataFrame({"date": ["2025-03-01"], "time": ["23:15"]}))
    >>> {k: p["peak"][k] for k in ("day", "hour", "offences", "tied")}, p["by_day"][5]
    ({'day': 'Saturday', 'hour': 23, 'offences': 1, 'tied': 1}, 1)
    >>> two = day_hour_profile(pd.DataFrame({"date": ["2025-03-01", "2025-03-04"],
    ...                                      "time": ["23:15", "00:05"]}))
    >>> two["peak"]["tied"], two["peak"]["day"], two["peak"]["slots"][0]
    (2, None, {'day': 'Tuesday', 'hour': 0})
    """
    frame = offences.copy()
    total = len(frame)
    dates = pd.to_datetime(frame.get("date", pd.Series([None] * total)), errors="coerce")
    month_only = frame.get("month_only", pd.Series([False] * total)).fillna(False).astype(bool)
    has_day = dates.notna().to_numpy() & ~month_only.to_numpy()
    weekday = dates.dt.day_of_week.to_numpy()
    hours = _hours(frame.get("time", pd.Series([None] * total, dtype="object"))).to_numpy()
    has_hour = has_day & ~np.isnan(hours)

    by_day = np.bincount(weekday[has_day].astype(int), minlength=7)
    matrix = np.zeros((7, 24), dtype=int)
    np.add.at(matrix, (weekday[has_hour].astype(int), hours[has_hour].astype(int)), 1)
    peak = None
    if matrix.any():
        peak = _peak([(DAYS[d], int(h)) for d, h in np.argwhere(matrix == matrix.max())],
                     int(matrix.max()))
    elif by_day.any():
        peak = _peak([(DAYS[d], None) for d in np.flatnonzero(by_day == by_day.max())],
                     int(by_day.max()))
    return {
        "days": list(DAYS),
        "hours": list(range(24)),
        "matrix": matrix.tolist(),
        "by_day": by_day.tolist(),
        "by_hour": matrix.sum(axis=0).tolist(),
        "total": total,
        "with_time": int(has_hour.sum()),
        "no_time": int((has_day & ~has_hour).sum()),
        "no_day": int((~has_day).sum()),
        "peak": peak,
    }


def _peak(cells: list[tuple[str, int | None]], offences: int) -> dict[str, Any]:
    one = cells[0] if len(cells) == 1 else (None, None)
    return {"day": one[0], "hour": one[1], "offences": offences, "tied": len(cells),
            "slots": [{"day": day, "hour": hour} for day, hour in cells]}


def repeat_victim_share(locations: pd.DataFrame) -> pd.Series:
    """Share of a location's victims harmed there more than once (0 when no victims)."""
    victims = locations["victims"].replace(0, np.nan)
    return (locations["repeat_victims"] / victims).fillna(0.0)
