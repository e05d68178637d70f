"""Person resolution's review queue (analysts only): Splink's proposals of one person under
two subject records, side by side with the match weights, and the analyst's decisions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for

from app.auth import audit
from app.auth.roles import current_user, roles_required
from app.extensions import db
from graph import limits
from graph.resolution import service

bp = Blueprint("resolution", __name__)


def _me() -> str:
    user = current_user()
    return user.username if user else "unknown"


def _decide(decision: Any, ids: Any, reason: Any) -> dict[str, Any]:
    """Validate and record one decision; a value the request got wrong is a 400 naming it."""
    if decision not in service.DECISIONS:
        abort(400, f"decision must be one of {', '.join(service.DECISIONS)}")
    if not isinstance(ids, list) or not all(isinstance(i, str) and i.strip() for i in ids):
        abort(400, "subject_ids must be a list of subject ids")
    if not isinstance(reason, str) or not reason.strip():
        abort(400, "reason is required")
    if len(reason) > limits.TEXT_LIMIT:
        abort(400, f"reason is longer than {limits.TEXT_LIMIT} characters")
    try:
        result = service.decide(db(), decision, [i.strip() for i in ids], reason, _me())
    except service.ResolutionError as exc:
        abort(404 if str(exc).startswith("no subject") else 400, str(exc))
    audit.record(f"resolution_{decision}", "Subject", ",".join(result["subject_ids"]), reason)
    return result


def _pairs(proposals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each proposal with both records and the graph facts they share."""
    out = []
    for p in proposals:
        rows = db().read("resolution/pair", a=p["subject_ids"][0], b=p["subject_ids"][1])
        if rows:
            out.append({**p, **rows[0]})
    return out


@bp.get("/resolution")
@roles_required("analyst")
def page():
    """The review queue: open proposals, strongest first, and the latest decisions."""
    proposals = _pairs(service.queue(db(), limit=50))
    decisions = db().read("resolution/decisions", subject_id=None, limit=20)
    for d in decisions:
        d["linked"] = bool(d["decision"] == "confirm" and service.cluster(
            db(), d["subject_ids"][0])["others"])
    audit.record("view_resolution_queue", "ResolutionProposal", None,
                 f"{len(proposals)} proposals: "
                 + ", ".join("/".join(p["subject_ids"]) for p in proposals)[:900])
    return render_template("resolution.html", proposals=proposals, decisions=decisions,
                           decisions_allowed=service.DECISIONS)


@bp.post("/resolution/decisions")
@roles_required("analyst")
def decide_form():
    """The queue's confirm / reject / split buttons."""
    form = request.form
    ids = [i for i in form.getlist("subject_ids") if i.strip()]
    result = _decide(form.get("decision"), ids, form.get("reason"))
    done = {"confirm": "Confirmed as one person", "reject": "Rejected",
            "split": "Split out"}[result["decision"]]
    flash(f"{done}: {', '.join(result['subject_ids'])}. The decision is logged and can be "
          "reversed.", "ok")
    return redirect(url_for("resolution.page"), 303)


@bp.get("/api/resolution/proposals")
@roles_required("analyst")
def proposals():
    """Open proposals: each pair's subject ids, match probability and weight, cluster,
    each comparison's contribution and the model version."""
    rows = service.queue(db(), limit=500)
    audit.record("view_resolution_queue", "ResolutionProposal", None,
                 f"API: {len(rows)} proposals")
    return jsonify([
        {k: r[k] for k in ("subject_ids", "match_probability", "match_weight", "cluster_id",
                           "contributions", "model_version", "source", "proposed_at")}
        for r in rows
    ])


@bp.post("/api/resolution/decisions")
@roles_required("analyst")
def decisions():
    """Record a decision: confirm or reject two subject ids, or split one."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "send a JSON object with subject_ids, decision and reason")
    result = _decide(body.get("decision"), body.get("subject_ids"), body.get("reason"))
    return jsonify({"ok": True, **result}), 201
