"""Near-repeat analysis: the Knox test as in Ratcliffe's Near Repeat Calculator.

Every pair of offences falls in one cell of a space-band x time-band table (how far apart,
how many days apart). The observed pair counts are compared with counts expected if time
and place were unrelated, estimated by Monte Carlo: the dates are shuffled among the
offences (fixed seed) and the pairs counted again. Knox ratio = observed / mean expected;
p = (1 + permutations with a count >= observed) / (permutations + 1).

Vectorised with NumPy. Distances come from an equirectangular projection (metres; at city
scale within a fraction of a percent of haversine). The pairs close enough to fall in a
space band are found once (x-sorted chunks, broadcasting); a permutation moves only dates,
so per permutation only those pairs' day differences are recomputed. Pairs further apart
than the last band are not enumerated: the multiset of day differences over *all* pairs
does not change when dates are permuted, so each time band's total over all pairs is
computed once (sorted days and ``searchsorted``) and the "further" row is that total less
the close rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

EARTH_RADIUS_M = 6_371_008.8
#: Pairs closer than this (metres) are at the same location.
SAME_PLACE_M = 1.0
SEED = 7


class TooFewOffences(ValueError):
    """Fewer than two usable offences: nothing to compare (the data, not the request)."""


@dataclass(frozen=True)
class Bands:
    """The table's bands: ``space_bands`` of ``space_bandwidth`` metres (after an optional
    same-location band) and ``time_bands`` of ``time_bandwidth`` days, each followed by an
    open "more than" band."""

    space_bandwidth: float = 200.0
    space_bands: int = 5
    time_bandwidth: int = 14
    time_bands: int = 5
    same_location: bool = True

    def __post_init__(self) -> None:
        if self.space_bandwidth <= 0 or self.time_bandwidth < 1:
            raise ValueError("space_bandwidth must be > 0 metres and time_bandwidth >= 1 day")
        if not (1 <= self.space_bands <= 20 and 1 <= self.time_bands <= 52):
            raise ValueError("space_bands must be 1-20 and time_bands 1-52")

    @property
    def max_distance(self) -> float:
        """The far edge of the last closed space band, in metres."""
        return self.space_bandwidth * self.space_bands

    @property
    def shape(self) -> tuple[int, int]:
        """(space rows, time columns), the open bands included."""
        return self.space_bands + int(self.same_location) + 1, self.time_bands + 1

    def space_labels(self) -> list[str]:
        """Row labels, e.g. "same location", "1 to 200 m", "more than 1000 m"."""
        bw = self.space_bandwidth
        labels = ["same location"] if self.same_location else []
        labels += [f"{_n(k * bw + (1 if k or self.same_location else 0))} to {_n((k + 1) * bw)} m"
                   for k in range(self.space_bands)]
        return labels + [f"more than {_n(self.max_distance)} m"]

    def time_labels(self) -> list[str]:
        """Column labels, e.g. "0 to 14 days", "15 to 28 days", "more than 70 days"."""
        bw = self.time_bandwidth
        labels = [f"{k * bw + (1 if k else 0)} to {(k + 1) * bw} days"
                  for k in range(self.time_bands)]
        return labels + [f"more than {self.time_bands * bw} days"]

    def space_band(self, metres: np.ndarray) -> np.ndarray:
        """Row index of each distance (bands are closed on the far side: 200 m is 1-200)."""
        d = np.asarray(metres, dtype=float)
        band = np.maximum(np.ceil(d / self.space_bandwidth).astype(np.int64) - 1, 0)
        if self.same_location:
            band = np.where(d < SAME_PLACE_M, 0, band + 1)
        return np.where(d > self.max_distance, self.shape[0] - 1, band)

    def time_lookup(self, max_days: int) -> np.ndarray:
        """Column index of every day difference 0..max_days (a lookup table: fast)."""
        days = np.arange(max_days + 1)
        band = np.maximum(-(-days // self.time_bandwidth) - 1, 0)
        return np.minimum(band, self.time_bands).astype(np.int32)


def _n(value: float) -> str:
    return f"{value:g}"


def project(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equirectangular projection to metres about the points' mean latitude."""
    lat0 = math.radians(float(np.mean(lat)))
    x = EARTH_RADIUS_M * np.radians(np.asarray(lon, dtype=float)) * math.cos(lat0)
    y = EARTH_RADIUS_M * np.radians(np.asarray(lat, dtype=float))
    return x, y


def haversine_m(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> np.ndarray:
    """Great-circle distance in metres (to check the projection against)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))


def close_pairs(
    x: np.ndarray, y: np.ndarray, max_distance: float, chunk: int = 512
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of points at most ``max_distance`` apart: (i, j, metres), i != j once.

    Points are sorted by x; each chunk of rows is compared by broadcasting only with the
    points whose x is within reach, so the work follows the number of near pairs.
    """
    order = np.argsort(x, kind="stable")
    xs, ys = x[order], y[order]
    found_i, found_j, found_d = [], [], []
    for start in range(0, len(xs), chunk):
        stop = min(start + chunk, len(xs))
        reach = int(np.searchsorted(xs, xs[stop - 1] + max_distance, side="right"))
        dx = xs[None, start:reach] - xs[start:stop, None]
        dy = ys[None, start:reach] - ys[start:stop, None]
        d = np.sqrt(dx * dx + dy * dy)
        cols = np.arange(start, reach)[None, :]
        rows = np.arange(start, stop)[:, None]
        r, c = np.nonzero((cols > rows) & (d <= max_distance))
        found_i.append(order[r + start])
        found_j.append(order[c + start])
        found_d.append(d[r, c])
    if not found_i:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0)
    return np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_d)


