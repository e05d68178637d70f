"""Gathering a MAPPA review pack: one subject's records from each area, shaped into sections.

:func:`collect` reads through each area's own functions (the profile, the 4P plan, the
links, the ego network); :func:`sections` shapes what they return, purely: what stood on the
as-of date, what changed since the last review, the plan under MAPPA's headings. Records
stay whole (victims with their names, homes with their streets, intelligence with its
grading and summary): what each audience may receive is decided when the pack leaves, by
:func:`graph.disclosure.disclose` with the audience ``pack_<name>``, as on every surface.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.analytics.service import subject_links
from graph.db import Database
from graph.disclosure import handling_code
from graph.errors import NotFound
from graph.network import ego_extract
from graph.packs.mappa import HEADINGS, heading
from graph.plans import plan as plan_of
from graph.plans.vocab import PILLARS
from graph.subjects import profile
from graph.tiers.rules import RuleSet

#: The network the pack draws: depth 2 around the subject, at most this many nodes.
NETWORK_DEPTH = 2
NETWORK_CAP = 120
#: Monthly updates shown (the latest version of each of the latest months).
UPDATES_SHOWN = 3
#: "Since the last review" when no date is given: twelve weeks before the as-of date.
DEFAULT_SINCE_DAYS = 84


def default_since(as_of: dt.date) -> dt.date:
    """The start of "since the last review" when none is given."""
    return as_of - dt.timedelta(days=DEFAULT_SINCE_DAYS)


def collect(db: Database, subject_id: str, *, as_of: dt.date, since: dt.date | None = None,
            rules: RuleSet | None = None) -> dict[str, Any]:
    """Everything a review pack about ``subject_id`` holds, as whole records.

    Args:
        db: the execution point.
        subject_id: the subject.
        as_of: the day the pack stands on (tier, custody, orders in force, RAG).
        since: the last review; :func:`default_since` when None.
        rules: the tier rule set; the configured one by default.

    Returns:
        As :func:`sections`, plus ``network``: the raw ego network
        (:func:`graph.network.ego_extract`), which the app draws.

    Raises:
        NotFound: no such subject.
        ValueError: ``since`` after ``as_of``.
    """
    since = since or default_since(as_of)
    if since > as_of:
        raise ValueError(f"since ({since}) is after the as-of date ({as_of})")
    found = profile(db, subject_id, as_of=as_of, today=as_of, rules=rules)
    if found is None:
        raise NotFound(f"no subject {subject_id!r}")
    context = db.read("packs/context", subject_id=subject_id)[0]
    out = sections(found, plan=plan_of(db, subject_id, today=as_of),
                   links=subject_links(db, subject_id)["links"], context=context,
                   as_of=as_of, since=since)
    out["network"] = ego_extract(db, "subject", subject_id, depth=NETWORK_DEPTH,
                                 cap=NETWORK_CAP, as_of=as_of, rules=rules)
    return out


def _on_or_before(day: Any, as_of: dt.date) -> bool:
    return day is None or day <= as_of


def _on_or_after(day: Any, since: dt.date) -> bool:
    return day is not None and day >= since


def sections(found: dict[str, Any], *, plan: dict[str, Any], links: list[dict[str, Any]],
             context: dict[str, Any], as_of: dt.date, since: dt.date) -> dict[str, Any]:
    """The pack's sections from records already read (pure).

    Args:
        found: :func:`graph.subjects.profile` (read with ``today=as_of``).
        plan: :func:`graph.plans.plan`.
        links: :func:`graph.analytics.service.subject_links`'s ``links``.
        context: ``mappa_category`` and ``mappa_level`` of the subject.
        as_of: the pack's date: records reported, opened or started after it are left out.
        since: the last review.

    Returns:
        ``subject``, ``as_of``, ``since``, ``custody`` (``periods``, ``current``,
        ``release``), ``homes``, ``identifiers``, ``timeline`` (offences and intelligence),
        ``offences``, ``intelligence``, ``victims``, ``tier``, ``people`` (associates and
        linked subjects with their links' types and evidence), ``orders``, ``plan``
        (``headings``: actions under MAPPA's headings; ``updates``), ``changes`` (since
        the last review), ``counts`` and ``person`` (None, or the records an analyst
        confirmed as this one person, whose offences the pack counts once each, and the
        confirmations: who and when).
    """
    subject = {**found["subject"], "mappa_category": context.get("mappa_category"),
               "mappa_level": context.get("mappa_level")}
    timeline = [e for e in found["timeline"] if _on_or_before(e.get("reported_on"), as_of)]
    for e in timeline:
        if e["kind"] == "intelligence":
            e["handling"] = handling_code(e.get("grading"))
    offences = [e for e in timeline if e["kind"] == "offence"]
    intel = [e for e in timeline if e["kind"] == "intelligence"]
    offence_ids = {o["offence_id"] for o in offences}
    victims = [{**v, "offences": [o for o in v["offences"] if o in offence_ids]}
               for v in found["victims"] if offence_ids & set(v["offences"])]
    orders = _orders(found["orders"], intel, as_of)
    actions, updates = _plan(plan, as_of)
    periods = found["custody"]
    current = next((c for c in periods if c.get("current")), None)
    return {
        "subject": subject,
        "as_of": as_of,
        "since": since,
        "custody": {"periods": periods, "current": current,
                    "release": current.get("end_date") if current else None},
        "homes": [p for p in found["locations"] if p.get("lives_at")],
        "identifiers": found["identifiers"],
        "timeline": timeline,
        "offences": offences,
        "intelligence": intel,
        "victims": victims,
        "tier": found["assessment"].as_json(explain=True),
        "person": _person(found.get("person")),
        "people": _people(found["associates"], links, found["locations"]),
        "orders": orders,
        "plan": {"status": plan.get("status"), "owner": plan.get("owner"),
                 "headings": [{"heading": key, "label": label,
                               "actions": [a for a in actions if a["mappa_heading"] == key]}
                              for key, label in HEADINGS.items()],
                 "updates": updates},
        "changes": _changes(offences, intel, orders, actions, updates, since),
        "counts": {
            "offences": len(offences),
            "sexual": sum(1 for o in offences if o.get("sexual")),
            "rape": sum(1 for o in offences if o.get("rape")),
            "intelligence": len(intel),
            "victims": len(victims),
            "orders_active": sum(1 for o in orders if o.get("active")),
            "breaches": sum(len(o["breaches"]) for o in orders),
            "possible_breaches": sum(len(o["possible_breaches"]) for o in orders),
            "actions_open": sum(1 for a in actions if a["status"] in ("open", "in_progress")),
            "actions_red": sum(1 for a in actions if a["rag"] == "red"),
        },
    }


def _person(person: dict[str, Any] | None) -> dict[str, Any] | None:
    """The records combined into this person and who confirmed it when (not why: the
    analyst's reason stays in the app)."""
    if not person or not person["others"]:
        return None
    return {"records": [{"subject_id": m["subject_id"],
                         "name": " ".join(p for p in (m.get("forename"), m.get("surname")) if p)}
                        for m in person["members"]],
            "confirmations": [{"ids": lk["ids"], "by": lk.get("by"), "at": lk.get("at")}
                              for lk in person["links"]]}


def _orders(orders: list[dict], intel: list[dict], as_of: dt.date) -> list[dict]:
    """Orders applied for or started by ``as_of``; breaches evidenced by intelligence carry
    it, so an audience that may not receive the intelligence does not learn of it here."""
    graded = {i["intel_id"]: i.get("grading") for i in intel}
    out = []
    for order in orders:
        if not _on_or_before(order.get("start_date") or order.get("applied_on"), as_of):
            continue
        recorded = []
        for b in order["breaches"]:
            b = dict(b)
            if b.get("evidence_kind") == "intelligence":
                intel_id = b.pop("evidence_id", None)
                b["intelligence"] = {"intel_id": intel_id, "grading": graded.get(intel_id)}
            recorded.append(b)
        possible = []
        for p in order["possible_breaches"]:
            p = dict(p)
            if p.get("evidence_kind") == "intelligence":
                # A possible breach is its evidence: it goes where the intelligence may go.
                p["intel_id"], p["grading"] = p["evidence_id"], graded.get(p["evidence_id"])
            possible.append(p)
        out.append({**order, "breaches": recorded, "possible_breaches": possible})
    return out


def _plan(plan: dict[str, Any], as_of: dt.date) -> tuple[list[dict], list[dict]]:
    """Actions opened by ``as_of`` under their MAPPA heading; the latest version of each of
    the latest :data:`UPDATES_SHOWN` months' updates."""
    order = {p: i for i, p in enumerate(PILLARS)}
    actions = sorted(
        ({**a, "mappa_heading": heading(a["pillar"], a.get("tactic"))}
         for a in plan.get("actions") or [] if _on_or_before(a.get("opened_on"), as_of)),
        key=lambda a: (order.get(a["pillar"], 9), a.get("due_on") or dt.date.max, a["id"]))
    latest: dict[str, dict] = {}
    for u in plan.get("updates") or []:  # newest month first, newest version first
        if u["month"] <= as_of.strftime("%Y-%m") and u["month"] not in latest:
            latest[u["month"]] = u
    return actions, list(latest.values())[:UPDATES_SHOWN]


def _people(associates: list[dict], links: list[dict], places: list[dict]) -> list[dict]:
    """Everyone around the subject: recorded associates and co-offenders, and every subject
    linked to him, each with the links' types, score and evidence."""
    known = {p["id"]: p for p in places}
    by_id: dict[str, dict[str, Any]] = {}
    for a in associates:
        by_id[a["subject_id"]] = {"subject_id": a["subject_id"], "name": a["name"],
                                  "kinds": a["kinds"], "co_offences": a["offences"],
                                  "types": [], "score": 0.0, "evidence": {}}
    for link in links:
        person = by_id.setdefault(link["target"], {
            "subject_id": link["target"], "name": link.get("target_name") or "",
            "kinds": [], "co_offences": [], "types": [], "score": 0.0, "evidence": {}})
        person["types"], person["score"] = link["types"], link["score"]
        person["evidence"] = {t: [_evidence_item(i, known) for i in items]
                              for t, items in link["evidence"].items()}
    return sorted(by_id.values(), key=lambda p: (-p["score"], -len(p["co_offences"]),
                                                 p["subject_id"]))


def _evidence_item(item: dict[str, Any], places: dict[str, dict]) -> dict[str, Any]:
    """A link's evidence item; a place it names becomes the place's record (with its venue
    type), so the disclosure policy can see a home where the item only had its name."""
    if "location_id" not in item:
        return dict(item)
    out = {k: v for k, v in item.items() if k not in ("location", "address")}
    place = places.get(item["location_id"], {"id": item["location_id"]})
    out["place"] = {"id": place["id"], "name": place.get("name"),
                    "postcode": place.get("postcode"), "venue_type": place.get("venue_type")}
    return out


def _changes(offences: list[dict], intel: list[dict], orders: list[dict], actions: list[dict],
             updates: list[dict], since: dt.date) -> dict[str, list[dict]]:
    """What is new since the last review: reported, granted, breached, opened or closed on
    or after ``since`` (the as-of date bounds everything already)."""
    return {
        "offences": [o for o in offences if _on_or_after(o.get("reported_on"), since)],
        "intelligence": [i for i in intel if _on_or_after(i.get("reported_on"), since)],
        "orders": [o for o in orders
                   if _on_or_after(o.get("start_date") or o.get("applied_on"), since)],
        "breaches": [{**b, "order_id": o["order_id"], "order_type": o.get("order_type")}
                     for o in orders for b in o["breaches"]
                     if _on_or_after(b.get("occurred_on"), since)],
        "possible_breaches": [p for o in orders for p in o["possible_breaches"]
                              if _on_or_after(p.get("on"), since)],
        "actions_opened": [a for a in actions if _on_or_after(a.get("opened_on"), since)],
        "actions_closed": [a for a in actions if _on_or_after(a.get("closed_on"), since)],
        "updates": [u for u in updates if u["month"] >= since.strftime("%Y-%m")],
    }
