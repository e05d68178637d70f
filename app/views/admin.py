"""Administration: users (add, change role, disable) and the audit log with its CSV export
(admins only)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from app.auth import audit, passwords, users
from app.auth.roles import ROLE_LABELS, ROLES, current_user, roles_required
from app.disclose import disclosed
from app.extensions import db
from graph import packs

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: Newest audit events shown on the page; the CSV export takes up to EXPORT_LIMIT.
PAGE_LIMIT = 200
EXPORT_LIMIT = 100_000
#: Newest pack records listed on the audit page.
PACKS_LIMIT = 100


@bp.before_request
@roles_required("admin")
def _admins_only():
    """Every admin page, whatever its decorators, is for administrators only."""


def _back():
    return redirect(url_for("admin.users_page"), 303)


def _users_page(status: int = 200, **extra: Any):
    return render_template("admin_users.html", users=users.list_users(db()), roles=ROLES,
                           role_labels=ROLE_LABELS, me=current_user(), **extra), status


@bp.get("/users")
def users_page():
    """Users, roles, last sign-in, disabled flag; forms to add a user, change role, disable."""
    return _users_page()


def new_password() -> str:
    """A generated password: 16 characters, 96 random bits (the policy wants 12 or more)."""
    return secrets.token_urlsafe(12)


@bp.post("/users")
def add_user():
    """Add a user with a generated password, shown once on the page that answers."""
    typed = {k: (request.form.get(k) or "").strip()[:100]
             for k in ("username", "display_name", "role")}
    password = new_password()
    try:
        user = users.create(db(), typed["username"], typed["role"], password,
                            typed["display_name"] or None)
    except (users.UserError, passwords.WeakPassword) as exc:
        status = 409 if isinstance(exc, users.UserExists) else 400
        return _users_page(status, add_error=f"Not added: {exc}", typed=typed)
    audit.record("user_created", "User", user.username,
                 f"role {user.role}, added on the admin page")
    return _users_page(201, created={"username": user.username, "role": user.role,
                                     "display_name": user.display_name,
                                     "password": password})


@bp.post("/users/<username>/role")
def set_role(username: str):
    """Change a user's role."""
    role = request.form.get("role", "")
    reason = request.form.get("reason", "").strip() or None
    if users.normalise(username) == current_user().username:
        flash("You cannot change your own role; ask another administrator.", "error")
        return _back()
    try:
        before = users.set_role(db(), username, role)
    except users.UserError as exc:
        flash(str(exc), "error")
        return _back()
    audit.record("user_role_changed", "User", users.normalise(username),
                 f"{before} -> {role}" + (f": {reason}" if reason else ""))
    flash(f"{users.normalise(username)} is now {ROLE_LABELS[role]}.", "ok")
    return _back()


@bp.post("/users/<username>/disabled")
def set_disabled(username: str):
    """Disable (signing out everywhere) or enable a user."""
    disabled = request.form.get("disabled") == "1"
    reason = request.form.get("reason", "").strip() or None
    name = users.normalise(username)
    if name == current_user().username:
        flash("You cannot disable your own account.", "error")
        return _back()
    try:
        users.set_disabled(db(), name, disabled)
    except users.UserError as exc:
        flash(str(exc), "error")
        return _back()
    audit.record("user_disabled" if disabled else "user_enabled", "User", name, reason)
    flash(f"{name} is {'disabled' if disabled else 'enabled'}.", "ok")
    return _back()


def _filters() -> tuple[dict, list[str]]:
    """The audit filters from the query string, and messages about any that were ignored."""
    args, problems = request.args, []
    found: dict = {k: args.get(k, "").strip() or None for k in ("username", "action", "target_id")}
    for key in ("date_from", "date_to"):
        text = args.get(key, "").strip()
        found[key] = None
        if text:
            try:
                found[key] = dt.date.fromisoformat(text)
            except ValueError:
                problems.append(f"Ignored {key.replace('_', ' ')} {text!r}: use YYYY-MM-DD.")
    return found, problems


@bp.get("/audit")
def audit_page():
    """The newest audit events, filtered by user, action, target and dates; the newest
    review packs generated (of the target subject, when one is given)."""
    found, problems = _filters()
    for message in problems:
        flash(message, "error")
    events = audit.search(db(), limit=PAGE_LIMIT, **found)
    export_args = {k: (v.isoformat() if isinstance(v, dt.date) else v)
                   for k, v in found.items() if v}
    return render_template("admin_audit.html", events=events, filters=found,
                           export_url=url_for("admin.audit_csv", **export_args),
                           limit=PAGE_LIMIT, packs_limit=PACKS_LIMIT,
                           pack_records=packs.records(db(), subject_id=found["target_id"],
                                                      limit=PACKS_LIMIT))


@bp.get("/audit.csv")
def audit_csv():
    """The filtered audit events as CSV; the export is itself audited."""
    found, problems = _filters()
    if problems:
        abort(400, " ".join(problems))
    events = audit.search(db(), limit=EXPORT_LIMIT, **found)
    described = "; ".join(f"{k}={v}" for k, v in found.items() if v) or "all"
    audit.record("audit_export", "AuditLog", described, f"{len(events)} events")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return Response(
        audit.csv_text(disclosed(events)),  # the one policy, as the page: victims by letter
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="linkwatch-audit-{stamp}.csv"'},
    )
