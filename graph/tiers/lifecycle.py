"""The TCG's workflow: adopt, monitor, archive, reactivate; Tier 3 nominations and decisions.

Every change is an append-only ``LifecycleEvent`` (who, when, why) hung off the subject;
the subject's ``lifecycle_status`` is only a cache of the latest event, written in the same
transaction. Nothing is overwritten or deleted.

Statuses: ``candidate`` -> ``adopted`` -> ``monitoring`` -> ``archived``, and ``reactivated``
when an ingest brings a new offence naming an archived or monitored subject.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from graph import limits
from graph.db import Database
from graph.tiers import rules as rules_mod
from graph.tiers.trawl import explain_subject

STATUSES = ("candidate", "adopted", "monitoring", "archived", "reactivated")
#: Which statuses a person may move a subject to, from which. Reactivation and custody
#: archiving are automatic (after each ingest), not listed here.
MOVES: dict[str, tuple[str, ...]] = {
    "monitoring": ("adopted", "reactivated"),
    "archived": ("adopted", "monitoring", "reactivated"),
    "adopted": ("monitoring", "archived", "reactivated"),
}
ADOPTABLE_FROM = ("candidate", "reactivated", "archived", "monitoring")


class LifecycleError(ValueError):
    """A change the workflow does not allow in the subject's present state (the API's 409);
    the message says why."""


class LifecycleInputError(LifecycleError):
    """A value the request got wrong, whatever the state: too long, out of range, missing,
    not one of the choices (the API's 400). ``field`` names it, and so does the message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message if field in message else f"{field}: {message}")
        self.field = field


def _bounded(**values: Any) -> None:
    """Refuse free text over its limit and dates outside the supported range (one set of
    limits, :mod:`graph.limits`, whether the form, the API or the command line sent them)."""
    for name, value in values.items():
        try:
            if isinstance(value, dt.date):
                limits.check_date(name, value)
            elif isinstance(value, str):
                short = name in ("nominated_by", "agency", "owner")
                limits.check_text(
                    name, value, limits.SHORT_TEXT_LIMIT if short else limits.TEXT_LIMIT
                )
        except ValueError as exc:
            raise LifecycleInputError(name, str(exc)) from None


def _no_user(db: Database, owner: str | None) -> None:
    if owner and not db.read("lifecycle/user_exists", username=owner)[0]["found"]:
        raise LifecycleInputError("owner", f"no user {owner!r} to own the subject")


def _event_id() -> str:
    return f"ev-{uuid.uuid4().hex}"


def _transition(
    db: Database,
    subject_id: str,
    to_status: str,
    allowed_from,
    kind: str,
    by: str,
    reason: str,
    **extra: Any,
) -> dict[str, Any]:
    params = {"tier": None, "owner": None, "release_watch": None, "nomination_id": None, **extra}
    rows = db.write(
        "lifecycle/transition",
        subject_id=subject_id,
        allowed_from=list(allowed_from),
        to_status=to_status,
        kind=kind,
        by=by,
        reason=reason,
        event_id=_event_id(),
        **params,
    )
    if not rows:
        current = status(db, subject_id)
        raise LifecycleError(
            f"{subject_id} is {current['status']}: cannot move to {to_status} "
            f"(allowed from {', '.join(allowed_from)})"
        )
    return rows[0]["event"]


def status(db: Database, subject_id: str) -> dict[str, Any]:
    """The subject's current status, tier, owner and release watch.

    Raises:
        LifecycleError: no such subject.
    """
    rows = db.read("lifecycle/status", subject_id=subject_id)
    if not rows:
        raise LifecycleError(f"no subject {subject_id!r}")
    return rows[0]


def history(db: Database, subject_id: str) -> list[dict[str, Any]]:
    """Every event, oldest first."""
    status(db, subject_id)
    return [r["event"] for r in db.read("lifecycle/history", subject_id=subject_id)]


def adopt(
    db: Database,
    subject_id: str,
    *,
    tier: int,
    owner: str | None,
    by: str,
    reason: str,
    on: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Adopt a candidate at a tier, with an owning officer (required for Tier 1).

    Tier 1 and 2 need the subject to meet that tier (or a higher one) on the adoption date;
    Tier 3 needs an approved nomination. A subject in custody on adoption is archived at once
    with a watch on the release date.

    Returns:
        The events written (adoption, and custody archiving when it applies).

    Raises:
        LifecycleError: the adoption is not allowed; the message says why.
    """
    if tier not in (1, 2, 3):
        raise LifecycleInputError("tier", "tier must be 1, 2 or 3")
    _bounded(reason=reason, owner=owner, on=on)
    if not reason.strip():
        raise LifecycleInputError("reason", "a reason is required")
    if tier == 1 and not owner:
        raise LifecycleInputError("owner", "a Tier 1 subject needs one owning officer (owner)")
    _no_user(db, owner)
    on = on or dt.date.today()
    status(db, subject_id)
    assessment = explain_subject(db, subject_id, on, rules_mod.load())
    if tier in (1, 2) and (assessment.tier is None or assessment.tier > tier):
        met = f"Tier {assessment.tier}" if assessment.tier else "no tier"
        raise LifecycleError(
            f"{subject_id} meets {met} on {on.isoformat()}, not Tier {tier}: "
            + "; ".join(assessment.near_misses or ["see the explanation"])
        )
    if tier == 3 and assessment.tier != 3 and not _approved_nomination(db, subject_id):
        raise LifecycleError(f"{subject_id} has no approved Tier 3 nomination")
    events = [
        _transition(
            db, subject_id, "adopted", ADOPTABLE_FROM, "adopted", by, reason, tier=tier, owner=owner
        )
    ]
    archived = db.write("lifecycle/custody_archive", today=on, by=by)
    for row in archived:
        if row["subject_id"] == subject_id:
            events.append(history(db, subject_id)[-1])
    return events


def _approved_nomination(db: Database, subject_id: str) -> bool:
    info = db.read("tiers/subject", subject_id=subject_id)
    return any(n["status"] == "approved" for n in info[0]["nominations"]) if info else False


def move(
    db: Database, subject_id: str, to_status: str, *, by: str, reason: str, owner: str | None = None
) -> dict[str, Any]:
    """Move an adopted subject to monitoring or archived, or back to adopted.

    Raises:
        LifecycleError: unknown status, no reason, or a move the workflow does not allow.
    """
    if to_status not in MOVES:
        raise LifecycleInputError(
            "status", f"status: cannot move to {to_status!r}; choose one of {', '.join(MOVES)}")
    _bounded(reason=reason, owner=owner)
    if not reason.strip():
        raise LifecycleInputError("reason", "a reason is required")
    _no_user(db, owner)
    return _transition(
        db, subject_id, to_status, MOVES[to_status], "status_changed", by, reason, owner=owner
    )


def nominate(
    db: Database, subject_id: str, *, nominated_by: str, agency: str, rationale: str, by: str
) -> dict[str, Any]:
    """Record a Tier 3 nomination (pending until a panel decides)."""
    _bounded(nominated_by=nominated_by, agency=agency, rationale=rationale)
    given = {"nominated_by": nominated_by, "agency": agency, "rationale": rationale}
    missing = [name for name, value in given.items() if not value.strip()]
    if missing:
        raise LifecycleInputError(
            missing[0], f"{', '.join(missing)} missing: a nomination needs who nominated, "
                        "their agency and a rationale")
    rows = db.write(
        "lifecycle/nominate",
        subject_id=subject_id,
        id=f"nom-{uuid.uuid4().hex[:12]}",
        nominated_by=nominated_by,
        agency=agency,
        rationale=rationale,
        by=by,
    )
    if not rows:
        raise LifecycleError(f"no subject {subject_id!r}")
    return rows[0]["nomination"]


def is_nominator(nomination: dict[str, Any], username: str | None) -> bool:
    """Whether ``username`` recorded this nomination or is named as its nominator.

    >>> is_nominator({"recorded_by": "ann", "nominated_by": "PC Example"}, "ANN ")
    True
    >>> is_nominator({"recorded_by": "ann", "nominated_by": "PC Example"}, "bob")
    False
    """
    who = (username or "").strip().lower()
    if not who:
        return False
    return who in {str(nomination.get(k) or "").strip().lower()
                   for k in ("recorded_by", "nominated_by")}


def decide_nomination(
    db: Database,
    nomination_id: str,
    *,
    decision: str,
    by: str,
    minutes: str,
    decided_on: dt.date | None = None,
) -> dict[str, Any]:
    """The panel's decision (``approved`` or ``rejected``), recorded once.

    The panel is not the nominator: whoever recorded the nomination (or is named as
    nominating) cannot record its decision.

    Raises:
        LifecycleError: unknown nomination, already decided, a bad decision value, or the
            nominator deciding their own nomination.
    """
    if decision not in ("approved", "rejected"):
        raise LifecycleInputError("decision", "decision must be approved or rejected")
    _bounded(minutes=minutes, decided_on=decided_on)
    if not minutes.strip():
        raise LifecycleInputError(
            "minutes", "the panel's minutes (or a summary of them) are required")
    found = db.read("lifecycle/nomination", id=nomination_id)
    if found and is_nominator(found[0]["nomination"], by):
        raise LifecycleError(
            f"{by} nominated {found[0]['nomination']['subject_id']} "
            f"({nomination_id}): the panel's decision must be recorded by someone else"
        )
    rows = db.write(
        "lifecycle/decide_nomination",
        id=nomination_id,
        decision=decision,
        by=by,
        minutes=minutes,
        decided_on=decided_on or dt.date.today(),
    )
    if not rows:
        found = db.read("lifecycle/nomination", id=nomination_id)
        if not found:
            raise LifecycleError(f"no nomination {nomination_id!r}")
        raise LifecycleError(
            f"nomination {nomination_id} was already {found[0]['nomination']['status']}"
        )
    return rows[0]["nomination"]


def after_ingest(db: Database, run_id: str, today: dt.date | None = None) -> dict[str, list]:
    """What an ingest changes in the workflow: reactivations, then custody archiving.

    Returns:
        ``{"reactivated": [...], "archived": [...]}`` with subject ids and their reasons.
    """
    rules = rules_mod.load()
    by = f"ingest {run_id}"
    reactivated = db.write("lifecycle/reactivate", roles=list(rules.counted_roles), by=by)
    archived = db.write("lifecycle/custody_archive", today=today or dt.date.today(), by=by)
    return {"reactivated": reactivated, "archived": archived}
