"""Exports as forces really send them: every record loaded or quarantined, never lost in silence.

Each test is one finding of issue 13: a field over the csv module's limit, an unclosed quote,
workbooks with formulas, date cells and second sheets, extra columns whose names clash or
shadow provenance, implausible dates, files named a little differently, JSON arrays.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ingest.mapping import MappingError, parse_mapping
from ingest.pipeline import IngestError, run_ingest
from tests.scenarios import write_folder

SUBJECT = {"subject_id": "S1", "forename": "Adam", "surname": "Testerton", "dob": "1980-01-02"}
OFFENCE = {"offence_id": "O1", "ho_code": "19C", "committed_from": "2025-01-01",
           "reported_on": "2025-01-02", "domestic": "false"}


def _quarantine(path: str) -> dict[tuple[str, int], dict]:
    csv.field_size_limit(2**31 - 1)
    with open(path, newline="", encoding="utf-8") as handle:
        return {(q["file"], int(q["row"])): q for q in csv.DictReader(handle)}


def _accounted(summary: dict) -> None:
    for name, f in summary["files"].items():
        assert f["loaded"] + f["quarantined"] == f["rows_read"], name


# --- fields over the limit ----------------------------------------------------------------


@pytest.mark.neo4j
def test_a_200000_character_field_quarantines_its_row_and_the_rest_load(db, tmp_path):
    folder = write_folder(tmp_path / "export", offences=[
        OFFENCE,
        {**OFFENCE, "offence_id": "O2", "mo_notes": "x" * 200_000},
        {**OFFENCE, "offence_id": "O3", "mo_notes": "short"},
    ])
    summary = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")

    assert summary["files"]["offences.csv"] | {} == {
        **summary["files"]["offences.csv"], "rows_read": 3, "loaded": 2, "quarantined": 1}
    found = _quarantine(summary["quarantine_file"])
    row = found[("offences.csv", 3)]
    assert row["column"] == "mo_notes"
    assert "field too long" in row["reason"] and "100,000" in row["reason"]
    assert json.loads(row["record"])["offence_id"] == "O2"  # the raw record travels with it
    ids = db.read_text("t", "MATCH (o:Offence) RETURN o.id AS id ORDER BY id")
    assert [r["id"] for r in ids] == ["O1", "O3"]


def test_the_field_limit_is_a_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("LINKWATCH_INGEST_FIELD_LIMIT", "50")
    folder = write_folder(tmp_path / "export", subjects=[
        SUBJECT, {**SUBJECT, "subject_id": "S2", "surname": "y" * 51}])
    summary = run_ingest(folder, dry_run=True)
    assert summary["totals"]["quarantined"] == 1
    assert summary["quarantine_reasons"] == {"field too long": 1}


# --- records that cannot be read as rows ----------------------------------------------------


def _unclosed_quote_export(folder: Path) -> Path:
    write_folder(folder, subjects=[SUBJECT])
    with (folder / "subjects.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write('S2,"Bob,Smith,1981-01-01,M,\n')  # the quote is never closed
        handle.write("S3,Carl,Jones,1982-01-01,M,\n")
        handle.write("S4,Dan,Brown,1983-01-01,M,\n")
    return folder


def test_an_unclosed_quote_loses_no_record_and_counts_every_line(tmp_path):
    summary = run_ingest(_unclosed_quote_export(tmp_path / "export"), dry_run=True)
    f = summary["files"]["subjects.csv"]
    # Four records were sent: S1 loads; the line with the open quote and the two it ran over
    # are each counted and quarantined (before: read 2, quarantined 1, S3 and S4 nowhere).
    assert (f["rows_read"], f["loaded"], f["quarantined"]) == (4, 1, 3)
    assert "rows_read = loaded + quarantined" in summary["counting"]


@pytest.mark.neo4j
def test_unreadable_records_keep_their_raw_text_in_the_quarantine(db, tmp_path):
    folder = _unclosed_quote_export(tmp_path / "export")
    with (folder / "subjects.csv").open("a", encoding="utf-8") as handle:
        handle.write('S5,"Eve"\n')  # closes the quote of row 3 ... and is wrong on its own
    (folder / "locations.jsonl").write_text(
        '{"location_id": "L1"}\n{not json}\n', encoding="utf-8")
    summary = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")
    _accounted(summary)
    found = _quarantine(summary["quarantine_file"])
    assert "not closed" in found[("subjects.csv", 3)]["reason"]
    assert json.loads(found[("subjects.csv", 3)]["record"])["raw"].startswith('S2,"Bob')
    assert found[("subjects.csv", 4)]["value"] == "S3,Carl,Jones,1982-01-01,M,"
    assert "quote left open on row 3" in found[("subjects.csv", 4)]["reason"]
    assert json.loads(found[("subjects.csv", 5)]["record"]) == {
        "raw": "S4,Dan,Brown,1983-01-01,M,\n"}
    assert found[("locations.jsonl", 2)]["value"] == "{not json}"
    assert json.loads(found[("locations.jsonl", 2)]["record"]) == {"raw": "{not json}\n"}


def test_a_row_with_too_many_fields_keeps_its_text(tmp_path):
    folder = write_folder(tmp_path / "export", subjects=[SUBJECT])
    with (folder / "subjects.csv").open("a", encoding="utf-8") as handle:
        handle.write("S9,Too,Many,,1980-01-01,M,,x,y\n")
    from ingest.read import read_table

    table = read_table(folder / "subjects.csv")
    assert [(u.row, u.raw) for u in table.unreadable] == [(3, "S9,Too,Many,,1980-01-01,M,,x,y\n")]


# --- workbooks ------------------------------------------------------------------------------


def _workbook(path: Path, rows: list[list], more: dict[str, list[list]] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for title, extra in (more or {}).items():
        other = book.create_sheet(title)
        for row in extra:
            other.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _cache_formula_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells a cached value, as Excel does when it saves (openpyxl does not)."""
    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in values.items():
        xml = re.sub(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>',
                     rf'<c r="{ref}"\1 t="str"><f>\2</f><v>{value}</v>', xml)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)


