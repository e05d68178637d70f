"""Intelligence on behaviours: the list, the escalation flags, the submission form and API.

Neighbourhood officers and analysts submit; every case role reads. What each reader sees of
free text and homes is the disclosure policy's (:mod:`app.disclose`); every page or answer
naming people is audited, and so is every submission.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from app.auth import audit
from app.auth.roles import SUBMITTERS, current_user, roles_required
from app.disclose import audience
from app.extensions import db
from app.views.params import as_of_arg, date_arg
from graph import subjects
from graph.errors import NotFound
from graph.intelligence import escalations
from graph.intelligence.grading import HANDLING, INTEL_GRADES, SOURCE_GRADES
from graph.intelligence.reports import named_flags, recent
from graph.intelligence.rules import load_rules
from graph.intelligence.submit import VENUE_TYPES, parse_submission, submit
from graph.intelligence.taxonomy import load as load_taxonomy

bp = Blueprint("intelligence", __name__)

#: Known places offered on the form's map, at most.
MAP_PLACES = 400
FORM_FIELDS = ("subject_id", "person_description", "location_id", "lat", "lon", "place_name",
               "venue_type", "behaviour", "grading", "source_grade", "intel_grade", "handling",
               "reported_on", "reported_time", "summary")


def _audit_people(action: str, ids: list[str]) -> None:
    shown = sorted({i for i in ids if i})
    if shown:
        audit.record(action, "Subject", ",".join(shown))


def _write(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Check and write one submission, audit it, and re-evaluate the subject's flags."""
    s = parse_submission(data)
    written = submit(db(), s, by=current_user().username)
    audit.record("submit_intelligence", "Intelligence", written["intel_id"],
                 f"subject {written['subject_id'] or 'unidentified'} at "
                 f"{written['location_id']}: {s.behaviour}")
    flags = escalations(db(), subject_id=written["subject_id"]) if written["subject_id"] else []
    return written, (flags[0]["rules"] if flags else [])


@bp.get("/api/intelligence/escalations")
def api_escalations():
    """Escalation flags as of ``as_of``: ``[{"subject_id", "rules", "items"}]`` (audited)."""
    flags = escalations(db(), as_of_arg())
    _audit_people("view_escalations", [f["subject_id"] for f in flags])
    return jsonify(flags)


@bp.post("/api/intelligence")
@roles_required(*SUBMITTERS)
def api_submit():
    """Submit one intelligence report (JSON); 201 with the report's ids and the subject's flags."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValueError("body: send a JSON object")
    written, rules = _write(body)
    return jsonify({"ok": True, "intelligence": written, "escalations": rules}), 201


@bp.get("/intelligence")
def index():
    """Recent intelligence reports and the current escalation flags."""
    date_to = date_arg("to") or dt.date.today()
    date_from = date_arg("from") or date_to - dt.timedelta(days=90)
    behaviour = request.args.get("behaviour", "").strip() or None
    taxonomy = load_taxonomy()
    if behaviour is not None:
        behaviour = taxonomy.code(behaviour)
    rows = recent(db(), date_from, date_to, behaviour)
    flags = named_flags(db(), date_to)
    _audit_people("view_intelligence", [r["subject_id"] for r in rows]
                  + [f["subject_id"] for f in flags])
    return render_template("intelligence.html", rows=rows, flags=flags, date_from=date_from,
                           date_to=date_to, behaviour=behaviour, taxonomy=taxonomy.options(),
                           may_submit=current_user().role in SUBMITTERS)


@bp.get("/intelligence/escalations")
def escalations_page():
    """Every escalation flag as of ``as_of``, with the items that raised it and their grades."""
    as_of = as_of_arg()
    flags = named_flags(db(), as_of)
    _audit_people("view_escalations", [f["subject_id"] for f in flags])
    rules = load_rules()
    return render_template("escalations.html", flags=flags, as_of=as_of,
                           rules=[{"name": n, **p} for n, p in rules.rules.items()])


def _form(typed: dict[str, Any], error: str | None = None, status: int = 200,
          found: dict[str, list] | None = None, q: str = ""):
    # What was typed, with the keys that would make the disclosure policy take it for a place
    # (lat, lon, venue_type) renamed: it is the user's own input, not a record.
    typed = {(f"form_{k}" if k in ("lat", "lon", "venue_type") else k): v
             for k, v in typed.items()}
    return render_template(
        "intelligence_form.html", typed=typed, error=error, taxonomy=load_taxonomy().options(),
        sources=SOURCE_GRADES, intels=INTEL_GRADES, handlings=HANDLING, found=found, q=q,
        venue_types=VENUE_TYPES, today=dt.date.today(), places=_places()), status


def _places() -> list[dict[str, Any]]:
    """Known places with coordinates to click on the form's map (homes are never offered)."""
    return [p for p in db().read("intelligence/map_places", limit=MAP_PLACES)
            if p.get("venue_type") not in (None, "residential")]


@bp.get("/intelligence/new")
@roles_required(*SUBMITTERS)
def new():
    """The submission form; ``?q=`` finds a subject or a place to pick (``?subject_id=``,
    ``?location_id=`` fill the form)."""
    typed = {k: request.args.get(k, "").strip()[:200] for k in FORM_FIELDS}
    q = request.args.get("q", "").strip()[:200]
    found = None
    if q:
        who = audience()
        found = subjects.search(db(), q, ("subject", "location"), 10,
                                homes=who.residential_addresses, victims=False)
        audit.record("search", "Search", None, f"{q} (intelligence form)")
        _audit_people("view_search", [r["subject_id"] for r in found["subject"]])
    return _form(typed, found=found, q=q)


@bp.post("/intelligence/new")
@roles_required(*SUBMITTERS)
def new_post():
    """Submit the form: back to the subject (or the place) with a message, or the form again
    with the reason and what was typed."""
    typed = {k: request.form.get(k, "").strip()[:4000] for k in FORM_FIELDS}
    try:
        written, rules = _write(typed)
    except (ValueError, NotFound) as exc:
        return _form(typed, str(exc), 400)
    labels = ", ".join(load_rules().label(r) for r in rules)
    flash(f"Intelligence {written['intel_id']} recorded at {written['location_name']}"
          + (f"; escalation flags: {labels}" if labels else "") + ".", "ok")
    if written["subject_id"]:
        return redirect(url_for("subjects.profile", subject_id=written["subject_id"]), 303)
    return redirect(url_for("locations.detail", location_id=written["location_id"]), 303)
