"""The bulk path's sink: settled chunks into ``neo4j-admin database import`` CSV files.

Each chunk ``(nodes, rels)`` becomes one file per label (and per relationship type with its
two end labels), each with its own typed header, so nothing but the file list is held
across chunks. Every node and relationship carries exactly the properties the streaming
writer gives it (``graph/queries/ingest/create_*.cypher``): its own properties, ``src_hash``,
``src`` (``mapping:file:row``) and ``src_run``, plus ``id`` on nodes and ``key`` on
relationships. Node ids live in one ID space per label, as the ``id`` constraint does.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.rows import NodeRecord, RelRecord

#: Between the items of a list value (the importer's ``--array-delimiter``): a control
#: character no list item of a force export holds (checked on every write).
ARRAY_DELIMITER = "\x1f"

Chunk = tuple[Sequence[NodeRecord], Sequence[RelRecord]]


class BulkError(RuntimeError):
    """Records the offline importer cannot take as they are."""


@dataclass
class ImportFile:
    """One CSV file of the import: nodes of one label or relationships of one type."""

    kind: str  # "nodes" or "relationships"
    name: str  # the label or the relationship type
    path: Path
    rows: int
    multiline: bool  # a value holds a line break (the importer must be told)


@dataclass
class BulkCounts:
    """What the files hold, by label and by relationship type, and the files themselves."""

    nodes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    relationships: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_file: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    files: list[ImportFile] = field(default_factory=list)
    chunks: int = 0


def _type_name(value: Any) -> str:
    """The importer's header type of one Python value (what the driver would store)."""
    if isinstance(value, bool):  # before int: bool is an int in Python
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.datetime):
        return "datetime" if value.tzinfo else "localdatetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dt.time):
        return "time" if value.tzinfo else "localtime"
    if isinstance(value, (list, tuple)):
        kinds = {_type_name(v) for v in value}
        if len(kinds) > 1 or kinds & {"string[]"}:
            raise BulkError(f"a list of mixed or nested values cannot be stored: {value!r}")
        return f"{kinds.pop() if kinds else 'string'}[]"
    raise BulkError(f"no import type for a {type(value).__name__} value: {value!r}")


def _text(value: Any) -> str:
    """One value as a CSV field (quoted when text; an empty field is no property)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        items = [v if isinstance(v, str) else _text(v) for v in value]
        for item in items:
            if ARRAY_DELIMITER in item:
                raise BulkError(f"a list item holds the array delimiter U+001F: {item!r}")
        return '"' + ARRAY_DELIMITER.join(items).replace('"', '""') + '"'
    raise BulkError(f"no import text for {value!r}")


#: Header types of the plain Python types the ingest makes (the common, fast case).
_SIMPLE = {bool: "boolean", int: "long", float: "double", str: "string", dt.date: "date"}
_NONE = type(None)
Group = tuple[list[tuple[str, str]], list[int] | None]


def _kinds(values: list[Any]) -> set[str]:
    """The header types a column's values need (None takes no type)."""
    found = set(map(type, values))
    found.discard(_NONE)
    if found <= _SIMPLE.keys():
        return {_SIMPLE[t] for t in found}
    return {_type_name(v) for v in values if v is not None}


def _groups(columns: dict[str, list[Any]], size: int) -> list[Group]:
    """Split rows so that every property has one type per file, and type each column.

    Args:
        columns: property name -> one value per row (None: no property).
        size: the number of rows.

    Returns:
        ``(typed columns, row positions)`` per file: ``(name, type)`` pairs, and None for
        every row.
    """
    kinds = {k: t for k, col in columns.items() if (t := _kinds(col))}
    mixed = sorted(k for k, t in kinds.items() if len(t) > 1)
    if not mixed:
        return [([(k, next(iter(kinds[k]))) for k in sorted(kinds)], None)]
    by_signature: dict[tuple, list[int]] = defaultdict(list)
    for pos in range(size):
        sig = tuple(None if columns[k][pos] is None else _type_name(columns[k][pos])
                    for k in mixed)
        by_signature[sig].append(pos)
    out: list[Group] = []
    for sig, positions in by_signature.items():
        chosen = dict(zip(mixed, sig, strict=True))
        typed = [(k, chosen[k] if k in chosen else next(iter(kinds[k]))) for k in sorted(kinds)]
        out.append(([(k, t) for k, t in typed if t is not None], positions))
    return out


def _format(kind: str, values: list[Any]) -> list[str]:
    """A column's CSV fields (the common types without a call per value)."""
    if kind == "string":
        return ["" if v is None else '"' + v.replace('"', '""') + '"' for v in values]
    if kind == "long":
        return ["" if v is None else str(v) for v in values]
    if kind == "boolean":
        return ["" if v is None else ("true" if v else "false") for v in values]
    if kind == "date":
        return ["" if v is None else v.isoformat() for v in values]
    if kind == "double":
        return ["" if v is None else repr(v) if math.isfinite(v) else _text(v) for v in values]
    return [_text(v) for v in values]


def _safe(name: str) -> str:
    """A header name: property names are identifiers (``ingest.rows.property_name``)."""
    if not name or any(c in name for c in ':,"\n\r'):
        raise BulkError(f"property name {name!r} cannot stand in an import header")
    return name


