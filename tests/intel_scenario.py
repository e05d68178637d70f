"""A named scenario: "a man whose behaviour escalates at night-time venues".

- ``S-ESC`` Darragh Pellow: loitering at The Copper Kettle (day 0, 2B P), repeated approaches
  at The Velvet Room (day 20, 2C P) and brushing past at the Copper Kettle (day 60, 1B C):
  three reports in 90 days, non-contact to contact, two NTE venues in 30 days; then a sexual
  assault (20A) naming him on day 200: escalated to offending. Four flags. Five older sexual
  offences (one a rape), all before the first report, make him a Tier 1 candidate, so he is
  on the tier board too; they do not count as escalation (they came before the behaviour).
- ``S-WEAK`` Fennick Barrowby: three reports within 30 days, every one graded 3 or E, and an
  offence 100 days later: no flag at all.
- A station (not a venue of the night-time economy) and a home.
Day 0 is :data:`DAY0`; everything is in the past.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from graph.db import Database
from ingest.pipeline import run_ingest
from tests.scenarios import write_folder

DAY0 = dt.date.today() - dt.timedelta(days=400)
ESCALATING, WEAK = "S-ESC", "S-WEAK"
BAR, CLUB, STATION, HOME = "L-KETTLE", "L-VELVET", "L-STATION", "L-HOME-9"


def day(n: int) -> str:
    return (DAY0 + dt.timedelta(days=n)).isoformat()


def _intel(iid, sid, loc, n, grading, behaviour, **extra):
    return {"intel_id": iid, "subject_id": sid, "location_id": loc, "reported_on": day(n),
            "grading": grading, "behaviour": behaviour, "summary": "seen by door staff",
            **extra}


INTEL = [
    _intel("INT-E1", ESCALATING, BAR, 0, "2B P", "loitering"),
    _intel("INT-E2", ESCALATING, CLUB, 20, "2 c p", "Approaching groups"),
    _intel("INT-E3", ESCALATING, BAR, 60, "", "brushing_past", source_grade="1",
           intel_grade="B", handling="C"),
    _intel("INT-W1", WEAK, BAR, 0, "3B P", "loitering"),
    _intel("INT-W2", WEAK, CLUB, 10, "2E P", "catcalling"),
    _intel("INT-W3", WEAK, STATION, 25, "3E C", "brushing_past"),
]
#: Rows ingest must refuse, with the words of the reason.
BAD_INTEL = [
    (_intel("INT-BAD1", ESCALATING, BAR, 5, "4B P", "loitering"), "not 3x5x2"),
    (_intel("INT-BAD2", ESCALATING, BAR, 5, "2B P", "loitering", source_grade="3"),
     "source_grade 3 disagrees"),
    (_intel("INT-BAD3", ESCALATING, BAR, 5, "2B P", "juggling"), "not in the taxonomy"),
]


def folder(path: Path, bad: bool = False) -> Path:
    place = {"address": "", "postcode": "", "lat": "", "lon": ""}
    return write_folder(
        path,
        subjects=[{"subject_id": ESCALATING, "forename": "Darragh", "surname": "Pellow",
                   "aliases": "", "dob": "1985-03-02", "gender": "M", "pnc_id": ""},
                  {"subject_id": WEAK, "forename": "Fennick", "surname": "Barrowby",
                   "aliases": "", "dob": "1990-06-07", "gender": "M", "pnc_id": ""}],
        locations=[
            {**place, "location_id": BAR, "name": "The Copper Kettle", "lat": "52.400100",
             "lon": "-1.500100", "venue_type": "night_time_economy"},
            {**place, "location_id": CLUB, "name": "The Velvet Room", "lat": "52.402000",
             "lon": "-1.503000", "venue_type": "night_time_economy"},
            {**place, "location_id": STATION, "name": "Central Station", "lat": "52.407000",
             "lon": "-1.510000", "venue_type": "transport_hub"},
            {**place, "location_id": HOME, "name": "9 Larkspur Close", "address":
             "9 Larkspur Close", "postcode": "ZZ4 1AB", "lat": "52.410000", "lon": "-1.520000",
             "venue_type": "residential"},
        ],
        offences=[{"offence_id": oid, "ho_code": "20A", "offence_type": "",
                   "committed_from": day(n), "committed_to": "", "reported_on": day(n + 1),
                   "location_id": BAR, "outcome_code": "", "domestic": "false",
                   "mo_notes": ""} for oid, n in (("O-ESC", 200), ("O-WEAK", 100))]
        + [{"offence_id": f"O-OLD{k}", "ho_code": "19C" if k == 1 else "20A",
            "offence_type": "", "committed_from": day(-100 * k), "committed_to": "",
            "reported_on": day(-100 * k + 3), "location_id": STATION, "outcome_code": "",
            "domestic": "false", "mo_notes": ""} for k in range(1, 6)],
        offence_subjects=[{"offence_id": "O-ESC", "subject_id": ESCALATING, "role": "suspect",
                           "named_on": ""},
                          *[{"offence_id": f"O-OLD{k}", "subject_id": ESCALATING,
                             "role": "suspect", "named_on": ""} for k in range(1, 6)],
                          {"offence_id": "O-WEAK", "subject_id": WEAK, "role": "suspect",
                           "named_on": ""}],
        intelligence=INTEL + ([row for row, _ in BAD_INTEL] if bad else []),
    )


def load(db: Database, path: Path, bad: bool = False) -> dict:
    """Ingest the scenario; return the run's summary."""
    return run_ingest(folder(path, bad), db=db, quarantine_dir=path / "q", progress=False)
