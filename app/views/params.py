"""Query-string parameters for the views: typed, bounded, and a clear message when not.

Each raises ``ValueError``, which the app's error handler (:mod:`app.views`) turns into a 400
in the one error shape; :func:`as_of_arg` aborts with the 400 itself.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, request


def as_of_arg(name: str = "as_of") -> dt.date:
    """The ``as_of`` query parameter (default today), or a 400 saying what is wrong."""
    value = request.args.get(name) or ""
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        abort(400, f"{name} must be a date in the form YYYY-MM-DD, not {value!r}")


def date_arg(name: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` query parameter, or None when absent."""
    raw = request.args.get(name, "").strip()
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {raw!r}") from None


def int_arg(name: str, default: int | None, low: int, high: int) -> int | None:
    """A whole-number query parameter within ``low..high`` (``default`` when absent)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}")
    return value


def float_arg(name: str, default: float, low: float, high: float) -> float:
    """A number query parameter within ``low..high`` (``default`` when absent)."""
    raw = request.args.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name} must be a number, not {raw!r}") from None
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}")
    return value
