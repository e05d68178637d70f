"""``/healthz``: is the app up and can it reach Neo4j (no data, no login)."""

from __future__ import annotations

from flask import Blueprint, jsonify

from app.extensions import db
from graph.errors import GraphError

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Up, and whether the database answers."""
    try:
        db().read("home/ping")
    except GraphError:
        return jsonify({"ok": False, "database": "down"}), 503
    return jsonify({"ok": True, "database": "up"})
