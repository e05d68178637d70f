"""Stage 2: type and check every value, column by column (vectorised with pandas).

Each field of a mapping becomes a typed column. A value that cannot be typed, a missing
required value and a failed row check each become a :class:`Problem` naming the file,
row, column and reason; the pipeline quarantines every row that has one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from graph import limits
from ingest import intel_fields
from ingest.mapping import Check, FieldSpec, date_bound
from ingest.read import FILE, ROW

TRUE = {"true", "t", "yes", "y", "1"}
FALSE = {"false", "f", "no", "n", "0"}


@dataclass(frozen=True)
class Problem:
    """Why one row of one file was quarantined."""

    file: str
    row: int
    column: str
    reason: str
    value: str = ""


@dataclass
class Typed:
    """A field's values for every row, and the rows where it failed.

    ``bad`` marks every failed row; ``missing`` the subset that failed because a required
    value was empty (reported as ``missing_reason`` rather than ``reason``).
    """

    values: pd.Series
    bad: pd.Series
    reason: str | pd.Series = ""  # one reason, or one per row
    missing: pd.Series | None = None
    missing_reason: str = ""


def _text(frame: pd.DataFrame, column: str | None) -> pd.Series:
    if column is None:
        return pd.Series("", index=frame.index, dtype=object)
    if column not in frame.columns:
        # An optional column that is absent reads as empty everywhere.
        return pd.Series("", index=frame.index, dtype=object)
    # Columns are object arrays of str from the reader; astype(str) would make Arrow strings,
    # which are slow to iterate row by row later.
    return frame[column].str.strip()


def normalise_identifier(kind: str, value: str) -> str:
    """Canonical form of a phone number, vehicle registration or email, for matching.

    >>> normalise_identifier("phone", "+44 (0)7700 900-123")
    '4407700900123'
    >>> normalise_identifier("vehicle", "ab12 cde")
    'AB12CDE'
    """
    kind = kind.lower()
    if kind == "phone":
        return re.sub(r"\D", "", value)
    if kind == "vehicle":
        return re.sub(r"[^A-Za-z0-9]", "", value).upper()
    return value.strip().lower()


def _identifier_ids(frame: pd.DataFrame, values: pd.Series, normalise: str) -> pd.Series:
    # ``normalise: phone`` (a fixed kind) or ``normalise: column:kind`` (kind per row): the id
    # of an identifier is its kind and normalised value, so every source shares one node.
    # ``value:`` before either gives the normalised value alone, without the kind.
    bare = normalise.startswith("value:")
    normalise = normalise.removeprefix("value:")
    if normalise.startswith("column:"):
        kinds = _text(frame, normalise.split(":", 1)[1]).str.lower()
    else:
        kinds = pd.Series(normalise, index=frame.index)
    out = []
    for kind, value in zip(kinds, values, strict=True):
        clean = normalise_identifier(kind, value) if value else ""
        out.append(clean if bare or not clean else f"{kind}:{clean}")
    return pd.Series(out, index=frame.index, dtype=object)


def stable_hash(*parts: str) -> str:
    """A short deterministic id from source key values (re-imports never duplicate)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _bound_reason(bound: object, day: dt.date, early: bool) -> str:
    """Why a date before ``min`` (``early``) or after ``max`` is refused."""
    if not early and str(bound).strip().lower() == "today":
        return "date is in the future"
    side = "before" if early else "after"
    if bound is None:
        return (f"date is {side} {day.isoformat()}, outside the supported range "
                f"{limits.DATE_MIN.isoformat()} to {limits.DATE_MAX.isoformat()}")
    if "ago" in str(bound):
        return f"date is {side} {day.isoformat()}, more than {bound}"
    return f"date is {side} {day.isoformat()}, the {'earliest' if early else 'latest'} accepted"


def _dates(raw: pd.Series, empty: pd.Series, spec: FieldSpec) -> Typed:
    fmt = spec.format or "%Y-%m-%d"
    parsed = pd.to_datetime(raw.where(~empty), format=fmt, errors="coerce")
    bad = ~empty & parsed.isna()
    reason = f"not a date in the form {'YYYY-MM-DD' if fmt == '%Y-%m-%d' else fmt}"
    reasons = pd.Series(reason, index=raw.index, dtype=object)
    # Implausible dates (a date of birth in 1650, an offence in year 1) are refused too:
    # the mapping's min and max, and never outside the supported range.
    today = dt.date.today()
    for bound, default, early in ((spec.min, limits.DATE_MIN, True),
                                  (spec.max, limits.DATE_MAX, False)):
        day = date_bound(bound, today, default)
        day = max(day, limits.DATE_MIN) if early else min(day, limits.DATE_MAX)
        limit = pd.Timestamp(day)
        outside = ~bad & ~empty & ((parsed < limit) if early else (parsed > limit))
        reasons[outside] = _bound_reason(bound, day, early)
        bad = bad | outside
    return Typed(_date_objects(parsed, bad), bad, reasons)


