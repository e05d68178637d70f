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
from graph.resolution.person import person as person_of
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
        if len(r.get("combined") or []) > 1:
            _mark_combined(db, out[r["subject_id"]], r, rules, as_of)
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


def _mark_combined(db: Database, a: Assessment, row: dict[str, Any], rules: RuleSet,
                   as_of: dt.date) -> None:
    """Name the records counted as one person, who confirmed them, and whether any one
    record would meet the tier alone (with the person's recency and custody)."""
    a.combined = sorted(row["combined"])
    a.confirmed_by = sorted({link["by"] for link in person_of(
        db, a.subject_id)["links"] if link.get("by")})
    alone = [decide(p["sexual"], p["rapes"], a.last_reported_on, a.in_custody, rules, as_of)[0]
             for p in row.get("parts") or []]
    a.only_combined = all(t is None or t > (a.tier or 9) for t in alone)


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
    a = standing(subject[0], offences, custody, subject[0]["nominations"], as_of, rules)
    mark_person(a, subject[0], offences, person_of(db, subject_id), as_of, rules)
    return a


def mark_person(a: Assessment, subject: dict[str, Any], offences: list[dict[str, Any]],
                person: dict[str, Any], as_of: dt.date, rules: RuleSet | None = None) -> None:
    """Name on ``a`` the records counted as one person (:func:`graph.resolution.person.
    person`), who confirmed them, and whether the tier is met only once combined.

    ``offences`` are the person's, each naming its record (``named_record``) or records
    (``records``); nothing changes for a person of one record.
    """
    if not person["others"]:
        return
    a.combined = list(person["records"])
    a.confirmed_by = list(person["confirmed_by"])
    records = ", ".join(a.combined)
    who = ", ".join(a.confirmed_by) or "an analyst"
    a.near_misses.insert(0, f"Counted as one person: records {records} (confirmed by "
                            f"{who}); each offence counts once")
    alone = [standing(subject, [o for o in offences
                                if rec in (o.get("records") or [o.get("named_record")])],
                      [], [], as_of, rules).tier for rec in a.combined]
    a.only_combined = a.tier is not None and all(t is None or t > a.tier for t in alone)


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


#: What the dashboard and the board say before any trawl has been recorded.
NO_TRAWL = ("No trawl has been recorded yet, so there is nothing to compare with. Once an "
            "analyst records one (on the tier board), this lists who entered, dropped out or "
            "changed tier since.")


def since_last(
    db: Database,
    as_of: dt.date,
    current: list[Assessment] | None = None,
    rules: RuleSet | None = None,
) -> dict[str, Any]:
    """What changed between the last recorded trawl and the trawl on ``as_of``, explained.

    Each dropped subject is explained on ``as_of`` (:func:`explain_subject`) and the
    criteria of the tier they held that now fail give the reason ("recency lapsed on ...",
    "entered custody", "now below the count ..."); so does each fall from one tier to a
    lower one. A rise says what it now meets.

    Args:
        db: the execution point.
        as_of: the date compared with the last trawl recorded before it.
        current: the trawl on ``as_of`` when the caller has it already.
        rules: the rule set; the configured one by default.

    Returns:
        ``{"as_of", "previous" (None when no trawl was recorded: then the lists are empty),
        "since", "since_as_of", "new", "dropped", "tier_changed", "message"}``; each dropped
        row has ``reason``, ``failed`` (the criteria that now fail) and ``now`` (its tier).
    """
    rules = rules or rules_mod.load()
    empty: dict[str, list] = {"new": [], "dropped": [], "tier_changed": []}
    before = previous(db, as_of)
    if before is None:
        return {"as_of": as_of.isoformat(), "previous": None, "since": None,
                "since_as_of": None, **empty, "message": NO_TRAWL}
    results = current if current is not None else trawl(db, as_of, rules)
    diff = changes(before["results"], [a.as_json() for a in results])
    was_before = {r["subject_id"]: r for r in before["results"]}
    now = {a.subject_id: a for a in results}
    ruleset_note = (f"rule set changed from {before['rule_set']} to {rules.version}"
                    if before.get("rule_set") and before["rule_set"] != rules.version else None)
    for row in diff["new"]:
        row["reason"] = _why_new(now[row["subject_id"]], before["as_of"], ruleset_note)
    for row in diff["dropped"]:
        row.update(_why_dropped(db, row, as_of, rules, ruleset_note))
    for row in diff["tier_changed"]:
        # The trawl's assessments carry no criteria: explain the subject on the date.
        explained = explain_subject(db, row["subject_id"], as_of, rules)
        explained.tier = now[row["subject_id"]].tier  # Tier 3 comes from the trawl's reading
        row["reason"] = _why_changed(was_before[row["subject_id"]], explained, rules,
                                     ruleset_note)
    counts = ", ".join(f"{len(diff[k])} {words}" for k, words in
                       (("new", "new"), ("dropped", "dropped"), ("tier_changed",
                                                                 "changed tier")))
    return {
        "as_of": as_of.isoformat(),
        "previous": {
            "id": before["id"],
            "as_of": before["as_of"].isoformat(),
            "run_at": str(before.get("run_at") or "")[:16].replace("T", " ") or None,
            "by": before.get("by"),
            "rule_set": before.get("rule_set"),
            "candidates": len(before["results"]),
        },
        "since": before["id"],
        "since_as_of": before["as_of"].isoformat(),
        **diff,
        "message": f"Since the trawl recorded as of {before['as_of'].isoformat()}: {counts}.",
    }


