"""Named scenarios for the paths page and the search box, written as canonical export folders.

- :func:`victim_then_place`: "A shares a victim with B, B offends at the same place as C"
  (the shape seen on the demo force, S000136 -shared victim- S000590 -same place- S000006).
- :func:`phones_plates_refs_and_victims`: subjects sharing a phone and a car recorded in
  different spellings, crime references with punctuation, and named victims.
"""

from __future__ import annotations

from pathlib import Path

from tests.link_scenarios import _named, _offence, _place, _subject
from tests.scenarios import write_folder

#: The phone and the plate of :func:`phones_plates_refs_and_victims`, as first recorded.
PHONE = "07700 979579"
PLATE = "ZZ68 ETZ"
#: A crime reference with its punctuation, and the victim who is named in the search tests.
CRIME_REF = "42/12345/25"
VICTIM_NAME = ("Rosalind", "Quennell-Marsh")


def victim_then_place(folder: Path) -> Path:
    """A (S1) and B (S2) each harmed the same victim V1 (O1, O2); B's offence O2 was at a
    bar, where C (S3) offended ten days later (O3). D (S4) is linked to nobody.

    A to C is two typed hops (shared victim, then same place) although in the raw graph the
    shortest chain runs A-O1-V1-O2-BAR-O3-C without passing through B at all, and the typed
    chain through B uses B's NAMED_IN relationship to O2 twice.
    """
    return write_folder(
        folder,
        subjects=[_subject("S1", "Anton", "Pathway"), _subject("S2", "Bruno", "Pathway"),
                  _subject("S3", "Cyril", "Pathway"), _subject("S4", "Dmitri", "Loneman")],
        locations=[_place("BAR", "The Invented Lounge", "51.5300", "-0.1400",
                          "night_time_economy"),
                   _place("PARK", "Madeup Park", "51.5400", "-0.1500", "public_space"),
                   _place("ELSE", "Elsewhere Yard", "51.6000", "-0.2000", "public_space")],
        offences=[_offence("O1", "20A", "2025-01-05", "PARK"),
                  _offence("O2", "19C", "2025-02-01", "BAR"),
                  _offence("O3", "105A", "2025-02-11", "BAR"),
                  _offence("O4", "8Q", "2025-03-01", "ELSE")],
        offence_subjects=[_named("O1", "S1"), _named("O2", "S2"), _named("O3", "S3"),
                          _named("O4", "S4")],
        victims=[{"victim_id": "V1", "forename": "Vera", "surname": "Hidden",
                  "dob": "1999-01-01", "gender": "F"}],
        offence_victims=[{"offence_id": "O1", "victim_id": "V1"},
                         {"offence_id": "O2", "victim_id": "V1"}],
    )


def phones_plates_refs_and_victims(folder: Path) -> Path:
    """S1 and S2 share a phone (``07700 979579`` and ``07700-979-579``) and S2 a car
    (``zz68etz``); offence ``42/12345/25`` names S1 and harms Rosalind Quennell-Marsh (V1);
    S3 is named on ``42/99999/25`` alone."""
    return write_folder(
        folder,
        subjects=[_subject("S1", "Edgar", "Dialler"), _subject("S2", "Frank", "Driver"),
                  _subject("S3", "Giles", "Other")],
        locations=[_place("L1", "The Searchable Arms", "51.5000", "-0.1000",
                          "night_time_economy")],
        offences=[_offence(CRIME_REF, "19C", "2025-04-01", "L1"),
                  _offence("42/99999/25", "20A", "2025-05-01", "L1")],
        offence_subjects=[_named(CRIME_REF, "S1"), _named("42/99999/25", "S3")],
        victims=[{"victim_id": "V1", "forename": VICTIM_NAME[0], "surname": VICTIM_NAME[1],
                  "dob": "1996-06-06", "gender": "F"}],
        offence_victims=[{"offence_id": CRIME_REF, "victim_id": "V1"}],
        identifiers=[{"subject_id": "S1", "kind": "phone", "value": PHONE},
                     {"subject_id": "S2", "kind": "phone", "value": "07700-979-579"},
                     {"subject_id": "S2", "kind": "vehicle", "value": "zz68etz"}],
    )
