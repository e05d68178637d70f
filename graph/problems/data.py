"""What a problem profile reads: its places, its comparison area, and their events and people.

A problem covers ``places`` (location ids) or an ``area`` (every located place within a
radius of a point, and the public reports there, wherever they cluster). The comparison
area is ``surrounding`` (the located places within LINKWATCH_PROBLEM_COMPARISON_M metres of
the problem's reach round its centre, its own places left out) or ``same_type`` (every other
place of its places' venue types).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from graph.analytics.config import load_config
from graph.db import Database
from graph.location_reports import haversine_m
from graph.settings import settings

EVENT_COLUMNS = ["kind", "id", "date", "category", "time"]
COMPARISONS = ("surrounding", "same_type")


@dataclass(frozen=True)
class Scope:
    """A problem's places and area, resolved against the graph."""

    location_ids: list[str]
    places: list[dict[str, Any]]
    centre: tuple[float, float] | None  # where the surrounding comparison is measured from
    reach_m: float  # the problem's own extent from its centre
    area: dict[str, float] | None  # lat, lon, radius_m for an area problem

    @property
    def report_area(self) -> dict[str, float | None]:
        """Query parameters for reports found by their own coordinates (areas only)."""
        if self.area is None:
            return {"lat": None, "lon": None, "radius_m": None}
        return dict(self.area)


def places(db: Database, ids: list[str]) -> list[dict[str, Any]]:
    """The place records of ``ids`` (unknown ids are left out)."""
    return db.read("problems/places", ids=list(ids))


def near(db: Database, lat: float, lon: float, radius_m: float) -> list[str]:
    """Ids of located places within ``radius_m`` of a point."""
    return [r["id"] for r in db.read("problems/near", lat=float(lat), lon=float(lon),
                                     radius_m=float(radius_m))]


def resolve(db: Database, problem: dict[str, Any]) -> Scope:
    """The places and area of a stored problem, as the graph holds them now."""
    if problem["scope"] == "area":
        area = {"lat": float(problem["lat"]), "lon": float(problem["lon"]),
                "radius_m": float(problem["radius_m"])}
        ids = near(db, area["lat"], area["lon"], area["radius_m"])
        return Scope(ids, places(db, ids), (area["lat"], area["lon"]), area["radius_m"], area)
    ids = list(problem.get("location_ids") or [])
    found = places(db, ids)
    located = [(p["lat"], p["lon"]) for p in found if p["lat"] is not None
               and p["lon"] is not None]
    if not located:
        return Scope(ids, found, None, 0.0, None)
    centre = (sum(a for a, _ in located) / len(located), sum(b for _, b in located) / len(located))
    reach = max(haversine_m(centre[0], centre[1], a, b) for a, b in located)
    return Scope(ids, found, centre, reach, None)


def comparison(db: Database, problem: dict[str, Any], scope: Scope) -> tuple[list[str], str]:
    """The comparison area's place ids and what it is, in words."""
    own = set(scope.location_ids)
    if problem.get("comparison") == "same_type":
        types = sorted({p["venue_type"] for p in scope.places if p.get("venue_type")})
        ids = [r["id"] for r in db.read("problems/same_type", types=types,
                                         **{"from": dt.date.min, "to": dt.date.max})
               if r["id"] not in own]
        words = (f"the {len(ids)} other places of the same venue type "
                 f"({', '.join(types) or 'none known'})")
        return ids, words
    if scope.centre is None:
        return [], "no surrounding area: the problem's places have no coordinates"
    radius = math.ceil(scope.reach_m + settings().problem_comparison_m)
    ids = [i for i in near(db, scope.centre[0], scope.centre[1], radius) if i not in own]
    return ids, (f"the surrounding area: the {len(ids)} other places within {radius:,} m of "
                 "the problem's centre")


def events(db: Database, ids: list[str], *, area: dict[str, float | None] | None = None,
           date_from: dt.date | None = None, date_to: dt.date | None = None) -> pd.DataFrame:
    """Offences, intelligence and public reports at ``ids`` (and reports in ``area``)."""
    area = area or {"lat": None, "lon": None, "radius_m": None}
    rows = db.read("problems/events", ids=list(ids), **area,
                   **{"from": date_from, "to": date_to})
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def people(db: Database, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Subjects named (as the configured roles) and victims in offences at ``ids``.

    Returns:
        ``{"subjects": [...], "victims": [...]}``, each with ``offences`` (at these places),
        ``first`` and ``last`` dates, most offences first.
    """
    rows = db.read("problems/people", ids=list(ids), roles=list(load_config().roles))
    out: dict[str, dict[str, dict[str, Any]]] = {"subjects": {}, "victims": {}}
    for r in rows:
        for kind in ("subjects", "victims"):
            for person in r[kind]:
                if person.get("id") is None:
                    continue
                seen = out[kind].setdefault(person["id"], {**person, "offences": 0,
                                                           "first": r["date"], "last": r["date"]})
                seen["offences"] += 1
                seen["first"] = min(seen["first"], r["date"])
                seen["last"] = max(seen["last"], r["date"])
    subjects = [{"kind": "subject", "name": f"{s.get('forename') or ''} {s.get('surname') or ''}"
                 .strip() or s["id"], **s} for s in out["subjects"].values()]
    victims = [{"kind": "victim", **v} for v in out["victims"].values()]
    return {"subjects": sorted(subjects, key=_busiest),
            "victims": sorted(victims, key=_busiest)}


def _busiest(person: dict[str, Any]) -> tuple[int, str]:
    return -person["offences"], person["id"]


def recent_reports(db: Database, ids: list[str], area: dict[str, float | None] | None = None,
                   limit: int = 10) -> list[dict[str, Any]]:
    """The latest public reports at the places (or in the area), with the public's words."""
    area = area or {"lat": None, "lon": None, "radius_m": None}
    return db.read("problems/recent_reports", ids=list(ids), **area, limit=int(limit))


def same_type_counts(db: Database, types: list[str], date_from: dt.date,
                     date_to: dt.date) -> list[dict[str, Any]]:
    """Offences per place of these venue types in the window."""
    return db.read("problems/same_type", types=list(types),
                   **{"from": date_from, "to": date_to})