class _Writer:
    def __init__(self, folder: Path, counts: BulkCounts) -> None:
        self.folder = folder
        self.counts = counts
        self.serial = 0

    def write(self, kind: str, name: str, lead: list[tuple[str, list[str]]],
              props: list[dict[str, Any]]) -> None:
        """One file per type signature of these records (``lead``: the id columns)."""
        names = set().union(*props)
        columns = {k: [p.get(k) for p in props] for k in names}
        for typed, positions in _groups(columns, len(props)):
            def pick(values: list[Any], positions: list[int] | None = positions) -> list[Any]:
                return values if positions is None else [values[i] for i in positions]

            self.serial += 1
            path = self.folder / f"{kind}-{name}-{self.serial:05d}.csv"
            header = [h for h, _ in lead] + [f"{_safe(n)}:{t}" for n, t in typed]
            fields = [_format("string", pick(values)) for _, values in lead]
            fields += [_format(t, pick(columns[n])) for n, t in typed]
            rows = len(fields[0])
            text = "\n".join(map(",".join, zip(*fields, strict=True)))
            # A value with a line break: the importer must be told which files hold one.
            multiline = "\r" in text or text.count("\n") != rows - 1
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(",".join(header) + "\n" + text + "\n")
            self.counts.files.append(ImportFile(kind, name, path, rows, multiline))


def _node_props(n: NodeRecord, source: str, run: str) -> dict[str, Any]:
    # As create_nodes.cypher: SET n += props, then the provenance over them.
    return {**n.props, "src_hash": n.hash, "src": f"{source}:{n.file}:{n.row}", "src_run": run}


def _rel_props(r: RelRecord, source: str, run: str) -> dict[str, Any]:
    # As create_rels.cypher: the key in the pattern, SET r += props, then provenance.
    return {"key": r.key, **r.props, "src_hash": r.hash, "src": f"{source}:{r.file}:{r.row}",
            "src_run": run}


def write_import_files(chunks: Iterable[Chunk], folder: Path, source: str,
                       run: str) -> BulkCounts:
    """Write settled chunks as ``neo4j-admin database import`` CSV files.

    Args:
        chunks: ``(nodes, rels)`` per chunk, settled (relationship end labels resolved:
            ``start_labels[0]``, ``end_labels[0]``); a node or relationship once in all.
        folder: where the files go (created; existing import files are not removed).
        source: the mapping's name, kept in ``src`` as the streaming writer does.
        run: the IngestRun id, kept in ``src_run``.

    Returns:
        Counts by label, type and source file, and the files written.

    Raises:
        BulkError: a value the importer cannot take (see :func:`_type_name`).
    """
    folder.mkdir(parents=True, exist_ok=True)
    counts = BulkCounts()
    out = _Writer(folder, counts)
    for nodes, rels in chunks:
        counts.chunks += 1
        by_label: dict[str, list[NodeRecord]] = defaultdict(list)
        for n in nodes:
            by_label[n.label].append(n)
        for label, group in sorted(by_label.items()):
            out.write("nodes", label, [(f"id:ID({label})", [n.id for n in group])],
                      [_node_props(n, source, run) for n in group])
            counts.nodes[label] += len(group)
            for n in group:
                counts.by_file[n.file]["nodes_created"] += 1
        by_type: dict[tuple[str, str, str], list[RelRecord]] = defaultdict(list)
        for r in rels:
            by_type[(r.type, r.start_labels[0], r.end_labels[0])].append(r)
        for (rel_type, start, end), group in sorted(by_type.items()):
            out.write("relationships", rel_type,
                      [(f":START_ID({start})", [r.start_id for r in group]),
                       (f":END_ID({end})", [r.end_id for r in group])],
                      [_rel_props(r, source, run) for r in group])
            counts.relationships[rel_type] += len(group)
            for r in group:
                counts.by_file[r.file]["relationships_created"] += 1
    return counts


def write_run_file(folder: Path, counts: BulkCounts, props: dict[str, Any]) -> ImportFile:
    """The IngestRun node of the bulk load, as ``ingest/run_start`` and ``run_finish`` leave it.

    Args:
        folder: the import folder.
        counts: the files written so far (the run's file is added).
        props: the run's properties (``id`` first among them).

    Returns:
        The file written.
    """
    out = _Writer(folder, counts)
    out.serial = len(counts.files)
    rest = {k: v for k, v in props.items() if k != "id"}
    out.write("nodes", "IngestRun", [("id:ID(IngestRun)", [props["id"]])], [rest])
    return counts.files[-1]


def import_arguments(counts: BulkCounts, folder: Path | None = None) -> list[str]:
    """The importer's options for these files (paths relative to ``folder`` when given).

    The database name and ``--overwrite-destination`` are the caller's.
    """
    def where(path: Path) -> str:
        return str(path.relative_to(folder)) if folder else str(path)

    args = [
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
        "--id-type=string",
        "--skip-duplicate-nodes=true",
    ]
    args += [f"--{f.kind}={f.name}={where(f.path)}" for f in counts.files]
    multiline = [where(f.path) for f in counts.files if f.multiline]
    if multiline:
        args += ["--multiline-fields-format=v2", f"--multiline-fields={','.join(multiline)}"]
    return args
