"""The linkwatch web app: an app factory with one blueprint per area (Flask tutorial style)."""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask

from app.jsonio import JSONProvider


def _from_environment() -> dict[str, Any]:
    # LINKWATCH_* variables override the defaults; e.g. LINKWATCH_SECRET_KEY.
    prefix = "LINKWATCH_"
    return {k[len(prefix) :]: v for k, v in os.environ.items() if k.startswith(prefix)}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then ``LINKWATCH_*`` environment, then ``config``.

    Args:
        config: test overrides, e.g. ``{"TESTING": True}``.

    Returns:
        The Flask app with every blueprint registered.
    """
    app = Flask(__name__)
    app.json = JSONProvider(app)
    app.config.from_mapping(
        SECRET_KEY=secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        APPLY_SCHEMA_ON_START=True,
    )
    app.config.from_mapping(_from_environment())
    if config:
        app.config.from_mapping(config)

    from app import extensions, views

    extensions.init_app(app)
    views.register(app)
    _init_auth(app)
    return app


def _init_auth(app: Flask) -> None:
    # Login, roles, CSRF, rate limits and audit: every route but login, health and static.
    from importlib.util import find_spec

    if find_spec("app.auth") is not None:
        from app import auth

        auth.init_app(app)
