"""The 4P plan's words: pillars, the configured tactics, statuses, outcomes, and RAG.

Tactics are configuration (``graph/config/plan_tactics.yaml``, or ``LINKWATCH_PLAN_TACTICS``):
a force edits the list; an action keeps its tactic's id. Statuses and outcomes are fixed:
the TCG's reporting and the oversight board's figures count them.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph.settings import settings

PILLARS = ("pursue", "prevent", "protect", "prepare")
STATUSES = ("open", "in_progress", "done", "cancelled")
OPEN = ("open", "in_progress")
CLOSED = ("done", "cancelled")
OUTCOMES = ("arrest", "charge", "order_applied", "order_granted", "referral", "intelligence",
            "disruption", "no_effect")
#: Which status an action may move to, from which (closed actions stay closed: a reopened
#: matter is a new action, so the record of what was done stands).
MOVES: dict[str, tuple[str, ...]] = {
    "open": ("in_progress", "done", "cancelled"),
    "in_progress": ("open", "done", "cancelled"),
    "done": (),
    "cancelled": (),
}
#: Days before the due date an open action turns amber.
AMBER_DAYS = 14
DEFAULT_FILE = Path(__file__).resolve().parents[1] / "config" / "plan_tactics.yaml"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@cache
def _load(path: str) -> dict[str, list[dict[str, str]]]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    pillars = raw.get("pillars") or {}
    unknown = set(pillars) - set(PILLARS)
    if unknown:
        raise ValueError(f"{path}: unknown pillars {sorted(unknown)}")
    return {p: [{"id": str(t["id"]), "label": str(t["label"])} for t in pillars.get(p) or []]
            for p in PILLARS}


def tactics() -> dict[str, list[dict[str, str]]]:
    """The configured tactics: ``{pillar: [{"id", "label"}, ...]}`` for the four pillars."""
    return _load(str(settings().plan_tactics or DEFAULT_FILE))


def tactic_label(pillar: str, tactic: str) -> str:
    """A tactic as people say it (its id when it is no longer configured)."""
    return next((t["label"] for t in tactics().get(pillar, []) if t["id"] == tactic), tactic)


def rag(status: str, due_on: dt.date | None, today: dt.date) -> str:
    """Red when overdue, amber when due within :data:`AMBER_DAYS` days, green otherwise.

    Derived, never typed; a closed action is never overdue.

    >>> d = dt.date(2026, 3, 10)
    >>> [rag("open", d, dt.date(2026, 3, 11)), rag("open", d, dt.date(2026, 2, 24)),
    ...  rag("in_progress", d, dt.date(2026, 2, 23)), rag("done", d, dt.date(2026, 4, 1))]
    ['red', 'amber', 'green', 'green']
    """
    if status not in OPEN or due_on is None:
        return "green"
    if due_on < today:
        return "red"
    if (due_on - today).days <= AMBER_DAYS:
        return "amber"
    return "green"


def check_choice(field: str, value: Any, allowed: tuple[str, ...] | list[str]) -> str:
    """``value`` if it is one of ``allowed``; else a ``ValueError`` naming ``field``."""
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{field} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def check_date(field: str, value: Any, *, required: bool = True) -> dt.date | None:
    """A ``YYYY-MM-DD`` date, or a ``ValueError`` naming ``field``."""
    if value in (None, "") and not required:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{field} must be a date as YYYY-MM-DD, not {value!r}") from None


def check_month(field: str, value: Any) -> str:
    """A ``YYYY-MM`` month, or a ``ValueError`` naming ``field``.

    >>> check_month("month", "2026-03")
    '2026-03'
    """
    if not isinstance(value, str) or not _MONTH.match(value):
        raise ValueError(f"{field} must be a month as YYYY-MM, not {value!r}")
    return value


def check_text(field: str, value: Any, limit: int = 4000, *, required: bool = True) -> str:
    """Trimmed text of at most ``limit`` characters, or a ``ValueError`` naming ``field``."""
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{field} must be text")
    if required and not text:
        raise ValueError(f"{field} is required")
    if len(text) > limit:
        raise ValueError(f"{field} is longer than {limit} characters")
    return text
