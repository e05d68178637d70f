"""JSON API for the trawl, explanations and the TCG lifecycle (thin: parse, call, serialise)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request

from app.auth import audit
from app.auth.roles import can_edit_subject, current_user, roles_required
from app.extensions import db
from app.views.params import as_of_arg
from graph.limits import parse_date
from graph.tiers import lifecycle
from graph.tiers import trawl as trawl_mod
from graph.tiers.lifecycle import LifecycleError, LifecycleInputError

bp = Blueprint("tiers_api", __name__, url_prefix="/api")


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if data is None:
        data = request.form.to_dict()
    if not isinstance(data, dict):
        abort(400, "send a JSON object")
    return data


def _me() -> str:
    user = current_user()
    return user.username if user else "unknown"


def _subject_or_404(subject_id: str) -> dict[str, Any]:
    try:
        return lifecycle.status(db(), subject_id)
    except LifecycleError:
        abort(404, f"no subject {subject_id!r}")


def _may_edit(subject_id: str) -> None:
    state = _subject_or_404(subject_id)
    if not can_edit_subject(current_user(), state.get("owner")):
        abort(403, "Only analysts, or the subject's owning officer, can change this subject.")


def _lifecycle_call(action):
    """Run a lifecycle change: a value the request got wrong is a 400 naming the field; a
    change the subject's present state does not allow, a 409."""
    try:
        return action()
    except LifecycleInputError as exc:
        abort(400, str(exc))
    except LifecycleError as exc:
        abort(409, str(exc))


@bp.get("/tiers")
def tiers():
    """The trawl on ``as_of``: a JSON array of tier results (the CLI's ``--format json``)."""
    day = as_of_arg()
    results = trawl_mod.trawl(db(), day)
    tier = request.args.get("tier", "").strip()  # 1, 2 or 3: checked by the contract
    if tier:
        results = [a for a in results if a.tier == int(tier)]
    audit.record("view_tier_list", "Trawl", day.isoformat())
    return jsonify([a.as_json() for a in results])


@bp.get("/tiers/changes")
def tier_changes():
    """New, dropped (with the reason) and re-tiered candidates since the last recorded trawl.

    With no trawl recorded yet the lists are empty, ``previous`` is null and ``message``
    says so.
    """
    day = as_of_arg()
    found = trawl_mod.since_last(db(), day)
    audit.record("view_tier_changes", "Trawl", day.isoformat(),
                 None if found["previous"] else "no recorded trawl")
    return jsonify({"ok": True, **found})


@bp.post("/tiers/trawls")
@roles_required("analyst")
def record_trawl():
    """Record the trawl on ``as_of`` so the next one can be compared with it."""
    day = as_of_arg()
    results = trawl_mod.trawl(db(), day)
    trawl_id = trawl_mod.record(db(), results, day, by=_me())
    audit.record("record_trawl", "Trawl", trawl_id)
    return jsonify({"ok": True, "id": trawl_id, "candidates": len(results)}), 201


@bp.get("/subjects/<id:subject_id>/tier")
def subject_tier(subject_id: str):
    """One subject's tier on ``as_of`` with every criterion and the near-misses."""
    day = as_of_arg()
    try:
        assessment = trawl_mod.explain_subject(db(), subject_id, day)
    except KeyError:
        abort(404, f"no subject {subject_id!r}")
    audit.record("view_tier", "Subject", subject_id)
    return jsonify(assessment.as_json(explain=True))


@bp.get("/subjects/<id:subject_id>/history")
def subject_history(subject_id: str):
    """Every lifecycle event of a subject, oldest first."""
    _subject_or_404(subject_id)
    audit.record("view_history", "Subject", subject_id)
    events = lifecycle.history(db(), subject_id)
    return jsonify({"ok": True, "subject_id": subject_id, "events": events})


@bp.post("/subjects/<id:subject_id>/adopt")
@roles_required("analyst")
def adopt(subject_id: str):
    """Adopt a candidate: ``{"tier": 1, "owner": "username", "reason": "..."}``."""
    _subject_or_404(subject_id)
    data = _body()
    try:
        tier = int(data.get("tier", 0))
    except (TypeError, ValueError):
        abort(400, "tier must be 1, 2 or 3")
    events = _lifecycle_call(
        lambda: lifecycle.adopt(
            db(),
            subject_id,
            tier=tier,
            owner=data.get("owner") or None,
            by=_me(),
            reason=str(data.get("reason", "")),
        )
    )
    audit.record("adopt", "Subject", subject_id, str(data.get("reason", "")))
    return jsonify({"ok": True, "events": events}), 201


@bp.post("/subjects/<id:subject_id>/status")
def move(subject_id: str):
    """Move an adopted subject: ``{"status": "monitoring", "reason": "..."}``."""
    _may_edit(subject_id)
    data = _body()
    event = _lifecycle_call(
        lambda: lifecycle.move(
            db(),
            subject_id,
            str(data.get("status", "")),
            by=_me(),
            reason=str(data.get("reason", "")),
        )
    )
    audit.record("status_change", "Subject", subject_id, str(data.get("reason", "")))
    return jsonify({"ok": True, "event": event}), 201


@bp.post("/subjects/<id:subject_id>/nominations")
def nominate(subject_id: str):
    """Nominate for Tier 3: ``{"nominated_by", "agency", "rationale"}``."""
    _subject_or_404(subject_id)
    data = _body()
    nomination = _lifecycle_call(
        lambda: lifecycle.nominate(
            db(),
            subject_id,
            nominated_by=str(data.get("nominated_by", "")),
            agency=str(data.get("agency", "")),
            rationale=str(data.get("rationale", "")),
            by=_me(),
        )
    )
    audit.record("nominate", "Subject", subject_id, str(data.get("rationale", "")))
    return jsonify({"ok": True, "nomination": nomination}), 201


@bp.post("/nominations/<id:nomination_id>/decision")
@roles_required("analyst")
def decide_nomination(nomination_id: str):
    """The panel's decision: ``{"decision": "approved"|"rejected", "minutes": "..."}``."""
    data = _body()
    decided_on = None
    if data.get("decided_on"):  # ValueError naming decided_on: a 400
        decided_on = parse_date("decided_on", str(data["decided_on"]))
    nomination = _lifecycle_call(
        lambda: lifecycle.decide_nomination(
            db(),
            nomination_id,
            decision=str(data.get("decision", "")),
            by=_me(),
            minutes=str(data.get("minutes", "")),
            decided_on=decided_on,
        )
    )
    audit.record("nomination_decision", "Nomination", nomination_id, str(data.get("decision")))
    return jsonify({"ok": True, "nomination": nomination}), 201
