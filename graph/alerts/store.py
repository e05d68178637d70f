"""Alerts as cases: raising them once, reading an inbox, and triage with an append-only history.

An alert's id is a hash of its kind and key facts (as ingest ids hash source keys), and it is
written with ``MERGE``: running the rules again on the same facts raises nothing new. Its
status moves between :data:`STATUSES`; each move, assignment or note is an ``AlertEvent``
that is never changed afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
import uuid
from typing import Any

from graph.alerts import rules as rules_mod
from graph.alerts.kinds import Context
from graph.alerts.rules import REGISTRY, AlertRules
from graph.db import Database
from graph.errors import Conflict, NotFound
from graph.records import plain

STATUSES = ("open", "in_progress", "confirmed", "dismissed")
#: The snapshot of tiers the next run compares with.
STATE_ID = "tiers"
#: The most alerts one list returns.
MAX_LIST = 2000


def alert_id(kind: str, key: list[Any]) -> str:
    """The alert's id: ``AL-`` and a hash of its kind and key facts.

    >>> alert_id("order_expiring", ["O1", None, dt.date(2026, 1, 2)]) == alert_id(
    ...     "order_expiring", ["O1", None, "2026-01-02"])
    True
    """
    text = json.dumps([kind, *key], default=str, separators=(",", ":"))
    return "AL-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _json(value: Any) -> str:
    return json.dumps(plain(value), default=str, sort_keys=True)


def run(db: Database, as_of: dt.date, *, by: str = "alerts run",
        rules: AlertRules | None = None, timings: dict[str, float] | None = None
        ) -> dict[str, Any]:
    """Raise every enabled kind's alerts on ``as_of``; return what was new.

    Args:
        db: the execution point.
        as_of: the day the rules are applied on (windows count from it).
        by: who or what ran it (the history's first event names it).
        rules: the rule set; the configured one by default.
        timings: when given, filled with each kind's seconds (the benchmark reads it).

    Returns:
        ``{"as_of", "raised": {kind: n new}, "checked": {kind: n found}, "new": [ids]}``.
    """
    rules = rules or rules_mod.load()
    previous = db.read("alerts/state_get", id=STATE_ID)
    ctx = Context(db, as_of, {"as_of": plain(previous[0]["as_of"]),
                              "tiers": json.loads(previous[0]["tiers"])} if previous else None)
    found: list[dict[str, Any]] = []
    checked: dict[str, int] = {}
    for rule in rules.enabled():
        started = time.perf_counter()
        hits = REGISTRY[rule.name](ctx, rule)
        if timings is not None:
            timings[rule.name] = time.perf_counter() - started
        checked[rule.name] = len(hits)
        for hit in hits:
            found.append({"id": alert_id(rule.name, hit["key"]), "kind": rule.name,
                          "subject_id": hit.get("subject_id"),
                          "location_id": hit.get("location_id"),
                          "watcher": hit.get("watcher"),
                          "title": rules.title(rule.name, hit["facts"]),
                          "facts": _json(hit["facts"])})
    started = time.perf_counter()
    new = [r["id"] for r in db.write("alerts/raise", alerts=found, raised_on=as_of, by=by)]
    if any(r.name in ("new_candidate", "tier_change") for r in rules.enabled()):
        db.write("alerts/state_set", id=STATE_ID, as_of=as_of,
                 tiers=json.dumps(ctx.tiers, sort_keys=True))
    if timings is not None:
        timings["write"] = time.perf_counter() - started
    kinds = {f["id"]: f["kind"] for f in found}
    raised: dict[str, int] = {}
    for i in new:
        raised[kinds[i]] = raised.get(kinds[i], 0) + 1
    return {"as_of": as_of, "raised": raised, "checked": checked, "new": new}


def _shape(row: dict[str, Any]) -> dict[str, Any]:
    alert = plain(row["alert"])
    alert["facts"] = json.loads(alert.get("facts") or "{}")
    alert["owner"] = row.get("owner")
    if isinstance(alert.get("raised_on"), dt.date):
        alert["raised_on"] = alert["raised_on"].isoformat()
    return alert


def listing(db: Database, *, username: str, role: str, kind: str | None = None,
            status: str | None = None, subject_id: str | None = None, inbox: bool = False,
            rules: AlertRules | None = None, limit: int = MAX_LIST,
            everything: bool = False) -> list[dict[str, Any]]:
    """The alerts ``username`` (of ``role``) may see, newest first (``everything``: every
    alert whatever the role, for the operator's command line).

    Raises:
        ValueError: an unknown kind or status (named).
    """
    rules = rules or rules_mod.load()
    if kind is not None and kind not in rules.kinds:
        raise ValueError(f"kind must be one of {', '.join(rules.kinds)}, not {kind!r}")
    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    rows = db.read("alerts/list", kind=kind, status=status, subject_id=subject_id,
                   admin=role == "admin", username=username, inbox=inbox,
                   everything=everything,
                   subscribed=rules.subscribed(role), limit=limit)
    return [_shape(r) for r in rows]


def inbox_counts(db: Database, username: str, role: str,
                 rules: AlertRules | None = None) -> dict[str, int]:
    """``{"open": n, "in_progress": n}`` of the user's inbox (the header reads it)."""
    rules = rules or rules_mod.load()
    row = db.read("alerts/inbox_counts", admin=role == "admin", username=username,
                  subscribed=rules.subscribed(role))[0]
    return {"open": row["open"], "in_progress": row["in_progress"]}


def get(db: Database, alert_id_: str) -> dict[str, Any]:
    """One alert with its ``history`` (oldest first).

    Raises:
        NotFound: no such alert.
    """
    rows = db.read("alerts/get", id=alert_id_)
    if not rows:
        raise NotFound(f"no alert {alert_id_!r}")
    alert = _shape(rows[0])
    alert["history"] = [{**e, "kind": "alert_event"} for e in plain(rows[0]["history"])]
    return alert


def set_status(db: Database, alert: dict[str, Any], body: Any, *, by: str,
               link: str | None = None) -> dict[str, Any]:
    """Move ``alert`` to ``body["status"]`` with ``body["note"]`` (and ``assignee``).

    A dismissal needs a note (why). The same status again records only the note or the
    assignment. Returns the alert as it now stands, with its history.

    Raises:
        ValueError: a missing or bad field (named); Conflict: someone moved it meanwhile.
    """
    if not isinstance(body, dict):
        raise ValueError("send a JSON object with status and note")
    status = body.get("status")
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        raise ValueError("note must be text")
    note = (note or "").strip()[:4000] or None
    assignee = body.get("assignee")
    if assignee is not None and (not isinstance(assignee, str) or not assignee.strip()):
        raise ValueError("assignee must be a username")
    if status == "dismissed" and not note:
        raise ValueError("note is required to dismiss an alert (say why)")
    action = "status" if status != alert["status"] else ("assigned" if assignee else "note")
    rows = db.write("alerts/set_status", id=alert["id"], from_status=alert["status"],
                    to_status=status, assignee=assignee and assignee.strip().lower(),
                    note=note, by=by, action=action, link=link,
                    event_id=f"ae-{uuid.uuid4().hex[:16]}")
    if not rows:
        raise Conflict("this alert was changed by someone else meanwhile; reload it")
    return get(db, alert["id"])


def raise_now(db: Database, kind_: str, key: list[Any], facts: dict[str, Any], *,
              subject_id: str | None = None, watcher: str | None = None, by: str,
              rules: AlertRules | None = None) -> str | None:
    """Raise one alert outside a run (a view of a watched person); its id, or None when
    it was raised already or its kind is disabled."""
    rules = rules or rules_mod.load()
    if not rules.kinds.get(kind_) or not rules.kinds[kind_].enabled:
        return None
    row = {"id": alert_id(kind_, key), "kind": kind_, "subject_id": subject_id,
           "location_id": None, "watcher": watcher, "title": rules.title(kind_, facts),
           "facts": _json(facts)}
    new = db.write("alerts/raise", alerts=[row], raised_on=dt.date.today(), by=by)
    return new[0]["id"] if new else None
