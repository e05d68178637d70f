"""Alerts and watches: the inbox, triage of one alert, and setting up watches.

Thin views: parse, call :mod:`graph.alerts`, audit, answer. What a reader sees of victims
and homes in an alert's facts is the disclosure policy's (the JSON provider and the template
context apply it). An administrator sees only the view-watch alerts of his own watches:
who viewed the watched person and when, nothing of the case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from app.auth import audit
from app.auth.roles import User, can_edit_subject, current_user
from app.extensions import db
from graph import alerts, orders
from graph.errors import Conflict, GraphError, NotFound

bp = Blueprint("alerts", __name__)

#: Areas whose successful writes are "recorded changes" after which alerts are computed.
CHANGING_AREAS = frozenset({"plans", "tiers_api", "board", "tcg", "orders", "intelligence",
                            "subjects"})


def _me() -> User:
    user = current_user()
    if user is None:
        abort(401, "Sign in first.")
    return user


def _visible(alert: dict[str, Any], user: User) -> bool:
    """Whether ``user`` may open this alert (the list's rule, for one alert)."""
    if user.role == "admin":
        return alert["kind"] == "person_viewed" and alert.get("watcher") == user.username
    return alert["kind"] != "person_viewed"


def _load(alert_id: str) -> dict[str, Any]:
    alert = alerts.get(db(), alert_id)
    if not _visible(alert, _me()):
        raise NotFound(f"no alert {alert_id!r}")
    return alert


def _may_triage(alert: dict[str, Any], user: User) -> bool:
    if user.role == "admin":
        return True  # his own view-watch alerts (_load refused the others)
    return can_edit_subject(user, alert.get("owner")) or alert.get("assignee") == user.username


def _audit_list(rows: list[dict[str, Any]]) -> None:
    ids = sorted({r["subject_id"] for r in rows if r.get("subject_id")
                  and r["kind"] != "person_viewed"})
    if ids:
        audit.record("view_alerts", "Subject", ",".join(ids))


def _filters() -> dict[str, Any]:
    return {"kind": request.args.get("kind") or None,
            "status": request.args.get("status") or None,
            "inbox": request.args.get("inbox", "") in ("1", "true", "yes")}


def _triage(alert: dict[str, Any], body: Any) -> tuple[dict[str, Any], str | None]:
    """Apply a status change; confirming a possible breach records it (graph.orders), and
    accepting an overdue action links its plan. Returns the alert and the link."""
    user = _me()
    if not _may_triage(alert, user):
        abort(403, "Only analysts, the subject's owning officer or the assignee can triage "
                   "this alert.")
    status = body.get("status") if isinstance(body, dict) else None
    link = None
    if alert["kind"] == "action_overdue" and status in ("in_progress", "confirmed"):
        link = url_for("plans.page", subject_id=alert["subject_id"]) + \
            f"#{alert['facts']['action_id']}"
    if (alert["kind"] == "possible_breach" and status in ("confirmed", "dismissed")
            and status != alert["status"]):
        if user.role != "analyst":
            abort(403, "Only analysts confirm or dismiss a possible breach.")
        facts = alert["facts"]
        note = (body.get("note") or "").strip() if isinstance(body.get("note"), str) else ""
        if not note:
            raise ValueError("note is required to confirm or dismiss a possible breach")
        try:
            answer = orders.review(db(), {"order_id": facts["order_id"],
                                          "condition_id": facts["condition_id"],
                                          "evidence_id": facts["evidence_id"],
                                          "decision": status, "reason": note},
                                   by=user.username)
        except Conflict:
            answer = None  # answered on the orders page already: the alert follows it
        if answer and answer.get("breach_id"):
            link = url_for("orders.page") + f"#{answer['breach_id']}"
    changed = alerts.set_status(db(), alert, body, by=user.username, link=link)
    audit.record("alert_status", "Location" if alert.get("location_id") else "Subject",
                 alert.get("subject_id") or alert.get("location_id"),
                 f"{alert['id']} {alert['kind']} -> {changed['status']}")
    return changed, link


# --- JSON ----------------------------------------------------------------------------------


@bp.get("/api/alerts")
def api_list():
    """The alerts the reader may see (``kind``, ``status``, ``inbox=1``): a JSON array."""
    user = _me()
    rows = alerts.listing(db(), username=user.username, role=user.role, **_filters())
    _audit_list(rows)
    return jsonify(rows)


@bp.get("/api/alerts/<alert_id>")
def api_get(alert_id: str):
    """One alert with its append-only history."""
    alert = _load(alert_id)
    _audit_list([alert])
    return jsonify({"ok": True, "alert": alert})


@bp.post("/api/alerts/<alert_id>/status")
def api_status(alert_id: str):
    """Move an alert: ``{status, note, assignee}``; the history keeps every move."""
    changed, link = _triage(_load(alert_id), request.get_json(silent=True))
    return jsonify({"ok": True, "alert": changed, "open": link})


@bp.route("/api/watches", methods=["GET", "POST"])
def api_watches():
    """GET: the reader's watches. POST: watch a subject or place (any case role) or who
    views a person (administrators): ``{kind, target_id}``."""
    user = _me()
    if request.method == "GET":
        return jsonify({"ok": True, "watches": alerts.watches(db(), user.username)})
    try:
        found, created = alerts.watch(db(), request.get_json(silent=True),
                                      username=user.username, role=user.role)
    except PermissionError as exc:
        abort(403, str(exc))
    audit.record("watch_" + found["kind"], found["target_kind"], found["target_id"])
    return jsonify({"ok": True, "watch": found, "created": created}), 201 if created else 200


# --- the page ------------------------------------------------------------------------------


@bp.get("/alerts")
def page():
    """The inbox and every alert the reader may see, with triage forms."""
    user = _me()
    f = _filters()
    rows = alerts.listing(db(), username=user.username, role=user.role, **f)
    _audit_list(rows)
    return render_template("alerts.html", alerts=rows, filters=f, statuses=alerts.STATUSES,
                           kinds=alerts.load_rules().kinds, watches=alerts.watches(
                               db(), user.username),
                           is_admin=user.role == "admin",
                           may_triage={a["id"]: _may_triage(a, user) for a in rows})


@bp.get("/alerts/<alert_id>")
def alert_page(alert_id: str):
    """One alert: its facts and its history."""
    alert = _load(alert_id)
    _audit_list([alert])
    return render_template("alerts.html", alerts=[alert], one=alert, filters=_filters(),
                           statuses=alerts.STATUSES, kinds=alerts.load_rules().kinds,
                           watches=[], is_admin=_me().role == "admin",
                           may_triage={alert["id"]: _may_triage(alert, _me())})


@bp.post("/alerts/<alert_id>/status")
def status_form(alert_id: str):
    """The triage form on one alert."""
    body = {k: v.strip() for k, v in request.form.items() if k != "csrf_token" and v.strip()}
    try:
        changed, link = _triage(_load(alert_id), body)
    except (ValueError, Conflict, NotFound) as exc:
        flash(f"Not changed: {exc}", "error")
        return redirect(url_for("alerts.alert_page", alert_id=alert_id), 303)
    flash(f"Alert is now {changed['status'].replace('_', ' ')}.", "ok")
    return redirect(link or url_for("alerts.alert_page", alert_id=alert_id), 303)


@bp.post("/alerts/watches")
def watch_form():
    """The watch form on the alerts page."""
    user = _me()
    body = {k: request.form.get(k, "").strip() for k in ("kind", "target_id")}
    try:
        found, created = alerts.watch(db(), body, username=user.username, role=user.role)
    except (ValueError, NotFound, PermissionError) as exc:
        flash(f"Not watched: {exc}", "error")
    else:
        audit.record("watch_" + found["kind"], found["target_kind"], found["target_id"])
        flash(f"Watching {found['kind']} {found['target_id']}." if created
              else f"Already watching {found['target_id']}.", "ok")
    return redirect(url_for("alerts.page"), 303)


# --- every page: the header's counts; after a recorded change: the rules -------------------


@bp.app_context_processor
def inbox_counts() -> dict[str, Any]:
    """``alert_inbox()`` for the header: one small query, only when a page asks."""

    def read() -> dict[str, int] | None:
        user = current_user()
        if user is None:
            return None
        try:
            return alerts.inbox_counts(db(), user.username, user.role)
        except GraphError:
            return None  # the header must not fail a page (the error page included)

    return {"alert_inbox": read}


@bp.after_app_request
def after_change(response):
    """Compute alerts after a recorded change (a successful write in a case area)."""
    area = (request.endpoint or "").split(".", 1)[0]
    if (request.method in ("POST", "PUT", "PATCH", "DELETE") and area in CHANGING_AREAS
            and response.status_code < 400):
        user = current_user()
        try:
            alerts.run(db(), dt.date.today(), by=f"change by {user.username if user else '-'}")
        except GraphError:
            # The change itself was recorded; the next run (or scheduled one) raises them.
            current_app.logger.exception("alerts after %s %s", request.method, request.path)
    return response
