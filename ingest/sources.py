"""Which files of an export folder a mapping reads, and what the summary says about the rest.

A file belongs to a mapping's file entry when its name, without the extension and ignoring
case, matches the entry's pattern, or the pattern followed by a dated suffix: for
``offences``, ``offences.csv``, ``Offences.CSV``, ``offences_2024.csv``,
``offences-2024-11.csv`` and ``offences 2024-11-01.xlsx`` are all offences. Every other
file in the folder is listed in the summary as ignored, with what to do about it.

Extra columns (those the mapping does not read) become properties of the file's first
node under a tidy name; here every such column gets a name of its own, never one that
linkwatch writes itself (provenance, the TCG workflow, the offence classification), and
every rename is a warning in the summary.
"""

from __future__ import annotations

import codecs
import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ingest.mapping import FileSpec, Mapping
from ingest.read import (
    EXTENSIONS,
    FILE,
    ROW,
    SourceError,
    SourceTable,
    csv_chunks,
    read_csv_header,
    read_tables,
)
from ingest.rows import property_name

#: A dated suffix after the pattern: ``_2024``, ``-2024-11``, `` 2024-11-01``, ``_20241101``.
_DATED = re.compile(r"^(?P<stem>.+?)[ _-]\d[\d _-]*$")

#: Properties linkwatch writes itself: an extra column never takes these names.
PROVENANCE = frozenset({"id", "key", "src", "src_run", "src_hash"})
WORKFLOW = frozenset({"lifecycle_status", "lifecycle_since", "lifecycle_tier", "owner",
                      "release_watch"})
DERIVED = {"Offence": frozenset({"category", "sexual", "rape", "vawg", "classified"})}


class IngestError(Exception):
    """A fatal problem: the message is one line saying what to do."""


@dataclass
class Source:
    """One file (or sheet) to read and the mapping entry that reads it.

    A CSV file is streamed: ``table`` holds its header only until :meth:`tables` reads its
    records chunk by chunk. A workbook's sheet or a JSON file is read whole (``table``).
    """

    spec: FileSpec
    table: SourceTable
    streamed: bool = False
    field_limit: int | None = None

    def tables(self, chunk_rows: int | None = None) -> Iterator[SourceTable]:
        """The records as tables of at most ``chunk_rows`` records (a whole table if not
        streamed), with the extra columns renamed as :func:`tidy_extra_columns` decided."""
        if not self.streamed:
            yield self.table
            return
        renames = {old: new for new, old in self.table.renamed.items()}
        try:
            for chunk in csv_chunks(self.table.path, self.spec.delimiter, self.field_limit,
                                    chunk_rows):
                if renames:
                    chunk.frame = chunk.frame.rename(columns=renames)
                    chunk.problems = [
                        type(p)(p.row, renames.get(p.column, p.column), p.reason, p.value)
                        for p in chunk.problems
                    ]
                    chunk.renamed = dict(self.table.renamed)
                yield chunk
        except SourceError as exc:
            raise IngestError(f"{exc}; fix or remove the file and run again") from exc


@dataclass
class Collected:
    """What a folder holds for a mapping: tables to load, files ignored, and warnings."""

    sources: list[Source]
    ignored: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def matches(name: str, pattern: str) -> bool:
    """Whether a file name belongs to a mapping entry's ``pattern`` (a glob on the stem).

    >>> [matches(n, "offences") for n in ("offences.csv", "Offences.CSV", "offences_2024.csv",
    ...  "offences-2024-11.xlsx", "offence_subjects.csv", "offences_extra.csv")]
    [True, True, True, True, False, False]
    """
    path = Path(name)
    if path.suffix.lower() not in EXTENSIONS or name.startswith("."):
        return False
    stem, pattern = path.stem.lower(), pattern.lower()
    if fnmatch.fnmatchcase(stem, pattern):
        return True
    dated = _DATED.match(stem)
    return bool(dated and fnmatch.fnmatchcase(dated["stem"], pattern))


def _why_ignored(path: Path, mapping: Mapping) -> str:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        return "an old Excel (.xls) file: save it as .xlsx or CSV"
    if suffix not in EXTENSIONS:
        return "not a CSV, .xlsx, .json or .jsonl file"
    stem = path.stem.lower()
    near = [f for f in mapping.files if fnmatch.fnmatchcase(stem, f.pattern.lower() + "*")]
    if near:
        spec = max(near, key=lambda f: len(f.pattern))
        return (
            f"not a file mapping {mapping.name!r} reads; to load it as more {spec.name}, "
            f"name it {spec.pattern}{path.suffix} or {spec.pattern}_<date>{path.suffix} "
            f"(e.g. {spec.pattern}_2024-11{path.suffix})"
        )
    names = ", ".join(f.pattern for f in mapping.files)
    return f"not a file mapping {mapping.name!r} reads (it reads {names})"