def _objects(values: pd.Series, keep: pd.Series, cast=None) -> pd.Series:
    """Python objects where ``keep``, ``None`` elsewhere (never NaN: Neo4j gets nulls)."""
    return pd.Series(
        [(cast(v) if cast else v) if k else None for v, k in zip(values, keep, strict=True)],
        index=values.index,
        dtype=object,
    )


def _date_objects(parsed: pd.Series, bad: pd.Series) -> pd.Series:
    return _objects(parsed, parsed.notna() & ~bad, lambda ts: ts.date())


def _numbers(raw: pd.Series, empty: pd.Series, spec: FieldSpec) -> Typed:
    num = pd.to_numeric(raw.where(~empty), errors="coerce")
    bad = ~empty & num.isna()
    reasons = pd.Series("not a number", index=raw.index, dtype=object)
    if spec.type == "int":
        frac = ~bad & ~empty & (num % 1 != 0)
        reasons[frac] = "not a whole number"
        bad = bad | frac
    out_of_range = pd.Series(False, index=raw.index)
    if spec.min is not None:
        out_of_range |= ~bad & ~empty & (num < float(spec.min))
    if spec.max is not None:
        out_of_range |= ~bad & ~empty & (num > float(spec.max))
    low_end = spec.min if spec.min is not None else (
        f"above {spec.above:g}" if spec.above is not None else "no minimum")
    reasons[out_of_range] = f"outside the range {low_end} to {spec.max}"
    bad = bad | out_of_range
    if spec.above is not None:
        low = ~bad & ~empty & (num <= float(spec.above))
        reasons[low] = f"not above {spec.above:g}"
        bad = bad | low
    values = _objects(num, ~bad & ~empty, int if spec.type == "int" else float)
    return Typed(values, bad, reasons)


def convert(frame: pd.DataFrame, spec: FieldSpec) -> Typed:
    """Type one field over every row of a file.

    Args:
        frame: the file's rows as text.
        spec: how the field is read.

    Returns:
        The typed values (``None`` where empty) and a mask of failed rows with the reason.
    """
    if spec.const is not None and spec.column is None and not spec.hash:
        values = pd.Series([spec.const] * len(frame), index=frame.index, dtype=object)
        return Typed(values, pd.Series(False, index=frame.index))
    if spec.type == "grading":
        values, reasons = intel_fields.grading_values(frame, spec.normalise or "whole",
                                                      spec.parts or intel_fields.GRADING_COLUMNS)
        return _typed_from(frame, values, reasons)
    raw = _text(frame, spec.column)
    if spec.type == "behaviour":
        return _typed_from(frame, *intel_fields.behaviour_values(raw))
    if spec.map:
        replace = dict(spec.map)
        raw = raw.map(lambda v: replace.get(v, v))
    empty = raw == ""
    if spec.hash:
        # An id made from key columns where the source has none (or has it empty).
        keyed = frame[list(spec.hash)].astype(str).agg("\x1f".join, axis=1) if len(frame) else raw
        hashed = keyed.map(lambda s: stable_hash(s))
        raw = raw.where(~empty, hashed)
        empty = raw == ""
    missing = empty if spec.required else pd.Series(False, index=frame.index)
    if spec.type == "date":
        typed = _dates(raw, empty, spec)
    elif spec.type in ("float", "int"):
        typed = _numbers(raw, empty, spec)
    elif spec.type == "bool":
        low = raw.str.lower()
        bad = ~empty & ~low.isin(TRUE | FALSE)
        typed = Typed(_objects(low, ~bad & ~empty, lambda v: v in TRUE), bad, "not true or false")
    elif spec.type == "enum":
        low = raw.str.lower()
        bad = ~empty & ~low.isin(spec.values)
        typed = Typed(_objects(low, ~bad & ~empty), bad, f"not one of {', '.join(spec.values)}")
    elif spec.type == "list":
        split = raw.map(lambda v: [p.strip() for p in v.split(spec.sep) if p.strip()])
        bad = pd.Series(False, index=frame.index)
        reason: str | pd.Series = ""
        if spec.values:
            # A list from a fixed vocabulary: every item must be in it (compared lower-cased).
            split = split.map(lambda items: [i.lower() for i in items])
            unknown = split.map(lambda items: [i for i in items if i not in spec.values])
            bad = unknown.map(bool)
            reason = unknown.map(lambda u: f"unknown value {u[0]!r}: use one of "
                                 f"{', '.join(spec.values)}" if u else "")
        typed = Typed(_objects(split, ~empty & ~bad), bad, reason)
    else:
        text = raw.str.upper().str.replace(" ", "", regex=False) if spec.type == "code" else raw
        if spec.normalise == "upper":
            text = text.str.upper().str.replace(r"\s+", " ", regex=True)
        unusable = pd.Series(False, index=frame.index)
        if spec.normalise and spec.normalise != "upper":
            text = _identifier_ids(frame, text, spec.normalise)
            unusable = ~empty & (text == "")
        if spec.template:
            text = text.map(lambda v: spec.template.format(v) if v else v)
        typed = Typed(_objects(text, text != ""), unusable, "not a usable identifier value")
    if missing.any():
        typed.bad = typed.bad | missing
        typed.missing = missing
        typed.missing_reason = f"missing {spec.column or '/'.join(spec.hash)}"
    return typed


