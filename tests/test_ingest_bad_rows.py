"""A messy force export: every row is loaded or quarantined with its row number and reason."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ingest.pipeline import IngestError, run_ingest
from tests.scenarios import write_folder

GOOD_SUBJECT = {"subject_id": "S1", "forename": "Adam", "surname": "Testerton", "dob": "1980-01-02"}
GOOD_OFFENCE = {
    "offence_id": "O1",
    "ho_code": "19C",
    "committed_from": "2025-01-01",
    "reported_on": "2025-01-02",
    "location_id": "L1",
    "domestic": "false",
}

# (file, row, reason fragment): row 2 is each file's first record (the header is row 1).
EXPECTED = [
    ("subjects.csv", 3, "missing subject_id"),
    ("subjects.csv", 4, "not a date"),  # dob 1985-13-01
    ("subjects.csv", 5, "in the future"),  # dob 2999-01-01
    ("subjects.csv", 6, "duplicate Subject id 'S1' with different values"),
    ("subjects.csv", 7, "has 9 fields, the header has 7"),
    ("locations.csv", 3, "outside the range"),  # lat 123
    ("locations.csv", 4, "not a number"),  # lon 'west'
    ("locations.csv", 5, "not one of"),  # venue_type 'castle'
    ("offences.csv", 3, "missing reported_on"),
    ("offences.csv", 4, "reported_on is before committed_from"),
    ("offences.csv", 5, "committed_to is before committed_from"),
    ("offences.csv", 6, "unknown location 'L404'"),
    ("offences.csv", 7, "not a whole number"),  # outcome 2.5
    ("offences.csv", 8, "outside the range"),  # outcome 99
    ("offences.csv", 9, "not true or false"),  # domestic 'sometimes'
    ("offences.csv", 10, "missing offence_id"),
    ("offence_subjects.csv", 3, "not one of suspect, offender, other"),
    ("offence_subjects.csv", 4, "unknown subject 'S404'"),
    ("offence_subjects.csv", 5, "unknown offence 'O404'"),
    ("offence_subjects.csv", 6, "unknown offence 'O3'"),  # O3 itself was quarantined
    ("offence_subjects.csv", 7, "missing role"),
    ("offence_victims.csv", 3, "unknown victim 'V404'"),
    ("custody.csv", 3, "end_date is before start_date"),
    ("custody.csv", 4, "unknown subject 'S404'"),
    ("identifiers.csv", 3, "not one of phone, vehicle, email"),
    ("identifiers.csv", 4, "missing value"),
    ("identifiers.csv", 5, "not a usable identifier value"),  # a phone number with no digits
    ("associations.csv", 2, "a subject cannot be associated with itself"),
    ("victims.csv", 3, "not a date"),
]


def messy_export(folder: Path) -> Path:
    """One good row per file, then one bad row per kind of problem."""
    write_folder(
        folder,
        subjects=[
            GOOD_SUBJECT,
            {**GOOD_SUBJECT, "subject_id": ""},
            {**GOOD_SUBJECT, "subject_id": "S2", "dob": "1985-13-01"},
            {**GOOD_SUBJECT, "subject_id": "S3", "dob": "2999-01-01"},
            {**GOOD_SUBJECT, "surname": "Different"},
        ],
        locations=[
            {"location_id": "L1", "name": "Fictional Arms", "lat": "51.5", "lon": "-0.1"},
            {"location_id": "L2", "lat": "123", "lon": "0"},
            {"location_id": "L3", "lat": "51.5", "lon": "west"},
            {"location_id": "L4", "venue_type": "castle"},
        ],
        offences=[
            GOOD_OFFENCE,
            {**GOOD_OFFENCE, "offence_id": "O2", "reported_on": ""},
            {**GOOD_OFFENCE, "offence_id": "O3", "reported_on": "2024-12-01"},
            {**GOOD_OFFENCE, "offence_id": "O4", "committed_to": "2024-12-01"},
            {**GOOD_OFFENCE, "offence_id": "O5", "location_id": "L404"},
            {**GOOD_OFFENCE, "offence_id": "O6", "outcome_code": "2.5"},
            {**GOOD_OFFENCE, "offence_id": "O7", "outcome_code": "99"},
            {**GOOD_OFFENCE, "offence_id": "O8", "domestic": "sometimes"},
            {**GOOD_OFFENCE, "offence_id": ""},
        ],
        offence_subjects=[
            {"offence_id": "O1", "subject_id": "S1", "role": "suspect"},
            {"offence_id": "O1", "subject_id": "S1", "role": "boss"},
            {"offence_id": "O1", "subject_id": "S404", "role": "suspect"},
            {"offence_id": "O404", "subject_id": "S1", "role": "suspect"},
            {"offence_id": "O3", "subject_id": "S1", "role": "suspect"},
            {"offence_id": "O1", "subject_id": "S1", "role": ""},
        ],
        victims=[
            {"victim_id": "V1", "forename": "Vera", "dob": "2001-02-03"},
            {"victim_id": "V2", "forename": "Val", "dob": "03/02/2001"},
        ],
        offence_victims=[
            {"offence_id": "O1", "victim_id": "V1"},
            {"offence_id": "O1", "victim_id": "V404"},
        ],
        custody=[
            {"subject_id": "S1", "start_date": "2020-01-01", "end_date": "2020-06-01"},
            {"subject_id": "S1", "start_date": "2021-01-01", "end_date": "2020-06-01"},
            {"subject_id": "S404", "start_date": "2021-01-01", "end_date": ""},
        ],
        identifiers=[
            {"subject_id": "S1", "kind": "phone", "value": "07700 900123"},
            {"subject_id": "S1", "kind": "pager", "value": "123"},
            {"subject_id": "S1", "kind": "email", "value": ""},
            {"subject_id": "S1", "kind": "phone", "value": "call me"},
        ],
        associations=[{"subject_id": "S1", "other_subject_id": "S1", "kind": "associate"}],
    )
    # A line with more fields than the header: csv writers cannot make one, so append it.
    with (folder / "subjects.csv").open("a", encoding="utf-8") as handle:
        handle.write("S9,Too,Many,,1980-01-01,M,,x,y\n")
    return folder


def _quarantine(path: str) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.neo4j
def test_a_messy_export_is_fully_accounted_for(db, tmp_path):
    summary = run_ingest(messy_export(tmp_path / "export"), db=db, quarantine_dir=tmp_path / "q")

    for name, f in summary["files"].items():
        assert f["loaded"] + f["quarantined"] == f["rows_read"], name
    lines = _quarantine(summary["quarantine_file"])
    found = {(q["file"], int(q["row"])): q for q in lines}
    for file, row, reason in EXPECTED:
        assert (file, row) in found, f"{file} row {row} ({reason}) not quarantined"
        assert reason in found[(file, row)]["reason"], (file, row, found[(file, row)]["reason"])
    # Nothing else was quarantined, and the good rows (row 2 of each file) all loaded.
    assert {(q["file"], int(q["row"])) for q in lines} == {(f, r) for f, r, _ in EXPECTED}
    assert summary["totals"]["quarantined"] == len(EXPECTED)
    assert len({reason for _, _, reason in EXPECTED}) >= 20
    # The raw record travels with the reason, so the row can be fixed and sent again.
    assert json.loads(found[("subjects.csv", 4)]["record"])["dob"] == "1985-13-01"
    assert found[("subjects.csv", 4)]["column"] == "dob"
    counts = db.read_text("t", "MATCH (s:Subject) RETURN count(s) AS s")[0]
    assert counts["s"] == 1


def test_a_dry_run_accounts_for_every_row_without_a_database(tmp_path):
    summary = run_ingest(messy_export(tmp_path / "export"), dry_run=True)
    assert summary["quarantine_file"] is None and summary["run"] is None
    assert summary["totals"]["quarantined"] == len(EXPECTED)
    assert summary["totals"]["loaded"] + len(EXPECTED) == summary["totals"]["rows_read"]


def test_a_file_without_its_key_column_is_a_clear_fatal_error(tmp_path):
    folder = write_folder(tmp_path / "export", subjects=[GOOD_SUBJECT])
    text = (folder / "subjects.csv").read_text().replace("subject_id", "person_ref")
    (folder / "subjects.csv").write_text(text)
    with pytest.raises(IngestError, match="subjects.csv: no column subject_id"):
        run_ingest(folder, dry_run=True)


def test_a_folder_with_nothing_to_read_says_what_was_looked_for(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(IngestError, match="no files for mapping 'canonical'"):
        run_ingest(tmp_path / "empty", dry_run=True)


def test_a_file_that_is_not_utf8_is_a_clear_fatal_error(tmp_path):
    folder = write_folder(tmp_path / "export", subjects=[GOOD_SUBJECT])
    (folder / "subjects.csv").write_bytes("subject_id,surname\nS1,M\xfcller\n".encode("latin-1"))
    with pytest.raises(IngestError, match="not UTF-8"):
        run_ingest(folder, dry_run=True)


def test_excel_and_json_lines_exports_read_like_csv(tmp_path):
    import pandas as pd

    folder = tmp_path / "mixed"
    folder.mkdir()
    pd.DataFrame([GOOD_SUBJECT, {**GOOD_SUBJECT, "subject_id": "S2", "dob": "bad"}]).to_excel(
        folder / "subjects.xlsx", index=False
    )
    (folder / "locations.jsonl").write_text(
        '{"location_id": "L1", "name": "Fictional Arms", "lat": 51.5, "lon": -0.1}\n{not json}\n',
        encoding="utf-8",
    )
    summary = run_ingest(folder, dry_run=True)
    assert summary["files"]["subjects.xlsx"]["loaded"] == 1
    assert summary["files"]["subjects.xlsx"]["quarantined"] == 1
    assert summary["files"]["locations.jsonl"] == {
        **summary["files"]["locations.jsonl"],
        "rows_read": 2,
        "loaded": 1,
        "quarantined": 1,
    }
