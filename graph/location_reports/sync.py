"""Keep every public report clustered to its place: run after every ingest.

Reads every report and every located place, clusters them (:func:`.cluster.assign`, with
``LINKWATCH_REPORT_RADIUS_M`` and ``LINKWATCH_REPORT_CELL_M``) and writes only what changed:
a report whose place is unchanged is not touched, so running it again changes nothing. A new
place near old reports takes them over; a new radius re-clusters every report it moves.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pandas as pd

from graph.db import Database
from graph.location_reports.cluster import assign
from graph.settings import settings

BATCH = 5000


def after_ingest(db: Database, *, radius_m: float | None = None,
                 cell_m: float | None = None) -> dict[str, int]:
    """Cluster every report that is not where it belongs.

    Args:
        db: the execution point.
        radius_m: the clustering radius (default the setting).
        cell_m: the grid cell size (default the setting).

    Returns:
        ``{"reports", "to_location", "to_cell", "unchanged", "cells_pruned"}``.
    """
    radius_m = float(radius_m or settings().report_radius_m)
    cell_m = float(cell_m or settings().report_cell_m)
    reports = pd.DataFrame(db.read("location_reports/reports"),
                           columns=["report_id", "lat", "lon", "targets"])
    if reports.empty:
        return {"reports": 0, "to_location": 0, "to_cell": 0, "unchanged": 0,
                "cells_pruned": 0}
    places = pd.DataFrame(db.read("location_reports/places"),
                          columns=["location_id", "lat", "lon"])
    wanted = assign(reports, places, radius_m=radius_m, cell_m=cell_m)
    current = dict(zip(reports["report_id"], reports["targets"], strict=True))
    changed = [r for r in wanted.to_dict("records")
               if current.get(r["report_id"]) != [r["target_id"]]]
    to_location = [r for r in changed if r["kind"] == "location"]
    to_cell = [{**r, "name": f"Area around {r['lat']:.4f}, {r['lon']:.4f}"}
               for r in changed if r["kind"] == "cell"]
    for start in range(0, len(to_location), BATCH):
        db.write("location_reports/to_location", rows=to_location[start:start + BATCH],
                 radius_m=radius_m)
    for start in range(0, len(to_cell), BATCH):
        db.write("location_reports/to_cell", rows=to_cell[start:start + BATCH], cell_m=cell_m)
    pruned = db.write("location_reports/prune_cells")[0]["pruned"] if changed else 0
    return {"reports": len(wanted), "to_location": len(to_location), "to_cell": len(to_cell),
            "unchanged": len(wanted) - len(changed), "cells_pruned": int(pruned)}


def report_places(db: Database, *, date_from: dt.date | None = None,
                  date_to: dt.date | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """The places reports cluster to, with their reports in the window, busiest first.

    Returns:
        Dicts with ``id``, ``kind`` (``location`` or ``cell``), ``name``, ``venue_type``
        (``area`` for a cell), ``postcode``, ``lat``, ``lon``, ``reports``, ``factors``
        (``{factor: reports naming it}``, most named first), ``first`` and ``last``.
    """
    rows = db.read("location_reports/report_places", **{"from": date_from, "to": date_to},
                   limit=int(limit))
    out = []
    for r in rows:
        counts = Counter(f for factors in r["factor_lists"] for f in factors)
        dates = sorted(r["dates"])
        out.append({
            "id": r["id"], "kind": r["kind"], "name": r["name"],
            "venue_type": r["venue_type"] or ("area" if r["kind"] == "cell" else None),
            "postcode": r["postcode"], "lat": r["lat"], "lon": r["lon"],
            "reports": r["reports"],
            "factors": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
        })
    return out
