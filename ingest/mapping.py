"""Declarative mappings from a source export to linkwatch's graph model.

A mapping is YAML in ``ingest/mappings/<name>.yaml`` (or any file given by path). It lists
the source files it reads and, for each, the nodes and relationships one row makes and
how each property is taken from the row. The canonical folder is just another mapping.

Example (the shape of every mapping)::

    name: canonical
    files:
      - name: offence_subjects
        pattern: offence_subjects
        relationships:
          - type: NAMED_IN
            from: {label: Subject, id: {column: subject_id}}
            to: {label: Offence, id: {column: offence_id}}
            key: [role]
            properties:
              role: {column: role, type: enum, values: [suspect, offender, other]}
              named_on: {column: named_on, type: date}
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph import limits, model
from ingest.intel_fields import GRADING_COLUMNS

MAPPING_DIR = Path(__file__).with_name("mappings")

FIELD_TYPES = {"string", "date", "float", "int", "bool", "enum", "list", "code", "grading",
               "behaviour"}


class MappingError(ValueError):
    """A mapping file is malformed; the message says where."""


@dataclass(frozen=True)
class FieldSpec:
    """How one value is taken from a row.

    Attributes:
        column: source column (``None`` for a constant).
        type: one of :data:`FIELD_TYPES`.
        required: an empty value quarantines the row.
        const: a fixed value instead of a column.
        template: format string applied to the cleaned text, ``{}`` is the value.
        format: ``strptime`` format for dates when not ISO.
        values: allowed values for ``enum`` (compared lower-cased).
        map: replace source values (after stripping) before typing.
        min: lowest allowed number; max: highest. For a date: ``today``, a date
            (``1900-01-01``) or ``N years ago`` (see :func:`date_bound`); a date without
            them must still lie in the supported range, 1900-01-01 to 2100-12-31.
        above: the number must be strictly greater (e.g. a radius above 0).
        sep: list separator.
        hash: columns whose values are hashed into a stable id when ``column`` is empty.
        normalise: for ``code``: ``upper``; for identifiers: ``identifier``; for a
            ``grading``: the part (``whole``, ``source``, ``intel``, ``handling``).
        parts: for a ``grading``: the columns of the one string and of the three parts
            (:mod:`ingest.intel_fields`); a ``behaviour`` is read through the taxonomy.
    """

    column: str | None = None
    type: str = "string"
    required: bool = False
    const: Any = None
    template: str | None = None
    format: str | None = None
    values: tuple[str, ...] = ()
    map: tuple[tuple[str, str], ...] = ()
    min: float | str | dt.date | None = None
    max: float | str | dt.date | None = None
    above: float | None = None
    sep: str = ";"
    hash: tuple[str, ...] = ()
    normalise: str | None = None
    parts: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        """Source columns this field reads."""
        cols = [self.column] if self.column else []
        return cols + [c for c in (*self.hash, *self.parts) if c not in cols]


@dataclass(frozen=True)
class Endpoint:
    """One end of a relationship: candidate labels and how its id is made."""

    labels: tuple[str, ...]
    id: FieldSpec


@dataclass(frozen=True)
class NodeSpec:
    """A node made from each row."""

    label: str
    id: FieldSpec
    properties: dict[str, FieldSpec]
    skip_when_empty: tuple[str, ...] = ()
    skip_values: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class RelSpec:
    """A relationship made from each row (skipped when an ``optional`` end is empty)."""

    type: str
    start: Endpoint
    end: Endpoint
    properties: dict[str, FieldSpec]
    key: tuple[str, ...] = ()
    optional: bool = False
    skip_when_empty: tuple[str, ...] = ()
    skip_values: dict[str, tuple[str, ...]] = field(default_factory=dict)


CHECK_KINDS = ("before", "different", "same", "required")


@dataclass(frozen=True)
class Check:
    """A row-level rule.

    Kinds: ``before`` (a <= b, when both are given), ``different`` (a != b), ``same``
    (a == b, when both are given), ``required`` (every column given, when the row matches
    ``when``: column -> allowed values, compared lower-cased, ``""`` for empty).

    An operand ``ref.property`` names a property of the node the row refers to through
    the file's ``refs`` (e.g. ``order.start_date``: the start date of the row's order, in
    this run or already in the database). Such checks run when references are settled.
    """

    kind: str
    columns: tuple[str, ...]
    message: str
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def refs(self) -> set[str]:
        """The names of the references this check reads (empty for a plain row check)."""
        return {c.split(".", 1)[0] for c in self.columns if "." in c}


@dataclass(frozen=True)
class RefSpec:
    """A node a row refers to by one of its columns, for checks across records."""

    label: str
    column: str


@dataclass(frozen=True)
class FileSpec:
    """One source file (or a set of files matching ``pattern``)."""

    name: str
    pattern: str
    nodes: tuple[NodeSpec, ...] = ()
    relationships: tuple[RelSpec, ...] = ()
    checks: tuple[Check, ...] = ()
    refs: dict[str, RefSpec] = field(default_factory=dict)
    keep_extra_columns: bool = True
    duplicates: str = "quarantine"  # or "keep_all": repeated ids become id~2, id~3 ...
    delimiter: str = ","

    @property
    def used_columns(self) -> set[str]:
        """Every source column the mapping reads."""
        cols: set[str] = set()
        for n in self.nodes:
            cols.update(n.id.columns)
            for f in n.properties.values():
                cols.update(f.columns)
        for r in self.relationships:
            cols.update(r.start.id.columns)
            cols.update(r.end.id.columns)
            for f in r.properties.values():
                cols.update(f.columns)
        for c in self.checks:
            cols.update(x for x in c.columns if "." not in x)
            cols.update(col for col, _ in c.when)
        cols.update(ref.column for ref in self.refs.values())
        return cols

    @property
    def required_columns(self) -> set[str]:
        """Columns that must be in the header: ids, and any required field's column."""
        cols: set[str] = set()
        for n in self.nodes:
            cols.update(c for c in [n.id.column] if c)
            cols.update(f.column for f in n.properties.values() if f.required and f.column)
        for r in self.relationships:
            for end in (r.start, r.end):
                if end.id.column and not r.optional:
                    cols.add(end.id.column)
        return cols


