"""Person resolution's named scenario: one man under two subject records.

S-JOHN (John Smithers, born 1990-03-04, PNC id) and S-JON (Jon Smithhers, born
1990-04-03: day and month transposed, no PNC id) share a phone. Each record is named as
suspect on 3 sexual offences including a rape, one reported recently: neither meets a tier
alone; as one person they hold 6, Tier 1. Eight other subjects with names or dates alike,
and 240 drawn at random (a fixed seed), none of them the same person, give Splink its
background: the chance that two different people agree on each comparison.
"""

from __future__ import annotations

import random
from pathlib import Path

from tests.scenarios import write_folder

AS_OF_TEXT = "2026-06-30"
A, B = "S-JOHN", "S-JON"

_OTHERS = [
    ("S-O1", "John", "Smith", "1971-05-06", "70/1B"),
    ("S-O2", "Jonathan", "Smithers", "1999-11-12", "99/2C"),
    ("S-O3", "Mark", "Testerton", "1985-01-01", "85/3D"),
    ("S-O4", "Paul", "Sampleford", "1979-07-07", ""),
    ("S-O5", "Ryan", "Mockley", "1990-03-04", "90/5F"),
    ("S-O6", "Lee", "Decoyby", "2001-02-02", "01/6G"),
    ("S-O7", "Dean", "Fauxwood", "1988-08-18", "88/7H"),
    ("S-O8", "Kyle", "Proxyham", "1993-09-30", ""),
]


_FORENAMES = ("Adam Brian Carl Daniel Edward Frank Gary Harry Ian Jack Kevin Liam Martin Neil "
              "Oscar Peter Quentin Robert Simon Thomas Victor William").split()
_SURNAMES = ("Testerton Sampleford Mockley Decoyby Fauxwood Proxyham Widgetley Gadgetson "
             "Foobarfield Loremhurst Tokenbridge Phantomdale Ersatzmore Exampleworth").split()


def _background(n: int = 240, seed: int = 7) -> list[tuple[str, str, str, str, str]]:
    r = random.Random(seed)
    people = []
    for i in range(n):
        dob = f"{r.randint(1960, 2005)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        pnc = f"{dob[2:4]}/{i:05d}X" if r.random() < 0.8 else ""
        people.append((f"S-B{i:03d}", r.choice(_FORENAMES), r.choice(_SURNAMES), dob, pnc))
    return people


def one_man_two_records(folder: Path) -> Path:
    """Write the scenario as a canonical export folder."""
    subjects = [
        {"subject_id": A, "forename": "John", "surname": "Smithers", "aliases": "",
         "dob": "1990-03-04", "gender": "male", "pnc_id": "90/1234A"},
        {"subject_id": B, "forename": "Jon", "surname": "Smithhers", "aliases": "",
         "dob": "1990-04-03", "gender": "male", "pnc_id": ""},
    ] + [
        {"subject_id": sid, "forename": f, "surname": s, "aliases": "", "dob": d,
         "gender": "male", "pnc_id": pnc}
        for sid, f, s, d, pnc in _OTHERS + _background()
    ]
    offences, links = [], []
    plan = {A: [("19C", "2026-02-01"), ("20A", "2019-04-01"), ("20A", "2018-05-01")],
            B: [("19D", "2017-03-01"), ("20A", "2016-06-01"), ("20A", "2015-07-01")]}
    for sid, rows in plan.items():
        for i, (code, reported) in enumerate(rows):
            oid = f"O-{sid}-{i}"
            offences.append({"offence_id": oid, "ho_code": code, "offence_type": "",
                             "committed_from": reported, "committed_to": "",
                             "reported_on": reported, "location_id": "", "outcome_code": "",
                             "domestic": "", "mo_notes": ""})
            links.append({"offence_id": oid, "subject_id": sid, "role": "suspect",
                          "named_on": ""})
    for sid, *_ in _OTHERS:
        oid = f"O-{sid}"
        offences.append({"offence_id": oid, "ho_code": "8N", "offence_type": "",
                         "committed_from": "2020-01-01", "committed_to": "",
                         "reported_on": "2020-01-02", "location_id": "", "outcome_code": "",
                         "domestic": "", "mo_notes": ""})
        links.append({"offence_id": oid, "subject_id": sid, "role": "suspect",
                      "named_on": ""})
    identifiers = [
        {"subject_id": A, "kind": "phone", "value": "07700 900123"},
        {"subject_id": B, "kind": "phone", "value": "07700 900123"},
        {"subject_id": "S-O1", "kind": "phone", "value": "07700 900999"},
    ]
    return write_folder(folder, subjects=subjects, offences=offences,
                        offence_subjects=links, identifiers=identifiers)
