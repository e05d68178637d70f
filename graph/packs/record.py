"""Pack records: every MAPPA review pack generated, so "who received which version" can be
answered later.

A ``PackRecord`` hangs off the subject (``HAS_PACK``): audience, version, format, who made
it and for whom (recipients as typed), when, the as-of and since dates, and the SHA-256 of
the file handed over (``sha256``) and of its content without the issue stamp
(``content_sha256``: the same for the same data, audience and dates, whichever version).
The version is per subject and audience: one more than the packs generated before. Records
are only ever created, never changed or deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.db import Database
from graph.errors import NotFound
from graph.records import plain

#: Characters of the recipients' free text kept.
RECIPIENTS_MAX = 500


def next_version(db: Database, subject_id: str, audience: str) -> int:
    """One more than the packs of ``audience`` generated about the subject so far.

    Raises:
        NotFound: no such subject.
    """
    rows = db.read("packs/count_before", subject_id=subject_id, audience=audience)
    if not rows:
        raise NotFound(f"no subject {subject_id!r}")
    return rows[0]["before"] + 1


def record_id(subject_id: str, audience: str, version: int) -> str:
    """The id of a pack record: subject, audience and version (unique by constraint).

    >>> record_id("S000123", "panel", 3)
    'pack-S000123-panel-v3'
    """
    return f"pack-{subject_id}-{audience}-v{version}"


def save(db: Database, *, subject_id: str, audience: str, version: int, fmt: str,
         sha256: str, content_sha256: str, size: int, pages: int | None, generated_by: str,
         role: str | None, recipients: str | None, as_of: dt.date, since: dt.date,
         meeting_on: dt.date | None) -> dict[str, Any]:
    """Record a generated pack and return the record.

    Raises:
        graph.errors.ConstraintViolation: that version was given out meanwhile (the caller
            makes the pack again with the next one).
        NotFound: no such subject.
    """
    rows = db.write("packs/record", id=record_id(subject_id, audience, version),
                    subject_id=subject_id, audience=audience, version=version, format=fmt,
                    sha256=sha256, content_sha256=content_sha256, bytes=size, pages=pages,
                    generated_by=generated_by, role=role,
                    recipients=(recipients or "").strip()[:RECIPIENTS_MAX] or None,
                    as_of=as_of, since=since, meeting_on=meeting_on)
    if not rows:
        raise NotFound(f"no subject {subject_id!r}")
    return _shaped(rows[0]["record"])


def records(db: Database, *, subject_id: str | None = None, limit: int = 100
            ) -> list[dict[str, Any]]:
    """The newest pack records, of one subject when ``subject_id`` is given."""
    return [_shaped(r["record"])
            for r in db.read("packs/list", subject_id=subject_id or None, limit=int(limit))]


def _shaped(record: dict[str, Any]) -> dict[str, Any]:
    out = plain(record)
    at = out.get("generated_at")
    if isinstance(at, dt.datetime):
        out["generated_at"] = at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    return out
