"""The limits every surface shares: the supported date range and the length of free text.

One definition for the web forms, the JSON API, the command line, the domain and the
ingest (dates in an export outside this range are quarantined), so that nothing accepts a
value another part cannot handle (date arithmetic before year 1 or after 9999 fails).
:mod:`app.views.params` applies them to request parameters; :mod:`graph.tiers.lifecycle`
to what it records.
"""

from __future__ import annotations

import datetime as dt

#: The first and last dates linkwatch accepts anywhere (as-of dates, filters, decisions).
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)

#: Free text a person records: a reason, the panel's minutes, a nomination's rationale.
TEXT_LIMIT = 2000
#: A short label: who nominated, their agency.
SHORT_TEXT_LIMIT = 200


def check_date(name: str, value: dt.date) -> dt.date:
    """``value`` when it lies in the supported range.

    Raises:
        ValueError: outside :data:`DATE_MIN` .. :data:`DATE_MAX`; the message names ``name``.

    >>> check_date("as_of", dt.date(2025, 1, 31))
    datetime.date(2025, 1, 31)
    >>> check_date("as_of", dt.date(1, 1, 1))
    Traceback (most recent call last):
    ValueError: as_of must be between 1900-01-01 and 2100-12-31, not 0001-01-01
    """
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(
            f"{name} must be between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}, "
            f"not {value.isoformat()}"
        )
    return value


def parse_date(name: str, text: str) -> dt.date:
    """A ``YYYY-MM-DD`` text as a date in the supported range.

    Raises:
        ValueError: not such a date, or outside the range; the message names ``name``.

    >>> parse_date("from", "2024-02-29")
    datetime.date(2024, 2, 29)
    >>> parse_date("from", "29/02/2024")
    Traceback (most recent call last):
    ValueError: from must be a date in the form YYYY-MM-DD, not '29/02/2024'
    """
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name} must be a date in the form YYYY-MM-DD, not {text!r}") from None
    return check_date(name, value)


def check_text(name: str, value: str, limit: int = TEXT_LIMIT) -> str:
    """``value`` when it is at most ``limit`` characters long.

    Raises:
        ValueError: longer; the message names ``name``, its length and the limit.

    >>> check_text("reason", "TCG November")
    'TCG November'
    >>> check_text("reason", "x" * 2001)
    Traceback (most recent call last):
    ValueError: reason is 2,001 characters long; the limit is 2,000
    """
    if len(value) > limit:
        raise ValueError(f"{name} is {len(value):,} characters long; the limit is {limit:,}")
    return value
