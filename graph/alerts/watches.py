"""Watches: a user follows a subject or a place; an administrator watches who views a person.

A subject or place watch puts that target's alerts in the user's inbox and raises
``watched_activity`` for new offences, intelligence and orders (:mod:`graph.alerts.kinds`).
A **view watch** (administrators only) raises ``person_viewed`` whenever anyone's view of the
person is audited, naming who and when: the insider-misuse control. The audit trail's write
finds the watches (``audit/record``) and calls :func:`viewed` only when one matches.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from graph.alerts import store
from graph.db import Database
from graph.errors import NotFound
from graph.records import plain

KINDS = ("subject", "place", "view")


def watch(db: Database, body: Any, *, username: str, role: str) -> tuple[dict[str, Any], bool]:
    """Set up a watch from ``{"kind": subject|place|view, "target_id": ...}``.

    Returns:
        The watch and whether it is new (the same watch twice is one watch).

    Raises:
        ValueError: a missing or bad field (named), or a view watch by a non-administrator;
        NotFound: no such subject, place or person.
    """
    if not isinstance(body, dict):
        raise ValueError("send a JSON object with kind and target_id")
    kind = body.get("kind")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    target = body.get("target_id")
    if not isinstance(target, str) or not target.strip() or len(target) > 200:
        raise ValueError("target_id is required (a subject, place or person id)")
    target = target.strip()
    if kind == "view" and role != "admin":
        raise PermissionError("only an administrator may set a view watch")
    if kind != "view" and role == "admin":
        raise PermissionError("administrators set view watches only")
    found = db.read("alerts/target_exists", target_id=target)[0]
    target_kind = {"subject": "Subject" if found["subject"] else None,
                   "place": "Location" if found["place"] else None,
                   "view": "Subject" if found["subject"] else "Victim" if found["victim"]
                   else None}[kind]
    if target_kind is None:
        what = {"subject": "subject", "place": "place", "view": "subject or victim"}[kind]
        raise NotFound(f"no {what} {target!r}")
    watch_id = "W-" + hashlib.sha256(f"{username}|{kind}|{target}".encode()).hexdigest()[:16]
    row = db.write("alerts/watch_create", id=watch_id, kind=kind, target_id=target,
                   target_kind=target_kind, username=username)[0]
    return plain(row["watch"]), row["created"]


def watches(db: Database, username: str) -> list[dict[str, Any]]:
    """The user's watches, newest first."""
    return [plain(r["watch"]) for r in db.read("alerts/watch_list", username=username)]


def viewed(db: Database, watchers: list[dict[str, Any]], *, event_id: str,
           viewer: str | None, role: str | None, action: str,
           at: dt.datetime | None = None) -> list[str]:
    """Raise ``person_viewed`` for each view watch on the people one audited view showed.

    The audit trail's own write returns the watches on the people it names (``watch_ids``
    in ``audit/record``), so an unwatched view costs nothing more.

    Args:
        watchers: ``watch_id``, ``target_id``, ``target_kind``, ``username`` of each watch.
        event_id: the audit event (one alert per event and watch: raised once).
        viewer, role: who viewed; action: the audited action (``view``, ``view_plan``...).

    Returns:
        The ids of the alerts raised.
    """
    raised = []
    at = at or dt.datetime.now(dt.UTC)
    for w in watchers:
        facts = {"viewer": viewer, "viewer_role": role, "at": at.isoformat(timespec="seconds"),
                 "action": action, "target_kind": w["target_kind"],
                 "target_id": w["target_id"], "audit_event_id": event_id}
        new = store.raise_now(db, "person_viewed", [w["watch_id"], event_id], facts,
                              watcher=w["username"], by="audit")
        if new:
            raised.append(new)
    return raised
