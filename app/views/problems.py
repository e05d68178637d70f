"""OSARA problem profiles: the list and create form, a profile's page, and the JSON API.

Thin views: parse, call :mod:`graph.problems`, audit, answer. Analysts and neighbourhood
officers create and change profiles (:data:`EDITORS`); RASSO officers and the MAPPA panel
read them (the panel's read-only role is refused every write by the role policy; admins are
refused the area). What leaves goes through the one disclosure policy (victims, homes and the
public's words in location reports as the reader's role allows). Every view of a profile
audits it and each person it shows.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for

from app import vocab
from app.auth import audit
from app.auth.roles import ROLES, current_user
from app.extensions import db
from graph import problems
from graph.analytics import extract_places
from graph.location_reports import factor_label

bp = Blueprint("problems", __name__)

#: Who may create and change problem profiles (a role not yet defined is left out).
EDITORS: tuple[str, ...] = tuple(r for r in ("analyst", "neighbourhood_officer") if r in ROLES)


def _username() -> str:
    user = current_user()
    return user.username if user else "unknown"


def may_edit() -> bool:
    """Whether the signed-in user may create and change problem profiles."""
    user = current_user()
    return user is not None and user.role in EDITORS


def _check_editor() -> None:
    if not may_edit():
        abort(403, "Only analysts and neighbourhood officers create and change problem "
                   "profiles; your role may read them.")


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValueError("send a JSON object")
    return body


def _audit_view(profile: dict[str, Any]) -> None:
    """The profile, and every person it shows (offenders, repeat subjects and victims)."""
    audit.record("view_problem", "Problem", profile["id"])
    shown: dict[tuple[str, str], None] = {}
    for part, keys in (("analysis", ("triangle",)), ("scanning", ())):
        section = profile.get(part) or {}
        groups = [section.get(k) or {} for k in keys] or [section]
        for group in groups:
            for key, kind in (("offenders", "Subject"), ("victims", "Victim"),
                              ("repeat_subjects", "Subject"), ("repeat_victims", "Victim")):
                for person in group.get(key) or []:
                    shown[(kind, person["id"])] = None
    for kind, person_id in shown:
        audit.record("view_on_problem", kind, person_id, profile["id"])


# --- JSON ----------------------------------------------------------------------------------


@bp.get("/api/problems")
def api_list():
    """Every problem profile with its current objective."""
    return jsonify({"ok": True, "problems": problems.list_problems(db())})


@bp.post("/api/problems")
def api_create():
    """Create a profile: ``{title, location_ids | area, objective, manager, comparison}``."""
    _check_editor()
    profile = problems.create(db(), _body(), by=_username())
    audit.record("problem_create", "Problem", profile["id"])
    return jsonify({"ok": True, **profile}), 201


@bp.get("/api/problems/<problem_id>")
def api_get(problem_id: str):
    """One profile: objective, places or area, scanning, analysis, responses, assessment and
    every version's date (``?version=`` shows that version of its section)."""
    profile = problems.get(db(), problem_id, version_id=request.args.get("version") or None)
    _audit_view(profile)
    return jsonify({"ok": True, **profile})


@bp.post("/api/problems/<problem_id>/responses")
def api_add_response(problem_id: str):
    """Add a response: ``{description, owner, agency, opened_on, due_on}``."""
    _check_editor()
    profile = problems.add_response(db(), problem_id, _body(), by=_username())
    audit.record("problem_response", "Problem", problem_id)
    return jsonify({"ok": True, **profile}), 201


@bp.post("/api/problems/<problem_id>/objective")
def api_objective(problem_id: str):
    """A new version of the objective: ``{text, metric, change_pct, months}``."""
    _check_editor()
    profile = problems.set_objective(db(), problem_id, _body(), by=_username())
    audit.record("problem_objective", "Problem", problem_id)
    return jsonify({"ok": True, **profile}), 201


