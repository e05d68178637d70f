"""People and places as the everyday pages need them: search, the tier board, a profile.

Plain dicts in, plain dicts out (Neo4j temporal values become ``datetime`` values), so the
views only render. Victims are protected here, not in templates: unless the caller may see
who a victim is, names and dates of birth never leave the database and victim ids never
leave this module; each victim is "Victim A", "Victim B", ... in order of first appearance
on the page, so the links between offences stay visible.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from graph.db import Database
from graph.tiers import rules as rules_mod
from graph.tiers.assess import Assessment

#: Home Office outcome types (the 15 and 16 "evidential difficulties" matter to RASSO work).
OUTCOMES: dict[int, str] = {
    1: "charged or summonsed",
    2: "caution (youth)",
    3: "caution (adult)",
    4: "taken into consideration",
    5: "offender died",
    6: "penalty notice for disorder",
    7: "cannabis or khat warning",
    8: "community resolution",
    9: "prosecution not in the public interest (CPS)",
    10: "formal action not in the public interest (police)",
    11: "prosecution prevented: suspect under age",
    12: "prosecution prevented: suspect too ill",
    13: "prosecution prevented: victim or key witness dead or too ill",
    14: "evidential difficulties: suspect not identified, victim does not support",
    15: "evidential difficulties: suspect identified, victim supports",
    16: "evidential difficulties: victim does not support",
    17: "prosecution time limit expired",
    18: "investigation complete: no suspect identified",
    20: "action by another body or agency",
    21: "further investigation not in the public interest",
    22: "diversionary, educational or intervention activity",
}

#: Order types as the canonical mapping stores them, as people say them.
ORDER_TYPES: dict[str, str] = {
    "shpo": "Sexual Harm Prevention Order",
    "sro": "Sexual Risk Order",
    "spo": "Stalking Protection Order",
    "dvpo": "Domestic Violence Protection Order",
    "dvpn": "Domestic Violence Protection Notice",
    "restraining": "Restraining order",
    "non_molestation": "Non-molestation order",
    "bail_conditions": "Bail conditions",
    "other": "Other order",
}

SEARCH_KINDS = ("subject", "location", "offence")
_MAX_WORDS = 8
_MAX_WORD = 40
# Words as Lucene's standard analyzer sees them: letters and digits, apostrophes inside.
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")


# --- conversion ----------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """``value`` with Neo4j dates and datetimes (at any depth) as ``datetime`` values."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def full_name(row: dict[str, Any] | None) -> str:
    """``forename surname`` from a row, or an empty string."""
    if not row:
        return ""
    return " ".join(str(p) for p in (row.get("forename"), row.get("surname")) if p)


def victim_label(n: int) -> str:
    """The n-th (from 0) pseudonym: Victim A .. Victim Z, Victim AA, Victim AB, ..."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Victim {letters}"


# --- search --------------------------------------------------------------------------------


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
    db: Database, text: str, kinds: tuple[str, ...] = SEARCH_KINDS, limit: int = 25
) -> dict[str, list[dict[str, Any]]]:
    """Subjects, locations and offences matching what a user typed.

    Args:
        db: the execution point.
        text: the user's words: a name or alias (misspellings tolerated), a subject id or
            PNC number, a location name or postcode, a crime reference.
        kinds: which of :data:`SEARCH_KINDS` to search.
        limit: the most results per kind.

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


# --- the tier board ------------------------------------------------------------------------


