"""A named scenario for disclosure tests: "a Tier 1 subject whose victims, homes and notes are
sentinels".

Every value that some role may not receive is distinctive text that appears nowhere else, so
a test can look for it in any page, JSON answer or CSV export. Subjects' names are not
sentinels for the case roles (every case role sees subjects); non-residential places are
not sentinels (a bar is a place, not a person) and must stay visible.

- ``S-SENT-1`` Oswin Treadgold: suspect in seven sexual offences (one a rape, 19C), all
  reported within the last year, not in custody: a Tier 1 candidate on today's trawl.
- Three victims, each harmed twice at ``L-SENT-HOME`` (17 Xylophone Crescent, ZZ9 8QX), a
  residential address that therefore ranks as a repeat location with three repeat victims;
  the first harmed is V-SENT-3, then V-SENT-1 (Zebulonia Quarrington-Vexley), then V-SENT-2.
- He LIVES_AT ``L-SENT-LIVES`` (42 Quillfeather Mews, ZZ7 3JW), another home.
- One offence at ``L-SENT-BAR`` (The Gilded Pangolin, a night-time-economy venue), where
  ``S-SENT-2`` Percival Hollowmere is named too; an intelligence report places S-SENT-1 there.
- Every offence's MO notes carry "SENTINEL-MO-Wrenfield"; the intelligence summary is
  "SENTINEL-INTEL-Pemberton"; public location reports at the bar and the home say
  "SENTINEL-PUBLIC-Ashgrove", and the problem profile ``prb-sentinel`` covers both places.
- The TCG's last recorded trawl, four weeks ago, found nobody: S-SENT-1 is new since.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from graph import problems
from graph.db import Database
from graph.tiers import trawl
from ingest.pipeline import run_ingest
from tests.scenarios import write_folder

TODAY = dt.date.today()

SUBJECT = "S-SENT-1"
SUBJECT_NAME = "Oswin Treadgold"
CO_OFFENDER = "S-SENT-2"
CO_OFFENDER_NAME = "Percival Hollowmere"
VICTIM = "V-SENT-1"
VICTIM_FORENAME, VICTIM_SURNAME = "Zebulonia", "Quarrington-Vexley"
HOME = "L-SENT-HOME"  # where the offences happened: probably a victim's home
LIVES = "L-SENT-LIVES"  # where the subject lives
BAR = "L-SENT-BAR"
BAR_NAME, BAR_POSTCODE = "The Gilded Pangolin", "ZZ5 2PL"
HOME_DISTRICT = "ZZ9"
MO_NOTES = "SENTINEL-MO-Wrenfield"
INTEL_SUMMARY = "SENTINEL-INTEL-Pemberton"
#: What a member of the public wrote in a location report, and the problem profile that
#: covers the home and the bar (it shows that text, the victims and the home).
PUBLIC_WORDS = "SENTINEL-PUBLIC-Ashgrove"
PROBLEM = "prb-sentinel"

# (victim id, forename, surname, date of birth)
VICTIMS = (
    (VICTIM, VICTIM_FORENAME, VICTIM_SURNAME, "1991-02-13"),
    ("V-SENT-2", "Marigoldine", "Fennimore-Quill", "1987-07-29"),
    ("V-SENT-3", "Ottoline", "Brackenbury-Sallow", "1994-11-05"),
)
# (location id, address, postcode, lat, lon)
HOMES = (
    (HOME, "17 Xylophone Crescent", "ZZ9 8QX", "51.123457", "-0.654321"),
    (LIVES, "42 Quillfeather Mews", "ZZ7 3JW", "52.987651", "-1.246813"),
)
# (offence id, Home Office code, days before today it was committed, location, victim)
# The victims' ids are deliberately not in the order they were first harmed (V-SENT-3, then
# V-SENT-1, then V-SENT-2), so "Victim A" by first offence and by id are different women.
OFFENCES = (
    ("O-SENT-1", "20A", 300, HOME, "V-SENT-3"),
    ("O-SENT-2", "19C", 260, HOME, VICTIM),
    ("O-SENT-3", "20A", 220, HOME, "V-SENT-2"),
    ("O-SENT-4", "22A", 180, HOME, "V-SENT-3"),
    ("O-SENT-5", "20A", 140, HOME, VICTIM),
    ("O-SENT-6", "20A", 100, HOME, "V-SENT-2"),
    ("O-SENT-7", "20A", 60, BAR, "V-SENT-2"),
)


def _dmy(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def _street_forms(address: str) -> list[str]:
    # The street as text, and as it would sit in a link (a search URL, say).
    street = address.split(" ", 1)[1]
    return [address, street, street.replace(" ", "+"), street.replace(" ", "%20")]


def _coordinate_forms(value: str) -> list[str]:
    # As stored (6 places) and as a page rounds it (5 places, '%.5f').
    return [value, f"{float(value):.5f}"]


#: What a role without victim identity may not receive: (what it is, the text).
VICTIM_SENTINELS: list[tuple[str, str]] = [
    item
    for vid, forename, surname, dob in VICTIMS
    for item in (
        (f"victim {vid}'s forename", forename),
        (f"victim {vid}'s surname", surname),
        (f"victim {vid}'s date of birth", dob),
        (f"victim {vid}'s date of birth", _dmy(dob)),
        (f"victim {vid}'s id", vid),
    )
]

#: Residential addresses: street, full postcode, coordinates (never the district).
RESIDENTIAL_SENTINELS: list[tuple[str, str]] = [
    item
    for lid, address, postcode, lat, lon in HOMES
    for item in (
        *[(f"street of home {lid}", s) for s in _street_forms(address)],
        (f"full postcode of home {lid}", postcode),
        (f"full postcode of home {lid}", postcode.replace(" ", "")),
        *[(f"latitude of home {lid}", c) for c in _coordinate_forms(lat)],
        *[(f"longitude of home {lid}", c) for c in _coordinate_forms(lon)],
    )
]

#: Free text that may name a victim.
FREE_TEXT_SENTINELS: list[tuple[str, str]] = [
    ("offences' MO notes", MO_NOTES),
    ("offences' MO notes", "Wrenfield"),
    ("intelligence summary", INTEL_SUMMARY),
    ("intelligence summary", "Pemberton"),
    ("a public location report's words", PUBLIC_WORDS),
    ("a public location report's words", "Ashgrove"),
]

#: Who the subjects are: every case role sees them; an administrator does not.
SUBJECT_SENTINELS: list[tuple[str, str]] = [
    (f"subject {SUBJECT}'s name", SUBJECT_NAME.split()[1]),
    (f"subject {CO_OFFENDER}'s name", CO_OFFENDER_NAME.split()[1]),
]


def sentinel_folder(folder: Path) -> Path:
    """Write the scenario as a canonical export folder (LIVES_AT is added after ingest)."""
    reported = {oid: (TODAY - dt.timedelta(days=days - 2)).isoformat()
                for oid, _, days, _, _ in OFFENCES}
    return write_folder(
        folder,
        subjects=[
            {"subject_id": SUBJECT, "forename": "Oswin", "surname": "Treadgold", "aliases": "",
             "dob": "1979-04-21", "gender": "M", "pnc_id": "79/99S"},
            {"subject_id": CO_OFFENDER, "forename": "Percival", "surname": "Hollowmere",
             "aliases": "", "dob": "1982-08-30", "gender": "M", "pnc_id": ""},
        ],
        victims=[{"victim_id": vid, "forename": forename, "surname": surname, "dob": dob,
                  "gender": "F"} for vid, forename, surname, dob in VICTIMS],
        locations=[
            *[{"location_id": lid, "name": address, "address": address, "postcode": postcode,
               "lat": lat, "lon": lon, "venue_type": "residential"}
              for lid, address, postcode, lat, lon in HOMES],
            {"location_id": BAR, "name": BAR_NAME, "address": "3 Marlpit Row",
             "postcode": BAR_POSTCODE, "lat": "51.500123", "lon": "-0.100456",
             "venue_type": "night_time_economy"},
        ],
        offences=[
            {"offence_id": oid, "ho_code": code, "offence_type": "",
             "committed_from": (TODAY - dt.timedelta(days=days)).isoformat(),
             "committed_to": "", "reported_on": reported[oid], "location_id": location,
             "outcome_code": "", "domestic": "false", "committed_time": "23:15",
             "mo_notes": f"{MO_NOTES}: waited for her at the door, then followed her in"}
            for oid, code, days, location, _ in OFFENCES
        ],
        offence_subjects=[
            *[{"offence_id": oid, "subject_id": SUBJECT, "role": "suspect", "named_on": ""}
              for oid, *_ in OFFENCES],
            {"offence_id": "O-SENT-7", "subject_id": CO_OFFENDER, "role": "suspect",
             "named_on": ""},
        ],
        offence_victims=[{"offence_id": oid, "victim_id": victim}
                         for oid, _, _, _, victim in OFFENCES],
        intelligence=[
            {"intel_id": "INT-SENT-1", "subject_id": SUBJECT, "location_id": BAR,
             "reported_on": (TODAY - dt.timedelta(days=30)).isoformat(), "grading": "B2",
             "behaviour": "loitering", "summary": f"{INTEL_SUMMARY}: watched lone women leave"},
        ],
        location_reports=[
            {"report_id": rid, "reported_on": (TODAY - dt.timedelta(days=20)).isoformat(),
             "lat": lat, "lon": lon, "factors": "following",
             "free_text": f"{PUBLIC_WORDS}: a man waited by the door"}
            for rid, lat, lon in (("PR-SENT-BAR", "51.500150", "-0.100456"),
                                  ("PR-SENT-HOME", "51.123480", "-0.654321"))
        ],
    )


def load_sentinel_scenario(db: Database, folder: Path) -> dict:
    """Ingest the scenario into ``db`` and tie the subject to his home; return the summary."""
    summary = run_ingest(sentinel_folder(folder), db=db, quarantine_dir=folder / "q",
                         progress=False)
    assert summary["totals"]["quarantined"] == 0, summary
    db.write_text("tests/sentinel_lives_at",
                  "MATCH (s:Subject {id: $subject}), (h:Location {id: $home}) "
                  "MERGE (s)-[:LIVES_AT]->(h)", subject=SUBJECT, home=LIVES)
    trawl.record(db, [], TODAY - dt.timedelta(days=28), by="tcg")
    problems.create(db, {"title": "Offences at the home and the bar",
                         "location_ids": [HOME, BAR],
                         "objective": {"text": "Fewer offences", "metric": "offences",
                                       "change_pct": -30, "months": 6}},
                    by="analyst", problem_id=PROBLEM)
    problems.add_response(db, PROBLEM, {"description": "Patrols", "owner": "PC Example",
                                        "opened_on": (TODAY - dt.timedelta(days=60))
                                        .isoformat()}, by="analyst")
    return summary
