"""Suggested 4P actions, found in the graph by rules kept as data.

Each rule of ``graph/config/plan_suggestions.yaml`` (or ``LINKWATCH_PLAN_SUGGESTIONS``) names
a query in ``graph/queries/plans/suggest/`` and its thresholds; each row the query returns
for a subject is one suggestion with the records it rests on. A suggestion's key is a hash
of the rule and the row's own key, so that it names no one (a victim's id never leaves in
it) and, once an officer has accepted or dismissed it, it is not suggested again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph.db import Database
from graph.plans.vocab import PILLARS, tactic_label, tactics
from graph.records import plain
from graph.settings import settings
from graph.tiers import rules as rules_mod

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "config" / "plan_suggestions.yaml"


@dataclass(frozen=True)
class Rule:
    """One suggestion rule: what it finds (a named query and its thresholds), what it offers."""

    id: str
    pillar: str
    tactic: str
    query: str
    params: dict[str, Any]
    title: str


@cache
def _load(path: str) -> tuple[Rule, ...]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    out = []
    for r in raw.get("rules") or []:
        rule = Rule(id=str(r["id"]), pillar=str(r["pillar"]), tactic=str(r["tactic"]),
                    query=str(r["query"]), params=dict(r.get("params") or {}),
                    title=str(r["title"]))
        if rule.pillar not in PILLARS:
            raise ValueError(f"{path}: rule {rule.id}: unknown pillar {rule.pillar!r}")
        if rule.tactic not in {t["id"] for t in tactics()[rule.pillar]}:
            raise ValueError(f"{path}: rule {rule.id}: {rule.tactic!r} is not a "
                             f"{rule.pillar} tactic")
        out.append(rule)
    return tuple(out)


def rules() -> tuple[Rule, ...]:
    """The configured suggestion rules."""
    return _load(str(settings().plan_suggestions or DEFAULT_FILE))


def suggestion_key(rule_id: str, row_key: str) -> str:
    """A suggestion's id: the rule and a hash of what it is about.

    >>> suggestion_key("repeat_victim_safeguarding", "V1")
    'repeat_victim_safeguarding:39c9a4dc56bc'
    """
    return f"{rule_id}:{hashlib.sha256(f'{rule_id}|{row_key}'.encode()).hexdigest()[:12]}"


def find(db: Database, subject_id: str, as_of: dt.date) -> list[dict[str, Any]]:
    """Every suggestion the rules find for a subject on ``as_of``, answered or not.

    Returns:
        ``{"key", "rule", "pillar", "tactic", "tactic_label", "title", "facts",
        "evidence"}``; ``evidence`` as records with ``kind`` and ``id``.
    """
    tier_rules = rules_mod.load()
    common = {"subject_id": subject_id, "as_of": as_of,
              "roles": list(tier_rules.counted_roles),
              "sexual_codes": list(tier_rules.sexual_codes)}
    out = []
    for rule in rules():
        for row in plain(db.read(f"plans/suggest/{rule.query}", params=rule.params, **common)):
            evidence = row["evidence"]
            out.append({
                "key": suggestion_key(rule.id, str(row["key"])),
                "rule": rule.id,
                "pillar": rule.pillar,
                "tactic": rule.tactic,
                "tactic_label": tactic_label(rule.pillar, rule.tactic),
                "title": rule.title.format(count=row["count"]),
                "facts": _facts(evidence),
                "evidence": evidence,
            })
    return out


def open_suggestions(db: Database, subject_id: str, decisions: list[dict[str, Any]],
                     as_of: dt.date) -> list[dict[str, Any]]:
    """:func:`find`'s suggestions that no one has accepted or dismissed yet."""
    answered = {d["key"] for d in decisions}
    return [s for s in find(db, subject_id, as_of) if s["key"] not in answered]


def _facts(evidence: list[dict[str, Any]]) -> list[str]:
    """The facts behind a suggestion, in words naming records by reference only (no names:
    a victim is named in ``evidence``, where the disclosure policy can see her)."""
    offences = [e for e in evidence if e["kind"] == "offence"]
    facts = []
    if offences:
        dates = [e["reported_on"] for e in offences if e.get("reported_on")]
        span = f", reported {min(dates).isoformat()} to {max(dates).isoformat()}" if dates else ""
        refs = ", ".join(e.get("crime_ref") or e["id"] for e in offences[:8])
        more = f" and {len(offences) - 8} more" if len(offences) > 8 else ""
        facts.append(f"{len(offences)} offence(s): {refs}{more}{span}")
    kinds = {"victim": "a victim", "location": "a residential place", "subject": "a co-offender",
             "order": "an order"}
    facts += [f"rests on {kinds[e['kind']]}" for e in evidence if e["kind"] in kinds]
    return facts
