"""Query-string parameters for the views: typed, bounded, and a clear message when not.

Each raises ``ValueError``, which the app's error handler (:mod:`app.views`) turns into a 400
in the one error shape; :func:`as_of_arg` aborts with the 400 itself. Dates and free text
are bounded by :mod:`graph.limits` (dates 1900-01-01 to 2100-12-31, text 2,000
characters), the same limits the domain applies to what the API and the forms send.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, request

from graph.limits import TEXT_LIMIT, check_text, parse_date


def as_of_arg(name: str = "as_of") -> dt.date:
    """The ``as_of`` query parameter (default today), or a 400 saying what is wrong."""
    value = request.args.get(name, "").strip()
    if not value:
        return dt.date.today()
    try:
        return parse_date(name, value)
    except ValueError as exc:
        abort(400, str(exc))


def date_arg(name: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` query parameter in the supported range, or None when absent."""
    raw = request.args.get(name, "").strip()
    return parse_date(name, raw) if raw else None


def text_field(name: str, value: str | None, limit: int = TEXT_LIMIT) -> str:
    """A free-text value from a form or a JSON body, stripped, at most ``limit`` characters.

    Raises:
        ValueError: longer than ``limit`` (a 400 naming ``name``); never cut in silence.
    """
    return check_text(name, (value or "").strip(), limit)


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
