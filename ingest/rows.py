"""Stage 3: map validated rows to node and relationship records with stable ids.

Pure: no database. A row with any :class:`~ingest.validate.Problem` makes no records;
the pipeline quarantines it. Every record remembers its file and row (provenance) and a
hash of its properties, which the writer uses to skip unchanged data on a re-run.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graph import classification, record_ids
from ingest.mapping import Check, FieldSpec, FileSpec, RefSpec
from ingest.read import FILE, ROW
from ingest.validate import Problem, Typed, check_rows, convert, problems_for


@dataclass
class NodeRecord:
    """One node as a row makes it."""

    label: str
    id: str
    props: dict[str, Any]
    hash: str
    file: str
    row: int


@dataclass
class RelRecord:
    """One relationship as a row makes it; end labels are candidates until resolved."""

    type: str
    start_labels: tuple[str, ...]
    start_id: str
    end_labels: tuple[str, ...]
    end_id: str
    key: str
    props: dict[str, Any]
    hash: str
    file: str
    row: int

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """What makes two records the same relationship."""
        return (self.type, self.start_id, self.end_id, self.key)


@dataclass
class RefCheck:
    """A row's check against the node it refers to, done when references are settled."""

    check: Check
    ref: RefSpec
    ref_id: str
    values: dict[str, Any]  # the row's own operands, typed
    file: str
    row: int


@dataclass
class FileRecords:
    """Everything one source file produced."""

    spec: FileSpec
    file: str
    rows_read: int
    nodes: list[NodeRecord]
    rels: list[RelRecord]
    problems: list[Problem]
    rows: list[int]  # every readable row number, loaded or not
    ref_checks: list[RefCheck] = field(default_factory=list)


def column_hashes(columns: dict[str, list[Any]], rows: int, salt: str = "") -> list[str]:
    """Stable per-row fingerprints of several columns, vectorised.

    >>> a, b = column_hashes({"x": [1, 1, 2]}, 3)[:2], column_hashes({"x": [2]}, 1)
    >>> a[0] == a[1] != b[0]
    True

    pandas' ``hash_pandas_object`` uses a fixed key, so the same values give the same
    fingerprint in every run; values are compared by their text (dates, lists, None).

    Args:
        columns: property name -> one value per row.
        rows: number of rows (for a map without properties).
        salt: mixed into every fingerprint (e.g. the classification table's digest).

    Returns:
        16-hex-digit fingerprints, one per row.
    """
    frame = pd.DataFrame(
        {name: pd.Series(values, dtype=object).astype(str) for name, values in
         sorted(columns.items())},
        index=range(rows),
    )
    frame["__names__"] = "|".join(sorted(columns)) + salt
    hashed = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    return [f"{h:016x}" for h in hashed.tolist()]


_KEY = re.compile(r"[^0-9a-zA-Z_]+")


def property_name(column: str) -> str:
    """A tidy property name for an extra source column (``"Falls within"`` -> ``falls_within``)."""
    name = _KEY.sub("_", column.strip()).strip("_").lower()
    return name if name and not name[0].isdigit() else f"col_{name}"


def classification_digest(table: dict) -> str:
    """A short digest of the classification table: a new table re-classifies offences."""
    text = "|".join(f"{c.ho_code}:{c.category}:{c.sexual}:{c.rape}:{c.vawg}"
                    for c in sorted(table.values(), key=lambda c: c.ho_code))
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _enrich_offence(props: dict[str, Any], table: dict) -> None:
    # The classification table decides what counts as sexual, rape and VAWG;
    # a mapping may name a category (police.uk has crime types, not codes).
    found = classification.classify(props.get("ho_code"), table) if props.get("ho_code") else None
    if found:
        props["category"] = found.category
        props["offence_type"] = props.get("offence_type") or found.description
    elif not props.get("category"):
        props["category"] = classification.UNCLASSIFIED
    props["sexual"] = bool(found and found.sexual)
    props["rape"] = bool(found and found.rape)
    props["vawg"] = bool(found.vawg) if found else bool(props.get("vawg", False))
    props["classified"] = found is not None


