"""The Operation Ratify oversight board's figures for a period (seed 001, "Overall impact").

The real operation reported: 88 subjects adopted, responsible for an estimated 1,165 sexual
offences; 59 archived with no further offending; 15 in Tier 2 with ongoing monitoring; 13 in
Tier 1 with a single owner; and, monthly, the subjects charged or having SRO applications and
the referrals to intervention programmes. :func:`outcomes` computes each of these for a
period, every one as a :func:`figure` that names the subjects behind it, so the board can
open any number and see who it is.

Where each subject stood is replayed from the lifecycle events (:mod:`graph.plans.standing`)
as of the period's last day, so a past period gives the figures it gave then.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from graph.db import Database
from graph.plans import standing
from graph.records import full_name, plain
from graph.tiers import rules as rules_mod
from graph.tiers.rules import RuleSet

#: The longest period the board asks about.
MAX_DAYS = 366 * 50
#: Tactics whose actions are SRO applications, and intervention or diversion referrals.
SRO_TACTICS = ("sro_application",)
REFERRAL_TACTICS = ("intervention_programme", "diversion_referral")
#: The period's figures and the monthly ones, in the order the board reads them.
FIGURES = ("adopted", "sexual_offences", "archived_no_further_offending", "tier_1", "tier_2")
MONTHLY = ("charged", "sro_applications", "intervention_referrals")
CSV_COLUMNS = ("figure", "month", "count", "subject_id", "name", "tier", "status")


def check_period(date_from: dt.date, date_to: dt.date) -> None:
    """A ``ValueError`` naming ``from`` unless ``date_from..date_to`` is a period to report."""
    if date_from > date_to:
        raise ValueError(f"from ({date_from}) is after to ({date_to})")
    if (date_to - date_from).days > MAX_DAYS:
        raise ValueError("from: the board's figures cover at most 50 years")


def _tier_key(state: standing.State | None) -> str:
    return str(state.tier) if state and state.tier else "none"


def _status_key(state: standing.State | None) -> str:
    return (state.status if state else None) or "candidate"


def figure(subjects: Iterable[str], states: dict[str, standing.State],
           units: dict[str, set[str]] | None = None) -> dict[str, Any]:
    """One figure: how many, which subjects, and the breakdown by tier and by status.

    Args:
        subjects: the subjects behind the figure.
        states: where each subject stood at the period's end (tier: his latest adoption's).
        units: when the figure counts something else than subjects (offences), each unit
            and the subjects it belongs to; a unit of two subjects in different tiers counts
            once in each tier.

    Returns:
        ``{"count", "subjects", "by_tier", "by_status"}``.

    >>> s = {"S1": standing.State("adopted", 1, "o", None),
    ...      "S2": standing.State("archived", 2, None, None)}
    >>> f = figure(["S2", "S1"], s)
    >>> f["count"], f["subjects"], f["by_tier"], f["by_status"]
    (2, ['S1', 'S2'], {'1': 1, '2': 1}, {'adopted': 1, 'archived': 1})
    >>> figure(["S1", "S2"], s, {"O1": {"S1", "S2"}, "O2": {"S1"}})["by_tier"]
    {'1': 2, '2': 1}
    """
    ids = sorted(set(subjects))
    groups = units if units is not None else {sid: {sid} for sid in ids}
    by_tier: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    for owners in groups.values():
        by_tier.update({_tier_key(states.get(s)) for s in owners})
        by_status.update({_status_key(states.get(s)) for s in owners})
    return {"count": len(groups), "subjects": ids, "by_tier": dict(sorted(by_tier.items())),
            "by_status": dict(sorted(by_status.items()))}


def outcomes(db: Database, date_from: dt.date, date_to: dt.date,
             rules: RuleSet | None = None) -> dict[str, Any]:
    """The oversight board's figures for ``date_from..date_to`` (both days included).

    - ``adopted``: subjects adopted in the period.
    - ``sexual_offences``: distinct sexual offences (the tier rules' codes and counted roles,
      reported by ``date_to``) naming those subjects; ``count`` is offences.
    - ``archived_no_further_offending``: of those, archived on ``date_to`` with no offence
      (counted role, any code) reported on or after the day of archiving, up to ``date_to``.
    - ``tier_1``, ``tier_2``: of those, adopted at that tier and not archived on ``date_to``
      (the seed's "13 are Tier 1", "15 are Tier 2 and have ongoing monitoring", which with
      the 59 archived make up the 88 adopted).
    - ``monthly``: per month, subjects ``charged`` (an action closed with outcome charge;
      once per subject), with ``sro_applications`` (an SRO application action opened, or
      closed with outcome order_applied) and with ``intervention_referrals`` (an
      intervention programme or diversion referral action opened, or closed with outcome
      referral); ``totals``: the same over the whole period, once per subject.

    Args:
        db: the execution point.
        date_from: the period's first day.
        date_to: its last day; statuses and tiers are as of the end of it.
        rules: the tier rules (sexual codes, counted roles); the configured ones by default.

    Returns:
        ``date_from``, ``date_to``, the figures above, and ``people``: for each subject
        named, ``{"subject_id", "name", "tier", "status"}`` (tier and status as of
        ``date_to``).

    Raises:
        ValueError: ``date_from`` is after ``date_to``, or the period is over 50 years.
    """
    check_period(date_from, date_to)
    rules = rules or rules_mod.load()
    lines = standing.timelines(db, date_to)
    states = {sid: standing.on(line, date_to) for sid, line in lines.items()}
    adopted = [sid for sid, line in lines.items()
               if standing.adoptions(line, date_from, date_to)]
    offences = plain(db.read("plans/oversight/offences", ids=adopted,
                             roles=list(rules.counted_roles), date_to=date_to))
    sexual: dict[str, set[str]] = {}
    for row in offences:
        if row["ho_code"] in rules.sexual_codes:
            sexual.setdefault(row["offence_id"], set()).add(row["subject_id"])
    archived = [sid for sid in adopted if states[sid].status == "archived"
                and not any(r["subject_id"] == sid and r["reported_on"] >= states[sid].since
                            for r in offences)]
    active = [sid for sid in adopted if states[sid].status != "archived"]
    actions = plain(db.read("plans/oversight/actions", date_from=date_from, date_to=date_to))
    names = {sid: line.name for sid, line in lines.items()}
    names.update({r["subject_id"]: full_name(r) for r in actions})
    monthly = []
    for month in standing.months(date_from, date_to):
        first = max(dt.date.fromisoformat(month + "-01"), date_from)
        last = min(standing.month_end(month), date_to)
        monthly.append({"month": month, **_activity(actions, first, last, states)})
    shown = set(adopted) | {r["subject_id"] for r in actions}
    return {
        "date_from": date_from,
        "date_to": date_to,
        "adopted": figure(adopted, states),
        "sexual_offences": figure({s for owners in sexual.values() for s in owners}, states,
                                  sexual),
        "archived_no_further_offending": figure(archived, states),
        "tier_1": figure([s for s in active if states[s].tier == 1], states),
        "tier_2": figure([s for s in active if states[s].tier == 2], states),
        "monthly": monthly,
        "totals": _activity(actions, date_from, date_to, states),
        "people": {sid: {"subject_id": sid, "name": names.get(sid, ""),
                         "tier": _tier_key(states.get(sid)),
                         "status": _status_key(states.get(sid))} for sid in sorted(shown)},
    }


def _activity(actions: list[dict[str, Any]], first: dt.date, last: dt.date,
              states: dict[str, standing.State]) -> dict[str, dict[str, Any]]:
    """Subjects charged, with SRO applications and with referrals in ``first..last``."""

    def within(day: dt.date | None) -> bool:
        return day is not None and first <= day <= last

    def closed_with(a: dict[str, Any], outcome: str) -> bool:
        return a["outcome"] == outcome and within(a["closed_on"])

    charged = [a["subject_id"] for a in actions if closed_with(a, "charge")]
    sro = [a["subject_id"] for a in actions if a["tactic"] in SRO_TACTICS
           and (within(a["opened_on"]) or closed_with(a, "order_applied"))]
    referrals = [a["subject_id"] for a in actions if a["tactic"] in REFERRAL_TACTICS
                 and (within(a["opened_on"]) or closed_with(a, "referral"))]
    return {"charged": figure(charged, states), "sro_applications": figure(sro, states),
            "intervention_referrals": figure(referrals, states)}


def subject_ids(result: dict[str, Any]) -> list[str]:
    """Every subject the figures name (for the audit trail)."""
    return sorted(result["people"])


def rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures as CSV rows (:data:`CSV_COLUMNS`): one per figure and subject (one with
    no subject for a figure of nought); monthly figures carry their month."""
    people = result["people"]
    out = []

    def add(name: str, month: str, fig: dict[str, Any]) -> None:
        for sid in fig["subjects"] or [""]:
            who = people.get(sid, {})
            out.append({"figure": name, "month": month, "count": fig["count"],
                        "subject_id": sid, "name": who.get("name", ""),
                        "tier": who.get("tier", ""), "status": who.get("status", "")})

    for name in FIGURES:
        add(name, "", result[name])
    for name in MONTHLY:
        add(name, "", result["totals"][name])
    for entry in result["monthly"]:
        for name in MONTHLY:
            add(name, entry["month"], entry[name])
    return out

