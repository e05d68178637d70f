"""Search: subjects by name, alias, id or PNC (misspellings tolerated), places, offences by
crime reference (punctuation ignored), identifiers (phone, vehicle, email: normalised as the
ingest normalises them, so any spelling finds one), and victims by name or id.

Plain dicts in, plain dicts out; what each reader may see of them is the disclosure policy's.
Whether victims are searched at all is the caller's to say (``victims=``): for readers who
may not know who victims are, a victim's name typed into the box must find nothing.
"""

from __future__ import annotations

import re
from typing import Any

from graph.db import Database
from graph.records import full_name, plain
from ingest.validate import normalise_identifier

SEARCH_KINDS = ("subject", "location", "offence", "identifier", "victim")
_MAX_WORDS = 8
_MAX_WORD = 40
# Words as Lucene's standard analyzer sees them: letters and digits, apostrophes inside.
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_PLAIN = re.compile(r"[a-z0-9]+")
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
# A phone number as people type it: digits, spaces and the usual punctuation.
_PHONE = re.compile(r"^\+?[\d\s().\-/]+$")
_ALNUM = re.compile(r"[^A-Za-z0-9]")
_MAX_REF = 40
#: Shortest normalised text looked up by prefix (as you type), per identifier kind.
_PREFIX_FROM = {"phone": 7, "vehicle": 4, "email": 5}


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


def identifier_ids(text: str) -> list[str]:
    """The identifier ids (``kind:value``, as the ingest builds them) ``text`` may be.

    The value is normalised by the ingest's own function
    (:func:`ingest.validate.normalise_identifier`), so every spelling of a phone number or a
    registration gives the same id. A UK number typed as +44 is also tried with its 0.

    >>> identifier_ids("07700 979579")
    ['phone:07700979579']
    >>> identifier_ids("+44 7700-979579")
    ['phone:447700979579', 'phone:07700979579']
    >>> identifier_ids("zz68 etz"), identifier_ids("A.N.Other@Example.com")
    (['vehicle:ZZ68ETZ'], ['email:a.n.other@example.com'])
    >>> identifier_ids("Smith")
    []
    """
    text = (text or "").strip()
    out = []
    if "@" in text and " " not in text:
        out.append("email:" + normalise_identifier("email", text))
    elif _PHONE.match(text):
        digits = normalise_identifier("phone", text)
        if len(digits) >= 5:
            out.append("phone:" + digits)
            if digits.startswith("44") and text.lstrip().startswith("+"):
                out.append("phone:0" + digits[2:])
    else:
        plate = normalise_identifier("vehicle", text)
        # A registration has letters and digits, and is short.
        if 2 <= len(plate) <= 8 and re.search(r"\d", plate) and re.search("[A-Z]", plate):
            out.append("vehicle:" + plate)
    return out


def normalised_ref(text: str) -> str:
    """A crime reference as it is compared: upper case, letters and digits only.

    >>> normalised_ref(" 42/12345/25 "), normalised_ref("cr-2025-0001")
    ('421234525', 'CR20250001')
    """
    return _ALNUM.sub("", text or "").upper()[:_MAX_REF]


def crime_ref_pattern(text: str) -> str | None:
    """A regular expression matching every crime reference that starts with ``text`` once
    both are normalised (:func:`normalised_ref`); None when ``text`` is no reference (fewer
    than three letters and digits, or no digit at all: a name is not looked for here).

    Built from letters and digits only, so nothing the user typed is regex syntax.

    >>> crime_ref_pattern("42-123")
    '[^A-Za-z0-9]*4[^A-Za-z0-9]*2[^A-Za-z0-9]*1[^A-Za-z0-9]*2[^A-Za-z0-9]*3.*'
    >>> crime_ref_pattern("cr1")[:30]
    '[^A-Za-z0-9]*[Cc][^A-Za-z0-9]*'
    >>> crime_ref_pattern("Smith") is None
    True
    """
    ref = normalised_ref(text)
    if len(ref) < 3 or not re.search(r"\d", ref):
        return None
    chars = [f"[{c}{c.lower()}]" if c.isalpha() else c for c in ref]
    gap = "[^A-Za-z0-9]*"
    return gap + gap.join(chars) + ".*"


def _postcode(text: str) -> str | None:
    match = _POSTCODE.match(text.strip().upper())
    return f"{match.group(1)} {match.group(2)}" if match else None