def board(db: Database, results: list[Assessment], as_of: dt.date) -> list[dict[str, Any]]:
    """The trawl's results plus every subject with a lifecycle status, one row each.

    Args:
        db: the execution point.
        results: the trawl on ``as_of`` (:func:`graph.tiers.trawl.trawl`).
        as_of: the trawl date.

    Returns:
        Rows with ``subject_id``, ``name``, ``tier`` (``None`` when no tier is met),
        ``adopted_tier``, ``status`` (``candidate`` when the TCG has not acted),
        ``owner``, the counts and dates, ordered by tier (none last), count, id.
    """
    rules = rules_mod.load()
    rows: dict[str, dict[str, Any]] = {}
    for a in results:
        rows[a.subject_id] = {
            **a.as_json(),
            "last_reported_on": a.last_reported_on,
            "custody_until": a.custody_until,
            "recency_lapses_on": a.recency_lapses_on,
            "as_of": a.as_of,
            "status": a.status or "candidate",
            "adopted_tier": None,
            "release_watch": None,
        }
    for r in plain(
        db.read(
            "subjects/cohort",
            as_of=as_of,
            roles=list(rules.counted_roles),
            sexual_codes=list(rules.sexual_codes),
            rape_codes=list(rules.rape_codes),
        )
    ):
        if r["subject_id"] in rows:
            rows[r["subject_id"]].update(
                adopted_tier=r["adopted_tier"], release_watch=r["release_watch"]
            )
            continue
        last = r["last_reported_on"]
        rows[r["subject_id"]] = {
            **r,
            "name": full_name(r),
            "tier": None,
            "custody_until": max((d for d in r["custody_until"] if d), default=None),
            "recency_lapses_on": rules.lapses_on(last) if last else None,
            "rule_set": rules.version,
            "as_of": as_of,
        }
    return sorted(
        rows.values(),
        key=lambda r: (r["tier"] or 9, -r["sexual_offence_count"], r["subject_id"]),
    )


# --- a subject's profile -------------------------------------------------------------------


def profile(db: Database, subject_id: str, *, reveal_victims: bool, today: dt.date | None = None
            ) -> dict[str, Any] | None:
    """Everything a subject's page shows, or ``None`` when there is no such subject.

    Args:
        db: the execution point.
        subject_id: the subject.
        reveal_victims: whether the reader may see who victims are; when false, victims are
            "Victim A", "Victim B", ... and their names, dates of birth and ids are absent.
        today: the day custody and orders are judged current on (default today).

    Returns:
        ``subject``, ``timeline`` (offences and intelligence, oldest first), ``victims``,
        ``locations``, ``associates``, ``identifiers``, ``custody``, ``orders``,
        ``nominations`` and ``history`` (lifecycle events, oldest first).
    """
    found = db.read("subjects/identity", subject_id=subject_id)
    if not found:
        return None
    today = today or dt.date.today()
    subject = plain(found[0])
    subject["name"] = full_name(subject)
    subject["aliases"] = list(subject.get("aliases") or [])
    offences = plain(db.read("subjects/offences", subject_id=subject_id, reveal=reveal_victims))
    intel = plain(db.read("subjects/intelligence", subject_id=subject_id))
    links = db.read("subjects/victim_links", subject_id=subject_id)
    timeline, victims = _timeline(offences, intel, links, reveal_victims)
    custody = plain(db.read("tiers/subject_custody", subject_id=subject_id))
    for c in custody:
        c["current"] = c["start_date"] <= today and (c["end_date"] is None or c["end_date"] > today)
    orders = plain(db.read("subjects/orders", subject_id=subject_id))
    for o in orders:
        o["label"] = ORDER_TYPES.get(str(o["order_type"]).lower(), o["order_type"])
        o["active"] = o["start_date"] <= today and (o["end_date"] is None or o["end_date"] >= today)
    return {
        "subject": subject,
        "timeline": timeline,
        "victims": victims,
        "locations": _locations(db, subject_id, offences, intel),
        "associates": _associates(db, subject_id),
        "identifiers": [
            {**i, "shared_with": [{**t, "name": full_name(t)} for t in i["shared_with"]]}
            for i in db.read("subjects/identifiers", subject_id=subject_id, limit=50)
        ],
        "custody": custody,
        "orders": orders,
        "nominations": [
            plain(r["nomination"]) for r in db.read("subjects/nominations", subject_id=subject_id)
        ],
        "history": [
            plain(r["event"]) for r in db.read("lifecycle/history", subject_id=subject_id)
        ],
    }


