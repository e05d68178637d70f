"""Search: subjects by name, alias, id or PNC (misspellings tolerated), places, offences by
crime reference, identifiers (any spelling of a phone, registration or email) and victims
(only for roles that may know who victims are)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request

from app.auth import audit
from app.disclose import audience
from app.extensions import db
from graph import subjects

bp = Blueprint("search", __name__)

LIMIT = 25


def _kinds() -> tuple[str, ...]:
    kind = (request.args.get("kind") or "").strip().lower()
    if not kind:
        return subjects.SEARCH_KINDS
    if kind not in subjects.SEARCH_KINDS:
        abort(400, f"kind must be one of {', '.join(subjects.SEARCH_KINDS)}, not {kind!r}")
    return (kind,)


def _run(text: str, kinds: tuple[str, ...]) -> dict:
    who = audience()
    # A reader who may not know who victims are finds no victim, whatever was typed.
    results = subjects.search(db(), text, kinds, limit=LIMIT,
                              homes=who.residential_addresses, victims=who.victim_identity)
    found = sum(len(v) for v in results.values())
    # Who looked for whom is part of the audit trail, whatever was found.
    audit.record("search", "Search", None, f"{text[:200]} ({found} found)")
    return results


@bp.get("/search")
def page():
    """The search box and the results, grouped by kind."""
    text = (request.args.get("q") or "").strip()
    kinds = _kinds()
    results = _run(text, kinds) if text else None
    return render_template("search.html", q=text, kind=request.args.get("kind") or "",
                           results=results, limit=LIMIT,
                           victims_searched=audience().victim_identity)


@bp.get("/api/search")
def api():
    """``{"ok": true, "q": ..., "results": {"subject": [...], ...}}``."""
    text = (request.args.get("q") or "").strip()
    if not text:
        abort(400, "q is required: a name, alias, id, PNC number, postcode, crime reference, "
                   "phone number, registration or email")
    return jsonify({"ok": True, "q": text, "results": _run(text, _kinds())})