@dataclass(frozen=True)
class Mapping:
    """A whole mapping: its name and files, in load order."""

    name: str
    files: tuple[FileSpec, ...]
    description: str = ""
    source: str = ""

    def file(self, name: str) -> FileSpec:
        """The file spec called ``name``."""
        for f in self.files:
            if f.name == name:
                return f
        raise KeyError(name)


_YEARS_AGO = re.compile(r"^(\d+) years? ago$")


def date_bound(bound: str | dt.date | None, today: dt.date, default: dt.date) -> dt.date:
    """The date a date field's ``min`` or ``max`` stands for on ``today``.

    >>> day = dt.date(2026, 2, 28)
    >>> date_bound("110 years ago", day, limits.DATE_MIN), date_bound("today", day, None)
    (datetime.date(1916, 2, 28), datetime.date(2026, 2, 28))
    >>> date_bound(None, day, limits.DATE_MAX), date_bound("1900-01-01", day, None)
    (datetime.date(2100, 12, 31), datetime.date(1900, 1, 1))

    Raises:
        ValueError: not ``today``, a ``YYYY-MM-DD`` date or ``N years ago``.
    """
    if bound is None:
        return default
    if isinstance(bound, dt.date):
        return bound
    text = str(bound).strip().lower()
    if text == "today":
        return today
    ago = _YEARS_AGO.match(text)
    if ago:
        year = today.year - int(ago.group(1))
        try:
            return today.replace(year=year)
        except ValueError:  # 29 February, in a year that had none
            return today.replace(year=year, day=28)
    return dt.date.fromisoformat(text)


