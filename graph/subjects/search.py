"""Search: subjects by name, alias, id or PNC (misspellings tolerated), places, offences.

Plain dicts in, plain dicts out; what each reader may see of them is the disclosure policy's.
"""

from __future__ import annotations

import re
from typing import Any

from graph.db import Database
from graph.records import full_name, plain

SEARCH_KINDS = ("subject", "location", "offence")
_MAX_WORDS = 8
_MAX_WORD = 40
# Words as Lucene's standard analyzer sees them: letters and digits, apostrophes inside.
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")


def lucene_escape(word: str) -> str:
    """Backslash every character Lucene's query parser treats as syntax."""
    return _LUCENE_SPECIAL.sub(r"\\\1", word)


def lucene_query(text: str) -> str | None:
    """A Lucene query, tolerant of misspellings, for what a user typed; ``None`` if no words.

    Each word (lower-cased, so never an ``AND``/``OR``/``NOT`` operator, and escaped) matches
    as a prefix or, from four letters, within one edit (``word~1``); every word must match.

    >>> lucene_query('Testerten  (adam')
    '(testerten~1 OR testerten*) AND (adam~1 OR adam*)'
    >>> lucene_query('name:x~ OR "S1"')
    '(name~1 OR name*) AND (x OR x*) AND (or OR or*) AND (s1 OR s1*)'
    >>> lucene_query('!!') is None
    True
    """
    words = [w.lower()[:_MAX_WORD] for w in _WORD.findall(text or "")][:_MAX_WORDS]
    parts = []
    for word in words:
        term = lucene_escape(word)
        if len(word) >= 4 and not any(c.isdigit() for c in word):
            parts.append(f"({term}~1 OR {term}*)")
        else:  # short words and ids: exact or prefix, never fuzzy (S000123 ~ S000124)
            parts.append(f"({term} OR {term}*)")
    return " AND ".join(parts) or None


def _postcode(text: str) -> str | None:
    match = _POSTCODE.match(text.strip().upper())
    return f"{match.group(1)} {match.group(2)}" if match else None


def search(
    db: Database, text: str, kinds: tuple[str, ...] = SEARCH_KINDS, limit: int = 25,
    *, homes: bool = True,
) -> dict[str, list[dict[str, Any]]]:
    """Subjects, locations and offences matching what a user typed.

    Args:
        db: the execution point.
        text: the user's words: a name or alias (misspellings tolerated), a subject id or
            PNC number, a location name or postcode, a crime reference.
        kinds: which of :data:`SEARCH_KINDS` to search.
        limit: the most results per kind.
        homes: whether residential places (and places of unknown venue type) may be found;
            false for readers who may not see home addresses, so that a street typed into
            the box cannot confirm that someone there is in the records.

    Returns:
        ``{"subject": [...], "location": [...], "offence": [...]}`` (only the kinds asked).
    """
    text = (text or "").strip()[:200]
    query = lucene_query(text)
    exact = text.upper()
    out: dict[str, list[dict[str, Any]]] = {}
    if "subject" in kinds:
        rows = db.read("search/subjects_exact", id=exact, pnc=exact) if text else []
        if query:
            rows += db.read("search/subjects_fulltext", query=query, limit=limit)
        out["subject"] = _unique(rows, "subject_id", limit)
        for row in out["subject"]:
            row["name"] = full_name(row)
    if "location" in kinds:
        rows = (
            db.read("search/locations_exact", id=exact, postcode=_postcode(text) or exact)
            if text
            else []
        )
        if query:
            rows += db.read("search/locations_fulltext", query=query, limit=limit)
        if not homes:
            rows = [r for r in rows if r.get("venue_type") not in (None, "residential")]
        out["location"] = _unique(rows, "location_id", limit)
    if "offence" in kinds:
        refs = sorted({text, exact}) if text and " " not in text else []
        rows = db.read("search/offences", refs=refs, limit=limit) if refs else []
        for row in rows:
            for s in row["subjects"]:
                s["name"] = full_name(s)
        out["offence"] = rows
    return plain(out)


def _unique(rows: list[dict[str, Any]], key: str, limit: int) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(row[key], row)
    return list(seen.values())[:limit]