def pairs_by_time_band(days: np.ndarray, bands: Bands) -> np.ndarray:
    """Pairs per time band over all pairs (unchanged by permuting the dates)."""
    s = np.sort(days)
    n = len(s)
    ahead = np.arange(n) + 1

    def within(limit: int) -> int:
        return int((np.searchsorted(s, s + limit, side="right") - ahead).sum())

    cumulative = [within((k + 1) * bands.time_bandwidth) for k in range(bands.time_bands)]
    total = n * (n - 1) // 2
    return np.diff([0, *cumulative, total]).astype(np.int64)


def to_days(dates: Any) -> np.ndarray:
    """Days since 1970-01-01 from ISO dates, dates or timestamps."""
    stamps = pd.to_datetime(pd.Series(dates), errors="raise")
    return ((stamps - pd.Timestamp("1970-01-01")).dt.days).to_numpy(dtype=np.int64)


def knox_test(
    points: pd.DataFrame, *, bands: Bands | None = None, permutations: int = 99,
    seed: int = SEED,
) -> dict[str, Any]:
    """The Knox test over offences with a place and a date.

    Args:
        points: rows with ``lat``, ``lon`` and ``date`` (or integer ``day``); rows missing
            any of them are left out.
        bands: the space and time bands; None for the defaults (200 m x 5, 14 days x 5).
        permutations: Monte Carlo permutations of the dates.
        seed: fixed, so a study repeats exactly.

    Returns:
        ``{"n", "pairs", "close_pairs", "permutations", "seed", "space_bands",
        "time_bands", "observed", "expected", "ratio", "p_value", "significant"}``; the
        matrices are lists of rows (space) of columns (time), ``ratio`` None where nothing
        is expected; ``significant`` is p < 0.05.

    Raises:
        ValueError: fewer than two usable offences, or permutations out of 1-9999.
    """
    bands = bands or Bands()
    if not 1 <= permutations <= 9999:
        raise ValueError("permutations must be between 1 and 9999")
    day_column = "day" if "day" in points else "date"
    usable = points.dropna(subset=["lat", "lon", day_column])
    if len(usable) < 2:
        raise TooFewOffences("need at least two offences with a location and a date")
    days = (usable["day"].to_numpy(np.int64) if day_column == "day"
            else to_days(usable["date"].astype(str).str[:10]))
    days = (days - days.min()).astype(np.int32)
    x, y = project(usable["lat"].to_numpy(float), usable["lon"].to_numpy(float))

    i, j, metres = close_pairs(x, y, bands.max_distance)
    i, j = i.astype(np.int32), j.astype(np.int32)
    rows, cols = bands.shape
    # The space band of each close pair never changes: fold it into a cell offset once.
    offset = (bands.space_band(metres) * cols).astype(np.int32)
    lookup = bands.time_lookup(int(days.max()))
    column_totals = pairs_by_time_band(days, bands)

    def count(d: np.ndarray) -> np.ndarray:
        cells = offset + lookup[np.abs(d[i] - d[j])]
        table = np.bincount(cells, minlength=rows * cols).reshape(rows, cols)
        table[-1] = column_totals - table[:-1].sum(axis=0)
        return table

    observed = count(days)
    rng = np.random.default_rng(seed)
    simulated = np.stack([count(days[rng.permutation(len(days))]) for _ in range(permutations)])
    return _result(observed, simulated, bands, len(days), len(i), seed)


def _result(
    observed: np.ndarray, simulated: np.ndarray, bands: Bands, n: int, close: int, seed: int
) -> dict[str, Any]:
    expected = simulated.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.nan)
    p_value = (1 + (simulated >= observed).sum(axis=0)) / (len(simulated) + 1)
    return {
        "n": n,
        "pairs": n * (n - 1) // 2,
        "close_pairs": close,
        "permutations": len(simulated),
        "seed": seed,
        "space_bands": bands.space_labels(),
        "time_bands": bands.time_labels(),
        "observed": observed.astype(int).tolist(),
        "expected": np.round(expected, 4).tolist(),
        "ratio": [[None if np.isnan(v) else round(float(v), 4) for v in row] for row in ratio],
        "p_value": np.round(p_value, 4).tolist(),
        "significant": (p_value < 0.05).tolist(),
    }


def knox_table(result: dict[str, Any]) -> pd.DataFrame:
    """The result as a long table: one row per cell (space band, time band)."""
    records = []
    for r, space in enumerate(result["space_bands"]):
        for c, time in enumerate(result["time_bands"]):
            records.append({"space_band": space, "time_band": time,
                            "observed": result["observed"][r][c],
                            "expected": result["expected"][r][c],
                            "ratio": result["ratio"][r][c],
                            "p_value": result["p_value"][r][c],
                            "significant": result["significant"][r][c]})
    return pd.DataFrame.from_records(records)
