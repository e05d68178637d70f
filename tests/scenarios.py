"""Small named scenarios written as canonical export folders."""

from __future__ import annotations

import csv
from pathlib import Path

from ingest.canonical import COLUMNS


def write_folder(folder: Path, **tables: list[dict]) -> Path:
    """Write each table as ``<name>.csv`` with its canonical columns (plus any extra keys)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = list(COLUMNS[name])
        for row in rows:
            columns += [k for k in row if k not in columns]
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def three_subjects_sharing_one_victim(folder: Path) -> Path:
    """Three subjects, each named as suspect on their own offence against the same victim.

    One of them (S1) is named twice for the same offence (two rows); S3 has an alias and a
    phone shared with S2; the offences happen at two places, one a night-time venue.
    """
    return write_folder(
        folder,
        subjects=[
            {
                "subject_id": "S1",
                "forename": "Adam",
                "surname": "Testerton",
                "aliases": "",
                "dob": "1980-01-02",
                "gender": "M",
                "pnc_id": "80/1A",
            },
            {
                "subject_id": "S2",
                "forename": "Bernard",
                "surname": "Example",
                "aliases": "",
                "dob": "1975-05-06",
                "gender": "M",
                "pnc_id": "",
            },
            {
                "subject_id": "S3",
                "forename": "Colin",
                "surname": "Sample",
                "aliases": "Col;C. Sample",
                "dob": "1990-09-09",
                "gender": "M",
                "pnc_id": "",
            },
        ],
        locations=[
            {
                "location_id": "L1",
                "name": "The Fictional Arms",
                "address": "1 Example Lane",
                "postcode": "zz1 4ab",
                "lat": "51.500100",
                "lon": "-0.100200",
                "venue_type": "night_time_economy",
            },
            {
                "location_id": "L2",
                "name": "Fictionby Station",
                "address": "Station Road",
                "postcode": "ZZ2 1CD",
                "lat": "51.510000",
                "lon": "-0.110000",
                "venue_type": "transport_hub",
            },
        ],
        offences=[
            {
                "offence_id": "O1",
                "ho_code": "19C",
                "offence_type": "",
                "committed_from": "2025-03-01",
                "committed_to": "",
                "reported_on": "2025-03-02",
                "location_id": "L1",
                "outcome_code": "",
                "domestic": "false",
                "mo_notes": "approached outside venue",
            },
            {
                "offence_id": "O2",
                "ho_code": "20A",
                "offence_type": "",
                "committed_from": "2025-04-01",
                "committed_to": "2025-04-02",
                "reported_on": "2025-04-10",
                "location_id": "L2",
                "outcome_code": "16",
                "domestic": "false",
                "mo_notes": "",
            },
            {
                "offence_id": "O3",
                "ho_code": "8Q",
                "offence_type": "",
                "committed_from": "2025-05-01",
                "committed_to": "",
                "reported_on": "2025-05-01",
                "location_id": "",
                "outcome_code": "",
                "domestic": "true",
                "mo_notes": "",
            },
        ],
        offence_subjects=[
            {"offence_id": "O1", "subject_id": "S1", "role": "suspect", "named_on": "2025-03-05"},
            {"offence_id": "O1", "subject_id": "S1", "role": "suspect", "named_on": "2025-03-05"},
            {"offence_id": "O2", "subject_id": "S2", "role": "suspect", "named_on": ""},
            {"offence_id": "O3", "subject_id": "S3", "role": "offender", "named_on": ""},
        ],
        victims=[
            {
                "victim_id": "V1",
                "forename": "Vera",
                "surname": "Victimson",
                "dob": "1999-01-01",
                "gender": "F",
            },
        ],
        offence_victims=[
            {"offence_id": "O1", "victim_id": "V1"},
            {"offence_id": "O2", "victim_id": "V1"},
            {"offence_id": "O3", "victim_id": "V1"},
        ],
        identifiers=[
            {"subject_id": "S2", "kind": "phone", "value": "07700 900123"},
            {"subject_id": "S3", "kind": "phone", "value": "07700-900-123"},
        ],
        custody=[
            {
                "subject_id": "S2",
                "start_date": "2024-01-01",
                "end_date": "2024-06-30",
                "establishment": "HMP Fictionby",
            },
        ],
    )