def _field(raw: Any, where: str) -> FieldSpec:
    if isinstance(raw, str):
        raw = {"column": raw}
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: expected a column name or a mapping, got {raw!r}")
    unknown = set(raw) - set(FieldSpec.__dataclass_fields__)
    if unknown:
        raise MappingError(f"{where}: unknown keys {sorted(unknown)}")
    kind = raw.get("type", "string")
    if kind not in FIELD_TYPES:
        raise MappingError(f"{where}: unknown type {kind!r}")
    if raw.get("column") is None and "const" not in raw and not raw.get("hash"):
        raise MappingError(f"{where}: needs a column, a const or a hash")
    values = _values(raw.get("values", ()), where)
    if kind == "enum" and not values:
        raise MappingError(f"{where}: enum needs values")
    if kind == "date":
        for key in ("min", "max"):
            try:
                date_bound(raw.get(key), dt.date.today(), limits.DATE_MIN)
            except (ValueError, TypeError):
                raise MappingError(
                    f"{where}: {key} {raw.get(key)!r} is not today, a YYYY-MM-DD date or "
                    "'N years ago'"
                ) from None
    return FieldSpec(
        column=raw.get("column"),
        type=kind,
        required=bool(raw.get("required", False)),
        const=raw.get("const"),
        template=raw.get("template"),
        format=raw.get("format"),
        values=values,
        map=tuple((str(k), str(v)) for k, v in (raw.get("map") or {}).items()),
        min=raw.get("min"),
        max=raw.get("max"),
        above=raw.get("above"),
        sep=raw.get("sep", ";"),
        hash=tuple(raw.get("hash", ())),
        normalise=raw.get("normalise"),
        parts=tuple(raw.get("parts", GRADING_COLUMNS if kind == "grading" else ())),
    )


def _values(raw: Any, where: str) -> tuple[str, ...]:
    """A field's allowed values: a list, or ``config:<name>`` for a configured list."""
    if isinstance(raw, str):
        if raw != "config:location_factors":
            raise MappingError(f"{where}: values {raw!r} is not a list (or "
                               "config:location_factors)")
        from graph.location_reports.factors import factor_names

        return factor_names()
    return tuple(str(v).lower() for v in raw)


def _props(raw: dict[str, Any] | None, where: str) -> dict[str, FieldSpec]:
    return {str(k): _field(v, f"{where}.{k}") for k, v in (raw or {}).items()}


def _skip_values(raw: dict[str, Any] | None) -> dict[str, tuple[str, ...]]:
    return {str(k): tuple(str(x) for x in v) for k, v in (raw or {}).items()}


def _labels(raw: Any, where: str) -> tuple[str, ...]:
    labels = tuple(raw) if isinstance(raw, list) else (raw,)
    try:
        return tuple(model.checked_label(x) for x in labels)
    except ValueError as exc:
        raise MappingError(f"{where}: {exc}") from None


def _endpoint(raw: dict[str, Any], where: str) -> Endpoint:
    if not isinstance(raw, dict) or "label" not in raw or "id" not in raw:
        raise MappingError(f"{where}: needs label and id")
    id_spec = _field(raw["id"], f"{where}.id")
    return Endpoint(labels=_labels(raw["label"], where), id=id_spec)