def _lapsed(a: Assessment) -> str:
    if a.recency_lapses_on:
        return f"recency lapsed on {a.recency_lapses_on.isoformat()}"
    return "no sexual offence reported within the recency window"


def _failed_reasons(a: Assessment, tier: int, rules: RuleSet) -> list[str]:
    """Why ``a`` no longer meets ``tier``, from that tier's criteria that fail."""
    if tier == 3:
        return ["no approved Tier 3 panel decision stands on this date"]
    rule = next((t for t in rules.tiers if t.tier == tier), None)
    reasons = []
    for c in a.criteria:
        if c.tier != tier or c.met:
            continue
        if c.name == "recency":
            reasons.append(_lapsed(a))
        elif c.name == "not in custody":
            until = f" (until {a.custody_until.isoformat()})" if a.custody_until else ""
            reasons.append(f"entered custody{until}")
        elif c.name == "sexual offences":
            need = f"; Tier {tier} needs {rule.min_sexual}" if rule else ""
            reasons.append(f"now below the count: {a.sexual_offence_count} sexual "
                           f"offence{'s' if a.sexual_offence_count != 1 else ''}{need}")
        elif c.name == "rape":
            need = f"; Tier {tier} needs {rule.min_rape}" if rule else ""
            reasons.append(f"now {a.rape_count} rape{'s' if a.rape_count != 1 else ''}{need}")
        else:
            reasons.append(f"{c.name}: {c.detail}")
    return reasons


def _why_dropped(db: Database, row: dict[str, Any], as_of: dt.date, rules: RuleSet,
                 ruleset_note: str | None) -> dict[str, Any]:
    try:
        a = explain_subject(db, row["subject_id"], as_of, rules)
    except KeyError:
        return {"reason": "no longer in the data", "failed": [], "now": None}
    failed = [{"tier": c.tier, "name": c.name, "detail": c.detail}
              for c in a.criteria if c.tier == row["tier"] and not c.met]
    reasons = _failed_reasons(a, row["tier"], rules) or ["no longer meets any tier"]
    if ruleset_note:
        reasons.append(ruleset_note)
    return {"reason": "; ".join(reasons), "failed": failed, "now": a.tier}


def _why_changed(before: dict[str, Any], a: Assessment, rules: RuleSet,
                 ruleset_note: str | None) -> str:
    was, now = before["tier"], a.tier
    if now == 3:
        reasons = _failed_reasons(a, was, rules) + ["Tier 3 by panel decision"]
    elif was == 3 or (now is not None and now < was):  # a rise (Tier 1 is the highest)
        if before.get("in_custody") and not a.in_custody:
            reasons = ["left custody"]
        else:
            reasons = [f"now meets Tier {now}: {a.sexual_offence_count} sexual offences, "
                       f"{a.rape_count} rape{'s' if a.rape_count != 1 else ''}"]
    else:
        reasons = _failed_reasons(a, was, rules) or [f"now meets Tier {now} only"]
    if ruleset_note:
        reasons.append(ruleset_note)
    return "; ".join(reasons)


def _why_new(a: Assessment, since: dt.date, ruleset_note: str | None) -> str:
    if a.tier == 3:
        reason = "Tier 3 by panel decision"
    elif a.last_reported_on and a.last_reported_on > since:
        reason = f"an offence reported on {a.last_reported_on.isoformat()}"
    elif a.status == "reactivated":
        reason = "reactivated"
    else:
        reason = f"meets Tier {a.tier}"
    return f"{reason}; {ruleset_note}" if ruleset_note else reason


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