def _timeline(
    offences: list[dict], intel: list[dict], links: list[dict], reveal: bool
) -> tuple[list[dict], list[dict]]:
    # Victims are keyed in order of first appearance in the (chronological) timeline.
    entries = [
        {**o, "kind": "offence", "date": o["committed_from"] or o["reported_on"]} for o in offences
    ] + [{**i, "kind": "intelligence", "date": i["reported_on"]} for i in intel]
    entries.sort(key=lambda e: (e["date"] or dt.date.min, e["kind"] != "offence",
                                e.get("offence_id") or e.get("intel_id")))
    victims: dict[str, dict[str, Any]] = {}
    out = []
    for e in entries:
        if e["kind"] == "offence":
            code = e.get("outcome_code")
            e["outcome"] = OUTCOMES.get(code, "") if isinstance(code, int) else ""
            refs = []
            for v in e["victims"]:
                entry = victims.get(v["id"])
                if entry is None:
                    entry = victims[v["id"]] = _victim(v, len(victims), reveal)
                entry["offences"].append(e["offence_id"])
                refs.append({"ref": entry["ref"], "label": entry["label"]})
            e["victims"] = refs
        out.append(e)
    linked: dict[str, list[dict]] = {}
    for link in links:
        linked.setdefault(link["victim_id"], []).append(
            {"subject_id": link["subject_id"], "name": full_name(link),
             "offences": link["offences"]}
        )
    for victim_id, entry in victims.items():
        entry["linked_subjects"] = linked.get(victim_id, [])
    return out, list(victims.values())


def _victim(v: dict[str, Any], n: int, reveal: bool) -> dict[str, Any]:
    if reveal:
        name = full_name(v) or v["id"]
        return {"ref": v["id"], "label": name, "id": v["id"], "forename": v.get("forename"),
                "surname": v.get("surname"), "dob": v.get("dob"), "gender": v.get("gender"),
                "offences": []}
    label = victim_label(n)  # a whitelist: nothing else of the victim record goes out
    return {"ref": label, "label": label, "gender": v.get("gender"), "offences": []}


def _locations(db: Database, subject_id: str, offences: list[dict], intel: list[dict]
               ) -> list[dict[str, Any]]:
    places: dict[str, dict[str, Any]] = {}

    def place(loc: dict[str, Any]) -> dict[str, Any]:
        return places.setdefault(
            loc["id"], {**loc, "lives_at": False, "offences": [], "intelligence": []}
        )

    for row in db.read("subjects/lives_at", subject_id=subject_id):
        place(row["location"])["lives_at"] = True
    for o in offences:
        if o["location"]:
            place(o["location"])["offences"].append(o["offence_id"])
    for i in intel:
        if i["location"]:
            place(i["location"])["intelligence"].append(i["intel_id"])
    return sorted(
        places.values(),
        key=lambda p: (not p["lives_at"], -(len(p["offences"]) + len(p["intelligence"])),
                       str(p.get("name") or p["id"])),
    )


def _associates(db: Database, subject_id: str) -> list[dict[str, Any]]:
    people: dict[str, dict[str, Any]] = {}
    for row in db.read("subjects/associates", subject_id=subject_id, limit=200):
        people[row["subject_id"]] = {**row, "name": full_name(row), "offences": []}
    for row in db.read("subjects/co_offenders", subject_id=subject_id, limit=200):
        entry = people.setdefault(
            row["subject_id"], {**row, "name": full_name(row), "kinds": []}
        )
        entry["offences"] = row["offences"]
    return sorted(people.values(), key=lambda p: (-len(p["offences"]), p["subject_id"]))


def officers(db: Database) -> list[dict[str, Any]]:
    """RASSO officers who can own a Tier 1 subject (username, display name)."""
    return db.read("subjects/officers")
