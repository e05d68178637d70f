"""Small named scenarios for the link types, written as canonical export folders.

"Three subjects sharing one victim" and "two subjects sharing a phone" are both in
:func:`tests.scenarios.three_subjects_sharing_one_victim`; the ones here add the rest.
"""

from __future__ import annotations

from pathlib import Path

from tests.scenarios import write_folder


def _subject(sid: str, forename: str, surname: str) -> dict:
    return {"subject_id": sid, "forename": forename, "surname": surname, "aliases": "",
            "dob": "1985-01-01", "gender": "M", "pnc_id": ""}


def _offence(oid: str, ho_code: str, day: str, location: str = "", **extra: str) -> dict:
    return {"offence_id": oid, "ho_code": ho_code, "offence_type": "", "committed_from": day,
            "committed_to": "", "reported_on": day, "location_id": location,
            "outcome_code": "", "domestic": "false", "mo_notes": "", **extra}


def _place(lid: str, name: str, lat: str, lon: str, venue_type: str) -> dict:
    return {"location_id": lid, "name": name, "address": name, "postcode": "ZZ1 1ZZ",
            "lat": lat, "lon": lon, "venue_type": venue_type}


def _named(oid: str, sid: str, role: str = "suspect") -> dict:
    return {"offence_id": oid, "subject_id": sid, "role": role, "named_on": ""}


def co_offenders_on_one_rape(folder: Path) -> Path:
    """S1 (suspect) and S2 (offender) named on one rape, O1, at a bar; S3 is named on it too
    but with role ``other`` (not a party to it). S1 also has an assault of his own, O2."""
    return write_folder(
        folder,
        subjects=[_subject("S1", "Alan", "Fakeham"), _subject("S2", "Barry", "Mockley"),
                  _subject("S3", "Carl", "Stubbs")],
        locations=[_place("L1", "The Imaginary Bar", "51.5001", "-0.1002",
                          "night_time_economy")],
        offences=[_offence("O1", "19C", "2025-02-01", "L1", committed_time="23:30"),
                  _offence("O2", "105A", "2025-03-01", "L1", committed_time="01:10")],
        offence_subjects=[_named("O1", "S1"), _named("O1", "S2", "offender"),
                          _named("O1", "S3", "other"), _named("O2", "S1")],
        victims=[{"victim_id": "V1", "forename": "Vic", "surname": "Tim", "dob": "2000-01-01",
                  "gender": "F"}],
        offence_victims=[{"offence_id": "O1", "victim_id": "V1"}],
    )


def same_bar_400_days_apart(folder: Path) -> Path:
    """Three subjects, each named on one offence at the same bar: S1 on 2023-01-01, S3 59
    days later (2023-03-01), S2 400 days after S1 (2024-02-05, 341 days after S3)."""
    return write_folder(
        folder,
        subjects=[_subject("S1", "Dan", "Placeholder"), _subject("S2", "Eric", "Dummy"),
                  _subject("S3", "Fred", "Sampleton")],
        locations=[_place("BAR", "The Pretend Tavern", "51.5100", "-0.1200",
                          "night_time_economy")],
        offences=[_offence("O1", "20A", "2023-01-01", "BAR"),
                  _offence("O2", "20A", "2024-02-05", "BAR"),
                  _offence("O3", "20A", "2023-03-01", "BAR")],
        offence_subjects=[_named("O1", "S1"), _named("O2", "S2"), _named("O3", "S3")],
    )


def chain_of_links(folder: Path) -> Path:
    """A chain S1 -co-offending- S2 -shared phone- S3 -knows- S4, and S5 linked to nobody.

    O1 is a rape by S1 and S2 together; S2 and S3 record the same phone in different
    spellings; S3 and S4 are recorded as knowing each other; S5 offends alone elsewhere.
    """
    return write_folder(
        folder,
        subjects=[_subject(f"S{i}", name, "Chainman") for i, name in
                  enumerate(["Gary", "Harry", "Ian", "Jack", "Ken"], start=1)],
        locations=[_place("L1", "Fictional Park", "51.5200", "-0.1300", "public_space"),
                   _place("L2", "Nowhere Street", "51.6000", "-0.2000", "residential")],
        offences=[_offence("O1", "19C", "2025-01-10", "L1"),
                  _offence("O2", "8Q", "2025-01-12", "L2")],
        offence_subjects=[_named("O1", "S1"), _named("O1", "S2"), _named("O2", "S5")],
        identifiers=[{"subject_id": "S2", "kind": "phone", "value": "07700 900001"},
                     {"subject_id": "S3", "kind": "phone", "value": "07700-900-001"}],
        associations=[{"subject_id": "S3", "other_subject_id": "S4", "kind": "knows"}],
    )
