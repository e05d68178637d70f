"""Repeat locations on data.police.uk street crime against answers computed from its CSVs.

Loaded once for the module by the module-scoped ``police_uk`` fixture; no test here uses the
wiping ``db`` fixture.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
import pytest

from graph.analytics import extract_places, service_places
from ingest.pipeline import run_ingest
from tests.conftest import DATA, wipe

pytestmark = pytest.mark.neo4j

POLICE_UK = DATA / "police_uk"
VIOLENCE = "Violence and sexual offences"


@pytest.fixture(scope="module")
def police_uk(session_db, tmp_path_factory):
    """The session's database holding the police.uk files (emptied afterwards)."""
    wipe(session_db)
    run_ingest(POLICE_UK, "police_uk", db=session_db, progress=False,
               quarantine_dir=tmp_path_factory.mktemp("puk-quarantine"))
    yield session_db
    wipe(session_db)


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    frames = [pd.read_csv(f, dtype=str, keep_default_na=False)
              for f in sorted(POLICE_UK.glob("*-street.csv"))]
    return pd.concat(frames, ignore_index=True)


def _offences_by_place(rows: pd.DataFrame, crime_type: str | None, months=None) -> Counter:
    """Offences per place as the mapping defines them, computed from the files alone.

    A row is an offence unless it repeats an earlier row word for word (merged); a place is
    (longitude, latitude, location text, LSOA code); "No Location" rows have no place.
    """
    chosen = rows if crime_type is None else rows[rows["Crime type"] == crime_type]
    if months:
        chosen = chosen[chosen["Month"].isin(months)]
    with_id = chosen[chosen["Crime ID"] != ""].drop_duplicates()
    offences = pd.concat([with_id, chosen[chosen["Crime ID"] == ""]])
    placed = offences[(offences["Location"] != "No Location") & (offences["Latitude"] != "")
                      & (offences["Longitude"] != "")]
    return Counter(zip(placed["Location"], placed["Latitude"].astype(float).round(6),
                       placed["Longitude"].astype(float).round(6), strict=True))


def _ours(table: pd.DataFrame) -> list[tuple]:
    return [((name, round(lat, 6), round(lon, 6)), n) for name, lat, lon, n in
            zip(table["name"], table["lat"], table["lon"], table["offences"], strict=True)]


def test_the_top_violence_and_sexual_offence_locations_equal_the_files(police_uk, rows):
    expected = _offences_by_place(rows, VIOLENCE)
    top = extract_places.repeat_locations(police_uk, category="violence_and_sexual", limit=20)
    ours = _ours(top)
    # Counts in the same order, and each place's count is the file's for that place.
    assert [n for _, n in ours] == sorted(expected.values(), reverse=True)[:20]
    assert all(expected[place] == n for place, n in ours)
    # The busiest place is unambiguous: the same one.
    (place, n), (_, runner_up) = expected.most_common(2)
    assert n > runner_up and ours[0] == (place, n)


def test_a_date_window_counts_only_its_months(police_uk, rows):
    months = ["2019-01", "2019-02", "2019-03"]
    expected = _offences_by_place(rows, VIOLENCE, months)
    top = extract_places.repeat_locations(
        police_uk, category="violence_and_sexual", date_from=dt.date(2019, 1, 1),
        date_to=dt.date(2019, 3, 31), limit=10)
    assert [n for _, n in _ours(top)] == sorted(expected.values(), reverse=True)[:10]
    assert set(top["first"]) >= {"2019-01-01"} and max(top["last"]) <= "2019-03-01"


def test_month_only_dates_give_no_weekday_and_a_near_repeat_warning(police_uk, rows):
    busiest = extract_places.repeat_locations(police_uk, category="violence_and_sexual",
                                              limit=1).iloc[0]
    report = service_places.location_profile(police_uk, busiest["location_id"],
                                             category="violence_and_sexual")
    profile = report["profile"]
    assert profile["total"] == busiest["offences"] == profile["no_day"]
    assert sum(profile["by_day"]) == 0 and profile["peak"] is None
    study = service_places.near_repeat_study(
        police_uk, category="violence_and_sexual", date_from=dt.date(2019, 1, 1),
        date_to=dt.date(2019, 6, 30), permutations=9)
    assert study["warnings"] and "month only" in study["warnings"][0]
    assert study["n"] == sum(_offences_by_place(
        rows, VIOLENCE, [f"2019-0{m}" for m in range(1, 7)]).values())
