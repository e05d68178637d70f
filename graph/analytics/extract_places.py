"""Cypher -> pandas for the places side: repeat locations, venue types, offence points.

Each function takes the :class:`~graph.db.Database` first and runs named queries from
``graph/queries/analytics/`` with parameters only. Dates filter on ``committed_from``, or
``reported_on`` where an offence has no committed date; ``None`` means no filter. A
``category`` is one offence category, or ``"sexual"`` for rape and the other sexual offences
(as :meth:`graph.network.filters.Filters.categories` reads it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from graph.analytics.config import LinkConfig, load_config
from graph.db import Database
from graph.network.filters import Filters

LOCATION_COLUMNS = [
    "location_id", "name", "venue_type", "postcode", "lat", "lon", "offences", "victims",
    "repeat_victims", "repeat_victim_ids", "subjects", "first", "last", "intelligence",
    "reports",
]
POINT_COLUMNS = ["offence_id", "location_id", "lat", "lon", "date", "time", "month_only"]
#: The venue types of the canonical mapping (``ingest/mappings/canonical.yaml``).
VENUE_TYPES = ("night_time_economy", "transport_hub", "residential", "education", "online",
               "public_space", "retail", "workplace", "healthcare", "other")


def categories(category: str | None) -> list[str] | None:
    """The offence categories a ``category`` filter means (None: any).

    >>> categories("rape"), categories(None)
    (['rape'], None)
    >>> categories("sexual") == sorted(categories("sexual")) and "rape" in categories("sexual")
    True
    """
    return Filters(category=category).categories()


def known_values(db: Database, *, category: str | None = None,
                 venue_type: str | None = None) -> dict[str, bool]:
    """Whether any offence has ``category`` and any location ``venue_type`` (None: True)."""
    row = db.read("analytics/known_values", category=category, venue_type=venue_type)[0]
    return {"category": bool(row["category_found"]),
            "venue_type": bool(row["venue_type_found"])}


def repeat_locations(
    db: Database,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    category: str | None = None,
    venue_type: str | None = None,
    limit: int = 20,
    config: LinkConfig | None = None,
) -> pd.DataFrame:
    """Locations ranked by offences in the window, with victims and subjects.

    Args:
        db: the database.
        date_from: first day counted (inclusive).
        date_to: last day counted (inclusive).
        category: only offences of this category (e.g. ``rape``, ``violence_and_sexual``;
            ``sexual`` for rape and other sexual offences).
        venue_type: only locations of this venue type (e.g. ``night_time_economy``).
        limit: how many locations.
        config: the roles that make a subject count; None for the configured file.

    Returns:
        :data:`LOCATION_COLUMNS`, busiest first (ties by location id): offences, distinct
        victims, repeat victims (harmed there more than once, with their ids) and distinct
        subjects named as suspect or offender; beside them the intelligence reports and
        public location reports there in the window (any category).
    """
    config = config or load_config()
    rows = db.read(
        "analytics/repeat_locations",
        **{"from": date_from, "to": date_to},
        categories=categories(category),
        venue_type=venue_type,
        limit=int(limit),
        roles=list(config.roles),
    )
    return pd.DataFrame(rows, columns=LOCATION_COLUMNS)


def venue_types(
    db: Database,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    category: str | None = None,
) -> pd.DataFrame:
    """Offences and distinct locations by venue type (``unknown`` when not recorded)."""
    rows = db.read("analytics/venue_types", **{"from": date_from, "to": date_to},
                   categories=categories(category))
    return pd.DataFrame(rows, columns=["venue_type", "offences", "locations"])


def offence_totals(
    db: Database, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> pd.DataFrame:
    """Offences by category and offence type, busiest first."""
    rows = db.read("analytics/offence_totals", **{"from": date_from, "to": date_to})
    return pd.DataFrame(rows, columns=["category", "offence_type", "offences"])


def location(db: Database, location_id: str) -> dict | None:
    """One location's record (id, name, venue type, postcode, lat, lon), or None."""
    rows = db.read("analytics/location", id=location_id)
    return rows[0] if rows else None


def offence_points(
    db: Database,
    *,
    category: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    bbox: Sequence[float] | None = None,
    location_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Offences at located places, for profiles and near-repeat studies.

    Args:
        db: the database.
        category: only this offence category (``"sexual"``: rape and other sexual).
        date_from: first day (inclusive).
        date_to: last day (inclusive).
        bbox: ``[min_lon, min_lat, max_lon, max_lat]``; ignored when ``location_ids`` given.
        location_ids: only offences at these locations.

    Returns:
        :data:`POINT_COLUMNS`, in date order: ``time`` is "HH:MM" where recorded,
        ``month_only`` true where the date is only a month (police.uk).
    """
    params = {"from": date_from, "to": date_to, "categories": categories(category)}
    if location_ids is not None:
        rows = db.read("analytics/offence_points_at", ids=list(location_ids), **params)
    else:
        rows = db.read("analytics/offence_points",
                       bbox=None if bbox is None else [float(v) for v in bbox], **params)
    return pd.DataFrame(rows, columns=POINT_COLUMNS)
