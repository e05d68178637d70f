"""The places analytics the API, the CLI and the notebooks call: repeat locations, a place's
or an area's day-by-hour profile, and near-repeat studies. Each takes the database first and
returns JSON-ready dicts; an unknown location raises :class:`graph.errors.NotFound`
and bad arguments ``ValueError``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from graph.analytics import extract_places, locations, near_repeat
from graph.analytics.service import NotFound, records
from graph.db import Database


def _filters(date_from: dt.date | None, date_to: dt.date | None, **others: Any) -> dict:
    if date_from and date_to and date_from > date_to:
        raise ValueError("from is after to")
    return {"from": date_from and date_from.isoformat(), "to": date_to and date_to.isoformat(),
            **others}


def _area(bbox: Sequence[float] | None, location_ids: Sequence[str] | None) -> dict:
    if bbox is not None:
        if len(bbox) != 4:
            raise ValueError("bbox is min_lon,min_lat,max_lon,max_lat")
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in bbox)
        if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
            raise ValueError("bbox must be min_lon,min_lat,max_lon,max_lat within -180..180 and "
                             "-90..90, minimums first")
    return {"bbox": None if bbox is None else [float(v) for v in bbox],
            "location_ids": None if location_ids is None else list(location_ids)}


def repeat_location_report(
    db: Database, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
    category: str | None = None, venue_type: str | None = None, limit: int = 20,
) -> dict[str, Any]:
    """The busiest locations in a window, with victims, repeat victims and subjects, and the
    offences by venue type.

    Returns:
        ``{"filters", "locations", "venue_types"}``; each location as
        :func:`graph.analytics.extract_places.repeat_locations` plus ``repeat_victim_share``.
    """
    if not 1 <= int(limit) <= 500:
        raise ValueError("limit must be between 1 and 500")
    filters = _filters(date_from, date_to, category=category, venue_type=venue_type,
                       limit=int(limit))
    table = extract_places.repeat_locations(db, date_from=date_from, date_to=date_to,
                                            category=category, venue_type=venue_type,
                                            limit=int(limit))
    table["repeat_victim_share"] = locations.repeat_victim_share(table).round(4)
    venues = extract_places.venue_types(db, date_from=date_from, date_to=date_to,
                                        category=category)
    return {"filters": filters, "locations": records(table), "venue_types": records(venues)}


def location_profile(
    db: Database, location_id: str, *, date_from: dt.date | None = None,
    date_to: dt.date | None = None, category: str | None = None,
) -> dict[str, Any]:
    """One location's offences by day of week and hour.

    Returns:
        ``{"location", "filters", "profile"}`` (profile as
        :func:`graph.analytics.locations.day_hour_profile`).
    """
    place = extract_places.location(db, location_id)
    if place is None:
        raise NotFound(f"no location {location_id!r}")
    filters = _filters(date_from, date_to, category=category)
    points = extract_places.offence_points(db, location_ids=[location_id], category=category,
                                           date_from=date_from, date_to=date_to)
    return {"location": place, "filters": filters,
            "profile": locations.day_hour_profile(points)}


def area_profile(
    db: Database, *, bbox: Sequence[float] | None = None,
    location_ids: Sequence[str] | None = None, date_from: dt.date | None = None,
    date_to: dt.date | None = None, category: str | None = None,
) -> dict[str, Any]:
    """An area's (bounding box or list of locations; neither: everywhere) day-by-hour profile."""
    area = _area(bbox, location_ids)
    filters = _filters(date_from, date_to, category=category, **area)
    points = extract_places.offence_points(db, category=category, date_from=date_from,
                                           date_to=date_to, **area)
    return {"filters": filters, "profile": locations.day_hour_profile(points)}


def near_repeat_study(
    db: Database, *, category: str | None = None, date_from: dt.date | None = None,
    date_to: dt.date | None = None, bbox: Sequence[float] | None = None,
    location_ids: Sequence[str] | None = None, bands: near_repeat.Bands | None = None,
    permutations: int = 99, seed: int = near_repeat.SEED,
) -> dict[str, Any]:
    """A Knox near-repeat study of the located offences matching the filters.

    Returns:
        ``{"filters", "bands", "warnings", **knox_test result}`` (see
        :func:`graph.analytics.near_repeat.knox_test`); ``ratio`` is the heat map.

    Raises:
        ValueError: bad filters or bands, or fewer than two offences to compare.
    """
    bands = bands or near_repeat.Bands()
    area = _area(bbox, location_ids)
    filters = _filters(date_from, date_to, category=category, **area)
    points = extract_places.offence_points(db, category=category, date_from=date_from,
                                           date_to=date_to, **area)
    warnings = []
    month_only = int(points["month_only"].fillna(False).astype(bool).sum())
    if month_only:
        # police.uk gives only the month: day differences are then multiples of a month.
        warnings.append(f"{month_only} offences are dated by month only; time bands shorter "
                        "than a month cannot separate them")
    result = near_repeat.knox_test(points, bands=bands, permutations=permutations, seed=seed)
    return {"filters": filters, "bands": asdict(bands), "warnings": warnings, **result}
