"""Escalation rules on behaviour intelligence, evaluated on plain records (no database).

The rules and their numbers are configuration (``graph/config/escalation_rules.yaml``, or
``LINKWATCH_ESCALATION_RULES``); what each rule means is here:

- ``repeat_behaviour``: at least ``min_reports`` behaviour reports about the person whose
  dates span at most ``within_days`` days.
- ``contact_escalation``: a report of a contact behaviour dated after a report of a
  non-contact one (within ``within_days`` days, when set).
- ``multiple_nte_venues``: reports at ``min_venues`` or more distinct places of the
  ``venue_types`` whose dates span at most ``within_days`` days.
- ``escalated_to_offending``: a sexual offence naming the person (``roles``) dated 0 to
  ``within_days`` days after a behaviour report.

**Weak items.** A report graded source 3 or intelligence E, or with no 3x5x2 grade at all,
never raises a flag on its own: each set of items that would raise a flag must hold at
least one *qualifying* report (source 1-2 and intelligence A-D); an offence never stands in
for one. Weak reports still count toward the numbers, and are listed with their grades.

Windows are inclusive: the first report on day 0 and the third on day 90 are "within 90
days"; on day 91 they are not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.intelligence.grading import Grading
from graph.intelligence.taxonomy import Taxonomy
from graph.settings import settings

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "config" / "escalation_rules.yaml"
RULE_NAMES = ("repeat_behaviour", "contact_escalation", "multiple_nte_venues",
              "escalated_to_offending")


@dataclass(frozen=True)
class RuleSet:
    """The configured rules: name -> parameters, in the file's order."""

    rules: dict[str, dict[str, Any]] = field(default_factory=dict)

    def label(self, name: str) -> str:
        """What people call a rule."""
        return str(self.rules.get(name, {}).get("label") or name)


def parse_rules(raw: dict[str, Any]) -> RuleSet:
    """A :class:`RuleSet` from a YAML document; unknown rule names are refused.

    >>> parse_rules({"rules": {"repeat_behaviour": {"min_reports": 3, "within_days": 90}}}
    ...             ).rules["repeat_behaviour"]["within_days"]
    90
    """
    rules = dict((raw or {}).get("rules") or {})
    unknown = sorted(set(rules) - set(RULE_NAMES))
    if unknown:
        raise ValueError(f"unknown escalation rules {unknown}; known: {', '.join(RULE_NAMES)}")
    return RuleSet({name: dict(rules[name] or {}) for name in RULE_NAMES if name in rules})


@lru_cache(maxsize=4)
def _load(path: str) -> RuleSet:
    with open(path, encoding="utf-8") as handle:
        return parse_rules(yaml.safe_load(handle))


def load_rules(path: str | Path | None = None) -> RuleSet:
    """The rules from ``path``, ``LINKWATCH_ESCALATION_RULES`` or the shipped file."""
    return _load(str(path or settings().escalation_rules or DEFAULT_FILE))


def qualifies(item: dict[str, Any]) -> bool:
    """Whether a report may raise a flag: graded source 1-2 and intelligence A-D.

    >>> qualifies({"source_grade": "2", "intel_grade": "B"}), qualifies({"source_grade": "3",
    ...     "intel_grade": "A"}), qualifies({"source_grade": "1", "intel_grade": "E"})
    (True, False, False)
    """
    return not Grading(item.get("source_grade"), item.get("intel_grade")).weak


def _days(a: dt.date, b: dt.date) -> int:
    return (b - a).days


def _windows(reports: list[dict], days: int) -> Iterable[list[dict]]:
    """Every maximal run of reports (oldest first) whose dates span at most ``days``."""
    end = 0
    for start, first in enumerate(reports):
        end = max(end, start)
        while end + 1 < len(reports) and _days(first["date"], reports[end + 1]["date"]) <= days:
            end += 1
        yield reports[start:end + 1]


def _repeat(reports: list[dict], p: dict[str, Any], **_: Any) -> set[str]:
    hit: set[str] = set()
    for run in _windows(reports, int(p.get("within_days", 90))):
        if len(run) >= int(p.get("min_reports", 3)) and any(qualifies(r) for r in run):
            hit.update(r["key"] for r in run)
    return hit


