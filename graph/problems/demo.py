"""The demo's problem profile: the busiest night-time venue of the year, a response under way.

``linkwatch demo`` calls :func:`lay_demo_problem` after loading the demo force, so the
problem pages open on a populated profile: an objective, scanning and analysis from the
data, two responses that started months ago, and an assessment with numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from graph.analytics import extract_places
from graph.db import Database
from graph.problems.assess import months_after
from graph.problems.profile import add_response, create
from graph.tiers.rules import months_before

PROBLEM_ID = "prb-demo-venue"


def lay_demo_problem(db: Database, truth: Path, as_of: dt.date,
                     by: str = "analyst") -> dict[str, Any] | None:
    """Create the demo profile (once) for the night-time venue with most offences this year.

    Args:
        db: the execution point.
        truth: the demo force's ``truth.json``.
        as_of: the demo force's as-of date (the profile reads the data on that day).
        by: the user named as its author.

    Returns:
        The profile, or None when it exists already or no venue had an offence.
    """
    if db.read("problems/problem", problem_id=PROBLEM_ID):
        return None
    # The night-time venue with the most offences in the year to as_of (planted venues
    # spread theirs over ten years).
    busiest = extract_places.repeat_locations(db, date_from=months_before(as_of, 12),
                                              date_to=as_of, venue_type="night_time_economy",
                                              limit=1)
    if busiest.empty:
        return None
    venue = busiest.iloc[0]
    planted = {v["location_id"]: v for v in
               json.loads(truth.read_text(encoding="utf-8"))["repeat_locations"]}
    peak = planted.get(venue["location_id"])
    start = months_before(as_of, 6)
    create(db, {
        "title": f"Offences at {venue['name']}",
        "location_ids": [venue["location_id"]],
        "objective": {"text": "Reduce offences at the venue by 30% in 6 months",
                      "metric": "offences", "change_pct": -30, "months": 6},
        "manager": "The licensee and the door supervisors' company",
        "comparison": "surrounding", "as_of": as_of.isoformat(),
    }, by=by, problem_id=PROBLEM_ID)
    add_response(db, PROBLEM_ID, {
        "description": "Welfare officers and a police patrol at the door, Friday and Saturday "
                       "nights" + (f" (peak {peak['peak_weekday']} {peak['peak_hour']:02d}:00)"
                                   if peak else ""),
        "owner": "PS Night-Time Economy", "agency": "Police", "opened_on": start.isoformat(),
        "due_on": months_after(start, 6).isoformat(), "as_of": as_of.isoformat()}, by=by)
    return add_response(db, PROBLEM_ID, {
        "description": "Ask for Angela and bystander training for bar staff; CCTV review",
        "owner": "Licensing officer", "agency": "Local authority licensing",
        "opened_on": (start + dt.timedelta(days=14)).isoformat(),
        "due_on": (start + dt.timedelta(days=60)).isoformat(), "as_of": as_of.isoformat()},
        by=by)
