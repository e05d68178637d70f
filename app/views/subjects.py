"""A subject's profile (page and JSON) and the TCG's lifecycle forms on it.

Every view of a profile is audited. What each reader sees of victims, homes and notes is the
one disclosure policy's, applied where the page or the JSON leaves (:mod:`app.disclose`).
The forms post here and call :mod:`graph.tiers.lifecycle`: a change done redirects back with
a message; a refused one shows the page again with the reason beside the form that was sent
and what was typed still in it (never a stack trace).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for

from app import vocab
from app.auth import audit
from app.auth.roles import can_edit_subject, can_see_victim_identity, current_user, roles_required
from app.extensions import db
from app.views.params import as_of_arg
from graph import subjects
from graph.intelligence.reports import labelled
from graph.tiers import lifecycle
from graph.tiers.lifecycle import ADOPTABLE_FROM, MOVES, LifecycleError

bp = Blueprint("subjects", __name__)


def _load(subject_id: str) -> tuple[dict[str, Any], Any]:
    """The profile and its tier explanation, with outcomes and orders in words; audited."""
    data = subjects.profile(db(), subject_id, as_of=as_of_arg())
    if data is None:
        abort(404, f"no subject {subject_id!r}")
    for entry in data["timeline"]:
        code = entry.get("outcome_code")
        entry["outcome"] = vocab.OUTCOMES.get(code, "") if isinstance(code, int) else ""
    for order in data["orders"]:
        order["label"] = vocab.ORDER_TYPES.get(str(order["order_type"]).lower(),
                                               order["order_type"])
    if data.get("escalation"):
        labelled([data["escalation"]])
    audit.record("view", "Subject", subject_id)
    return data, data.pop("assessment")


def _allowed(state: dict[str, Any]) -> dict[str, Any]:
    """Which lifecycle forms the current user may use on a subject in ``state``."""
    user = current_user()
    role = user.role if user else None
    return {
        "adopt": role == "analyst" and state["status"] in ADOPTABLE_FROM,
        "move": [to for to, froms in MOVES.items() if state["status"] in froms]
        if can_edit_subject(user, state.get("owner"))
        else [],
        "nominate": role in ("analyst", "rasso_officer"),
        "decide": role == "analyst",
    }


def _page(subject_id: str, form_error: dict[str, Any] | None = None, status: int = 200):
    """The profile page; with ``form_error``, the refused form shows why beside itself and
    keeps what was typed (``form_error["typed"]``)."""
    data, assessment = _load(subject_id)
    allowed = _allowed(data["subject"])
    user = current_user()
    shown_forms = {name for name in ("adopt", "nominate") if allowed[name]}
    if allowed["move"]:
        shown_forms.add("move")
    for n in data["nominations"]:
        # The panel decides, not the nominator: no decision form for whoever nominated.
        n["may_decide"] = (allowed["decide"] and n.get("status") == "pending"
                           and not lifecycle.is_nominator(n, user.username if user else None))
        if n["may_decide"]:
            shown_forms.add(f"decide:{n['id']}")
    if form_error is not None:
        form_error["inline"] = form_error["form"] in shown_forms
    return render_template(
        "subject.html",
        p=data,
        s=data["subject"],
        a=assessment,
        allowed=allowed,
        officers=subjects.officers(db()) if allowed["adopt"] else [],
        masked=not can_see_victim_identity(user),
        me=user,
        today=dt.date.today(),
        form_error=form_error,
    ), status


@bp.get("/subjects/<id:subject_id>")
def profile(subject_id: str):
    """Identity, tier explanation, timeline, victims, places, associates, lifecycle."""
    return _page(subject_id)


@bp.get("/api/subjects/<id:subject_id>")
def api_profile(subject_id: str):
    """The profile as JSON, with the same victim masking as the page."""
    data, assessment = _load(subject_id)
    return jsonify({"ok": True, **data, "tier": assessment.as_json(explain=True)})


# --- lifecycle forms -----------------------------------------------------------------------


def _state(subject_id: str) -> dict[str, Any]:
    try:
        return lifecycle.status(db(), subject_id)
    except LifecycleError:
        abort(404, f"no subject {subject_id!r}")


def _field(name: str, limit: int | None = None) -> str:
    """A form field, stripped; free text is not cut here: the domain refuses what is over
    its limit in graph/limits.py, as it does for the API."""
    return (request.form.get(name) or "").strip()[:limit]


def _done(subject_id: str, change: Callable[[], Any], audit_action: str, reason: str,
          message: str, target: tuple[str, str] | None = None, form: str = "adopt"):
    """Run a lifecycle change. Done: flash it and go back to the page. Refused: the page
    again (409), the message beside the form that was sent and what was typed kept in it
    (the form's action ends in its own #anchor, so the browser shows that form)."""
    try:
        change()
    except LifecycleError as exc:
        return _refused(subject_id, form, f"Not changed: {exc}")
    kind, target_id = target or ("Subject", subject_id)
    audit.record(audit_action, kind, target_id, reason)
    flash(message, "ok")
    return redirect(url_for("subjects.profile", subject_id=subject_id) + "#lifecycle", 303)


def _refused(subject_id: str, form: str, message: str):
    typed = {k: v[:2000] for k, v in request.form.items() if k != "csrf_token"}
    return _page(subject_id, {"form": form, "message": message, "typed": typed}, 409)


@bp.post("/subjects/<id:subject_id>/adopt")
@roles_required("analyst")
def adopt(subject_id: str):
    """Adopt the subject at a tier, with an owning officer (required for Tier 1)."""
    _state(subject_id)
    try:
        tier = int(_field("tier") or 0)
    except ValueError:
        tier = 0
    owner = _field("owner").lower() or None
    reason = _field("reason")
    return _done(
        subject_id,
        lambda: lifecycle.adopt(db(), subject_id, tier=tier, owner=owner,
                                by=current_user().username, reason=reason),
        "adopt", reason, f"{subject_id} adopted at Tier {tier}.",
    )


@bp.post("/subjects/<id:subject_id>/status")
def move(subject_id: str):
    """Move the subject to monitoring, archived, or back to adopted."""
    state = _state(subject_id)
    if not can_edit_subject(current_user(), state.get("owner")):
        abort(403, "Only analysts, or the subject's owning officer, can change this subject.")
    to_status, reason = _field("status", 40), _field("reason")
    return _done(
        subject_id,
        lambda: lifecycle.move(db(), subject_id, to_status, by=current_user().username,
                               reason=reason),
        "status_change", reason, f"{subject_id} moved to {to_status}.", form="move",
    )


@bp.post("/subjects/<id:subject_id>/nominate")
@roles_required("analyst", "rasso_officer")
def nominate(subject_id: str):
    """Nominate the subject for Tier 3 (a panel decides)."""
    _state(subject_id)
    rationale = _field("rationale")
    return _done(
        subject_id,
        lambda: lifecycle.nominate(db(), subject_id, nominated_by=_field("nominated_by"),
                                   agency=_field("agency"), rationale=rationale,
                                   by=current_user().username),
        "nominate", rationale, f"{subject_id} nominated for Tier 3; the panel decides.",
        form="nominate",
    )


@bp.post("/subjects/<id:subject_id>/nominations/<id:nomination_id>/decision")
@roles_required("analyst")
def decide_nomination(subject_id: str, nomination_id: str):
    """Record the panel's decision on a pending nomination of this subject."""
    found = db().read("lifecycle/nomination", id=nomination_id)
    if not found or found[0]["nomination"]["subject_id"] != subject_id:
        abort(404, f"no nomination {nomination_id!r} for {subject_id!r}")
    decision, minutes = _field("decision", 20), _field("minutes")
    decided_on = None
    if _field("decided_on", 10):
        try:
            decided_on = dt.date.fromisoformat(_field("decided_on", 10))
        except ValueError:
            return _refused(subject_id, f"decide:{nomination_id}",
                            "Not changed: the decision date must be YYYY-MM-DD.")
    return _done(
        subject_id,
        lambda: lifecycle.decide_nomination(db(), nomination_id, decision=decision,
                                            by=current_user().username, minutes=minutes,
                                            decided_on=decided_on),
        "nomination_decision", decision, f"Panel decision recorded: {decision}.",
        target=("Nomination", nomination_id), form=f"decide:{nomination_id}",
    )