HEADER = ["subject_id", "forename", "surname", "dob"]


def test_excel_formulas_read_their_cached_values_or_quarantine_the_row(tmp_path):
    path = _workbook(tmp_path / "export" / "subjects.xlsx", [
        HEADER,
        ["S1", '="Ad"&"am"', "Testerton", "1980-01-02"],  # cached below, as Excel saves it
        ['="S"&"2"', "Bob", "Smith", "1981-01-01"],       # never calculated: no cached value
        ["S3", "Carl", "Jones", "1982-01-01"],
    ])
    _cache_formula_values(path, {"B2": "Adam"})
    summary = run_ingest(path.parent, dry_run=True)
    f = summary["files"]["subjects.xlsx"]
    assert (f["rows_read"], f["loaded"], f["quarantined"]) == (3, 2, 1)
    assert summary["quarantine_reasons"] == {"formula without a cached value": 1}

    from ingest.mapping import load_mapping
    from ingest.pipeline import _records, collect

    records = _records(collect(path.parent, load_mapping("canonical")).sources)[0]
    adam = next(n for n in records.nodes if n.id == "S1")
    assert adam.props["forename"] == "Adam"


def test_excel_date_cells_are_dates(tmp_path):
    path = _workbook(tmp_path / "export" / "subjects.xlsx", [
        HEADER,
        ["S1", "Adam", "Testerton", dt.datetime(1990, 1, 1)],
        ["S2", "Bob", "Smith", dt.date(1991, 2, 3)],
    ])
    summary = run_ingest(path.parent, dry_run=True)
    assert summary["files"]["subjects.xlsx"]["loaded"] == 2, summary["quarantine_reasons"]


def test_a_second_sheet_is_read_or_named_in_a_warning(tmp_path):
    path = _workbook(tmp_path / "export" / "subjects.xlsx",
                     [HEADER, ["S1", "Adam", "Testerton", "1980-01-02"]],
                     {"More subjects": [HEADER, ["S2", "Bob", "Smith", "1981-01-01"]],
                      "Notes": [["exported by"], ["the force"]]})
    summary = run_ingest(path.parent, dry_run=True)
    assert summary["files"]["subjects.xlsx[More subjects]"]["loaded"] == 1
    assert summary["totals"]["loaded"] == 2
    warnings = " ".join(summary["warnings"])
    assert "'More subjects' read as more subjects" in warnings
    assert "'Notes'" in warnings and "not read" in warnings


def test_a_file_named_xlsx_that_is_not_one_is_one_clear_line(tmp_path):
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "subjects.xlsx").write_text("subject_id\nS1\n", encoding="utf-8")
    with pytest.raises(IngestError) as raised:
        run_ingest(tmp_path / "export", dry_run=True)
    message = str(raised.value)
    assert "subjects.xlsx: not an Excel workbook" in message and "\n" not in message


# --- extra columns --------------------------------------------------------------------------


@pytest.mark.neo4j
def test_extra_columns_never_clash_nor_overwrite_provenance(db, tmp_path):
    folder = write_folder(tmp_path / "export", subjects=[
        {**SUBJECT, "note!": "first", "note?": "second", "Note": "third", "src": "their system",
         "src_run": "their run", "owner": "their officer"}])
    summary = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")
    props = db.read_text("t", "MATCH (s:Subject {id: 'S1'}) RETURN properties(s) AS p")[0]["p"]
    assert (props["note"], props["note_2"], props["note_3"]) == ("first", "second", "third")
    assert props["src"] == "canonical:subjects.csv:2" and props["src_run"] == summary["run"]
    assert props["extra_src"] == "their system" and props["extra_src_run"] == "their run"
    assert props["extra_owner"] == "their officer" and "owner" not in props
    warnings = " ".join(summary["warnings"])
    assert "kept as note, note_2, note_3" in warnings
    assert "'src' kept as 'extra_src' (src is provenance)" in warnings


