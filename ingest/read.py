"""Stage 1: read source files into string tables, keeping every row's number.

Every value is read as text (typing is the validation stage's job) and every physical
record gets the row number a spreadsheet shows for it: the header is row 1, the first
record row 2. A record that cannot be read as a row (wrong number of fields, a line that
is not JSON) is not dropped: it comes back in ``unreadable`` with its row and reason.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

EXTENSIONS = (".csv", ".xlsx", ".jsonl", ".json")
ROW = "_row"
FILE = "_file"


class SourceError(Exception):
    """A file cannot be read at all (missing, not UTF-8, no header): fatal for the run."""


@dataclass
class SourceTable:
    """One file's rows as text, plus the records that could not be read as rows."""

    path: Path
    frame: pd.DataFrame
    unreadable: list[tuple[int, str]] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        """Records in the file: readable rows plus unreadable ones."""
        return len(self.frame) + len(self.unreadable)


def find_files(folder: Path, pattern: str) -> list[Path]:
    """Files in ``folder`` whose stem matches ``pattern`` (a glob), in name order."""
    found = [
        p
        for p in folder.glob(pattern + ".*")
        if p.suffix.lower() in EXTENSIONS and p.is_file() and not p.name.startswith(".")
    ]
    return sorted(found, key=lambda p: p.name)


def read_table(path: Path, delimiter: str = ",") -> SourceTable:
    """Read one CSV, Excel or JSON-lines file as text.

    Raises:
        SourceError: the file is unreadable as a whole.
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(path, delimiter)
        if suffix == ".xlsx":
            return _read_xlsx(path)
        return _read_jsonl(path)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path.name}: not UTF-8 text ({exc.reason}); re-export as UTF-8"
        ) from exc
    except OSError as exc:
        raise SourceError(f"{path.name}: cannot be read ({exc.strerror})") from exc


def _frame(
    path: Path, header: list[str], records: list[list[str]], rows: list[int]
) -> pd.DataFrame:
    frame = (
        pd.DataFrame(records, columns=header, dtype=object)
        if records
        else pd.DataFrame(columns=header, dtype=object)
    )
    frame[ROW] = rows
    frame[FILE] = path.name
    return frame


def _clean_header(header: list[str], path: Path) -> list[str]:
    header = [h.strip().lstrip("\ufeff") for h in header]
    if not any(header):
        raise SourceError(f"{path.name}: the first line is not a header row")
    dupes = {h for h in header if header.count(h) > 1}
    if dupes:
        raise SourceError(f"{path.name}: header repeats columns {sorted(dupes)}")
    return header


def _read_csv(path: Path, delimiter: str) -> SourceTable:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = _clean_header(next(reader), path)
        except StopIteration:
            raise SourceError(f"{path.name}: empty file, no header row") from None
        width = len(header)
        records: list[list[str]] = []
        rows: list[int] = []
        unreadable: list[tuple[int, str]] = []
        row = 1
        try:
            for record in reader:
                row += 1
                if not record or (len(record) == 1 and record[0] == "" and width > 1):
                    unreadable.append((row, "blank line"))
                elif len(record) != width:
                    unreadable.append((row, f"has {len(record)} fields, the header has {width}"))
                else:
                    records.append(record)
                    rows.append(row)
        except csv.Error as exc:
            raise SourceError(f"{path.name}: malformed CSV near row {row + 1}: {exc}") from exc
    return SourceTable(path, _frame(path, header, records, rows), unreadable)


def _read_xlsx(path: Path) -> SourceTable:
    try:
        raw = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
    except ValueError as exc:
        raise SourceError(f"{path.name}: not a readable Excel workbook ({exc})") from exc
    header = _clean_header([str(c) for c in raw.columns], path)
    raw.columns = header
    raw = raw.fillna("")
    records = raw.astype(str).values.tolist()
    return SourceTable(path, _frame(path, header, records, list(range(2, len(records) + 2))))


def _json_lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8-sig") as handle:
        yield from enumerate(handle, start=1)


def _read_jsonl(path: Path) -> SourceTable:
    # JSON lines have no header row: row N is line N.
    objects: list[dict] = []
    rows: list[int] = []
    unreadable: list[tuple[int, str]] = []
    for number, line in _json_lines(path):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            unreadable.append((number, f"not valid JSON ({exc.msg})"))
            continue
        if not isinstance(value, dict):
            unreadable.append((number, "not a JSON object"))
            continue
        objects.append(value)
        rows.append(number)
    header: list[str] = []
    for obj in objects:
        header.extend(k for k in obj if k not in header)
    records = [["" if obj.get(h) is None else str(obj.get(h)) for h in header] for obj in objects]
    return SourceTable(path, _frame(path, header, records, rows), unreadable)
