"""The Knox near-repeat test on synthetic points where the answer is known."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from graph.analytics.near_repeat import Bands, haversine_m, knox_table, knox_test, project
from graph.analytics.near_repeat_loop import knox_loop

LAT, LON = 53.80, -1.55  # a fictional northern city centre
METRES_PER_DEG_LAT = 111_195.0


def _points(rng, n, *, km=10.0, days=730, centre=(LAT, LON), spread_m=None, start=0):
    """n offences uniform over a km x km square (or normal with spread_m) and a day range."""
    lat0, lon0 = centre
    per_lon = METRES_PER_DEG_LAT * np.cos(np.radians(lat0))
    if spread_m is None:
        dy, dx = rng.uniform(-km * 500, km * 500, (2, n))
    else:
        dy, dx = rng.normal(0, spread_m, (2, n))
    day = start + rng.integers(0, days, n)
    dates = pd.Timestamp("2023-01-01") + pd.to_timedelta(day, unit="D")
    return pd.DataFrame({"lat": lat0 + dy / METRES_PER_DEG_LAT, "lon": lon0 + dx / per_lon,
                         "date": dates.strftime("%Y-%m-%d")})


def test_a_planted_cluster_close_in_space_and_time_is_a_near_repeat():
    rng = np.random.default_rng(11)
    background = _points(rng, 400, km=5, days=365)
    # 30 offences within about 50 m of one spot and 10 days of each other.
    cluster = _points(rng, 30, spread_m=25, days=10, start=100)
    bands = Bands(space_bandwidth=200, space_bands=4, time_bandwidth=14, time_bands=4,
                  same_location=False)
    result = knox_test(pd.concat([background, cluster]), bands=bands, permutations=99, seed=3)
    assert result["space_bands"][0] == "0 to 200 m" and result["time_bands"][0] == "0 to 14 days"
    assert result["ratio"][0][0] > 2
    assert result["p_value"][0][0] == pytest.approx(0.01) and result["significant"][0][0]
    # Close in space but months apart is no more than chance.
    assert result["ratio"][0][-1] < 1.2


def test_uniform_random_offences_give_ratios_near_one():
    rng = np.random.default_rng(5)
    points = _points(rng, 1500, km=10, days=730)
    bands = Bands(space_bandwidth=500, space_bands=4, time_bandwidth=30, time_bands=4,
                  same_location=False)
    result = knox_test(points, bands=bands, permutations=99, seed=1)
    ratios = np.array(result["ratio"], dtype=float)
    assert np.all(np.abs(ratios - 1) < 0.2), ratios
    assert sum(result["significant"][r][c] for r in range(4) for c in range(4)) <= 3


def test_vectorised_counts_equal_a_plain_pair_by_pair_loop():
    rng = np.random.default_rng(2)
    points = _points(rng, 70, km=1, days=120)
    points.loc[5:9, ["lat", "lon"]] = points.loc[4, ["lat", "lon"]].to_numpy()  # one place
    bands = Bands(space_bandwidth=100, space_bands=4, time_bandwidth=7, time_bands=4)
    fast = knox_test(points, bands=bands, permutations=19, seed=8)
    slow = knox_loop(points, bands=bands, permutations=19, seed=8)
    assert fast["observed"] == slow["observed"].tolist()
    assert fast["expected"] == np.round(slow["simulated"].mean(axis=0), 4).tolist()
    assert fast["observed"][0][-1] > 0  # the same-location band is exercised
    p = (1 + (slow["simulated"] >= slow["observed"]).sum(axis=0)) / 20
    assert fast["p_value"] == np.round(p, 4).tolist()


def test_every_pair_is_counted_once_and_column_totals_do_not_depend_on_the_dates_order():
    rng = np.random.default_rng(4)
    points = _points(rng, 300, km=3, days=200)
    result = knox_test(points, permutations=9)
    observed, expected = np.array(result["observed"]), np.array(result["expected"])
    assert observed.sum() == result["pairs"] == 300 * 299 // 2
    assert np.allclose(expected.sum(axis=0), observed.sum(axis=0))
    table = knox_table(result)
    assert len(table) == 7 * 6 and list(table.columns[:3]) == [
        "space_band", "time_band", "observed"]


def test_the_projection_is_within_half_a_percent_of_haversine_at_city_scale():
    rng = np.random.default_rng(9)
    points = _points(rng, 200, km=20)
    x, y = project(points["lat"].to_numpy(), points["lon"].to_numpy())
    flat = np.hypot(x[1:] - x[0], y[1:] - y[0])
    sphere = haversine_m(points["lat"].iloc[0], points["lon"].iloc[0],
                         points["lat"].to_numpy()[1:], points["lon"].to_numpy()[1:])
    assert np.max(np.abs(flat - sphere) / sphere) < 0.005


def test_ten_thousand_offences_and_99_permutations_take_seconds():
    rng = np.random.default_rng(10)
    points = _points(rng, 10_000, km=25, days=3650)
    started = time.perf_counter()
    result = knox_test(points, permutations=99)
    assert time.perf_counter() - started < 30
    assert result["n"] == 10_000 and result["permutations"] == 99


def test_too_few_offences_or_silly_bands_are_refused():
    with pytest.raises(ValueError, match="at least two"):
        knox_test(pd.DataFrame({"lat": [LAT], "lon": [LON], "date": ["2024-01-01"]}))
    with pytest.raises(ValueError, match="space_bandwidth"):
        Bands(space_bandwidth=0)