def collect(path: Path, mapping: Mapping, field_limit: int | None = None) -> Collected:
    """Find and read every file the mapping knows in ``path`` (a folder or one file).

    Args:
        path: the export folder, or one file of it.
        mapping: the mapping whose file patterns decide what is read.
        field_limit: the most characters one value may hold (``None``: no limit).

    Returns:
        The tables to load; the folder's other files with why they were not read; warnings
        (sheets read or not, extra columns renamed).

    Raises:
        IngestError: nothing to read, an unreadable file, or a file without its key columns.
    """
    if not path.exists():
        raise IngestError(f"{path} does not exist: give a folder of export files")
    folder = path if path.is_dir() else path.parent
    files = sorted(
        (p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")),
        key=lambda p: p.name,
    ) if path.is_dir() else [path]
    out = Collected([])
    taken: set[Path] = set()
    for spec in mapping.files:
        for file in files:
            if file in taken or not matches(file.name, spec.pattern):
                continue
            taken.add(file)
            out.sources += _read(file, spec, mapping, field_limit, out.warnings)
    if path.is_dir():
        out.ignored = {f.name: _why_ignored(f, mapping) for f in files if f not in taken}
    if not out.sources:
        names = ", ".join(f.pattern for f in mapping.files)
        raise IngestError(f"no files for mapping {mapping.name!r} in {folder} (looked for {names})")
    for source in out.sources:
        out.warnings += tidy_extra_columns(source.spec, source.table)
    return out


def _check_utf8(path: Path) -> None:
    """Fail before anything is written when a streamed file is not UTF-8 somewhere."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    with path.open("rb") as handle:
        try:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise SourceError(
                f"{path.name}: not UTF-8 text ({exc.reason}); re-export as UTF-8"
            ) from exc


def _header_table(file: Path, delimiter: str) -> SourceTable:
    _check_utf8(file)
    header = read_csv_header(file, delimiter)
    frame = pd.DataFrame(columns=[*header, ROW, FILE], dtype=object)
    return SourceTable(file, frame)


def _read(file: Path, spec: FileSpec, mapping: Mapping, field_limit: int | None,
          warnings: list[str]) -> list[Source]:
    streamed = file.suffix.lower() == ".csv"
    try:
        tables = ([_header_table(file, spec.delimiter)] if streamed
                  else read_tables(file, spec.delimiter, field_limit))
    except SourceError as exc:
        raise IngestError(f"{exc}; fix or remove the file and run again") from exc
    sources = []
    for table in tables:
        missing = sorted(spec.required_columns - set(table.frame.columns))
        if not missing:
            sources.append(Source(spec, table, streamed, field_limit))
        elif table.sheet is not None and len(tables) > 1:
            warnings.append(
                f"{file.name}: sheet {table.sheet!r} ({table.rows_read} rows) not read: no "
                f"column {', '.join(missing)}; only sheets with the {spec.name} columns are"
            )
        else:
            raise IngestError(
                f"{table.name}: no column {', '.join(missing)} (mapping {mapping.name!r} "
                f"needs it); check the header or pick another --mapping"
            )
    if not sources:
        raise IngestError(
            f"{file.name}: no sheet has the columns {', '.join(sorted(spec.required_columns))}"
        )
    for table in (s.table for s in sources if s.table.name != file.name):
        warnings.append(
            f"{file.name}: sheet {table.sheet!r} read as more {spec.name} "
            f"({table.rows_read} rows, named {table.name} in this summary)"
        )
    return sources


def tidy_extra_columns(spec: FileSpec, table: SourceTable) -> list[str]:
    """Give every extra column of ``table`` a property name of its own; say what changed.

    Columns are renamed in ``table.frame`` to the property names they will have (the row
    mapper keeps those names): clashing names get ``_2``, ``_3``; a name linkwatch writes
    itself (``src``, ``owner``, ...) or one the mapping gives a property gets ``extra_``.

    Returns:
        One warning per rename, for the summary.
    """
    frame = table.frame
    used = spec.used_columns | {ROW, FILE}
    extras = [c for c in frame.columns if c not in used]
    if not extras or not spec.keep_extra_columns:
        return []
    if not spec.nodes:
        return [f"{table.name}: columns {', '.join(map(repr, extras))} not kept: rows of "
                f"{spec.name} make relationships only"]
    label = spec.nodes[0].label
    reserved = PROVENANCE | WORKFLOW | DERIVED.get(label, frozenset())
    mapped = set(spec.nodes[0].properties)
    seen = set(mapped) | reserved | {c for c in frame.columns if c in used}
    renames: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    warnings = []
    for column in extras:
        base = property_name(column)
        name = base
        if base in reserved or base in mapped:
            name = f"extra_{base}"
            why = "provenance" if base in PROVENANCE else (
                "the mapping's own" if base in mapped else "written by linkwatch")
            warnings.append(f"{table.name}: column {column!r} kept as {name!r} ({base} is "
                            f"{why})")
        unique, n = name, 1
        while unique in seen:
            n += 1
            unique = f"{name}_{n}"
        seen.add(unique)
        groups.setdefault(name, []).append(column)
        if unique != column:
            renames[column] = unique
    for name, columns in groups.items():
        kept = [renames.get(c, c) for c in columns]
        if len(columns) > 1:
            warnings.append(
                f"{table.name}: columns {', '.join(map(repr, columns))} would all be property "
                f"{name!r}: kept as {', '.join(kept)}"
            )
        elif kept[0] != name:
            warnings.append(f"{table.name}: column {columns[0]!r} kept as {kept[0]!r} "
                            f"({name!r} is another column's)")
    if renames:
        table.frame = frame.rename(columns=renames)
        table.renamed.update({new: old for old, new in renames.items()})
    return warnings
