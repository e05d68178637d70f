"""The places analytics the API, the CLI and the notebooks call: repeat locations, a place's
or an area's day-by-hour profile, and near-repeat studies. Each takes the database first and
returns JSON-ready dicts; an unknown location raises :class:`graph.errors.NotFound`
and bad arguments ``ValueError`` naming the parameter (an unknown category or venue type
included: :func:`check_filters`, so a typo never reads as "nothing found").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from graph.analytics import extract_places, locations, near_repeat
from graph.analytics.service import NotFound, records
from graph.db import Database
from graph.errors import Conflict
from graph.network import filters as network_filters


def category_names() -> list[str]:
    """The categories a filter may name: ``sexual``, then the classification table's."""
    return ["sexual", *network_filters.categories()]


def check_filters(db: Database, *, category: str | None = None,
                  venue_type: str | None = None) -> None:
    """Refuse an unknown offence category or venue type, naming it and the known ones.

    Known: ``sexual`` (rape and other sexual offences), a category of the classification
    table or a venue type of the canonical mapping, or any value some offence or location
    in the database has (other mappings bring their own, e.g. police.uk's categories).

    Raises:
        ValueError: ``category`` or ``venue_type`` is unknown.
    """
    category, venue_type = category or None, venue_type or None
    ask_category = category if category not in (None, *category_names()) else None
    ask_venue = venue_type if venue_type not in (None, *extract_places.VENUE_TYPES) else None
    if ask_category is None and ask_venue is None:
        return
    found = extract_places.known_values(db, category=ask_category, venue_type=ask_venue)
    if not found["category"]:
        raise ValueError(f"category {category!r} is unknown: use one of "
                         f"{', '.join(category_names())}")
    if not found["venue_type"]:
        raise ValueError(f"venue_type {venue_type!r} is unknown: use one of "
                         f"{', '.join(extract_places.VENUE_TYPES)}")


def _filters(date_from: dt.date | None, date_to: dt.date | None, **others: Any) -> dict:
    if date_from and date_to and date_from > date_to:
        raise ValueError("from is after to")
    return {"from": date_from and date_from.isoformat(), "to": date_to and date_to.isoformat(),
            "window": window_words(date_from, date_to), **others}


def window_words(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """The dates a count covers, in words, so that every count can say its window.

    >>> window_words(None, None), window_words(dt.date(2025, 1, 1), None)
    ('all time', 'from 2025-01-01')
    """
    if date_from and date_to:
        return f"{date_from.isoformat()} to {date_to.isoformat()}"
    if date_from or date_to:
        return f"from {date_from.isoformat()}" if date_from else f"up to {date_to.isoformat()}"
    return "all time"


def _area(bbox: Sequence[float] | None, location_ids: Sequence[str] | None) -> dict:
    if bbox is not None:
        if len(bbox) != 4:
            raise ValueError("bbox is min_lon,min_lat,max_lon,max_lat")
        lon_a, lat_a, lon_b, lat_b = (float(v) for v in bbox)
        # Two corners, either one first: the box between them.
        bbox = [min(lon_a, lon_b), min(lat_a, lat_b), max(lon_a, lon_b), max(lat_a, lat_b)]
        if not (-180 <= bbox[0] <= bbox[2] <= 180 and -90 <= bbox[1] <= bbox[3] <= 90):
            raise ValueError("bbox must be min_lon,min_lat,max_lon,max_lat within -180..180 and "
                             "-90..90")
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
    check_filters(db, category=category, venue_type=venue_type)
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
    check_filters(db, category=category)
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
    check_filters(db, category=category)
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
    check_filters(db, category=category)
    filters = _filters(date_from, date_to, category=category, **area)
    points = extract_places.offence_points(db, category=category, date_from=date_from,
                                           date_to=date_to, **area)
    warnings = []
    month_only = int(points["month_only"].fillna(False).astype(bool).sum())
    if month_only:
        # police.uk gives only the month: day differences are then multiples of a month.
        warnings.append(f"{month_only} offences are dated by month only; time bands shorter "
                        "than a month cannot separate them")
    try:
        result = near_repeat.knox_test(points, bands=bands, permutations=permutations,
                                       seed=seed)
    except near_repeat.TooFewOffences as exc:  # a well-formed request the data cannot answer
        raise Conflict(f"{exc} in these filters") from None
    return {"filters": filters, "bands": asdict(bands), "warnings": warnings, **result}
