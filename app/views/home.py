"""The home page: live counts from Neo4j and the latest ingest runs."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template

from app.extensions import db

bp = Blueprint("home", __name__)


def _overview() -> dict:
    database = db()
    counts = {r["label"]: r["count"] for r in database.read("home/counts")}
    runs = database.read("home/latest_runs", limit=10)
    for run in runs:
        run["started_at"] = str(run["started_at"])[:19].replace("T", " ")
    return {"counts": counts, "runs": runs}


@bp.get("/")
def index():
    """Counts and latest ingest runs."""
    return render_template("home.html", **_overview())


@bp.get("/api/overview")
def overview():
    """The home page's data as JSON."""
    return jsonify({"ok": True, **_overview()})
