"""Scanning and Analysis, filled from the data on the day they are refreshed.

Scanning: offences, intelligence and public reports by month over the last 12 months against
the same months a year before, the offence mix, repeat victims and repeat subjects at the
places, and the latest public reports. Analysis: the day-of-week by hour profile of the last
24 months, a near-repeat (Knox) study of the surrounding area, the problem analysis triangle
(offenders, victims, the place and its manager) and the places of the same venue type.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

import pandas as pd

from graph.analytics import extract_places, near_repeat
from graph.analytics.locations import day_hour_profile
from graph.db import Database
from graph.problems import data
from graph.problems.assess import METRICS, change, metric_mask
from graph.tiers.rules import months_before

#: How many people the triangle and the repeat lists show (the rest are counted).
SHOWN = 20


def month_labels(as_of: dt.date, months: int = 12) -> list[str]:
    """The ``months`` calendar months up to ``as_of``'s own, oldest first.

    >>> month_labels(dt.date(2026, 2, 10), 3)
    ['2025-12', '2026-01', '2026-02']
    """
    first = months_before(as_of.replace(day=1), months - 1)
    return [months_before(first, -i).strftime("%Y-%m") for i in range(months)]


def _year_before(label: str) -> str:
    return f"{int(label[:4]) - 1}{label[4:]}"


def by_month(events: pd.DataFrame, labels: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per metric, each month's count and the same month's a year before."""
    month = events["date"].astype(str).str[:7] if not events.empty else pd.Series(dtype=str)
    out = {}
    for metric in METRICS:
        counts = (Counter(month[metric_mask(events, metric)].tolist())
                  if not events.empty else Counter())
        out[metric] = [{"month": m, "count": counts.get(m, 0),
                        "year_before": counts.get(_year_before(m), 0)} for m in labels]
    return out


def scanning(db: Database, problem: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """The Scanning section on ``as_of``."""
    scope = data.resolve(db, problem)
    labels = month_labels(as_of)
    first = dt.date.fromisoformat(_year_before(labels[0]) + "-01")
    found = data.events(db, scope.location_ids, area=scope.report_area, date_from=first,
                        date_to=as_of)
    months = by_month(found, labels)
    totals = {}
    for metric, rows in months.items():
        now, before = sum(r["count"] for r in rows), sum(r["year_before"] for r in rows)
        totals[metric] = {"label": METRICS[metric], "last_12_months": now,
                          "year_before": before, "change": change(before, now)}
    offences = found[found["kind"] == "offence"] if not found.empty else found
    this_year = offences["date"].astype(str).str[:7] >= labels[0] if not offences.empty else []
    mix_now = Counter(offences[this_year]["category"].fillna("unclassified")) \
        if not offences.empty else Counter()
    mix_before = Counter(offences[~this_year]["category"].fillna("unclassified")) \
        if not offences.empty else Counter()
    mix = [{"category": c, "last_12_months": mix_now.get(c, 0),
            "year_before": mix_before.get(c, 0)}
           for c in sorted(set(mix_now) | set(mix_before),
                           key=lambda c: (-mix_now.get(c, 0), -mix_before.get(c, 0), c))]
    people = data.people(db, scope.location_ids)
    repeat_subjects = [s for s in people["subjects"] if s["offences"] > 1]
    repeat_victims = [v for v in people["victims"] if v["offences"] > 1]
    return {
        "as_of": as_of.isoformat(), "months": labels,
        "window": {"from": labels[0] + "-01", "to": as_of.isoformat(),
                   "year_before_from": first.isoformat()},
        "by_month": months, "totals": totals, "offence_mix": mix,
        "repeat_subjects": repeat_subjects[:SHOWN], "repeat_subjects_count":
            len(repeat_subjects),
        "repeat_victims": repeat_victims[:SHOWN], "repeat_victims_count": len(repeat_victims),
        "recent_reports": data.recent_reports(db, scope.location_ids, scope.report_area),
        "places_counted": len(scope.location_ids),
    }


def analysis(db: Database, problem: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """The Analysis section on ``as_of``."""
    scope = data.resolve(db, problem)
    since = months_before(as_of, 24)
    points = extract_places.offence_points(db, location_ids=scope.location_ids,
                                           date_from=since, date_to=as_of)
    around, words = data.comparison(db, {**problem, "comparison": "surrounding"}, scope)
    nearby = extract_places.offence_points(db, location_ids=scope.location_ids + around,
                                           date_from=since, date_to=as_of)
    try:
        knox = near_repeat_summary(near_repeat.knox_test(nearby, permutations=99))
    except ValueError as exc:
        knox = {"error": str(exc)}
    people = data.people(db, scope.location_ids)
    return {
        "as_of": as_of.isoformat(),
        "window": {"from": since.isoformat(), "to": as_of.isoformat()},
        "profile": day_hour_profile(points),
        "near_repeat": {**knox, "area": words},
        "triangle": {
            "offenders": people["subjects"][:SHOWN],
            "offenders_count": len(people["subjects"]),
            "victims": people["victims"][:SHOWN],
            "victims_count": len(people["victims"]),
            "places": scope.places,
            "manager": problem.get("manager") or "",
        },
        "same_type": same_type(db, scope, as_of),
    }


def near_repeat_summary(result: dict[str, Any]) -> dict[str, Any]:
    """The Knox result with its near cells (not the open "more than" bands) where pairs
    exceed chance (p < 0.05), nearest first, as ``hot``."""
    hot = []
    for r, space in enumerate(result["space_bands"][:-1]):
        for c, time in enumerate(result["time_bands"][:-1]):
            if result["significant"][r][c]:
                hot.append({"space": space, "time": time, "observed": result["observed"][r][c],
                            "ratio": result["ratio"][r][c], "p": result["p_value"][r][c]})
    keep = ("n", "pairs", "close_pairs", "permutations", "space_bands", "time_bands",
            "observed", "ratio", "p_value")
    return {**{k: result[k] for k in keep}, "hot": hot}


def same_type(db: Database, scope: data.Scope, as_of: dt.date) -> list[dict[str, Any]]:
    """Each of the problem's venue types: its places' offences in the last 12 months, the
    mean and median per place, and where each of the problem's places ranks."""
    types = sorted({p["venue_type"] for p in scope.places if p.get("venue_type")})
    if not types:
        return []
    rows = data.same_type_counts(db, types, months_before(as_of, 12), as_of)
    out = []
    for venue in types:
        counts = sorted(((r["offences"], r["id"]) for r in rows if r["venue_type"] == venue),
                        key=lambda c: (-c[0], c[1]))
        values = [c[0] for c in counts]
        rank = {pid: i + 1 for i, (_, pid) in enumerate(counts)}
        # venue_type marks each as a place, so the disclosure policy treats a home as one.
        own = [{"id": p["id"], "name": p["name"], "venue_type": venue, "rank": rank.get(p["id"]),
                "offences": next((n for n, pid in counts if pid == p["id"]), 0)}
               for p in scope.places if p.get("venue_type") == venue]
        out.append({"venue_type": venue, "places": len(values),
                    "mean": round(statistics.fmean(values), 2) if values else 0,
                    "median": statistics.median(values) if values else 0, "own": own})
    return out
