"""Public location reports (StreetSafe-style): who felt unsafe where, anonymously.

Three kinds, each with factors and words that fit the place:

- ``repeat_venue``: reports within 40 m of each planted repeat venue (night-time economy
  and transport hubs);
- ``no_offences``: small clusters where no place is known (paths, parks at a town's edge,
  more than 300 m from any location), so they cluster to a grid cell with no offences;
- ``scattered``: single reports near public spaces, hubs and shops.

truth.json ``location_reports`` records the radius and cell size, and for every report where
it should cluster: the nearest located place within the radius (found here by brute force
over every location, as written to six decimals), else its grid cell.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from graph import csvout
from graph.location_reports.cluster import M_PER_DEG, grid_cell
from ingest.canonical import COLUMNS

from .config import from_days
from .places import CENTRE_LAT, CENTRE_LON
from .table import ONLINE, VENUE_TYPES, World
from .writer import Ids

RADIUS_M = 150.0
CELL_M = 250.0
#: Factors (and words) that fit each kind of place.
FITS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "night_time_economy": (
        ("harassment", "following", "intimidation", "drug_use", "poor_lighting"),
        ("Men outside made comments as I left and one followed me to the taxi rank.",
         "Group by the door kept trying to touch people leaving; staff did nothing.",
         "Felt watched all night, someone waited near the toilets.",
         "Drug dealing in the side alley, shouting at women walking past."),
    ),
    "transport_hub": (
        ("following", "harassment", "no_cctv", "isolated"),
        ("A man followed me off the last train and along the platform.",
         "Nobody staffing the station late; underpass has no cameras.",
         "Was stared at and approached repeatedly while waiting for the bus."),
    ),
    "public_space": (
        ("poor_lighting", "isolated", "intimidation", "drug_use"),
        ("Square is dark after nine and groups gather by the benches.",
         "Lights out along the path, felt unsafe walking through."),
    ),
    "retail": (
        ("intimidation", "harassment", "no_cctv"),
        ("Lads hanging round the shop entrance shouting at girls.",),
    ),
    "no_offences": (
        ("poor_lighting", "isolated", "overgrown", "no_cctv"),
        ("Cut-through path is overgrown and pitch black at night.",
         "Nobody around and no lights by the old railway path.",
         "Bushes either side of the path, you cannot see who is there."),
    ),
}


def _offset(lat: float, lon: float, metres: float, bearing: float) -> tuple[float, float]:
    dlat = metres * math.cos(bearing) / M_PER_DEG
    dlon = metres * math.sin(bearing) / (M_PER_DEG * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def _haversine(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    p1, p2 = math.radians(lat), np.radians(lats)
    a = (np.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * np.cos(p2) * np.sin(np.radians(lons - lon) / 2) ** 2)
    return 2 * 6_371_008.8 * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def write_location_reports(w: World, out: Path, ids: Ids,
                           rng: np.random.Generator) -> tuple[int, dict[str, Any]]:
    """Write ``location_reports.csv``; returns its row count and the truth entry."""
    loc = w.t["locations"]
    vtype = np.asarray(loc["vtype"])
    located = np.flatnonzero(vtype != ONLINE)
    public = np.asarray(ids.fmt("location", located).to_pylist())
    lats = np.round(np.asarray(loc["lat"], float)[located], 6)
    lons = np.round(np.asarray(loc["lon"], float)[located], 6)
    points: list[tuple[float, float, str, str]] = []  # lat, lon, fits, planted

    for venue in w.truth.get("repeat_locations", []):
        i = int(venue["location_id"].idx)
        kind = VENUE_TYPES[int(vtype[i])]
        for _ in range(int(rng.integers(6, 11))):
            points.append((*_offset(float(loc["lat"][i]), float(loc["lon"][i]),
                                    float(rng.uniform(3, 40)), float(rng.uniform(0, 2 * math.pi))),
                           kind, "repeat_venue"))
    hotspots = max(3, w.profile.repeat_venues // 2)
    tries = 0
    while hotspots and tries < 500:
        tries += 1
        far = _offset(CENTRE_LAT, CENTRE_LON, float(rng.uniform(1500, 4000)),
                      float(rng.uniform(0, 2 * math.pi)))
        cell = grid_cell(far[0], far[1], CELL_M)
        if _haversine(cell.lat, cell.lon, lats, lons).min() < 2 * RADIUS_M + CELL_M:
            continue
        hotspots -= 1
        for _ in range(int(rng.integers(3, 6))):
            points.append((*_offset(cell.lat, cell.lon, float(rng.uniform(0, 40)),
                                    float(rng.uniform(0, 2 * math.pi))),
                           "no_offences", "no_offences"))
    wanted = [VENUE_TYPES.index(v) for v in ("public_space", "transport_hub", "retail")]
    pool = located[np.isin(vtype[located], wanted)]
    for i in rng.choice(pool, size=min(pool.size, 6 + w.profile.repeat_venues * 2), replace=False):
        points.append((*_offset(float(loc["lat"][i]), float(loc["lon"][i]),
                                float(rng.uniform(0, 80)), float(rng.uniform(0, 2 * math.pi))),
                       VENUE_TYPES[int(vtype[i])], "scattered"))

    rows, truth = [], []
    for n, (lat, lon, fits, planted) in enumerate(points, start=1):
        factors, words = FITS[fits]
        k = int(rng.integers(1, 4))
        chosen = sorted(rng.choice(len(factors), size=min(k, len(factors)), replace=False))
        report_id = f"PR{n:06d}"
        day = from_days(int(w.as_of - rng.integers(1, 540)))
        rows.append({"report_id": report_id, "reported_on": day.isoformat(),
                     "lat": f"{lat:.6f}", "lon": f"{lon:.6f}",
                     "factors": ";".join(factors[c] for c in chosen),
                     "free_text": words[int(rng.integers(0, len(words)))]})
        dist = _haversine(lat, lon, lats, lons)
        near = np.flatnonzero(dist <= RADIUS_M + 1e-6)
        if near.size:
            best = min(zip(np.round(dist[near], 6).tolist(), public[near].tolist(), strict=True))
            truth.append({"report_id": report_id, "kind": "location", "expected": best[1],
                          "planted": planted})
        else:
            truth.append({"report_id": report_id, "kind": "cell",
                          "expected": grid_cell(lat, lon, CELL_M).id, "planted": planted})
    with (out / "location_reports.csv").open("w", newline="", encoding="utf-8") as handle:
        csvout.write_rows(handle, COLUMNS["location_reports"], rows, lineterminator="\n")
    return len(rows), {"radius_m": RADIUS_M, "cell_m": CELL_M, "reports": truth}