def _file(raw: dict[str, Any], index: int) -> FileSpec:
    where = f"files[{index}]"
    if "name" not in raw:
        raise MappingError(f"{where}: needs a name")
    where = f"file {raw['name']}"
    nodes = []
    for i, n in enumerate(raw.get("nodes", [])):
        w = f"{where}.nodes[{i}]"
        nodes.append(
            NodeSpec(
                label=_labels(n.get("label"), w)[0],
                id=_field(n["id"], f"{w}.id"),
                properties=_props(n.get("properties"), w),
                skip_when_empty=tuple(n.get("skip_when_empty", ())),
                skip_values=_skip_values(n.get("skip_values")),
            )
        )
    rels = []
    for i, r in enumerate(raw.get("relationships", [])):
        w = f"{where}.relationships[{i}]"
        try:
            rel_type = model.checked_rel_type(r.get("type", ""))
        except ValueError as exc:
            raise MappingError(f"{w}: {exc}") from None
        props = _props(r.get("properties"), w)
        key = tuple(r.get("key", ()))
        missing = [k for k in key if k not in props]
        if missing:
            raise MappingError(f"{w}: key names unknown properties {missing}")
        rels.append(
            RelSpec(
                type=rel_type,
                start=_endpoint(r.get("from"), f"{w}.from"),
                end=_endpoint(r.get("to"), f"{w}.to"),
                properties=props,
                key=key,
                optional=bool(r.get("optional", False)),
                skip_when_empty=tuple(r.get("skip_when_empty", ())),
                skip_values=_skip_values(r.get("skip_values")),
            )
        )
    refs = {}
    for name, r in (raw.get("refs") or {}).items():
        if not isinstance(r, dict) or "label" not in r or "column" not in r:
            raise MappingError(f"{where}: ref {name!r} needs label and column")
        refs[str(name)] = RefSpec(label=_labels(r["label"], where)[0], column=str(r["column"]))
    checks = [_check(c, refs, where) for c in raw.get("checks", [])]
    duplicates = raw.get("duplicates", "quarantine")
    if duplicates not in ("quarantine", "keep_all"):
        raise MappingError(f"{where}: duplicates must be quarantine or keep_all")
    return FileSpec(
        name=str(raw["name"]),
        pattern=str(raw.get("pattern", raw["name"])),
        nodes=tuple(nodes),
        relationships=tuple(rels),
        checks=tuple(checks),
        refs=refs,
        keep_extra_columns=bool(raw.get("keep_extra_columns", True)),
        duplicates=duplicates,
        delimiter=str(raw.get("delimiter", ",")),
    )


def _check(raw: dict[str, Any], refs: dict[str, RefSpec], where: str) -> Check:
    kind = next((k for k in CHECK_KINDS if k in raw), None)
    columns = raw.get(kind) if kind else None
    pair = kind != "required"
    if not isinstance(columns, list) or (len(columns) != 2 if pair else not columns):
        raise MappingError(
            f"{where}: a check needs before|different|same: [a, b] or required: [columns]"
        )
    named = {c.split(".", 1)[0] for c in columns if "." in c}
    if named - set(refs):
        raise MappingError(f"{where}: a check names unknown refs {sorted(named - set(refs))}")
    if len(named) > 1 or (named and kind == "required"):
        raise MappingError(f"{where}: a check may read one ref, and only in a comparison")
    when = raw.get("when") or {}
    if not isinstance(when, dict) or (when and kind != "required"):
        raise MappingError(f"{where}: when (column: [values]) goes with a required check")
    return Check(
        kind=kind,
        columns=tuple(str(c) for c in columns),
        message=str(raw.get("message", "")),
        when=tuple(
            (str(col), tuple("" if v is None else str(v).lower() for v in values))
            for col, values in when.items()
        ),
    )


def parse_mapping(raw: dict[str, Any], source: str = "") -> Mapping:
    """Build a :class:`Mapping` from parsed YAML, checking every part.

    Args:
        raw: the parsed YAML document.
        source: where it came from, for messages.

    Returns:
        The mapping.

    Raises:
        MappingError: with the place of the first problem.
    """
    if not isinstance(raw, dict) or "name" not in raw or not raw.get("files"):
        raise MappingError(f"{source or 'mapping'}: needs a name and a list of files")
    return Mapping(
        name=str(raw["name"]),
        description=str(raw.get("description", "")),
        files=tuple(_file(f, i) for i, f in enumerate(raw["files"])),
        source=source,
    )


def load_mapping(name_or_file: str) -> Mapping:
    """Load a shipped mapping by name (``canonical``, ``pole``, ``police_uk``) or a YAML path.

    Raises:
        MappingError: unknown name, unreadable file or malformed mapping.
    """
    path = Path(name_or_file)
    if not path.suffix:
        path = MAPPING_DIR / f"{name_or_file}.yaml"
    if not path.is_file():
        shipped = ", ".join(sorted(p.stem for p in MAPPING_DIR.glob("*.yaml")))
        raise MappingError(f"no mapping {name_or_file!r} (shipped: {shipped})")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MappingError(f"{path}: not valid YAML: {exc}") from None
    return parse_mapping(raw, source=str(path))
