"""A subject's 4P plan: actions, their events, monthly updates and suggestion decisions.

One plan per adopted subject, made on its first write. Nothing is overwritten or deleted:
an action's status changes are ``ActionEvent`` records (who, when, from, to, why); a second
update for a month is a new version. Writes need the subject to be adopted (a ``Conflict``
otherwise); who may write is the app's decision (:func:`app.auth.roles.can_edit_subject`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from graph.db import Database
from graph.errors import Conflict, NotFound
from graph.plans import suggestions
from graph.plans.vocab import (
    CLOSED,
    MOVES,
    OUTCOMES,
    PILLARS,
    STATUSES,
    check_choice,
    check_date,
    check_month,
    check_text,
    rag,
    tactic_label,
    tactics,
)
from graph.records import plain

#: Evidence one action may rest on, at most.
MAX_EVIDENCE = 50


def _id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def plan(db: Database, subject_id: str, *, today: dt.date | None = None) -> dict[str, Any]:
    """The plan as the API gives it: actions (with RAG), updates (every version, newest
    first), suggestions still open, and the decisions taken on earlier ones.

    Raises:
        NotFound: no such subject.
    """
    today = today or dt.date.today()
    rows = db.read("plans/plan", subject_id=subject_id)
    if not rows:
        raise NotFound(f"no subject {subject_id!r}")
    row = plain(rows[0])
    actions = [_action(a, today) for a in row["actions"]]
    return {
        "subject_id": subject_id,
        "status": row["status"],
        "tier": row["tier"],
        "owner": row["owner"],
        "plan_id": row["plan_id"],
        "actions": actions,
        "updates": [_update(u) for u in row["updates"]],
        "suggestions": suggestions.open_suggestions(db, subject_id, row["decisions"], today),
        "decisions": [{"reason": None, "action_id": None, **d, "kind": "suggestion_decision"}
                      for d in row["decisions"]],
    }


def _action(a: dict[str, Any], today: dt.date) -> dict[str, Any]:
    # Neo4j keeps no null properties: the API's fields are there whether set or not.
    return {"outcome": None, "closed_on": None, "suggestion_key": None, "rationale": "", **a,
            "kind": "plan_action",
            "tactic_label": tactic_label(a["pillar"], a["tactic"]),
            "rag": rag(a["status"], a.get("due_on"), today),
            "evidence": a.get("evidence") or [],
            "events": [{"from_status": None, "outcome": None, "note": None, **e,
                        "kind": "action_event"}
                       for e in a.get("events") or []]}


def _update(u: dict[str, Any]) -> dict[str, Any]:
    return {**u, "kind": "plan_update",
            "at": u["at"].isoformat() if hasattr(u["at"], "isoformat") else u["at"]}


def _adopted(db: Database, subject_id: str) -> None:
    """A ``NotFound`` for no such subject, a ``Conflict`` unless he is adopted."""
    rows = db.read("plans/plan", subject_id=subject_id)
    if not rows:
        raise NotFound(f"no subject {subject_id!r}")
    if rows[0]["status"] != "adopted":
        raise Conflict(f"{subject_id} is {rows[0]['status']}, not adopted: a 4P plan is kept "
                       "for adopted subjects (the TCG adopts first)")


def _writable(db: Database, subject_id: str, by: str) -> str:
    """The subject's plan id, made if need be; a ``Conflict`` unless he is adopted."""
    _adopted(db, subject_id)
    return db.write("plans/ensure", subject_id=subject_id, by=by)[0]["plan_id"]


def add_action(db: Database, subject_id: str, body: dict[str, Any], *, by: str,
               today: dt.date | None = None) -> dict[str, Any]:
    """Add an action to the subject's plan.

    Args:
        db: the execution point.
        subject_id: the adopted subject.
        body: ``pillar``, ``tactic`` (configured for the pillar), ``description``,
            ``owner`` (a user, default ``by``), ``agency``, ``due_on`` (YYYY-MM-DD),
            ``opened_on`` (default today), ``rationale`` (proportionality),
            ``evidence`` (ids of offences, victims, places, orders, intelligence, subjects),
            ``suggestion_key`` (when accepting a suggestion).
        by: the user adding it.
        today: the date it is opened on by default.

    Returns:
        The action as :func:`plan` lists it.

    Raises:
        ValueError: a bad field (the message names it).
        Conflict: the subject is not adopted.
        NotFound: no such subject.
    """
    today = today or dt.date.today()
    _adopted(db, subject_id)  # no plan to write to is the answer, whatever the body says
    if not isinstance(body, dict):
        raise ValueError("send a JSON object with pillar, tactic, description, owner, due_on")
    pillar = check_choice("pillar", body.get("pillar"), PILLARS)
    tactic = check_choice("tactic", body.get("tactic"),
                          [t["id"] for t in tactics()[pillar]])
    description = check_text("description", body.get("description"))
    rationale = check_text("rationale", body.get("rationale"), required=False)
    agency = check_text("agency", body.get("agency"), 200, required=False) or "Police"
    owner = check_text("owner", body.get("owner"), 100, required=False).lower() or by
    due_on = check_date("due_on", body.get("due_on"))
    opened_on = check_date("opened_on", body.get("opened_on"), required=False) or today
    if due_on < opened_on:
        raise ValueError("due_on is before opened_on")
    evidence = body.get("evidence") or []
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        raise ValueError("evidence must be a list of record ids")
    evidence = list(dict.fromkeys(e.strip() for e in evidence if e.strip()))
    if len(evidence) > MAX_EVIDENCE:
        raise ValueError(f"evidence: at most {MAX_EVIDENCE} records")
    if not db.read("lifecycle/user_exists", username=owner)[0]["found"]:
        raise ValueError(f"owner: no user {owner!r}")
    unknown = [r["id"] for r in db.read("plans/evidence_known", ids=evidence) if not r["found"]]
    if unknown:
        raise ValueError(f"evidence: no record {', '.join(map(repr, unknown))}")
    plan_id = _writable(db, subject_id, by)
    action_id = _id("act")
    db.write("plans/add_action", plan_id=plan_id, action_id=action_id, event_id=_id("aev"),
             pillar=pillar, tactic=tactic, description=description, owner=owner,
             agency=agency, opened_on=opened_on, due_on=due_on, rationale=rationale,
             suggestion_key=body.get("suggestion_key"), evidence=evidence, by=by)
    return next(a for a in plan(db, subject_id, today=today)["actions"] if a["id"] == action_id)


