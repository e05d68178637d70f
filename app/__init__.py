"""The linkwatch web app: an app factory with one blueprint per area (Flask tutorial style)."""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask


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
    return app
