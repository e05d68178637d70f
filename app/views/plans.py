"""4P plans: the Plan tab on a subject's profile, its forms, and the plan's JSON API.

Thin views: parse, call :mod:`graph.plans`, audit, answer. The owning RASSO officer and
analysts write; other RASSO officers read; the MAPPA panel reads through the one disclosure
policy (its read-only role is refused every write by the role policy); every read and write
is audited. A subject who is not adopted has no plan to write to: 409.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for

from app import vocab
from app.auth import audit
from app.auth.roles import can_edit_subject, current_user
from app.extensions import db
from graph import plans
from graph.errors import Conflict, NotFound
from graph.plans import vocab as plan_vocab

bp = Blueprint("plans", __name__)


def _username() -> str:
    user = current_user()
    return user.username if user else "unknown"


def _check_writer(owner: str | None) -> None:
    """403 unless the user is an analyst or the subject's owning RASSO officer."""
    if not can_edit_subject(current_user(), owner):
        abort(403, "Only analysts and the subject's owning RASSO officer can change the plan.")


def _subject_owner(subject_id: str) -> str | None:
    return plans.plan(db(), subject_id)["owner"]


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValueError("send a JSON object")
    return body


# --- JSON ----------------------------------------------------------------------------------


@bp.get("/api/plans/tactics")
def tactics():
    """The configured tactics per pillar."""
    return jsonify({"ok": True, "tactics": plans.tactics()})


@bp.get("/api/subjects/<id:subject_id>/plan")
def api_plan(subject_id: str):
    """The subject's plan: actions with RAG, updates, open suggestions (audited)."""
    data = plans.plan(db(), subject_id)
    audit.record("view_plan", "Subject", subject_id)
    return jsonify({"ok": True, "plan": data})


@bp.post("/api/subjects/<id:subject_id>/plan/actions")
def api_add_action(subject_id: str):
    """Add an action: ``{pillar, tactic, description, owner, due_on, rationale, evidence}``."""
    _check_writer(_subject_owner(subject_id))
    action = plans.add_action(db(), subject_id, _body(), by=_username())
    audit.record("plan_action_add", "Subject", subject_id, action["id"])
    return jsonify({"ok": True, "action": action}), 201


@bp.post("/api/plan-actions/<id:action_id>/status")
def api_action_status(action_id: str):
    """Move an action: ``{status, outcome, note}``."""
    found = plans.action_owner(db(), action_id)
    _check_writer(found["owner"])
    action = plans.set_status(db(), action_id, _body(), by=_username())
    audit.record("plan_action_status", "Subject", found["subject_id"],
                 f"{action_id} -> {action['status']}")
    return jsonify({"ok": True, "action": action})


@bp.post("/api/subjects/<id:subject_id>/plan/updates")
def api_add_update(subject_id: str):
    """Record a monthly update: ``{month, summary}`` (a new version, never an overwrite)."""
    _check_writer(_subject_owner(subject_id))
    update = plans.add_update(db(), subject_id, _body(), by=_username())
    audit.record("plan_update", "Subject", subject_id, f"{update['month']} v{update['version']}")
    return jsonify({"ok": True, "update": update}), 201


@bp.post("/api/subjects/<id:subject_id>/plan/suggestions/<key>")
def api_decide_suggestion(subject_id: str, key: str):
    """Accept a suggestion (it becomes an action) or dismiss it: ``{decision, reason}``."""
    _check_writer(_subject_owner(subject_id))
    decision = plans.decide_suggestion(db(), subject_id, key, _body(), by=_username())
    audit.record("plan_suggestion", "Subject", subject_id, f"{key} {decision['decision']}")
    return jsonify({"ok": True, "decision": decision}), 201


# --- the Plan tab --------------------------------------------------------------------------


