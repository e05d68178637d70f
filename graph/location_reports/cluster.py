"""Clustering public reports to places: the nearest known place within a radius, else a cell.

Pure functions, no database. Distances are great-circle (haversine, Earth radius
6,371,008.8 m, as the orders' exclusion zones use). A report within ``radius_m`` of one or
more located places goes to the nearest (a tie goes to the smaller id, so the answer never
depends on the order of the input); a report with no place that near goes to the grid cell
that holds it. Cells are squares of ``cell_m`` metres: rows of equal latitude, and in each
row columns as wide as ``cell_m`` at the row's middle latitude, so a cell's id depends only
on the point and the cell size (``cell:250:6000:-1234``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

EARTH_RADIUS_M = 6_371_008.8
#: Distances are compared to the micrometre: a report at the radius itself is within it.
TOLERANCE_M = 1e-6
#: Metres per degree of latitude on that sphere.
M_PER_DEG = EARTH_RADIUS_M * math.pi / 180


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres.

    >>> round(haversine_m(53.8, -1.9, 53.8 + 150 / M_PER_DEG, -1.9), 6)
    150.0
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Cell:
    """A grid cell: its id and its middle."""

    id: str
    lat: float
    lon: float


def grid_cell(lat: float, lon: float, cell_m: float) -> Cell:
    """The grid cell holding a point.

    >>> c = grid_cell(53.8, -1.9, 250)
    >>> c.id, grid_cell(c.lat, c.lon, 250).id == c.id
    ('cell:250:23929:-500', True)
    """
    size = float(cell_m)
    row = math.floor(lat * M_PER_DEG / size)
    mid_lat = (row + 0.5) * size / M_PER_DEG
    width = size / (M_PER_DEG * max(math.cos(math.radians(mid_lat)), 1e-6))  # degrees
    col = math.floor(lon / width)
    return Cell(f"cell:{size:g}:{row}:{col}", round(mid_lat, 6), round((col + 0.5) * width, 6))


def _unit(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def _haversine(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray,
               lon2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def assign(reports: pd.DataFrame, places: pd.DataFrame, *, radius_m: float,
           cell_m: float) -> pd.DataFrame:
    """Where each report belongs.

    Args:
        reports: ``report_id``, ``lat``, ``lon``.
        places: ``location_id``, ``lat``, ``lon`` (located places only).
        radius_m: how near a place must be to take a report (inclusive).
        cell_m: the grid cell size for reports with no place that near.

    Returns:
        One row per report: ``report_id``, ``kind`` (``location`` or ``cell``),
        ``target_id``, ``distance_m`` (to the place; None for a cell), ``lat``/``lon`` of
        the target (a cell's middle; the place's own).

    >>> r = pd.DataFrame({"report_id": ["R1", "R2"], "lat": [53.8, 53.9], "lon": [-1.9, -1.9]})
    >>> p = pd.DataFrame({"location_id": ["L1"], "lat": [53.8 + 100 / M_PER_DEG],
    ...                   "lon": [-1.9]})
    >>> assign(r, p, radius_m=150, cell_m=250)[["report_id", "kind", "target_id"]].values.tolist()
    [['R1', 'location', 'L1'], ['R2', 'cell', 'cell:250:23973:-498']]
    """
    out = []
    rlat, rlon = reports["lat"].to_numpy(float), reports["lon"].to_numpy(float)
    best_id: list[str | None] = [None] * len(reports)
    best_d = np.full(len(reports), np.inf)
    if len(places) and len(reports):
        plat, plon = places["lat"].to_numpy(float), places["lon"].to_numpy(float)
        pids = places["location_id"].astype(str).to_numpy()
        tree = cKDTree(_unit(plat, plon))
        # Chord length of the radius, with room for rounding; the haversine decides.
        chord = 2 * math.sin(min(math.pi, 1.001 * radius_m / EARTH_RADIUS_M + 1e-9) / 2)
        near = tree.query_ball_point(_unit(rlat, rlon), r=chord)
        for i, found in enumerate(near):
            if not found:
                continue
            idx = np.asarray(found)
            dist = _haversine(rlat[i], rlon[i], plat[idx], plon[idx])
            keep = dist <= radius_m + TOLERANCE_M
            if not keep.any():
                continue
            # Nearest, then the smaller id: the answer does not depend on input order.
            candidates = sorted(zip(np.round(dist[keep], 6).tolist(), pids[idx[keep]].tolist(),
                                    strict=True))
            best_d[i], best_id[i] = candidates[0]
    place_at = ({str(k): (a, b) for k, a, b in zip(places["location_id"], places["lat"],
                                                   places["lon"], strict=True)}
                if len(places) else {})
    for i, rid in enumerate(reports["report_id"].astype(str)):
        if best_id[i] is not None:
            lat, lon = place_at[best_id[i]]
            out.append((rid, "location", best_id[i], float(best_d[i]), float(lat), float(lon)))
        else:
            cell = grid_cell(rlat[i], rlon[i], cell_m)
            out.append((rid, "cell", cell.id, None, cell.lat, cell.lon))
    return pd.DataFrame(out, columns=["report_id", "kind", "target_id", "distance_m", "lat",
                                      "lon"])
