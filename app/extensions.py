"""Wire the one Neo4j execution point into the app (created once, closed at exit)."""

from __future__ import annotations

from flask import Flask, current_app

from graph import schema
from graph.db import Database, get_db


def init_app(app: Flask) -> None:
    """Apply the schema once at start-up (idempotent) unless configured not to."""
    if app.config.get("APPLY_SCHEMA_ON_START"):
        try:
            schema.apply(db())
        except Exception as exc:  # the app still starts; pages show the database error
            app.logger.warning("schema not applied at start-up: %s", exc)


def db() -> Database:
    """The shared :class:`Database`; tests may set ``app.config['DATABASE']``."""
    try:
        override = current_app.config.get("DATABASE")
    except RuntimeError:
        override = None
    return override or get_db()
