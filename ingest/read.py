"""Stage 1: read source files into string tables, keeping every row's number and raw text.

Every value is read as text (typing is the validation stage's job) and every record gets
the row number a spreadsheet shows for it: the header is row 1, the first record row 2
(in JSON there is no header: row N is line N of JSON Lines, element N of a JSON array).

Nothing is dropped in silence. What this stage counts, per file, is **records**: a CSV
record (one line, or several when a quoted value holds line breaks), a non-empty
spreadsheet row, a JSON line or array element. A record that cannot be read as a row
(wrong number of fields, a stray quote, a line that is not JSON) comes back in
``unreadable`` with its row, reason and raw text; when an unclosed quote has run over the
lines after it, each of those lines is counted and kept as a record of its own. A row
that is read but has a value this stage refuses (longer than the field limit, an Excel
formula without a cached value, an Excel error value) stays in the table and comes back
in ``problems`` too, so the row is quarantined with its record.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

EXTENSIONS = (".csv", ".xlsx", ".jsonl", ".json")
ROW = "_row"
FILE = "_file"

# The csv module stops a whole file at a field over 131,072 characters; linkwatch applies
# its own limit per value instead (LINKWATCH_INGEST_FIELD_LIMIT), quarantining the row.
csv.field_size_limit(2**31 - 1)


class SourceError(Exception):
    """A file cannot be read at all (missing, not UTF-8, no header): fatal for the run."""


@dataclass(frozen=True)
class Unreadable:
    """A record that could not be read as a row: where, why, and its text as it stands."""

    row: int
    reason: str
    raw: str


@dataclass(frozen=True)
class CellProblem:
    """A value refused while reading; its row is quarantined with the reason."""

    row: int
    column: str
    reason: str
    value: str


@dataclass
class SourceTable:
    """One file's (or one sheet's) rows as text, and the records that could not be read.

    ``name`` is what the summary, the quarantine and provenance call it: the file's name,
    or ``file.xlsx[Sheet]`` for a further sheet of a workbook.
    """

    path: Path
    frame: pd.DataFrame
    unreadable: list[Unreadable] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    name: str = ""
    sheet: str | None = None
    renamed: dict[str, str] = field(default_factory=dict)  # column as renamed -> as sent

    def __post_init__(self) -> None:
        self.name = self.name or self.path.name

    @property
    def rows_read(self) -> int:
        """Records in the file: readable rows plus unreadable ones."""
        return len(self.frame) + len(self.unreadable)


def read_tables(path: Path, delimiter: str = ",", field_limit: int | None = None
                ) -> list[SourceTable]:
    """Read one CSV, Excel, JSON Lines or JSON-array file as text.

    Args:
        path: the file.
        delimiter: the CSV delimiter.
        field_limit: the most characters one value may hold; a longer one quarantines its
            row (``None``: no limit).

    Returns:
        One table; for a workbook, one per sheet that holds anything (first sheet first).

    Raises:
        SourceError: the file is unreadable as a whole; the message is one line.
    """
    suffix = path.suffix.lower()
    with _whole_file_errors(path):
        if suffix == ".csv":
            tables = [_read_csv(path, delimiter)]
        elif suffix == ".xlsx":
            tables = _read_xlsx(path)
        else:
            tables = [_read_json(path)]
    if field_limit:
        for table in tables:
            table.problems += _too_long(table.frame, field_limit)
    return tables


@contextmanager
def _whole_file_errors(path: Path) -> Iterator[None]:
    """A file not UTF-8 or not readable as one line naming it (:class:`SourceError`)."""
    try:
        yield
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path.name}: not UTF-8 text ({exc.reason}); re-export as UTF-8"
        ) from exc
    except OSError as exc:
        raise SourceError(f"{path.name}: cannot be read ({exc.strerror})") from exc


def read_table(path: Path, delimiter: str = ",", field_limit: int | None = None) -> SourceTable:
    """The first table of :func:`read_tables` (a workbook's first sheet)."""
    return read_tables(path, delimiter, field_limit)[0]


def _frame(
    name: str, header: list[str], records: list[list[str]], rows: list[int]
) -> pd.DataFrame:
    frame = (
        pd.DataFrame(records, columns=header, dtype=object)
        if records
        else pd.DataFrame(columns=header, dtype=object)
    )
    frame[ROW] = rows
    frame[FILE] = name
    return frame


def _clean_header(header: list[str], name: str) -> list[str]:
    header = [h.strip().lstrip("\ufeff") for h in header]
    if not any(header):
        raise SourceError(f"{name}: the first line is not a header row")
    dupes = {h for h in header if header.count(h) > 1}
    if dupes:
        raise SourceError(f"{name}: header repeats columns {sorted(dupes)}")
    return header


def _too_long(frame: pd.DataFrame, limit: int) -> list[CellProblem]:
    """Values over ``limit`` characters, one problem each (the row keeps its record)."""
    found = []
    for column in frame.columns:
        if column in (ROW, FILE):
            continue
        # max(map(len)) over the plain values: ten times quicker than .str.len() on an
        # object column, and almost every column passes at that.
        values = frame[column].to_numpy()
        if not len(values) or max(map(len, values)) <= limit:
            continue
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        for idx in frame.index[lengths > limit]:
            value = frame.at[idx, column]
            found.append(CellProblem(
                int(frame.at[idx, ROW]), column,
                f"field too long: {len(value):,} characters, the limit is {limit:,} "
                "(LINKWATCH_INGEST_FIELD_LIMIT)",
                value[:200] + " ...",
            ))
    return found


def read_csv_header(path: Path, delimiter: str = ",") -> list[str]:
    """A CSV file's header row, cleaned; the file's records are read later, chunk by chunk.

    Raises:
        SourceError: the file is unreadable, not UTF-8, empty or has no header row.
    """
    with _whole_file_errors(path), path.open(newline="", encoding="utf-8-sig") as handle:
        try:
            return _clean_header(next(csv.reader(handle, delimiter=delimiter)), path.name)
        except StopIteration:
            raise SourceError(f"{path.name}: empty file, no header row") from None


def csv_chunks(path: Path, delimiter: str = ",", field_limit: int | None = None,
               chunk_rows: int | None = None) -> Iterator[SourceTable]:
    """A CSV file as tables of at most ``chunk_rows`` records each (``None``: one table).

    Records keep their row numbers across chunks; a record that cannot be read belongs to
    the chunk it was met in. Only one chunk's rows are held at a time.

    Raises:
        SourceError: as :func:`read_tables`, at the point the file fails.
    """
    with _whole_file_errors(path):
        yield from _csv_chunks(path, delimiter, field_limit, chunk_rows)


def _csv_chunks(path: Path, delimiter: str, field_limit: int | None,
                chunk_rows: int | None) -> Iterator[SourceTable]:
    # (row, first line, last line, reason, fields): records that are not rows, whose text
    # is fetched afterwards by line number (rare, so the reading loop stays the csv module's).
    limit = chunk_rows or float("inf")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = _clean_header(next(reader), path.name)
        except StopIteration:
            raise SourceError(f"{path.name}: empty file, no header row") from None
        width = len(header)
        records: list[list[str]] = []
        rows: list[int] = []
        bad: list[tuple[int, int, int, str, int]] = []
        row, line = 1, reader.line_num
        emitted = False

        def table() -> SourceTable:
            frame = _frame(path.name, header, records, rows)
            out = SourceTable(path, frame, _unreadable(path, bad, width) if bad else [])
            if field_limit:
                out.problems += _too_long(frame, field_limit)
            return out

        while True:
            try:
                for record in reader:
                    row += 1
                    first, line = line + 1, reader.line_num
                    if len(record) == width:
                        records.append(record)
                        rows.append(row)
                    elif not record or (len(record) == 1 and record[0] == ""):
                        bad.append((row, first, line, "blank line", 0))
                    elif line > first:
                        # A quote that never closed ran over the lines after it: each line is
                        # a record of its own, so each is counted and kept with its text.
                        bad.append((row, first, line, "", len(record)))
                        row += line - first
                    else:
                        bad.append((row, first, line,
                                    f"has {len(record)} fields, the header has {width}", 0))
                    if len(records) + len(bad) >= limit:
                        yield table()
                        emitted = True
                        records, rows, bad = [], [], []
            except csv.Error as exc:
                row += 1
                first, line = line + 1, reader.line_num
                bad.append((row, first, line, f"not readable as CSV ({exc})", 0))
                continue
            break
        if records or bad or not emitted:
            yield table()


def _read_csv(path: Path, delimiter: str) -> SourceTable:
    return next(_csv_chunks(path, delimiter, None, None))


def _unreadable(path: Path, bad: list[tuple[int, int, int, str, int]],
                width: int) -> list[Unreadable]:
    wanted = {n for _, first, last, _, _ in bad for n in range(first, last + 1)}
    text: dict[int, str] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if number in wanted:
                text[number] = line
    out: list[Unreadable] = []
    for row, first, last, reason, fields in bad:
        lines = [text.get(n, "") for n in range(first, last + 1)]
        if reason:
            out.append(Unreadable(row, reason, "".join(lines)))
        else:
            out += _run_on(row, lines, fields, width)
    return out


def _run_on(row: int, raw: list[str], fields: int, width: int) -> list[Unreadable]:
    last = row + len(raw) - 1
    first = Unreadable(
        row,
        f"a quote on this row is not closed: rows {row}-{last} read as one record of "
        f"{fields} fields (the header has {width}); close the quote and send rows "
        f"{row}-{last} again",
        raw[0],
    )
    return [first] + [
        Unreadable(row + i, f"inside the quote left open on row {row}", line)
        for i, line in enumerate(raw[1:], start=1)
    ]


def _cell_text(value: Any) -> str:
    """A spreadsheet value as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()  # an Excel date cell (Excel has no date type)
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path) -> list[SourceTable]:
    import openpyxl  # only workbooks need it
    from openpyxl.utils.exceptions import InvalidFileException

    # What a file that is not a workbook, or a damaged one, raises (SyntaxError: bad XML).
    broken = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError,
              SyntaxError)
    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except broken as exc:
        raise SourceError(
            f"{path.name}: not an Excel workbook (.xlsx) ({exc.__class__.__name__}); "
            "save it from Excel as .xlsx, or export it as CSV"
        ) from None
    try:
        tables = []
        for sheet, formula_sheet in zip(values.worksheets, formulas.worksheets, strict=True):
            table = _read_sheet(path, sheet, formula_sheet, first=not tables)
            if table is not None:
                tables.append(table)
    except broken as exc:
        raise SourceError(
            f"{path.name}: a damaged Excel workbook ({exc.__class__.__name__}); "
            "save it again from Excel as .xlsx, or export it as CSV"
        ) from None
    finally:
        values.close()
        formulas.close()
    if not tables:
        raise SourceError(f"{path.name}: the workbook is empty, no header row")
    return tables


def _read_sheet(path: Path, sheet: Any, formula_sheet: Any, first: bool) -> SourceTable | None:
    """One sheet as a table; None when it holds nothing. Rows keep Excel's row numbers."""
    # Stored sheet dimensions are often wrong in files other programs wrote.
    sheet.reset_dimensions()
    formula_sheet.reset_dimensions()
    name = path.name if first else f"{path.name}[{sheet.title}]"
    header: list[str] | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    problems: list[tuple[int, int, str, str]] = []
    for number, (cells, formula_cells) in enumerate(
        zip(sheet.iter_rows(), formula_sheet.iter_rows(), strict=False), start=1
    ):
        texts = [_cell_text(c.value) for c in cells]
        found = []
        for i, (cell, formula) in enumerate(zip(cells, formula_cells, strict=False)):
            if cell.data_type == "e":
                found.append((number, i, "an Excel error value", texts[i]))
                texts[i] = ""
            elif formula.data_type == "f" and cell.value is None:
                found.append((number, i, "formula without a cached value: open and save "
                              "the file in Excel, or paste values", str(formula.value)))
        while texts and not texts[-1]:
            texts.pop()
        if not texts and not found:
            continue  # an empty row is no record
        if header is None:
            header = texts
            continue
        problems += found
        records.append(texts)
        rows.append(number)
    if header is None:
        return None
    # Values right of the last titled column are kept too, as pandas names them.
    width = max([len(header)] + [len(r) for r in records])
    header = [h or f"Unnamed: {i}" for i, h in enumerate(header + [""] * (width - len(header)))]
    header = _clean_header(header, name)
    records = [r + [""] * (width - len(r)) for r in records]
    cell_problems = [
        CellProblem(row, header[i] if i < width else f"Unnamed: {i}", reason, value)
        for row, i, reason, value in problems
    ]
    frame = _frame(name, header, records, rows)
    return SourceTable(path, frame, [], cell_problems, name=name, sheet=sheet.title)


def _json_lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8-sig") as handle:
        yield from enumerate(handle, start=1)


def _first_char(path: Path) -> str:
    with path.open(encoding="utf-8-sig") as handle:
        while chunk := handle.read(4096):
            stripped = chunk.lstrip()
            if stripped:
                return stripped[0]
    return ""


def _read_json(path: Path) -> SourceTable:
    """JSON Lines (one object per line), or a file holding one JSON array of objects."""
    if _first_char(path) == "[":
        return _read_json_array(path)
    objects: list[dict] = []
    rows: list[int] = []
    unreadable: list[Unreadable] = []
    for number, line in _json_lines(path):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            unreadable.append(Unreadable(number, f"not valid JSON ({exc.msg})", line))
            continue
        if not isinstance(value, dict):
            unreadable.append(Unreadable(number, "not a JSON object", line))
            continue
        objects.append(value)
        rows.append(number)
    return _objects_table(path, objects, rows, unreadable)


def _read_json_array(path: Path) -> SourceTable:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            items = json.load(handle)
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"{path.name}: not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno}); "
            "send one JSON array of objects, or JSON Lines (one object per line)"
        ) from None
    objects: list[dict] = []
    rows: list[int] = []
    unreadable: list[Unreadable] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            objects.append(item)
            rows.append(number)
        else:
            unreadable.append(Unreadable(number, "not a JSON object",
                                         json.dumps(item, ensure_ascii=False)))
    return _objects_table(path, objects, rows, unreadable)


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _objects_table(path: Path, objects: list[dict], rows: list[int],
                   unreadable: list[Unreadable]) -> SourceTable:
    header: list[str] = []
    for obj in objects:
        header.extend(k for k in obj if k not in header)
    records = [[_json_text(obj.get(h)) for h in header] for obj in objects]
    return SourceTable(path, _frame(path.name, header, records, rows), unreadable)
