"""The one writer path for intelligence officers submit (the form and the JSON API).

:func:`parse_submission` reads what was sent (pure: every refusal is a ``ValueError`` naming
the field); :func:`submit` resolves the place and writes the report in one transaction
(``intelligence/submit``). The person is *known* (a subject id) or *described* (free text):
a described person makes no Subject node; the report is marked ``unidentified`` and keeps the
description. The place is a known location id, or a map click (lat, lon): the nearest known
place within :data:`NEAREST_M` metres, else a new place at that point.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.db import Database
from graph.errors import NotFound
from graph.intelligence.grading import GradingError, reconcile
from graph.intelligence.taxonomy import TaxonomyError
from graph.intelligence.taxonomy import load as load_taxonomy

#: A map click this close to a known place (metres) is that place.
NEAREST_M = 75.0
#: Venue types a new place from a map click may be given.
VENUE_TYPES = ("night_time_economy", "transport_hub", "public_space", "retail", "education",
               "workplace", "healthcare", "other")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_LONGEST = 4000


@dataclass(frozen=True)
class Submission:
    """One report as submitted (checked, not yet written)."""

    behaviour: str
    source_grade: str
    intel_grade: str
    handling: str
    reported_on: dt.date
    reported_time: str | None
    summary: str
    subject_id: str | None
    person_description: str | None
    location_id: str | None
    lat: float | None
    lon: float | None
    place_name: str | None
    venue_type: str | None


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    text = "" if value is None else str(value).strip()
    if len(text) > _LONGEST:
        raise ValueError(f"{key}: at most {_LONGEST} characters")
    return text


def _coordinate(data: Mapping[str, Any], key: str, bound: float) -> float | None:
    text = _text(data, key)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{key}: not a number") from None
    if not -bound <= value <= bound:
        raise ValueError(f"{key}: outside -{bound:g} to {bound:g}")
    return value


def parse_submission(data: Mapping[str, Any], today: dt.date | None = None) -> Submission:
    """Check what a form or JSON body sent; raise ``ValueError`` naming the field.

    >>> s = parse_submission({"subject_id": "S1", "location_id": "L1", "behaviour": "Loitering",
    ...     "grading": "2b p", "reported_on": "2025-05-01", "summary": "Outside the toilets"})
    >>> s.behaviour, s.source_grade + s.intel_grade + s.handling, s.reported_on.isoformat()
    ('loitering', '2BP', '2025-05-01')
    >>> parse_submission({"behaviour": "loitering", "grading": "2BP", "location_id": "L1",
    ...                   "reported_on": "2025-05-01"})
    Traceback (most recent call last):
    ValueError: subject_id: give a known subject or a description of the person
    """
    today = today or dt.date.today()
    try:
        behaviour = load_taxonomy().code(_text(data, "behaviour"))
    except TaxonomyError as exc:
        raise ValueError(f"behaviour: {exc}") from None
    if behaviour is None:
        raise ValueError("behaviour: choose a behaviour from the taxonomy")
    try:
        grade = reconcile(_text(data, "grading"), _text(data, "source_grade"),
                          _text(data, "intel_grade"), _text(data, "handling"))
    except GradingError as exc:
        raise ValueError(f"grading: {exc}") from None
    if not grade.code:
        raise ValueError("grading: give source 1-3, intelligence A-E and handling P or C")
    try:
        reported_on = dt.date.fromisoformat(_text(data, "reported_on"))
    except ValueError:
        raise ValueError("reported_on: a date YYYY-MM-DD") from None
    if reported_on > today:
        raise ValueError("reported_on: the date is in the future")
    time = _text(data, "reported_time") or None
    if time and not _TIME.match(time):
        raise ValueError("reported_time: a time HH:MM")
    subject_id = _text(data, "subject_id") or None
    description = _text(data, "person_description") or None
    if subject_id is None and description is None:
        raise ValueError("subject_id: give a known subject or a description of the person")
    location_id = _text(data, "location_id") or None
    lat, lon = _coordinate(data, "lat", 90), _coordinate(data, "lon", 180)
    if location_id is None and (lat is None or lon is None):
        raise ValueError("location_id: give a known place, or lat and lon from the map")
    venue_type = _text(data, "venue_type") or None
    if venue_type is not None and venue_type not in VENUE_TYPES:
        raise ValueError(f"venue_type: one of {', '.join(VENUE_TYPES)}")
    return Submission(behaviour, grade.source or "", grade.intel or "", grade.handling or "",
                      reported_on, time, _text(data, "summary"), subject_id,
                      None if subject_id else description, location_id, lat, lon,
                      _text(data, "place_name") or None, venue_type)


def submit(db: Database, s: Submission, by: str) -> dict[str, Any]:
    """Write one submitted report; the place is resolved first.

    Args:
        db: the execution point.
        s: the checked submission.
        by: the username, recorded on the report (and the new place, if any).

    Returns:
        ``intel_id``, ``subject_id``, ``location_id`` and ``location_created`` (a new place
        was made from the map click) and ``location_name``.

    Raises:
        NotFound: the subject or the location named does not exist.
    """
    found = db.read("intelligence/exists", subject_id=s.subject_id, location_id=s.location_id)[0]
    if s.subject_id and not found["subject"]:
        raise NotFound(f"no subject {s.subject_id!r}")
    if s.location_id and not found["location"]:
        raise NotFound(f"no location {s.location_id!r}")
    location_id, name, new = s.location_id, found["location_name"], None
    if location_id is None:
        near = db.read("intelligence/nearest_location", lat=s.lat, lon=s.lon, radius_m=NEAREST_M)
        if near:
            location_id, name = near[0]["location_id"], near[0]["name"]
        else:
            location_id = f"L-W-{uuid.uuid4().hex[:10].upper()}"
            name = s.place_name or f"Reported place ({s.lat:.5f}, {s.lon:.5f})"
            new = {"id": location_id, "name": name, "lat": s.lat, "lon": s.lon,
                   "venue_type": s.venue_type or "public_space"}
    intel_id = f"INT-W-{uuid.uuid4().hex[:10].upper()}"
    rows = db.write("intelligence/submit", intel_id=intel_id, reported_on=s.reported_on,
                    reported_time=s.reported_time,
                    grading=f"{s.source_grade}{s.intel_grade}{s.handling}",
                    source_grade=s.source_grade, intel_grade=s.intel_grade, handling=s.handling,
                    behaviour=s.behaviour, summary=s.summary or None, subject_id=s.subject_id,
                    person_description=s.person_description, location_id=location_id,
                    new_location=new, by=by)
    return {"intel_id": rows[0]["intel_id"], "subject_id": rows[0]["subject_id"],
            "location_id": rows[0]["location_id"], "location_name": name,
            "location_created": new is not None}
