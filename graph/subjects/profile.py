"""A subject's profile: everything the subject page shows, read once.

Six reads: the subject with custody, nominations, lifecycle events, intelligence, homes
and identifiers (``subjects/profile``); the records an analyst confirmed as the same person
(:mod:`graph.resolution.person`); the person's offences, each once, with their places and
victims (``subjects/offences``); the people around him; his orders with their conditions and
breaches, and the possible breaches found in the graph (:mod:`graph.orders`). The tier
explanation is worked out from the same records (:func:`graph.tiers.trawl.standing`), so
the page never reads a thing twice.

Victims are whole records here (``kind: "victim"``); what a reader may see of them, of homes
and of notes is decided by the disclosure policy when the page or JSON leaves
(:mod:`graph.disclosure`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.db import Database
from graph.intelligence.escalations import subject_flag
from graph.orders import subject_orders
from graph.records import full_name, plain
from graph.resolution.person import person as person_of
from graph.tiers import trawl
from graph.tiers.assess import Assessment
from graph.tiers.rules import RuleSet

#: Identifiers' co-holders listed at most; people around a subject at most.
SHARED_LIMIT = 50
PEOPLE_LIMIT = 200


def profile(db: Database, subject_id: str, *, as_of: dt.date | None = None,
            today: dt.date | None = None, rules: RuleSet | None = None
            ) -> dict[str, Any] | None:
    """Everything a subject's page shows, or ``None`` when there is no such subject.

    Args:
        db: the execution point.
        subject_id: the subject.
        as_of: the date the tier is explained for (default today).
        today: the day custody and orders are judged current on (default today).
        rules: the tier rule set; the configured one by default.

    Returns:
        ``subject``, ``timeline`` (offences and intelligence, oldest first), ``victims``
        (in order of first appearance), ``locations``, ``associates``, ``identifiers``,
        ``custody``, ``orders``, ``nominations``, ``history`` (oldest first), ``person``
        (:func:`graph.resolution.person.person`: the records confirmed as this one person,
        whose offences the timeline lists once each, each naming its ``records``) and
        ``assessment`` (:class:`~graph.tiers.assess.Assessment`, explained).
    """
    found = db.read("subjects/profile", subject_id=subject_id, limit=SHARED_LIMIT)
    if not found:
        return None
    today = today or dt.date.today()
    record = plain(found[0])
    subject = {k: v for k, v in record.items()
               if k not in ("custody", "nominations", "history", "intelligence", "homes",
                            "identifiers")}
    subject["name"] = full_name(subject)
    subject["aliases"] = list(subject.get("aliases") or [])
    # A subject confirmed as the same person as other records: the person's offences, once.
    person = person_of(db, subject_id)
    offences = plain(db.read("subjects/offences", ids=person["records"]))
    for o in offences:
        o["records"] = sorted(o["records"])
    intel = [{**i, "kind": "intelligence"} for i in record["intelligence"]]
    timeline, victims = _timeline(offences, intel)
    custody = record["custody"]
    for c in custody:
        c["current"] = c["start_date"] <= today and (c["end_date"] is None or c["end_date"] > today)
    orders = subject_orders(db, subject_id, today)
    assessment: Assessment = trawl.standing(subject, offences, _person_custody(
        db, person, custody), record["nominations"], as_of or today, rules)
    trawl.mark_person(assessment, subject, offences, person, as_of or today, rules)
    # Escalation flags from the records read above (no read of their own).
    flag = subject_flag(subject_id, intel, offences, as_of or today)
    return {
        "subject": subject,
        "timeline": timeline,
        "victims": victims,
        "locations": _locations(record["homes"], offences, intel),
        "associates": _people(db, subject_id),
        "identifiers": [
            {**i, "shared_with": [{**t, "name": full_name(t)} for t in i["shared_with"]]}
            for i in record["identifiers"]
        ],
        "custody": custody,
        "orders": orders,
        "nominations": record["nominations"],
        "history": record["history"],
        "escalation": flag,
        "person": person,
        "assessment": assessment,
    }


def _person_custody(db: Database, person: dict[str, Any], custody: list[dict]) -> list[dict]:
    """The custody the tier is judged on: the record's own, or the whole person's when
    records were confirmed as one (as the trawl judges it)."""
    if not person["others"]:
        return custody
    return plain(db.read("tiers/subject_custody", subject_id=person["subject_id"]))


def _timeline(offences: list[dict], intel: list[dict]) -> tuple[list[dict], list[dict]]:
    """Offences and intelligence, oldest first; victims in order of first appearance."""
    entries = [
        {**o, "kind": "offence", "date": o["committed_from"] or o["reported_on"]} for o in offences
    ] + [{**i, "date": i["reported_on"]} for i in intel]
    entries.sort(key=lambda e: (e["date"] or dt.date.min, e["kind"] != "offence",
                                e.get("offence_id") or e.get("intel_id")))
    victims: dict[str, dict[str, Any]] = {}
    for e in entries:
        if e["kind"] != "offence":
            continue
        refs = []
        for v in e["victims"]:
            entry = victims.get(v["id"])
            if entry is None:
                entry = victims[v["id"]] = {
                    "kind": "victim", "id": v["id"], "ref": v["id"],
                    "label": full_name(v) or v["id"], "forename": v.get("forename"),
                    "surname": v.get("surname"), "dob": v.get("dob"),
                    "gender": v.get("gender"), "offences": [],
                    "linked_subjects": [{**t, "name": full_name(t)} for t in v["others"]],
                }
            entry["offences"].append(e["offence_id"])
            refs.append({"kind": "victim", "id": v["id"], "ref": v["id"],
                         "label": entry["label"]})
        e["victims"] = refs
    return entries, list(victims.values())


def _locations(homes: list[dict], offences: list[dict], intel: list[dict]
               ) -> list[dict[str, Any]]:
    places: dict[str, dict[str, Any]] = {}

    def place(loc: dict[str, Any]) -> dict[str, Any]:
        return places.setdefault(
            loc["id"], {**loc, "lives_at": False, "offences": [], "intelligence": []}
        )

    for home in homes:
        place(home)["lives_at"] = True
    for o in offences:
        if o["location"]:
            place(o["location"])["offences"].append(o["offence_id"])
    for i in intel:
        if i["location"]:
            place(i["location"])["intelligence"].append(i["intel_id"])
    return sorted(
        places.values(),
        key=lambda p: (not p["lives_at"], -(len(p["offences"]) + len(p["intelligence"])),
                       str(p.get("name") or p["id"])),
    )


def _people(db: Database, subject_id: str) -> list[dict[str, Any]]:
    return [{**row, "name": full_name(row)}
            for row in db.read("subjects/people", subject_id=subject_id, limit=PEOPLE_LIMIT)]


def officers(db: Database) -> list[dict[str, Any]]:
    """RASSO officers who can own a Tier 1 subject (username, display name)."""
    return db.read("subjects/officers")