def _typed_from(frame: pd.DataFrame, values: list, reasons: list[str]) -> Typed:
    """A :class:`Typed` from per-row values and refusal reasons (empty: not refused)."""
    bad = pd.Series([bool(r) for r in reasons], index=frame.index)
    return Typed(pd.Series(values, index=frame.index, dtype=object), bad,
                 pd.Series(reasons, index=frame.index, dtype=object))


def problems_for(frame: pd.DataFrame, column: str, typed: Typed) -> list[Problem]:
    """The :class:`Problem` rows of one typed field."""
    out: list[Problem] = []
    if not typed.bad.any():
        return out
    missing = typed.missing if typed.missing is not None else typed.bad & False
    raw = _text(frame, column if column in frame.columns else None)
    for idx in np.flatnonzero(typed.bad.to_numpy()):
        label = frame.index[idx]
        if missing.iloc[idx]:
            reason = typed.missing_reason
        elif isinstance(typed.reason, pd.Series):
            reason = str(typed.reason.iloc[idx])
        else:
            reason = typed.reason
        out.append(
            Problem(
                file=str(frame.at[label, FILE]),
                row=int(frame.at[label, ROW]),
                column=column,
                reason=reason,
                value=str(raw.iloc[idx]),
            )
        )
    return out


def check_rows(frame: pd.DataFrame, typed: dict[str, pd.Series], check: Check) -> list[Problem]:
    """Apply one row-level check (``before``: a <= b; ``different``: a != b; ``same``: a == b;
    ``required``: every column given where the row matches ``when``)."""
    if check.kind == "required":
        return _check_required(frame, check)
    a_name, b_name = check.columns
    a, b = typed.get(a_name), typed.get(b_name)
    if a is None or b is None:
        return []
    both = a.notna() & b.notna()
    if check.kind == "before":
        fails = both & pd.Series(
            [x > y if ok else False for x, y, ok in zip(a, b, both, strict=True)], index=a.index
        )
    else:
        fails = both & ((a != b) if check.kind == "same" else (a == b))
    reason = check.message or default_message(check)
    return [
        Problem(
            file=str(frame.at[i, FILE]),
            row=int(frame.at[i, ROW]),
            column=b_name,
            reason=reason,
            value=str(b[i]),
        )
        for i in frame.index[fails.to_numpy()]
    ]


def compare(kind: str, a: object, b: object) -> bool | None:
    """Whether a pair passes a ``before``/``different``/``same`` check (None: not checked).

    >>> compare("before", 1, 2), compare("same", "a", "b"), compare("before", None, 2)
    (True, False, None)
    """
    if a is None or b is None:
        return None
    if kind == "same":
        return a == b
    if kind == "different":
        return a != b
    try:
        return a <= b
    except TypeError:  # values of different kinds (a date and a text): nothing to compare
        return None


def default_message(check: Check) -> str:
    """The reason a failed check gives when the mapping names none."""
    a, b = check.columns[:2] if len(check.columns) > 1 else (check.columns[0], "")
    return {
        "before": f"{b} is before {a}",
        "same": f"{a} and {b} differ",
        "different": f"{a} and {b} are the same",
    }.get(check.kind, "missing " + ", ".join(check.columns))


def _check_required(frame: pd.DataFrame, check: Check) -> list[Problem]:
    applies = pd.Series(True, index=frame.index)
    for column, values in check.when:
        applies &= _text(frame, column).str.lower().isin(values)
    problems = []
    for column in check.columns:
        raw = _text(frame, column)
        missing = applies & (raw == "")
        reason = check.message or f"missing {column}"
        problems += [
            Problem(str(frame.at[i, FILE]), int(frame.at[i, ROW]), column, reason, "")
            for i in frame.index[missing.to_numpy()]
        ]
    return problems
