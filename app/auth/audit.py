"""The audit trail: append-only ``AuditEvent`` nodes (who, role, when, what, why, from where).

The app only ever creates audit events (``audit/record``); no query updates or deletes one,
and a test checks that. Call :func:`record` from any view that shows or changes a person's
record; outside a request (the CLI) pass ``db`` and ``actor``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import uuid
from collections.abc import Iterable
from typing import Any

from flask import has_request_context, request

from app.auth.roles import User, current_user
from graph import csvout
from graph.db import Database

#: Columns of the CSV export, in order.
CSV_COLUMNS = ("at", "username", "role", "action", "target_kind", "target_id", "reason",
               "remote_addr", "user_agent", "method", "path", "id")

_MAX = 300  # characters kept of free text (user agents, reasons, attempted usernames)


def record(
    action: str,
    target_kind: str | None,
    target_id: str | None,
    reason: str | None = None,
    *,
    actor: User | None = None,
    username: str | None = None,
    db: Database | None = None,
) -> str:
    """Append one audit event and return its id.

    Args:
        action: what happened, e.g. ``"view"``, ``"login"``, ``"audit_export"``.
        target_kind: the kind of thing acted on, e.g. ``"Subject"``.
        target_id: its id.
        reason: why (the user's stated purpose, or a failure reason).
        actor: who; the signed-in user when omitted, the operating-system user on the CLI.
        username: who, when there is no user to name (a failed sign-in's attempted name).
        db: the database; the app's when omitted.
    """
    actor = actor or (current_user() if has_request_context() else None)
    if has_request_context():
        where = {
            "remote_addr": request.remote_addr,
            "user_agent": _clip(request.user_agent.string),
            "method": request.method,
            "path": _clip(request.full_path.rstrip("?")),
        }
    else:
        where = {"remote_addr": "cli", "user_agent": None, "method": None, "path": None}
        if actor is None and username is None:
            username = f"cli:{_os_user()}"
    if db is None:
        from app.extensions import db as app_db

        db = app_db()
    event_id = uuid.uuid4().hex
    people = None
    if action.startswith("view") and target_kind in ("Subject", "Victim") and target_id:
        people = [t.strip() for t in str(target_id).split(",") if t.strip()]
    written = db.write(
        "audit/record",
        id=event_id,
        username=actor.username if actor else _clip(username),
        role=actor.role if actor else ("cli" if where["remote_addr"] == "cli" else None),
        action=action,
        target_kind=target_kind,
        target_id=_clip(None if target_id is None else str(target_id)),
        reason=_clip(reason),
        watch_ids=people,
        **where,
    )
    if written and written[0]["watchers"]:
        # A view watch on the person (graph.alerts.watches) is told who looked, and when.
        from graph.alerts import viewed

        viewed(db, written[0]["watchers"], event_id=event_id,
               viewer=actor.username if actor else username,
               role=actor.role if actor else None, action=action)
    return event_id


def search(
    db: Database,
    *,
    username: str | None = None,
    action: str | None = None,
    target_id: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """The newest events matching every filter given (dates inclusive, UTC).

    Returns:
        Dicts with the :data:`CSV_COLUMNS`; ``at`` as ``YYYY-MM-DD HH:MM:SS`` UTC.
    """
    rows = db.read(
        "audit/search",
        username=(username or "").strip().lower() or None,
        action=(action or "").strip() or None,
        target_id=(target_id or "").strip() or None,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        limit=int(limit),
    )
    for row in rows:
        row["at"] = str(row["at"])[:19].replace("T", " ")
    return rows


def csv_text(rows: Iterable[dict[str, Any]]) -> str:
    """The events as CSV (:data:`CSV_COLUMNS`); formulas defused by :mod:`graph.csvout`."""
    return csvout.to_text(CSV_COLUMNS, rows)


def _clip(value: str | None) -> str | None:
    return None if value is None else value[:_MAX]


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"
