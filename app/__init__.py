"""The linkwatch web app: an app factory with one blueprint per area (Flask tutorial style)."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask

from app.jsonio import JSONProvider
from graph import limits
from graph.settings import settings


class LinkwatchFlask(Flask):
    """Flask, with the disclosure policy applied to every page's template context."""

    def update_template_context(self, context: dict[str, Any]) -> None:
        """Apply :func:`app.disclose.disclosed` to what the view passed, then Flask's own."""
        from app.disclose import disclosed

        for key in list(context):
            context[key] = disclosed(context[key])
        super().update_template_context(context)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then ``LINKWATCH_*`` environment, then ``config``.

    The environment is read through :func:`graph.settings.settings`: only the settings it
    documents (``SECRET_KEY``, ``MAP_TILE_URL``, ...) become config keys.

    Args:
        config: test overrides, e.g. ``{"TESTING": True}``.

    Returns:
        The Flask app with every blueprint registered.
    """
    app = LinkwatchFlask(__name__)
    app.json = JSONProvider(app)
    app.config.from_mapping(
        SECRET_KEY=secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        APPLY_SCHEMA_ON_START=True,
    )
    app.config.from_mapping(settings().app_config())
    if config:
        app.config.from_mapping(config)

    from app import auth, extensions, routing, views

    routing.init_app(app)  # the <id:...> converter, before any rule uses it
    app.jinja_env.globals["limits"] = limits  # forms' maxlength: the API's limits
    extensions.init_app(app)
    views.register(app)
    # Login, roles, CSRF, rate limits and audit on every route but login, health and static.
    auth.init_app(app)
    return app
