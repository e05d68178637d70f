"""A small scenario for OSARA problem profiles, counted by hand.

The Lantern Bar (L-BAR) has its first response on 2025-03-01; the objective's 6 months make
the after window 2025-03-01 to 2025-08-31 (184 days) and the before window the 184 days
2024-08-29 to 2025-02-28. By hand:

| what | bar before | bar after | surrounding before | surrounding after |
|---|---|---|---|---|
| offences | 10 | 4 | 20 | 18 |
| sexual offences | 6 | 2 | 10 | 9 |
| intelligence | 2 | 1 | 0 | 0 |
| public reports | 3 | 1 | 2 | 4 |

One offence at the bar falls a day before the before window and one a day after the after
window (neither counts); the surrounding area is the Old Swan (500 m north) and a shop
(900 m east); Far Field (5 km away, 30 offences after) is not in it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from graph.location_reports.cluster import M_PER_DEG
from tests.scenarios import write_folder

LAT, LON = 53.8, -1.9
START, AS_OF = "2025-03-01", "2025-11-30"
SUBJECT, SUBJECT_NAME = "S-PRB-1", "Roderick Vane"
VICTIM, VICTIM_FORENAME, VICTIM_SURNAME = "V-PRB-1", "Hazel", "Quinton"
PUBLIC_WORDS = "Felt followed by a man in a grey coat near the bins"


def _north(metres: float) -> str:
    return f"{LAT + metres / M_PER_DEG:.6f}"


def _east(metres: float) -> str:
    return f"{LON + metres / (M_PER_DEG * 0.5906):.6f}"  # cos(53.8 degrees)


def _days(start: str, step: int, n: int) -> list[str]:
    first = dt.date.fromisoformat(start)
    return [(first + dt.timedelta(days=step * i)).isoformat() for i in range(n)]


def problem_folder(folder: Path) -> Path:
    """The scenario as a canonical export."""
    places = [("L-BAR", "The Lantern Bar", f"{LAT:.6f}", f"{LON:.6f}", "night_time_economy"),
              ("L-SWAN", "The Old Swan", _north(500), f"{LON:.6f}", "night_time_economy"),
              ("L-SHOP", "Corner Shop", f"{LAT:.6f}", _east(900), "retail"),
              ("L-FAR", "Far Field", _north(5000), f"{LON:.6f}", "public_space")]
    bar_before = ["2024-08-29", "2024-09-15", "2024-10-05", "2024-11-20", "2024-12-24",
                  "2025-01-10", "2025-02-01", "2025-02-14", "2025-02-20", "2025-02-28"]
    bar = ([(d, "20A" if i < 6 else "105A") for i, d in enumerate(bar_before)]
           + [("2025-03-01", "20A"), ("2025-04-10", "105A"), ("2025-06-06", "20A"),
              ("2025-08-31", "105A"), ("2024-08-28", "20A"), ("2025-09-01", "20A")])
    swan = ([(d, "20A" if i < 10 else "105A") for i, d in enumerate(_days("2024-09-01", 7, 20))]
            + [(d, "20A" if i < 9 else "105A") for i, d in enumerate(_days("2025-03-02", 7, 18))])
    far = [(d, "20A") for d in _days("2025-03-03", 5, 30)]
    offences = []
    for lid, rows in (("L-BAR", bar), ("L-SWAN", swan), ("L-FAR", far)):
        for i, (day, code) in enumerate(rows):
            offences.append({"offence_id": f"O-{lid}-{i}", "ho_code": code, "committed_from": day,
                             "reported_on": day, "location_id": lid, "domestic": "false",
                             "committed_time": "23:30", "mo_notes": ""})
    intel = [{"intel_id": f"INT-PRB-{i}", "subject_id": SUBJECT, "location_id": "L-BAR",
              "reported_on": d, "grading": "2BP", "behaviour": "loitering", "summary": ""}
             for i, d in enumerate(("2024-10-01", "2025-01-15", "2025-05-05"))]
    reports = [(f"PR-BAR-{i}", d, _north(20)) for i, d in
               enumerate(("2024-09-10", "2024-12-01", "2025-02-27", "2025-07-07"))]
    reports += [(f"PR-SWAN-{i}", d, _north(520)) for i, d in
                enumerate(("2024-10-10", "2024-11-11", "2025-03-03", "2025-04-04",
                           "2025-05-05", "2025-06-06"))]
    return write_folder(
        folder,
        locations=[{"location_id": lid, "name": name, "address": f"1 {name} Street",
                    "postcode": "ZZ1 1AA", "lat": lat, "lon": lon, "venue_type": venue}
                   for lid, name, lat, lon, venue in places],
        subjects=[{"subject_id": SUBJECT, "forename": "Roderick", "surname": "Vane",
                   "dob": "1980-01-01"}],
        victims=[{"victim_id": VICTIM, "forename": VICTIM_FORENAME, "surname": VICTIM_SURNAME,
                  "dob": "1999-09-09", "gender": "F"}],
        offences=offences,
        offence_subjects=[{"offence_id": f"O-L-BAR-{i}", "subject_id": SUBJECT, "role": "suspect"}
                          for i in (1, 4, 11)],
        offence_victims=[{"offence_id": f"O-L-BAR-{i}", "victim_id": VICTIM} for i in (2, 7)],
        intelligence=intel,
        location_reports=[{"report_id": rid, "reported_on": d, "lat": lat, "lon": f"{LON:.6f}",
                           "factors": "following;poor_lighting", "free_text": PUBLIC_WORDS}
                          for rid, d, lat in reports],
    )


def problem_body(**extra) -> dict:
    """The profile the tests create: the bar, its objective, seen on AS_OF."""
    return {"title": "Sexual offences at The Lantern Bar", "location_ids": ["L-BAR"],
            "objective": {"text": "Reduce sexual offences at the venue by 30% in 6 months",
                          "metric": "sexual_offences", "change_pct": -30, "months": 6},
            "manager": "Licensee: J. Example", "as_of": AS_OF, **extra}


RESPONSE = {"description": "Welfare officers at the door, Friday and Saturday 22:00-03:00",
            "owner": "PS Example", "agency": "Police", "opened_on": START,
            "due_on": "2025-08-31", "as_of": AS_OF}