@bp.post("/api/problems/<problem_id>/refresh")
def api_refresh(problem_id: str):
    """New versions of Scanning, Analysis and the Assessment from today's data."""
    _check_editor()
    body = request.get_json(silent=True)
    profile = problems.refresh(db(), problem_id, body if isinstance(body, dict) else {},
                               by=_username())
    audit.record("problem_refresh", "Problem", problem_id)
    return jsonify({"ok": True, **profile}), 201


# --- pages ---------------------------------------------------------------------------------


def _form() -> dict[str, str]:
    return {k: v.strip() for k, v in request.form.items() if k != "csrf_token"}


def _objective(form: dict[str, str]) -> dict[str, Any]:
    return {"text": form.get("objective_text"), "metric": form.get("metric"),
            "change_pct": form.get("change_pct"), "months": form.get("months") or 6}


@bp.get("/problems")
def index():
    """Problem profiles, and the form that creates one."""
    places = extract_places.repeat_locations(db(), limit=60)
    # A problem is a place on the ground: online platforms are not offered.
    choices = [{"id": r["location_id"], "name": r["name"], "venue_type": r["venue_type"],
                "offences": int(r["offences"])} for r in places.to_dict("records")
               if r["venue_type"] != "online"]
    return render_template("problems.html", problems=problems.list_problems(db()),
                           choices=choices, may_edit=may_edit(), metrics=problems.METRICS,
                           venue_types=vocab.VENUE_TYPES)


@bp.post("/problems")
def create_form():
    """The create form."""
    _check_editor()
    form = _form()
    body: dict[str, Any] = {"title": form.get("title"), "objective": _objective(form),
                            "manager": form.get("manager"),
                            "comparison": form.get("comparison") or "surrounding"}
    ids = request.form.getlist("location_ids")
    if form.get("scope") == "area":
        body["area"] = {"lat": form.get("lat"), "lon": form.get("lon"),
                        "radius_m": form.get("radius_m")}
    else:
        body["location_ids"] = [i for i in ids if i.strip()]
    try:
        profile = problems.create(db(), body, by=_username())
    except ValueError as exc:
        flash(f"Not created: {exc}", "error")
        return redirect(url_for("problems.index") + "#create", 303)
    audit.record("problem_create", "Problem", profile["id"])
    flash(f"Problem profile created: {profile['title']}.", "ok")
    return redirect(url_for("problems.page", problem_id=profile["id"]), 303)


@bp.get("/problems/<problem_id>")
def page(problem_id: str):
    """One profile, OSARA section by section, with every version's date."""
    profile = problems.get(db(), problem_id, version_id=request.args.get("version") or None)
    _audit_view(profile)
    return render_template("problem.html", p=profile, may_edit=may_edit(),
                           metrics=problems.METRICS, factor_label=factor_label,
                           venue_types=vocab.VENUE_TYPES)


def _change(problem_id: str, what: str, call, anchor: str):
    _check_editor()
    try:
        call(db(), problem_id, _form(), by=_username())
    except ValueError as exc:
        flash(f"Not changed: {exc}", "error")
        return redirect(url_for("problems.page", problem_id=problem_id) + anchor, 303)
    audit.record(f"problem_{what}", "Problem", problem_id)
    flash({"response": "Response added; the assessment is recomputed.",
           "objective": "Objective saved as a new version.",
           "refresh": "Scanning, analysis and assessment refreshed (new versions)."}[what], "ok")
    return redirect(url_for("problems.page", problem_id=problem_id) + anchor, 303)


@bp.post("/problems/<problem_id>/responses")
def response_form(problem_id: str):
    """The add-response form."""
    return _change(problem_id, "response", problems.add_response, "#response")


@bp.post("/problems/<problem_id>/objective")
def objective_form(problem_id: str):
    """The objective form (a new version)."""
    def save(database, pid, form, by):
        return problems.set_objective(database, pid, _objective(form), by=by)
    return _change(problem_id, "objective", save, "#objective")


@bp.post("/problems/<problem_id>/refresh")
def refresh_form(problem_id: str):
    """Refresh the computed sections."""
    return _change(problem_id, "refresh", problems.refresh, "#scanning")
