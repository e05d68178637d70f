"""The security layer: sign-in on every route, roles, CSRF, rate limits and audit.

``init_app(app)`` registers, for every request except the login page, ``/healthz`` and
static files: a session (or ``Authorization: Bearer`` token) check, CSRF validation of
every form post (token requests are exempt: browsers never add that header on their own),
and the role policy of :mod:`app.auth.roles`. The ``auth`` (sign-in) and ``admin``
blueprints are mounted with every other one, in :func:`app.views.register`.

Settings (``app.config`` keys, read from ``LINKWATCH_<KEY>`` by :mod:`graph.settings`):

- ``SESSION_COOKIE_SECURE`` (default ``false``): send the session cookie over HTTPS only.
  Set ``LINKWATCH_SESSION_COOKIE_SECURE=true`` whenever the app is served over HTTPS; it is
  false by default because ``linkwatch serve`` listens on plain http://127.0.0.1:5000,
  where a Secure cookie would never come back and nobody could sign in.
- ``SESSION_LIFETIME_HOURS`` (default ``8``, one shift): a sign-in lasts this long,
  however active the user is; then they sign in again.
- ``LOGIN_RATE_LIMIT`` (default ``10 per minute``): failed sign-ins allowed per client IP
  address and, separately, per username; more get 429 until the minute has passed.
- ``SECRET_KEY`` (default: random at each start): signs the session cookie; set it to
  keep users signed in across restarts.

The session cookie is always HttpOnly and SameSite=Lax. Behind a reverse proxy, wrap the
app in ``werkzeug.middleware.proxy_fix.ProxyFix`` so that the audit and the rate limit see
the client's address rather than the proxy's.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from flask import Flask, current_app, g, redirect, request, session, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect

from app.auth import roles, tokens, users
from app.auth.roles import User, current_user

__all__ = ["init_app", "current_user", "User"]

#: Endpoints reachable without signing in.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "health.healthz", "static"})

_EXTENSION = "linkwatch.auth"


def init_app(app: Flask) -> None:
    """Secure ``app``: call once, after :func:`app.views.register` mounted the blueprints."""
    if _EXTENSION in app.extensions:
        return
    app.extensions[_EXTENSION] = True
    _configure(app)

    csrf = CSRFProtect(app)
    # CSRF is checked in _guard below, after the token check, so that bearer requests skip it.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False

    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://",
                      strategy="moving-window")

    _limit_login(app, limiter)

    def guard():
        return _guard(csrf)

    # First of all before_request hooks, so that no other hook runs for a stranger.
    app.before_request_funcs.setdefault(None, []).insert(0, guard)

    @app.context_processor
    def inject_user() -> dict[str, Any]:
        return {"current_user": current_user(), "may_open": roles.may_open}


def _configure(app: Flask) -> None:
    config = app.config
    config["SESSION_COOKIE_SECURE"] = _truthy(config.get("SESSION_COOKIE_SECURE", False))
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = "Lax"
    hours = float(config.get("SESSION_LIFETIME_HOURS", 8))
    config["SESSION_LIFETIME_HOURS"] = hours
    config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=hours)
    config.setdefault("LOGIN_RATE_LIMIT", "10 per minute")
    # A form stays valid for a shift (the session's own limit), not Flask-WTF's one hour.
    config.setdefault("WTF_CSRF_TIME_LIMIT", int(hours * 3600))
    # Flask-WTF's HTTPS-only Referer check cannot pass while every response says
    # "Referrer-Policy: no-referrer" (app/views): browsers then send no Referer at all.
    # The token and SameSite=Lax cookies are the CSRF defence.
    config.setdefault("WTF_CSRF_SSL_STRICT", False)
    config.setdefault("RATELIMIT_HEADERS_ENABLED", False)


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _limit_login(app: Flask, limiter: Limiter) -> None:
    # Only failed attempts count (a successful sign-in redirects); once over the limit, every
    # attempt, right or wrong, gets 429 until the window moves on.
    rate = app.config["LOGIN_RATE_LIMIT"]
    view = app.view_functions["auth.login"]
    message = "Too many sign-in attempts. Wait a minute, then try again."

    def failed(response) -> bool:
        return not 300 <= response.status_code < 400

    def by_username() -> str:
        return "user:" + users.normalise(request.form.get("username", ""))[:100]

    per_address = limiter.limit(rate, methods=["POST"], deduct_when=failed,
                                error_message=message)
    per_username = limiter.limit(rate, methods=["POST"], deduct_when=failed,
                                 error_message=message, key_func=by_username)
    # The limiter checks decorated limits when the wrapped view runs; wrapping here, per app,
    # keeps each app's counters apart (tests build many apps).
    app.view_functions["auth.login"] = per_address(per_username(view))


def _guard(csrf: CSRFProtect):
    """Authenticate, check CSRF, then apply the role policy; return a response to refuse."""
    from app.views import error_response, wants_json

    endpoint = request.endpoint
    if endpoint in ("static", "health.healthz"):
        return None
    user, by_token, problem = _authenticate()
    g.user = user
    g.auth_method = "token" if by_token else ("session" if user else None)
    if problem:  # a bearer token that does not work: never fall back to the cookie
        response = current_app.make_response(error_response(problem, 401))
        response.headers["WWW-Authenticate"] = 'Bearer realm="linkwatch"'
        return response
    if user is None and endpoint not in PUBLIC_ENDPOINTS:
        if wants_json():
            return error_response("Sign in first, or send an API token.", 401)
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.login", next=target))
    if not by_token and current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            csrf.protect(apply_exemptions=True)
        except CSRFError:
            if endpoint == "auth.login":  # a login page left open past the token's lifetime
                from app.views.auth import render_login

                return render_login("The form expired. Please sign in again.", 400)
            raise
    if user is not None:
        why = roles.refusal(user, endpoint, request.method)
        if why:
            return error_response(why, 403)
    return None


def _authenticate() -> tuple[User | None, bool, str | None]:
    """(user, came by bearer token, why a presented token was refused)."""
    from app.extensions import db

    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None, True, "Send the API token as 'Authorization: Bearer <token>'."
        user = tokens.user_for(db(), token.strip())
        if user is None:
            return None, True, "The API token is unknown, revoked or its user is disabled."
        return user, True, None
    username, session_id = session.get("user"), session.get("sid")
    if not username or not session_id:
        return None, False, None
    started = session.get("login_at", 0)
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    user = None
    if time.time() - float(started) < lifetime:
        user = users.session_user(db(), username, session_id)
    if user is None:  # ended, expired, disabled: forget the cookie
        session.clear()
    return user, False, None
