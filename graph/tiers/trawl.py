"""The trawl: who meets which tier on an as-of date, and what changed since the last one.

Neo4j does the counting (``tiers/candidates``); :func:`graph.tiers.assess.decide` decides.
Trawls can be recorded (a ``Trawl`` node holding its results) so the next one can say
which candidates are new, which dropped out and whose tier changed.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from graph.db import Database
from graph.tiers import rules as rules_mod
from graph.tiers.assess import Assessment, decide, explain
from graph.tiers.rules import RuleSet


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    return value.to_native() if hasattr(value, "to_native") else value


def _name(row: dict[str, Any]) -> str:
    return " ".join(p for p in (row.get("forename"), row.get("surname")) if p)


def trawl(db: Database, as_of: dt.date, rules: RuleSet | None = None,
          subject_ids: list[str] | None = None) -> list[Assessment]:
    """Every subject in Tier 1, 2 or (approved nomination) 3 on ``as_of``.

    The one code path to a tier: the board, the dashboard and the network's tier badges
    (``subject_ids`` given) all read it.

    Args:
        db: the execution point.
        as_of: only offences reported on or before this date exist for the trawl.
        rules: the rule set; the configured one by default.
        subject_ids: only these subjects (None: the whole force).

    Returns:
        Assessments ordered by tier, then count (highest first), then subject id.
    """
    rules = rules or rules_mod.load()
    needs_recency = all(t.recent for t in rules.tiers)
    rows = db.read(
        "tiers/candidates" if subject_ids is None else "tiers/candidates_of",
        as_of=as_of,
        sexual_codes=list(rules.sexual_codes),
        rape_codes=list(rules.rape_codes),
        roles=list(rules.counted_roles),
        min_count=rules.lowest_count,
        min_rape=min(t.min_rape for t in rules.tiers),
        recent_from=rules.recent_from(as_of) if needs_recency else None,
        ids=list(subject_ids or []),
    )
    out: dict[str, Assessment] = {}
    for r in rows:
        last = _date(r["last_reported_on"])
        tier, _ = decide(
            r["sexual_offence_count"], r["rape_count"], last, r["in_custody"], rules, as_of
        )
        if tier is None:
            continue
        until = [_date(d) for d in r["custody_until"]]
        out[r["subject_id"]] = Assessment(
            subject_id=r["subject_id"],
            tier=tier,
            sexual_offence_count=r["sexual_offence_count"],
            rape_count=r["rape_count"],
            last_reported_on=last,
            in_custody=r["in_custody"],
            custody_until=max((d for d in until if d), default=None),
            evidence=sorted(r["evidence"]),
            rape_evidence=sorted(r["rape_evidence"]),
            rule_set=rules.version,
            as_of=as_of,
            name=_name(r),
            status=r["status"],
            owner=r["owner"],
            recency_lapses_on=rules.lapses_on(last) if last else None,
        )
    wanted = set(subject_ids) if subject_ids is not None else None
    for r in db.read("tiers/approved_nominations", as_of=as_of):
        if wanted is not None and r["subject_id"] not in wanted:
            continue
        if r["subject_id"] in out:
            continue  # already Tier 1 or 2 on the counts: the higher tier stands
        a = explain_subject(db, r["subject_id"], as_of, rules)
        a.tier = 3
        out[r["subject_id"]] = a
    return sorted(out.values(), key=lambda a: (a.tier, -a.sexual_offence_count, a.subject_id))


def explain_subject(
    db: Database, subject_id: str, as_of: dt.date, rules: RuleSet | None = None
) -> Assessment:
    """One subject's full explanation, also when they meet no tier.

    Raises:
        KeyError: no such subject.
    """
    subject = db.read("tiers/subject", subject_id=subject_id)
    if not subject:
        raise KeyError(subject_id)
    offences = db.read("tiers/subject_offences", subject_id=subject_id)
    custody = db.read("tiers/subject_custody", subject_id=subject_id)
    return standing(subject[0], offences, custody, subject[0]["nominations"], as_of, rules)


def standing(
    subject: dict[str, Any],
    offences: list[dict[str, Any]],
    custody: list[dict[str, Any]],
    nominations: list[dict[str, Any]],
    as_of: dt.date,
    rules: RuleSet | None = None,
) -> Assessment:
    """A subject's explained assessment from records already read (the profile reads them
    once for its own sections): :func:`graph.tiers.assess.explain`, then Tier 3.

    Args:
        subject: ``subject_id``, ``forename``, ``surname``, ``status``, ``owner``.
        offences: ``offence_id``, ``ho_code``, ``reported_on``, ``committed_from``, and
            ``role`` (or ``roles``, every role the subject has on it).
        custody: ``start_date``, ``end_date``.
        nominations: ``status``, ``decided_on``, ``nominated_by``, newest first.
        as_of: the trawl date.
        rules: the rule set; the configured one by default.
    """
    rules = rules or rules_mod.load()
    rows = [
        {**o, "role": role, "reported_on": _date(o["reported_on"]),
         "committed_from": _date(o.get("committed_from"))}
        for o in offences
        for role in (o["roles"] if "roles" in o else [o["role"]])
    ]
    periods = [{**c, "start_date": _date(c["start_date"]), "end_date": _date(c["end_date"])}
               for c in custody]
    a = explain(subject["subject_id"], rows, periods, rules, as_of)
    a.name, a.status, a.owner = _name(subject), subject.get("status"), subject.get("owner")
    approved = [
        n for n in nominations
        if n["status"] == "approved" and n.get("decided_on") and _date(n["decided_on"]) <= as_of
    ]
    if approved and a.tier is None:
        a.tier = 3
        a.near_misses.insert(
            0,
            f"Tier 3 by panel decision on "
            f"{_date(approved[0]['decided_on']).isoformat()} "
            f"(nominated by {approved[0]['nominated_by']})",
        )
    return a


def changes(previous: list[dict[str, Any]], current: list[dict[str, Any]]) -> dict[str, list]:
    """New candidates, dropped ones and tier changes between two trawls' JSON results."""
    before = {r["subject_id"]: r for r in previous}
    after = {r["subject_id"]: r for r in current}
    return {
        "new": [after[s] for s in sorted(after.keys() - before.keys())],
        "dropped": [before[s] for s in sorted(before.keys() - after.keys())],
        "tier_changed": [
            {
                "subject_id": s,
                "from": before[s]["tier"],
                "to": after[s]["tier"],
                "name": after[s].get("name", ""),
            }
            for s in sorted(after.keys() & before.keys())
            if before[s]["tier"] != after[s]["tier"]
        ],
    }


def record(db: Database, results: list[Assessment], as_of: dt.date, by: str) -> str:
    """Keep a trawl's results so the next trawl can be compared with it."""
    trawl_id = f"trawl-{as_of.isoformat()}-{uuid.uuid4().hex[:8]}"
    payload = json.dumps([a.as_json() for a in results])
    rule_set = results[0].rule_set if results else rules_mod.load().version
    db.write(
        "tiers/record_trawl",
        id=trawl_id,
        as_of=as_of,
        by=by,
        rule_set=rule_set,
        results=payload,
        count=len(results),
    )
    return trawl_id


def previous(db: Database, as_of: dt.date) -> dict[str, Any] | None:
    """The latest recorded trawl before ``as_of`` (or, failing that, recorded for it)."""
    rows = db.read("tiers/previous_trawl", as_of=as_of)
    if not rows:
        return None
    row = rows[0]
    return {**row, "as_of": _date(row["as_of"]), "results": json.loads(row["results"])}