class _Fields:
    """Typed values for every field of a file, typed once however often they are used."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.typed: dict[FieldSpec, Typed] = {}
        self.problems: list[Problem] = []
        self.by_column: dict[str, pd.Series] = {}

    def get(self, spec: FieldSpec, name: str) -> Typed:
        if spec not in self.typed:
            typed = convert(self.frame, spec)
            self.typed[spec] = typed
            self.problems.extend(problems_for(self.frame, spec.column or name, typed))
            if spec.column:
                self.by_column.setdefault(spec.column, typed.values)
        return self.typed[spec]


def _skipped(frame: pd.DataFrame, empty: tuple[str, ...], values: dict) -> pd.Series:
    skip = pd.Series(False, index=frame.index)
    for col in empty:
        if col in frame.columns:
            skip |= frame[col].str.strip() == ""
        else:
            skip |= True
    for col, vals in values.items():
        if col in frame.columns:
            skip |= frame[col].str.strip().isin(vals)
    return skip


def _unopenable_ids(frame: pd.DataFrame, node_values: list) -> list[Problem]:
    """Node ids no URL can carry (:mod:`graph.record_ids`), each a problem with the reason.

    Only ids holding a ``/``, a ``.`` part or a control character can fail: a vectorised
    test finds those few before each is checked.
    """
    out: list[Problem] = []
    for n, skip, ids, _props in node_values:
        if ids is None:
            continue
        text = ids.values.astype(object).where(ids.values.notna(), "").astype(str)
        maybe = ~skip & text.str.contains(r"/|^\.\.?$|[\x00-\x1f\x7f-\x9f]", regex=True)
        for label in frame.index[maybe.to_numpy()]:
            reason = record_ids.problem(text[label])
            if reason:
                out.append(Problem(str(frame.at[label, FILE]), int(frame.at[label, ROW]),
                                   n.id.column or "id", reason, text[label]))
    return out


def build_records(spec: FileSpec, frame: pd.DataFrame, table: dict | None = None) -> FileRecords:
    """Map one file's validated rows to records.

    Args:
        spec: the mapping's description of this file.
        frame: the file's rows as text (from :mod:`ingest.read`).
        table: offence classification (defaults to the configured table).

    Returns:
        Records for rows without problems, and the problems of the others.
    """
    table = classification.load() if table is None else table
    fields = _Fields(frame)
    node_values = []
    for n in spec.nodes:
        id_spec = n.id if n.id.required else _required(n.id)
        skip = _skipped(frame, n.skip_when_empty, n.skip_values)
        ids = fields.get(id_spec, "id") if not skip.all() else None
        props = {k: fields.get(f, k).values for k, f in n.properties.items()}
        node_values.append((n, skip, ids, props))
    rel_values = []
    for r in spec.relationships:
        skip = _skipped(frame, r.skip_when_empty, r.skip_values)
        start = fields.get(r.start.id if r.optional else _required(r.start.id), "from")
        end = fields.get(r.end.id if r.optional else _required(r.end.id), "to")
        props = {k: fields.get(f, k).values for k, f in r.properties.items()}
        rel_values.append((r, skip, start, end, props))
    problems = list(fields.problems) + _unopenable_ids(frame, node_values)
    for check in spec.checks:
        if not check.refs:
            problems.extend(check_rows(frame, fields.by_column, check))
    # A required id that is empty only because the node is skipped is no problem.
    skipped_rows = _skip_exempt(frame, node_values)
    problems = [p for p in problems if (p.row, p.column) not in skipped_rows]
    bad_rows = {p.row for p in problems}
    extras = _extra_columns(spec, frame)
    rows = frame[ROW].astype(int).tolist()
    files = frame[FILE].astype(str).tolist()
    # Plain lists: indexing a pandas Series once per row and field is the slow part.
    node_values = [
        (n, skip.tolist(), ids.values.tolist() if ids is not None else None,
         {k: v.tolist() for k, v in props.items()})
        for n, skip, ids, props in node_values
    ]
    rel_values = [
        (r, skip.tolist(), start.values.tolist(), end.values.tolist(),
         {k: v.tolist() for k, v in props.items()})
        for r, skip, start, end, props in rel_values
    ]
    extras = {name: [v or None for v in col.tolist()] for name, col in extras.items()}
    salt = classification_digest(table)
    node_hashes = [
        column_hashes({**props, **(extras if i == 0 else {})}, len(rows),
                      salt if n.label == "Offence" else "")
        for i, (n, _skip, _ids, props) in enumerate(node_values)
    ]
    rel_hashes = [column_hashes(props, len(rows)) for *_, props in rel_values]
    nodes: list[NodeRecord] = []
    rels: list[RelRecord] = []
    for pos, (row, file) in enumerate(zip(rows, files, strict=True)):
        if row in bad_rows:
            continue
        for i, (n, skip, ids, props) in enumerate(node_values):
            if skip[pos] or ids is None:
                continue
            values = {k: v[pos] for k, v in props.items()}
            if i == 0:
                values.update({name: col[pos] for name, col in extras.items()})
            if n.label == "Offence":
                _enrich_offence(values, table)
            node_id = str(ids[pos])
            nodes.append(NodeRecord(n.label, node_id, values, node_hashes[i][pos], file, row))
        for j, (r, skip, start, end, props) in enumerate(rel_values):
            a, b = start[pos], end[pos]
            if skip[pos] or a is None or b is None:
                continue
            values = {k: v[pos] for k, v in props.items()}
            key = "|".join(f"{k}={values.get(k)}" for k in r.key)
            rels.append(
                RelRecord(
                    r.type,
                    r.start.labels,
                    str(a),
                    r.end.labels,
                    str(b),
                    key,
                    values,
                    rel_hashes[j][pos],
                    file,
                    row,
                )
            )
    return FileRecords(
        spec, files[0] if files else spec.name, len(frame), nodes, rels, problems, rows,
        _ref_checks(spec, frame, fields, bad_rows),
    )


def _ref_checks(spec: FileSpec, frame: pd.DataFrame, fields: _Fields,
                bad_rows: set[int]) -> list[RefCheck]:
    """The checks against referenced nodes, one per good row that names its node."""
    out: list[RefCheck] = []
    if not any(c.refs for c in spec.checks):
        return out

    def values(column: str) -> list[Any]:
        if column in fields.by_column:
            return fields.by_column[column].tolist()
        if column not in frame.columns:
            return [None] * len(frame)
        return [v.strip() or None for v in frame[column].tolist()]

    rows = frame[ROW].astype(int).tolist()
    files = frame[FILE].astype(str).tolist()
    for check in spec.checks:
        if not check.refs:
            continue
        ref = spec.refs[next(iter(check.refs))]
        ids = values(ref.column)
        own = {c: values(c) for c in check.columns if "." not in c}
        for pos, row in enumerate(rows):
            if row in bad_rows or not ids[pos]:
                continue
            out.append(RefCheck(check, ref, str(ids[pos]), {c: v[pos] for c, v in own.items()},
                                files[pos], row))
    return out


def _required(spec: FieldSpec) -> FieldSpec:
    return FieldSpec(**{**spec.__dict__, "required": True})


def _skip_exempt(frame: pd.DataFrame, node_values: list) -> set[tuple[int, str]]:
    exempt: set[tuple[int, str]] = set()
    for n, skip, _ids, _props in node_values:
        if skip.any():
            col = n.id.column or "id"
            exempt.update((int(r), col) for r in frame.loc[skip, ROW])
    return exempt


def _extra_columns(spec: FileSpec, frame: pd.DataFrame) -> dict[str, pd.Series]:
    if not spec.keep_extra_columns or not spec.nodes:
        return {}
    used = spec.used_columns | {ROW, FILE}
    taken = set(spec.nodes[0].properties)
    extras = {}
    for col in frame.columns:
        if col in used:
            continue
        name = property_name(col)
        if name in taken or name in ("id", "src_hash"):
            name = f"extra_{name}"
        extras[name] = frame[col].str.strip()
    return extras
