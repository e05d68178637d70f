"""The alert rule set: which kinds exist, their windows and titles, and who subscribes.

A kind is an entry in ``graph/config/alert_rules.yaml`` plus one function registered with
:func:`kind` that returns the facts raising it (:mod:`graph.alerts.kinds`). Loading checks
that the two agree: an enabled entry without a function, or a function without an entry,
is an error, so a kind cannot be half added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "config" / "alert_rules.yaml"

#: Kinds raised by something other than ``alerts run`` (a view of a watched person).
EVENT_KINDS = frozenset({"person_viewed"})

#: kind name -> the function returning its facts (filled by ``@kind`` in graph.alerts.kinds).
REGISTRY: dict[str, Callable[..., list[dict[str, Any]]]] = {}


def kind(name: str) -> Callable[[Callable], Callable]:
    """Register ``fn(ctx, rule)`` as the fact function of alert kind ``name``."""

    def register(fn: Callable) -> Callable:
        REGISTRY[name] = fn
        return fn

    return register


@dataclass(frozen=True)
class Rule:
    """One kind's entry: its title template, window in days, and whether it is raised."""

    name: str
    title: str
    enabled: bool
    days: int | None = None
    waiting: str | None = None


@dataclass(frozen=True)
class AlertRules:
    """The whole rule file."""

    kinds: dict[str, Rule]
    subscriptions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def enabled(self) -> list[Rule]:
        """The kinds ``alerts run`` raises, in file order."""
        return [r for r in self.kinds.values() if r.enabled and r.name not in EVENT_KINDS]

    def subscribed(self, role: str) -> list[str]:
        """The kinds a role's inbox holds whatever the subject."""
        return list(self.subscriptions.get(role, ()))

    def title(self, name: str, facts: dict[str, Any]) -> str:
        """The kind's title with the facts filled in (a missing fact stays a gap)."""
        template = self.kinds[name].title
        try:
            return template.format_map(_Gaps(facts))
        except (ValueError, IndexError):
            return template


class _Gaps(dict):
    def __missing__(self, key: str) -> str:
        return "?"


@lru_cache(maxsize=8)
def load(path: Path | str = DEFAULT_FILE) -> AlertRules:
    """Read and check the rule file (once per path: every audited view may ask).

    Raises:
        ValueError: an enabled kind with no registered function, a registered function
            with no entry, a bad window, or a subscription to an unknown kind.
    """
    from graph.alerts import kinds as _kinds  # noqa: F401 (fills REGISTRY)
    from graph.alerts import kinds_linked as _linked  # noqa: F401

    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    rules: dict[str, Rule] = {}
    for name, entry in (raw.get("kinds") or {}).items():
        entry = entry or {}
        days = entry.get("days")
        if days is not None and (not isinstance(days, int) or not 1 <= days <= 3650):
            raise ValueError(f"alert kind {name}: days must be a whole number 1-3650")
        rules[name] = Rule(name, str(entry.get("title") or name), bool(entry.get("enabled")),
                           days, entry.get("waiting"))
        if rules[name].enabled and name not in REGISTRY and name not in EVENT_KINDS:
            raise ValueError(f"alert kind {name} is enabled but has no fact function")
    unlisted = sorted(set(REGISTRY) - set(rules))
    if unlisted:
        raise ValueError(f"alert kinds with a function but no entry: {', '.join(unlisted)}")
    subs = {role: tuple(ks or ()) for role, ks in (raw.get("subscriptions") or {}).items()}
    for role, ks in subs.items():
        unknown = sorted(set(ks) - set(rules))
        if unknown:
            raise ValueError(f"role {role} subscribes to unknown kinds {', '.join(unknown)}")
    return AlertRules(rules, subs)