def search(
    db: Database, text: str, kinds: tuple[str, ...] = SEARCH_KINDS, limit: int = 25,
    *, homes: bool = True, victims: bool = True,
) -> dict[str, list[dict[str, Any]]]:
    """Subjects, locations, offences, identifiers and victims matching what a user typed.

    Args:
        db: the execution point.
        text: the user's words: a name or alias (misspellings tolerated), a subject id or
            PNC number, a location name or postcode, a crime reference (with or without its
            punctuation), a phone number, registration or email (any spelling), a victim's
            name or id.
        kinds: which of :data:`SEARCH_KINDS` to search.
        limit: the most results per kind.
        homes: whether residential places (and places of unknown venue type) may be found;
            false for readers who may not see home addresses, so that a street typed into
            the box cannot confirm that someone there is in the records.
        victims: whether victims may be found; false for readers who may not know who
            victims are (their victim results are always empty).

    Returns:
        ``{"subject": [...], "location": [...], "offence": [...], "identifier": [...],
        "victim": [...]}`` (only the kinds asked). A subject found through an identifier
        carries ``identifier`` (``{"identifier_id", "kind", "value", "as_recorded"}``);
        a victim is ``{"kind": "victim", "id", "forename", "surname", "dob", "offences"}``.
    """
    text = (text or "").strip()[:200]
    query = lucene_query(text)
    exact = text.upper()
    out: dict[str, list[dict[str, Any]]] = {}
    found_by_identifier: list[dict[str, Any]] = []
    if "identifier" in kinds or "subject" in kinds:
        identifiers = _identifiers(db, text, limit)
        for ident in identifiers:
            for holder in ident["subjects"]:
                holder["name"] = full_name(holder)
                found_by_identifier.append({**holder, "identifier": {
                    "identifier_id": ident["identifier_id"], "kind": ident["kind"],
                    "value": ident["value"], "as_recorded": holder["as_recorded"]}})
        if "identifier" in kinds:
            out["identifier"] = identifiers
    if "subject" in kinds:
        rows = list(found_by_identifier)
        rows += db.read("search/subjects_exact", id=exact, pnc=exact) if text else []
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
        out["offence"] = _offences(db, text, limit)
    if "victim" in kinds:
        out["victim"] = _victims(db, text, limit) if victims and text else []
    return plain(out)


def _identifiers(db: Database, text: str, limit: int) -> list[dict[str, Any]]:
    ids = identifier_ids(text)
    if not ids:
        return []
    prefixes = [i for i in ids
                if len(i.split(":", 1)[1]) >= _PREFIX_FROM[i.split(":", 1)[0]]]
    return db.read("search/identifiers", ids=ids, prefixes=prefixes, limit=limit)


def _offences(db: Database, text: str, limit: int) -> list[dict[str, Any]]:
    # As typed (and in upper case) by prefix on the indexed reference and id; then, with
    # punctuation ignored, the references that match, looked up the same way.
    refs = {text, text.upper()} if text and " " not in text else set()
    pattern = crime_ref_pattern(text)
    if pattern:
        refs |= {r["crime_ref"] for r in
                 db.read("search/offence_refs", pattern=pattern, limit=limit)}
    rows = db.read("search/offences", refs=sorted(refs), limit=limit) if refs else []
    for row in rows:
        for s in row["subjects"]:
            s["name"] = full_name(s)
    return rows


def _victims(db: Database, text: str, limit: int) -> list[dict[str, Any]]:
    words = [w.lower()[:_MAX_WORD] for w in _WORD.findall(text)][:_MAX_WORDS]
    ids = sorted({text, text.upper()})
    if words and all(_PLAIN.fullmatch(w) for w in words):
        # From the full-text index (a national force holds millions of victims), not a scan.
        query = " AND ".join(f"*{w}*" for w in words)
        rows = db.read("search/victims_fulltext", ids=ids, words=words, query=query,
                       limit=limit)
    else:
        rows = db.read("search/victims", ids=ids, words=words, limit=limit)
    for row in rows:
        row["name"] = full_name(row)
        for offence in row["offences"]:
            for s in offence["subjects"]:
                s["name"] = full_name(s)
    return rows


def _unique(rows: list[dict[str, Any]], key: str, limit: int) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(row[key], row)
    return list(seen.values())[:limit]
