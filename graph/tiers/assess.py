"""Decide and explain a subject's tier: pure functions over plain data, no database.

The trawl gives :func:`decide` the counts Neo4j aggregated; an explanation gives
:func:`explain` one subject's offences and custody. Both end in the same :func:`decide`,
so a list and its explanations can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from graph import classification
from graph.tiers.rules import RuleSet


@dataclass
class Criterion:
    """One test of one tier, met or not, with the offences behind it."""

    tier: int
    name: str
    met: bool
    detail: str
    offences: list[str] = field(default_factory=list)


@dataclass
class Assessment:
    """A subject's standing on an as-of date (the JSON shape outside checks rely on)."""

    subject_id: str
    tier: int | None
    sexual_offence_count: int
    rape_count: int
    last_reported_on: dt.date | None
    in_custody: bool
    evidence: list[str]
    rule_set: str
    as_of: dt.date
    custody_until: dt.date | None = None
    rape_evidence: list[str] = field(default_factory=list)
    name: str = ""
    status: str | None = None
    owner: str | None = None
    criteria: list[Criterion] = field(default_factory=list)
    near_misses: list[str] = field(default_factory=list)
    recency_lapses_on: dt.date | None = None
    # Person resolution: the subject records counted as this one person (empty: only this
    # record), who confirmed them, and whether no single record meets the tier on its own.
    combined: list[str] = field(default_factory=list)
    confirmed_by: list[str] = field(default_factory=list)
    only_combined: bool = False

    def as_json(self, *, explain: bool = False) -> dict[str, Any]:
        """Plain JSON types; the explanation parts only when asked for."""
        out = asdict(self)
        for key in ("last_reported_on", "as_of", "custody_until", "recency_lapses_on"):
            out[key] = out[key].isoformat() if out[key] else None
        if not explain:
            out.pop("criteria")
            out.pop("near_misses")
        return out


def decide(
    count: int, rapes: int, last: dt.date | None, in_custody: bool, rules: RuleSet, as_of: dt.date
) -> tuple[int | None, bool]:
    """The tier the counts earn, and whether custody is what keeps it from a higher one.

    A subject meeting Tier 1's counts and recency but in custody is Tier 2 (in custody).
    """
    recent = last is not None and last >= rules.recent_from(as_of)
    held_back = False
    for rule in rules.tiers:
        if count < rule.min_sexual or rapes < rule.min_rape or (rule.recent and not recent):
            continue
        if rule.not_in_custody and in_custody:
            held_back = True
            continue
        return rule.tier, held_back
    return None, held_back


def counted(offences: list[dict[str, Any]], rules: RuleSet, as_of: dt.date) -> list[dict]:
    """The distinct offences that count: a counted role, a sexual code, reported by as-of."""
    seen: dict[str, dict[str, Any]] = {}
    for o in offences:
        code = classification.normalise_code(o.get("ho_code"))
        reported = o.get("reported_on")
        if (
            o.get("role") in rules.counted_roles
            and code in rules.sexual_codes
            and reported is not None
            and reported <= as_of
        ):
            seen.setdefault(o["offence_id"], {**o, "ho_code": code})
    return sorted(seen.values(), key=lambda o: (o["reported_on"], o["offence_id"]))


def in_custody_on(periods: list[dict[str, Any]], day: dt.date) -> dict[str, Any] | None:
    """The custody period holding the subject on ``day`` (start <= day < end), if any."""
    for p in periods:
        if p["start_date"] <= day and (p.get("end_date") is None or p["end_date"] > day):
            return p
    return None


