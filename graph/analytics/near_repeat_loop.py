"""The Knox test pair by pair in plain Python: the reference the vectorised one is checked
against (tests) and timed against (``bench/analytics.py``). Far too slow for real use:
O(n^2) Python steps per permutation.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from graph.analytics.near_repeat import SAME_PLACE_M, SEED, Bands, project, to_days


def _space_band(metres: float, bands: Bands) -> int:
    if metres > bands.max_distance:
        return bands.shape[0] - 1
    band = max(math.ceil(metres / bands.space_bandwidth) - 1, 0)
    if bands.same_location:
        return 0 if metres < SAME_PLACE_M else band + 1
    return band


def _time_band(days: int, bands: Bands) -> int:
    return min(max(math.ceil(days / bands.time_bandwidth) - 1, 0), bands.time_bands)


def knox_loop(
    points: pd.DataFrame, *, bands: Bands | None = None, permutations: int = 99,
    seed: int = SEED,
) -> dict[str, Any]:
    """Observed and per-permutation counts, every pair visited in a Python loop.

    Uses the same projection and the same random permutations (same seed, same order of
    draws) as :func:`graph.analytics.near_repeat.knox_test`, so the counts must be equal.

    Returns:
        ``{"observed": ndarray (rows, cols), "simulated": ndarray (permutations, rows, cols)}``.
    """
    bands = bands or Bands()
    usable = points.dropna(subset=["lat", "lon", "date"])
    days = to_days(usable["date"].astype(str).str[:10])
    days = [int(d) for d in days - days.min()]
    x, y = project(usable["lat"].to_numpy(float), usable["lon"].to_numpy(float))
    x, y = x.tolist(), y.tolist()
    n = len(days)
    space = {}
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[j] - x[i], y[j] - y[i]
            space[i, j] = _space_band(math.sqrt(dx * dx + dy * dy), bands)

    def count(d: list[int]) -> np.ndarray:
        table = np.zeros(bands.shape, dtype=np.int64)
        for (i, j), row in space.items():
            table[row, _time_band(abs(d[i] - d[j]), bands)] += 1
        return table

    observed = count(days)
    rng = np.random.default_rng(seed)
    simulated = []
    for _ in range(permutations):
        order = rng.permutation(n)
        simulated.append(count([days[k] for k in order]))
    return {"observed": observed, "simulated": np.array(simulated)}