def action_owner(db: Database, action_id: str) -> dict[str, Any]:
    """The action, the subject whose plan it is, and that subject's owner and status.

    Raises:
        NotFound: no such action.
    """
    rows = db.read("plans/action", action_id=action_id)
    if not rows:
        raise NotFound(f"no plan action {action_id!r}")
    return plain(rows[0])


def set_status(db: Database, action_id: str, body: dict[str, Any], *, by: str,
               today: dt.date | None = None) -> dict[str, Any]:
    """Move an action to a new status, with an outcome when it is done, and a note.

    Raises:
        ValueError: a bad status, outcome or move (the message names the field).
        Conflict: the subject is no longer adopted, or the action changed meanwhile.
        NotFound: no such action.
    """
    today = today or dt.date.today()
    if not isinstance(body, dict):
        raise ValueError("send a JSON object with status, outcome, note")
    found = action_owner(db, action_id)
    current = found["action"]["status"]
    to_status = check_choice("status", body.get("status"), STATUSES)
    if to_status not in MOVES[current]:
        allowed = ", ".join(MOVES[current]) or "nothing: it is closed"
        raise ValueError(f"status: an action that is {current} can move to {allowed}")
    outcome = body.get("outcome") or None
    if outcome is not None:
        check_choice("outcome", outcome, OUTCOMES)
    if to_status == "done" and outcome is None:
        raise ValueError(f"outcome is required when an action is done: {', '.join(OUTCOMES)}")
    if outcome is not None and to_status not in CLOSED:
        raise ValueError("outcome is recorded when an action is closed (done or cancelled)")
    note = check_text("note", body.get("note"), required=False)
    if found["status"] != "adopted":
        raise Conflict(f"{found['subject_id']} is {found['status']}, not adopted: the plan is "
                       "read-only until the TCG adopts him again")
    rows = db.write("plans/set_status", action_id=action_id, from_status=current,
                    to_status=to_status, outcome=outcome, note=note, by=by, on=today,
                    event_id=_id("aev"))
    if not rows:
        raise Conflict(f"{action_id} changed meanwhile: reload and try again")
    return next(a for a in plan(db, found["subject_id"], today=today)["actions"]
                if a["id"] == action_id)


def add_update(db: Database, subject_id: str, body: dict[str, Any], *, by: str
               ) -> dict[str, Any]:
    """Record the monthly update for a month: a new version, never an overwrite.

    Raises:
        ValueError: a bad month or an empty summary.
        Conflict: the subject is not adopted.
    """
    if not isinstance(body, dict):
        raise ValueError("send a JSON object with month (YYYY-MM) and summary")
    month = check_month("month", body.get("month"))
    summary = check_text("summary", body.get("summary"), 8000)
    plan_id = _writable(db, subject_id, by)
    row = db.write("plans/add_update", plan_id=plan_id, update_id=_id("upd"), month=month,
                   summary=summary, by=by)[0]
    return _update(plain(row["update"]))


def decide_suggestion(db: Database, subject_id: str, key: str, body: dict[str, Any], *,
                      by: str, today: dt.date | None = None) -> dict[str, Any]:
    """Accept a suggestion (it becomes an action) or dismiss it with a reason (kept).

    Args:
        body: ``decision`` (``accept`` or ``dismiss``), ``reason`` (required to dismiss);
            to accept, the action's ``owner``, ``due_on``, ``description``, ``rationale``
            (defaults from the suggestion).

    Raises:
        ValueError: a bad field; NotFound: no such open suggestion; Conflict: not adopted.
    """
    today = today or dt.date.today()
    decision = check_choice("decision", (body or {}).get("decision"), ("accept", "dismiss"))
    wanted = next((s for s in plan(db, subject_id, today=today)["suggestions"]
                   if s["key"] == key), None)
    if wanted is None:
        raise NotFound(f"no open suggestion {key!r} for {subject_id}")
    action_id = None
    if decision == "dismiss":
        reason = check_text("reason", body.get("reason"))
        plan_id = _writable(db, subject_id, by)
    else:
        reason = check_text("reason", body.get("reason"), required=False)
        action = add_action(db, subject_id, {
            "pillar": wanted["pillar"], "tactic": wanted["tactic"],
            "description": body.get("description") or wanted["title"],
            "owner": body.get("owner"),
            "due_on": body.get("due_on") or (today + dt.timedelta(days=28)).isoformat(),
            "rationale": body.get("rationale") or "; ".join(wanted["facts"]),
            "evidence": [e["id"] for e in wanted["evidence"]],
            "suggestion_key": key,
        }, by=by, today=today)
        action_id, plan_id = action["id"], action["plan_id"]
    rows = db.write("plans/decide_suggestion", plan_id=plan_id, decision_id=_id("sug"),
                    key=key, rule=wanted["rule"],
                    decision={"accept": "accepted", "dismiss": "dismissed"}[decision],
                    reason=reason,
                    action_id=action_id, by=by)
    if not rows:
        raise Conflict(f"suggestion {key!r} was already answered")
    return plain(rows[0]["decision"])