def explain(
    subject_id: str,
    offences: list[dict[str, Any]],
    custody: list[dict[str, Any]],
    rules: RuleSet,
    as_of: dt.date,
) -> Assessment:
    """Judge one subject against every criterion of every tier, with near-misses.

    Args:
        subject_id: the subject.
        offences: every offence naming them: offence_id, ho_code, reported_on (date), role.
        custody: their custody periods: start_date, end_date (None while held).
        rules: the rule set.
        as_of: the trawl date.

    Returns:
        The assessment, with ``criteria`` and ``near_misses`` filled in.
    """
    kept = counted(offences, rules, as_of)
    rapes = [o for o in kept if o["ho_code"] in rules.rape_codes]
    last = max((o["reported_on"] for o in kept), default=None)
    held = in_custody_on(custody, as_of)
    tier, held_back = decide(len(kept), len(rapes), last, held is not None, rules, as_of)
    recent_from = rules.recent_from(as_of)
    recent = [o["offence_id"] for o in kept if o["reported_on"] >= recent_from]
    a = Assessment(
        subject_id=subject_id,
        tier=tier,
        sexual_offence_count=len(kept),
        rape_count=len(rapes),
        last_reported_on=last,
        in_custody=held is not None,
        custody_until=held.get("end_date") if held else None,
        evidence=[o["offence_id"] for o in kept],
        rape_evidence=[o["offence_id"] for o in rapes],
        rule_set=rules.version,
        as_of=as_of,
        recency_lapses_on=rules.lapses_on(last) if last else None,
    )
    for rule in rules.tiers:
        a.criteria.append(
            Criterion(
                rule.tier,
                "sexual offences",
                len(kept) >= rule.min_sexual,
                f"named in {len(kept)} sexual offence(s); Tier {rule.tier} needs {rule.min_sexual}",
                a.evidence,
            )
        )
        a.criteria.append(
            Criterion(
                rule.tier,
                "rape",
                len(rapes) >= rule.min_rape,
                f"{len(rapes)} rape(s) among them; Tier {rule.tier} needs {rule.min_rape}",
                a.rape_evidence,
            )
        )
        if rule.recent:
            a.criteria.append(
                Criterion(
                    rule.tier,
                    "recency",
                    bool(recent),
                    f"{len(recent)} reported on or after {recent_from.isoformat()} "
                    f"({rules.recency_months} months before {as_of.isoformat()})",
                    recent,
                )
            )
        if rule.not_in_custody:
            a.criteria.append(
                Criterion(
                    rule.tier,
                    "not in custody",
                    held is None,
                    "in custody on the as-of date" + _until(held)
                    if held
                    else "not in custody on the as-of date",
                    [],
                )
            )
    a.near_misses = _near_misses(a, rules, held, held_back, bool(recent))
    ignored = _ignored(offences, kept, rules, as_of)
    if ignored:
        a.near_misses.append(ignored)
    return a


def _until(held: dict[str, Any] | None) -> str:
    if not held:
        return ""
    end = held.get("end_date")
    return f" until {end.isoformat()}" if end else " with no release date recorded"


def _near_misses(a: Assessment, rules: RuleSet, held, held_back: bool, recent: bool) -> list[str]:
    notes: list[str] = []
    if held_back:
        notes.append(
            f"meets Tier 1 but in custody{_until(held)}: Tier 2 while held; "
            "archive with a watch on the release date once adopted"
        )
    for rule in sorted(rules.tiers, key=lambda r: -r.tier):  # Tier 2 first, then Tier 1
        if a.tier is not None and a.tier <= rule.tier:
            continue
        short = rule.min_sexual - a.sexual_offence_count
        if 0 < short <= 2 and a.rape_count >= rule.min_rape:
            more = (
                "one more sexual offence makes" if short == 1 else "two more sexual offences make"
            )
            notes.append(f"{more} Tier {rule.tier}")
        if a.sexual_offence_count >= rule.min_sexual and a.rape_count < rule.min_rape:
            notes.append(f"meets Tier {rule.tier}'s count but has no rape among the offences")
        if (
            a.sexual_offence_count >= rule.min_sexual
            and a.rape_count >= rule.min_rape
            and rule.recent
            and not recent
            and a.recency_lapses_on
        ):
            notes.append(
                f"meets Tier {rule.tier}'s counts but recency lapsed on "
                f"{a.recency_lapses_on.isoformat()}; a new report would restore it"
            )
    if a.tier is not None and a.recency_lapses_on:
        notes.append(
            f"recency lapses on {a.recency_lapses_on.isoformat()} unless a new offence is reported"
        )
    return notes


def _ignored(offences: list[dict], kept: list[dict], rules: RuleSet, as_of: dt.date) -> str:
    # Say what was left out and why, so an analyst can check the count by hand.
    kept_ids = {o["offence_id"] for o in kept}
    later = {
        o["offence_id"]
        for o in offences
        if o["offence_id"] not in kept_ids and o.get("reported_on") and o["reported_on"] > as_of
    }
    other = {
        o["offence_id"]
        for o in offences
        if o["offence_id"] not in kept_ids and o.get("role") not in rules.counted_roles
    }
    parts = []
    if later:
        parts.append(f"{len(later)} reported after the as-of date")
    if other - later:
        parts.append(f"{len(other - later)} where the role does not count")
    return ("not counted: " + ", ".join(parts)) if parts else ""