def _contact(reports: list[dict], p: dict[str, Any], taxonomy: Taxonomy, **_: Any) -> set[str]:
    hit: set[str] = set()
    window = p.get("within_days")

    def contact(r: dict) -> bool:
        b = taxonomy.behaviours.get(r["behaviour"])
        return bool(b and b.contact)

    for c in (r for r in reports if contact(r)):
        before = [r for r in reports if not contact(r) and r["date"] < c["date"]
                  and (window is None or _days(r["date"], c["date"]) <= int(window))]
        if before and any(qualifies(r) for r in [*before, c]):
            hit.update(r["key"] for r in [*before, c])
    return hit


def _venues(reports: list[dict], p: dict[str, Any], **_: Any) -> set[str]:
    types = set(p.get("venue_types") or ["night_time_economy"])
    at = [r for r in reports if r.get("venue_type") in types and r.get("location_id")]
    hit: set[str] = set()
    for run in _windows(at, int(p.get("within_days", 30))):
        if (len({r["location_id"] for r in run}) >= int(p.get("min_venues", 2))
                and any(qualifies(r) for r in run)):
            hit.update(r["key"] for r in run)
    return hit


def _offending(reports: list[dict], p: dict[str, Any], offences: list[dict],
               **_: Any) -> set[str]:
    hit: set[str] = set()
    days = int(p.get("within_days", 365))
    roles = set(p.get("roles") or ["suspect", "offender"])
    for o in offences:
        if o.get("role") not in roles:
            continue
        before = [r for r in reports if 0 <= _days(r["date"], o["date"]) <= days]
        if any(qualifies(r) for r in before):
            hit.update(r["key"] for r in [*before, o])
    return hit


_RULES = {"repeat_behaviour": _repeat, "contact_escalation": _contact,
          "multiple_nte_venues": _venues, "escalated_to_offending": _offending}


def evaluate(reports: list[dict[str, Any]], offences: list[dict[str, Any]], as_of: dt.date,
             rules: RuleSet, taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """The escalation flags, one per flagged subject.

    Args:
        reports: behaviour intelligence: ``intel_id``, ``subject_id``, ``date``,
            ``behaviour`` (a taxonomy code), ``source_grade``, ``intel_grade``,
            ``handling``, ``location_id`` and ``venue_type``.
        offences: sexual offences naming the subjects: ``offence_id``, ``subject_id``,
            ``date``, ``role`` (``ho_code`` kept when given).
        as_of: records dated after it are not seen.
        rules: the rule set.
        taxonomy: the behaviour taxonomy (which behaviours are contact).

    Returns:
        ``[{"subject_id", "rules": [...], "items": [...]}]`` by subject id; ``rules`` in the
        rule set's order; ``items`` oldest first, each with ``intel_id`` or ``offence_id``,
        ``date``, ``behaviour``, the three grades, ``location_id`` and the ``rules`` it
        raised.
    """
    by_subject: dict[str, tuple[list[dict], list[dict]]] = {}
    for r in reports:
        if r.get("date") and r["date"] <= as_of and r.get("behaviour"):
            by_subject.setdefault(r["subject_id"], ([], []))[0].append(
                {**r, "key": "i:" + r["intel_id"]})
    for o in offences:
        if o.get("date") and o["date"] <= as_of and o["subject_id"] in by_subject:
            by_subject[o["subject_id"]][1].append({**o, "key": "o:" + o["offence_id"]})
    flags = []
    for subject_id in sorted(by_subject):
        mine, crimes = by_subject[subject_id]
        mine.sort(key=lambda r: (r["date"], r["intel_id"]))
        raised: dict[str, list[str]] = {}
        for name, params in rules.rules.items():
            for key in _RULES[name](mine, params, taxonomy=taxonomy, offences=crimes):
                raised.setdefault(key, []).append(name)
        if raised:
            flags.append(_flag(subject_id, mine + crimes, raised, rules))
    return flags


def _flag(subject_id: str, records: list[dict], raised: dict[str, list[str]],
          rules: RuleSet) -> dict[str, Any]:
    items = []
    for r in sorted((r for r in records if r["key"] in raised),
                    key=lambda r: (r["date"], r["key"])):
        item = ({"intel_id": r["intel_id"]} if "intel_id" in r
                else {"offence_id": r["offence_id"], "ho_code": r.get("ho_code")})
        item.update({"date": r["date"].isoformat(), "behaviour": r.get("behaviour"),
                     "source_grade": r.get("source_grade"), "intel_grade": r.get("intel_grade"),
                     "handling": r.get("handling"), "location_id": r.get("location_id"),
                     "rules": raised[r["key"]]})
        items.append(item)
    names = {n for i in items for n in i["rules"]}
    return {"subject_id": subject_id, "rules": [n for n in rules.rules if n in names],
            "items": items}