@bp.get("/subjects/<id:subject_id>/plan")
def page(subject_id: str):
    """The Plan tab: actions by pillar with RAG, the update log, suggestions (audited)."""
    data = plans.plan(db(), subject_id)
    audit.record("view_plan", "Subject", subject_id)
    name = db().read("plans/subject_name", subject_id=subject_id)[0]
    today = dt.date.today()
    return render_template(
        "plan.html", plan=data, subject=name, today=today,
        pillars=plan_vocab.PILLARS, tactics=plans.tactics(), outcomes=plan_vocab.OUTCOMES,
        moves=plan_vocab.MOVES, can_write=can_edit_subject(current_user(), data["owner"])
        and data["status"] == "adopted",
        this_month=today.strftime("%Y-%m"), default_due=today + dt.timedelta(days=28),
        words=vocab,
    )


def _form() -> dict[str, Any]:
    """A page form as the API's JSON body (the pillar and tactic come as one choice)."""
    form = {k: v.strip() for k, v in request.form.items() if k != "csrf_token"}
    choice = form.pop("tactic_choice", "")
    if choice:
        form["pillar"], _, form["tactic"] = choice.partition(":")
    text = form.pop("evidence_text", "")
    if text:
        form["evidence"] = [e.strip() for e in text.replace(",", "\n").splitlines() if e.strip()]
    return form


def _back(subject_id: str, anchor: str = ""):
    return redirect(url_for("plans.page", subject_id=subject_id) + anchor, 303)


def _refused(exc: Exception) -> None:
    flash(f"Not changed: {exc}", "error")


@bp.post("/subjects/<id:subject_id>/plan/actions")
def add_action_form(subject_id: str):
    """The add-action form."""
    _check_writer(_subject_owner(subject_id))
    try:
        action = plans.add_action(db(), subject_id, _form(), by=_username())
    except (ValueError, Conflict) as exc:
        _refused(exc)
        return _back(subject_id, "#add-action")
    audit.record("plan_action_add", "Subject", subject_id, action["id"])
    flash(f"Action added: {action['tactic_label']}, due {action['due_on']}.", "ok")
    return _back(subject_id, f"#{action['id']}")


@bp.post("/subjects/<id:subject_id>/plan/actions/<id:action_id>/status")
def action_status_form(subject_id: str, action_id: str):
    """The status form on one action."""
    found = plans.action_owner(db(), action_id)
    if found["subject_id"] != subject_id:
        raise NotFound(f"no action {action_id!r} on {subject_id}'s plan")
    _check_writer(found["owner"])
    try:
        action = plans.set_status(db(), action_id, _form(), by=_username())
    except (ValueError, Conflict) as exc:
        _refused(exc)
        return _back(subject_id, f"#{action_id}")
    audit.record("plan_action_status", "Subject", subject_id,
                 f"{action_id} -> {action['status']}")
    flash(f"Action {action['tactic_label']} is now {action['status'].replace('_', ' ')}.", "ok")
    return _back(subject_id, f"#{action_id}")


@bp.post("/subjects/<id:subject_id>/plan/updates")
def add_update_form(subject_id: str):
    """The monthly update form."""
    _check_writer(_subject_owner(subject_id))
    try:
        update = plans.add_update(db(), subject_id, _form(), by=_username())
    except (ValueError, Conflict) as exc:
        _refused(exc)
        return _back(subject_id, "#updates")
    audit.record("plan_update", "Subject", subject_id, f"{update['month']} v{update['version']}")
    flash(f"Update for {update['month']} recorded (version {update['version']}).", "ok")
    return _back(subject_id, "#updates")


@bp.post("/subjects/<id:subject_id>/plan/suggestions/<key>")
def decide_suggestion_form(subject_id: str, key: str):
    """Accept or dismiss a suggestion."""
    _check_writer(_subject_owner(subject_id))
    try:
        decision = plans.decide_suggestion(db(), subject_id, key, _form(), by=_username())
    except (ValueError, Conflict) as exc:
        _refused(exc)
        return _back(subject_id, "#suggestions")
    audit.record("plan_suggestion", "Subject", subject_id, f"{key} {decision['decision']}")
    flash("Suggestion accepted: it is now an action." if decision["decision"] == "accepted"
          else "Suggestion dismissed; the reason is kept.", "ok")
    return _back(subject_id, "#suggestions")
