"""The dashboard: live counts, ingest runs, what changed since the last recorded trawl, new tier
candidates, reactivations, release watch.

The trawl and its changes come from :mod:`graph.dashboard`'s cache (per as-of date, renewed
after an ingest or a recorded change); the counts, runs, reactivations and release watch
are small queries read live at every load.

Administrators see the counts and the runs only: no person data is even read for them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, jsonify, render_template

from app.auth import audit
from app.auth.roles import current_user
from app.extensions import db
from graph import dashboard, subjects
from graph.resolution import spec as resolution_spec

bp = Blueprint("home", __name__)

#: How far back reactivations and how far ahead release dates are shown.
WINDOW_DAYS = 90
#: Same-person proposals listed on an analyst's dashboard (the queue has them all).
PROPOSALS_SHOWN = 5


def _overview() -> dict[str, Any]:
    database = db()
    counts = {r["label"]: r["count"] for r in database.read("home/counts")}
    runs = database.read("home/latest_runs", limit=10)
    for run in runs:
        run["started_at"] = str(run["started_at"])[:19].replace("T", " ")
    data: dict[str, Any] = {"counts": counts, "runs": runs}
    user = current_user()
    if user is None or user.role == "admin":
        return data
    today = dt.date.today()
    part, _ = dashboard.trawl_part(database, today)  # the trawl runs only after a change
    candidates, changes = part["candidates"], part["trawl_changes"]
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=WINDOW_DAYS)
    reactivations = subjects.plain(database.read("home/reactivations", since=since, limit=50))
    until = today + dt.timedelta(days=WINDOW_DAYS)
    watch = subjects.plain(database.read("lifecycle/release_watch", until=until))
    for row in reactivations + watch:
        row["name"] = subjects.full_name(row)
    for row in watch:
        row["days"] = (row["release_watch"] - today).days
    flags = part["escalations"]
    proposals = _proposals(database, user)
    shown = sorted({c["subject_id"] for c in candidates} | {f["subject_id"] for f in flags}
                   | {r["subject_id"] for r in reactivations + watch}
                   | {r["subject_id"] for k in ("new", "dropped", "tier_changed")
                      for r in changes[k]})
    if shown:  # the dashboard names people: who saw which of them is part of the audit trail
        audit.record("view_dashboard", "Subject", ",".join(shown))
    return {
        **data,
        "as_of": today,
        "window_days": WINDOW_DAYS,
        "watch_until": until,
        "candidates": candidates,
        "escalations": flags,
        "resolution_proposals": proposals,
        "trawl_changes": changes,
        "reactivations": reactivations,
        "release_watch": watch,
    }


def _proposals(database, user) -> list[dict[str, Any]] | None:
    """Open same-person proposals, strongest first, for those who review them (analysts)."""
    if user.role != "analyst":  # the review queue is the analysts' (app/views/resolution.py)
        return None
    threshold = resolution_spec.load_spec().threshold
    return database.read("resolution/proposals", threshold=threshold, limit=PROPOSALS_SHOWN)


@bp.get("/")
def index():
    """Counts, latest ingest runs and, for case roles, what needs the TCG's attention."""
    return render_template("home.html", **_overview())


@bp.get("/api/overview")
def overview():
    """The dashboard's data as JSON."""
    return jsonify({"ok": True, **_overview()})
