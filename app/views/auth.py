"""Sign-in and sign-out. Both, and every failed attempt, are audited."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from app.auth import audit, users
from app.auth.roles import current_user
from app.extensions import db

bp = Blueprint("auth", __name__)

FAILED = "Unknown username or password"


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else ``None`` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def render_login(error: str | None = None, status: int = 200, username: str = ""):
    """The sign-in page, with an error message when given."""
    next_url = safe_next(request.values.get("next"))
    return render_template("login.html", error=error, username=username,
                           next_url=next_url), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with a username and password."""
    if request.method == "GET":
        return render_login()
    username = users.normalise(request.form.get("username", ""))[:100]
    password = request.form.get("password", "")
    database = db()
    outcome = users.sign_in(database, username, password)
    if outcome.user is None:
        audit.record("login_failed", "User", username or None, outcome.reason,
                     username=username or None)
        return render_login(FAILED, 200, username)
    # A new session: nothing from before sign-in survives (no session fixation).
    session.clear()
    session["user"] = outcome.user.username
    session["sid"] = users.start_session(database, outcome.user.username)
    session["login_at"] = time.time()
    session.permanent = True
    g.user = outcome.user
    audit.record("login", "User", outcome.user.username)
    return redirect(safe_next(request.form.get("next")) or url_for("home.index"))


@bp.post("/logout")
def logout():
    """Sign out: the session ends on the server too, so a copied cookie stops working."""
    user = current_user()
    if user is not None:
        if g.get("auth_method") == "session" and session.get("sid"):
            users.end_session(db(), user.username, session["sid"])
        audit.record("logout", "User", user.username)
    session.clear()
    return redirect(url_for("auth.login"))