# --- dates ----------------------------------------------------------------------------------


def test_implausible_dates_are_quarantined(tmp_path):
    today = dt.date.today()
    folder = write_folder(tmp_path / "export", subjects=[
        SUBJECT,
        {**SUBJECT, "subject_id": "S2", "dob": "0001-01-01"},
        {**SUBJECT, "subject_id": "S3", "dob": "1650-01-01"},
        {**SUBJECT, "subject_id": "S4", "dob": today.replace(year=today.year - 111).isoformat()},
        {**SUBJECT, "subject_id": "S5", "dob": today.replace(year=today.year - 109).isoformat()},
    ], offences=[
        OFFENCE,
        {**OFFENCE, "offence_id": "O2", "committed_from": "1899-12-31"},
    ], custody=[
        {"subject_id": "S1", "start_date": "2020-01-01", "end_date": "9999-12-31"},
    ])
    summary = run_ingest(folder, dry_run=True)
    files = summary["files"]
    assert (files["subjects.csv"]["loaded"], files["subjects.csv"]["quarantined"]) == (2, 3)
    assert files["offences.csv"]["quarantined"] == 1
    assert files["custody.csv"]["quarantined"] == 1  # outside the supported range
    reasons = " ".join(summary["quarantine_reasons"])
    assert "more than 110 years ago" in reasons and "1900-01-01" in reasons


def test_date_ranges_are_read_from_the_mapping(tmp_path):
    raw = {"name": "m", "files": [{"name": "subjects", "nodes": [{
        "label": "Subject", "id": {"column": "subject_id"},
        "properties": {"dob": {"column": "dob", "type": "date", "min": "18 years ago"}}}]}]}
    mapping = parse_mapping(raw)
    folder = write_folder(tmp_path / "export", subjects=[
        SUBJECT, {**SUBJECT, "subject_id": "S2", "dob": dt.date.today().isoformat()}])
    assert run_ingest(folder, mapping, dry_run=True)["totals"]["quarantined"] == 1
    raw["files"][0]["nodes"][0]["properties"]["dob"]["min"] = "long ago"
    with pytest.raises(MappingError, match="min 'long ago' is not today"):
        parse_mapping(raw)


# --- file names and formats -----------------------------------------------------------------


def test_file_name_variants_are_read_and_other_files_are_listed(tmp_path):
    folder = write_folder(tmp_path / "export", subjects=[SUBJECT], offences=[OFFENCE])
    (folder / "offences.csv").rename(folder / "offences_2024.csv")
    write_folder(tmp_path / "more", offences=[{**OFFENCE, "offence_id": "O2"}],
                 victims=[{"victim_id": "V1", "forename": "Vera"}],
                 subjects=[{**SUBJECT, "subject_id": "S9"}])
    (tmp_path / "more" / "offences.csv").rename(folder / "offences-2024-11.csv")
    (tmp_path / "more" / "victims.csv").rename(folder / "Victims.CSV")
    (tmp_path / "more" / "subjects.csv").rename(folder / "Subjects_extra.csv")
    (folder / "notes.txt").write_text("sent by the force", encoding="utf-8")

    summary = run_ingest(folder, dry_run=True)
    assert set(summary["files"]) == {"subjects.csv", "offences_2024.csv",
                                     "offences-2024-11.csv", "Victims.CSV"}
    assert summary["totals"]["loaded"] == 4
    ignored = summary["ignored_files"]
    assert set(ignored) == {"Subjects_extra.csv", "notes.txt"}
    assert "subjects_<date>.csv" in ignored["Subjects_extra.csv"]


def test_a_json_array_reads_like_json_lines(tmp_path):
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "subjects.json").write_text(json.dumps(
        [SUBJECT, {**SUBJECT, "subject_id": "S2"}, "not a record"], indent=2), encoding="utf-8")
    summary = run_ingest(tmp_path / "export", dry_run=True)
    f = summary["files"]["subjects.json"]
    assert (f["rows_read"], f["loaded"], f["quarantined"]) == (3, 2, 1)


def test_a_broken_json_array_is_one_clear_line(tmp_path):
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "subjects.json").write_text('[{"subject_id": "S1"},', "utf-8")
    with pytest.raises(IngestError, match="subjects.json: not valid JSON .*JSON Lines"):
        run_ingest(tmp_path / "export", dry_run=True)
