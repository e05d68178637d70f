"""``/healthz``: is the app up and can it reach Neo4j (no data, no login).

It answers within :data:`TIMEOUT` seconds whether Neo4j is up, down or hanging (a load
balancer's probe must not pile up), and never says where the database is.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from app.extensions import db
from graph.errors import GraphError

bp = Blueprint("health", __name__)

#: Seconds /healthz waits for Neo4j before it reports the database down.
TIMEOUT = 1.5


@bp.get("/healthz")
def healthz():
    """Up, and whether the database answers."""
    try:
        up = db().responds("home/ping", TIMEOUT)
    except GraphError:  # no database configured at all (no NEO4J_URI, no local Neo4j)
        up = False
    if not up:
        return jsonify({"ok": False, "database": "down"}), 503
    return jsonify({"ok": True, "database": "up"})
