"""Planted orders, conditions and breaches in the synthetic force, against their truth.

The possible-breach definition is re-implemented here row by row over the written CSVs (plain
Python, the haversine written as Cypher writes it), independently of
``ingest.synth.breach_truth``: truth.json's ``possible_breaches`` must be exactly what this
brute force finds, for the demo and the force profile.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from ingest.pipeline import run_ingest
from ingest.synth import generate, vocab
from tests.test_synth import CLASSIFICATION, load, truth_of

EARTH_RADIUS_M = 6_371_008.8
IN_FORCE = {"", "granted", "interim", "discharged", "expired"}
REASONS = {"outside_radius", "before_order_start", "after_condition_end", "after_order_end",
           "order_not_in_force"}
Key = tuple[str, str, str, str, str, str, str]


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle metres, with haversin(x) = (1 - cos x) / 2 as Cypher has it."""
    def haversin(x: float) -> float:
        return (1 - math.cos(x)) / 2

    h = haversin(math.radians(lat2 - lat1)) + math.cos(math.radians(lat1)) * math.cos(
        math.radians(lat2)) * haversin(math.radians(lon2 - lon1))
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def window(order: dict, cond: dict) -> tuple[str, str | None] | None:
    """The days [first, last) a condition is active, or None when its order never counts."""
    if order["status"] not in IN_FORCE or not order["start_date"]:
        return None
    first = max(order["start_date"], cond["starts_on"] or order["start_date"])
    ends = [d for d in (order["end_date"], cond["ends_on"]) if d]
    return first, min(ends) if ends else None


def brute_force(data: dict[str, pd.DataFrame]) -> dict[Key, bool]:
    """Every possible breach, (order, condition, subject, kind, evidence kind, evidence id,
    day) -> recorded, found by trying every condition against all of its subject's evidence."""
    orders = data["orders"].set_index("order_id", drop=False).to_dict("index")
    conds = [c for c in data["order_conditions"].to_dict("records")
             if c["kind"] in ("exclusion_zone", "no_contact")]
    subjects = {orders[c["order_id"]]["subject_id"] for c in conds}
    links = data["offence_subjects"]
    links = links[links["subject_id"].isin(subjects)]
    named: dict[str, set[str]] = defaultdict(set)
    for oid, sid in zip(links["offence_id"], links["subject_id"], strict=True):
        named[sid].add(oid)
    wanted = set(links["offence_id"])
    off = data["offences"]
    offences = off[off["offence_id"].isin(wanted)].set_index("offence_id").to_dict("index")
    victims: dict[str, set[str]] = defaultdict(set)
    ov = data["offence_victims"]
    for oid, vid in zip(ov["offence_id"], ov["victim_id"], strict=True):
        if oid in wanted:
            victims[oid].add(vid)
    intel: dict[str, list[dict]] = defaultdict(list)
    for row in data["intelligence"].to_dict("records"):
        if row["subject_id"] in subjects:
            intel[row["subject_id"]].append(row)
    places = data["locations"].set_index("location_id").to_dict("index")
    breaches = data["breaches"].to_dict("records")
    found: dict[Key, bool] = {}
    for c in conds:
        order = orders[c["order_id"]]
        days = window(order, c)
        if days is None:
            continue
        sid = order["subject_id"]
        evidence = [("offence", oid, offences[oid]["committed_from"]
                     or offences[oid]["reported_on"], offences[oid]["location_id"])
                    for oid in named[sid]]
        evidence += [("intelligence", i["intel_id"], i["reported_on"], i["location_id"])
                     for i in intel[sid]]
        for kind, eid, day, loc in evidence:
            if not (days[0] <= day and (days[1] is None or day < days[1])):
                continue
            if c["kind"] == "exclusion_zone":
                place = places.get(loc)
                if not place or not place["lat"]:
                    continue
                d = distance_m(float(c["lat"]), float(c["lon"]), float(place["lat"]),
                               float(place["lon"]))
                if d > float(c["radius_m"]):
                    continue
            elif kind != "offence" or c["protected_victim_id"] not in victims[eid]:
                continue
            recorded = any(
                b["order_id"] == c["order_id"] and b["condition_id"] in ("", c["condition_id"])
                and eid in (b["offence_id"], b["intelligence_id"])
                for b in breaches
            )
            found[(c["order_id"], c["condition_id"], sid, c["kind"], kind, eid, day)] = recorded
    return found


def listed(truth: dict) -> dict[Key, bool]:
    entries = truth["possible_breaches"]
    out = {(b["order_id"], b["condition_id"], b["subject_id"], b["kind"], b["evidence_kind"],
            b["evidence_id"], b["on"]): b["recorded"] for b in entries}
    assert len(out) == len(entries), "an entry is listed twice"
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo_orders")
    generate(out, profile="demo", seed=1)
    return out


@pytest.fixture(scope="module")
def data(demo: Path) -> dict[str, pd.DataFrame]:
    return load(demo)


@pytest.fixture(scope="module")
def truth(demo: Path) -> dict:
    return truth_of(demo)


def test_the_truth_lists_every_possible_breach_and_no_other(data: dict, truth: dict) -> None:
    assert listed(truth) == brute_force(data)


@pytest.mark.parametrize("seed", [2, 3])
def test_the_truth_is_complete_for_other_seeds(tmp_path: Path, seed: int) -> None:
    generate(tmp_path, profile="demo", seed=seed)
    assert listed(truth_of(tmp_path)) == brute_force(load(tmp_path))


def test_the_demo_plants_every_kind_of_breach_and_near_miss(truth: dict) -> None:
    kinds = {(b["kind"], b["evidence_kind"], b["recorded"]) for b in truth["possible_breaches"]}
    assert {("exclusion_zone", "offence", True), ("exclusion_zone", "offence", False),
            ("exclusion_zone", "intelligence", False), ("no_contact", "offence", True),
            ("no_contact", "offence", False)} <= kinds
    assert {m["reason"] for m in truth["breach_near_misses"]} == REASONS
    assert len(truth["possible_breaches"]) < 40  # the demo stays small


def test_near_misses_do_not_count_and_sit_where_they_say(data: dict, truth: dict) -> None:
    found = brute_force(data)
    counted = {(k[2], k[4], k[5]) for k in found}  # subject, evidence kind, evidence id
    orders = data["orders"].set_index("order_id")
    conds = data["order_conditions"].set_index("condition_id")
    places = data["locations"].set_index("location_id")
    offences = data["offences"].set_index("offence_id")
    intel = data["intelligence"].set_index("intel_id")
    for m in truth["breach_near_misses"]:
        assert (m["subject_id"], m["evidence_kind"], m["evidence_id"]) not in counted, m
        order, cond = orders.loc[m["order_id"]], conds.loc[m["condition_id"]]
        assert order["subject_id"] == m["subject_id"] and cond["order_id"] == m["order_id"]
        ev = offences.loc[m["evidence_id"]] if m["evidence_kind"] == "offence" else None
        day = (ev["committed_from"] if ev is not None
               else intel.loc[m["evidence_id"], "reported_on"])
        assert day == m["on"], m
        if m["kind"] == "exclusion_zone":
            loc = ev["location_id"] if ev is not None else intel.loc[m["evidence_id"],
                                                                     "location_id"]
            d = distance_m(float(cond["lat"]), float(cond["lon"]),
                           float(places.loc[loc, "lat"]), float(places.loc[loc, "lon"]))
            radius = float(cond["radius_m"])
            if m["reason"] == "outside_radius":
                assert radius < d <= radius + 50, m  # just outside
            else:
                assert d <= radius, m  # inside: it is the date or the order that rules it out
        reason, start, end = m["reason"], order["start_date"], order["end_date"]
        if reason == "before_order_start":
            assert m["on"] < start
        elif reason == "after_condition_end":
            assert cond["ends_on"] and m["on"] >= cond["ends_on"] and (not end or m["on"] < end)
        elif reason == "after_order_end":
            assert order["status"] in ("expired", "discharged") and m["on"] >= end
        elif reason == "order_not_in_force":
            assert order["status"] in ("applied", "refused") and not start
        else:
            assert reason == "outside_radius" and window(order, cond)[0] <= m["on"]


def test_boundaries_are_planted_on_the_day(data: dict, truth: dict) -> None:
    """A start counts on its day; an end does not."""
    orders = data["orders"].set_index("order_id")
    conds = data["order_conditions"].set_index("condition_id")
    assert any(b["on"] == orders.loc[b["order_id"], "start_date"]
               for b in truth["possible_breaches"])
    near = truth["breach_near_misses"]
    assert any(m["reason"] == "after_condition_end"
               and m["on"] == conds.loc[m["condition_id"], "ends_on"] for m in near)
    assert any(m["reason"] == "after_order_end"
               and m["on"] == orders.loc[m["order_id"], "end_date"] for m in near)


def test_orders_conditions_and_breaches_follow_the_domain_rules(data: dict, truth: dict) -> None:
    orders = data["orders"]
    assert set(orders["status"]) == {"", "applied", "interim", "granted", "refused",
                                     "discharged", "expired"}
    for _, o in orders.iterrows():
        if o["applied_on"] and o["served_on"]:
            assert o["served_on"] >= o["applied_on"], o["order_id"]
        if o["applied_on"] and o["start_date"]:
            assert o["start_date"] >= o["applied_on"], o["order_id"]
        assert bool(o["start_date"]) == (o["status"] not in ("applied", "refused")), o["order_id"]
        if o["status"] in ("discharged", "expired"):
            assert o["end_date"] and o["end_date"] <= truth["as_of"], o["order_id"]
    by_id = orders.set_index("order_id")
    conds = data["order_conditions"]
    assert set(conds["order_id"]) <= set(by_id.index) and conds["condition_id"].is_unique
    links = data["offence_subjects"].merge(data["offence_victims"], on="offence_id")
    for _, c in conds.iterrows():
        o = by_id.loc[c["order_id"]]
        if c["starts_on"]:
            assert c["starts_on"] >= o["start_date"]
        if c["ends_on"] and o["end_date"]:
            assert c["ends_on"] <= o["end_date"]
        if c["kind"] == "exclusion_zone":
            assert c["lat"] and c["lon"] and 100 <= int(c["radius_m"]) <= 2000
        if c["kind"] == "no_contact":  # a named victim of the subject
            mine = links[links["subject_id"] == o["subject_id"]]
            assert c["protected_victim_id"] in set(mine["victim_id"])
    breaches = data["breaches"].merge(conds[["condition_id", "order_id"]], how="left",
                                      on="condition_id", suffixes=("", "_of_condition"))
    assert (breaches["order_id"] == breaches["order_id_of_condition"]).all()
    assert (breaches["offence_id"] != "").sum() and (breaches["intelligence_id"] != "").sum()
    assert set(breaches["outcome"]) <= {"arrest", "charge", "warning", "nfa", "pending"}


def test_every_order_reference_resolves(data: dict) -> None:
    conds, breaches = data["order_conditions"], data["breaches"]
    assert data["orders"]["order_id"].is_unique and breaches["breach_id"].is_unique
    protected = set(conds["protected_victim_id"]) - {""}
    assert protected and protected <= set(data["victims"]["victim_id"])
    assert set(breaches["order_id"]) <= set(data["orders"]["order_id"])
    assert set(breaches["condition_id"]) - {""} <= set(conds["condition_id"])
    assert set(breaches["offence_id"]) - {""} <= set(data["offences"]["offence_id"])
    assert set(breaches["intelligence_id"]) - {""} <= set(data["intelligence"]["intel_id"])
    assert ((breaches["offence_id"] != "") | (breaches["intelligence_id"] != "")).all()


def test_evidence_is_outside_custody_with_fitting_notes(data: dict, truth: dict) -> None:
    cls = pd.read_csv(CLASSIFICATION, dtype=str).set_index("ho_code")["category"]
    offences = data["offences"].set_index("offence_id")
    custody = data["custody"]
    entries = truth["possible_breaches"] + truth["breach_near_misses"]
    assert all(e["on"] <= truth["as_of"] for e in entries)
    for e in entries:
        mine = custody[custody["subject_id"] == e["subject_id"]]
        inside = (mine["start_date"] <= e["on"]) & (
            (mine["end_date"] == "") | (mine["end_date"] > e["on"]))
        assert not inside.any(), e
        if e["evidence_kind"] == "offence":
            off = offences.loc[e["evidence_id"]]
            assert off["mo_notes"] in vocab.MO_NOTES[cls[off["ho_code"]]], e


@pytest.mark.neo4j
def test_the_demo_force_loads_whole_into_the_orders_graph(db, demo: Path, data: dict,
                                                          tmp_path: Path) -> None:
    summary = run_ingest(demo, db=db, quarantine_dir=tmp_path)
    assert summary["totals"]["quarantined"] == 0, summary["quarantine_reasons"]
    got = db.read_text("t", """
        RETURN COUNT { (:Subject)-[:HAS_ORDER]->(:Order) } AS orders,
               COUNT { (:Order)-[:HAS_CONDITION]->(:OrderCondition) } AS conditions,
               COUNT { (:OrderCondition)-[:PROTECTS]->(:Victim) } AS protects,
               COUNT { (:Breach)-[:BREACH_OF]->(:Order) } AS breaches,
               COUNT { (:Breach)-[:OF_CONDITION]->(:OrderCondition) } AS of_condition,
               COUNT { (:Breach)-[:EVIDENCED_BY]->(:Offence) } AS by_offence,
               COUNT { (:Breach)-[:EVIDENCED_BY]->(:Intelligence) } AS by_intelligence""")[0]
    conds, breaches = data["order_conditions"], data["breaches"]
    assert got == {
        "orders": len(data["orders"]),
        "conditions": len(conds),
        "protects": int((conds["protected_victim_id"] != "").sum()),
        "breaches": len(breaches),
        "of_condition": int((breaches["condition_id"] != "").sum()),
        "by_offence": int((breaches["offence_id"] != "").sum()),
        "by_intelligence": int((breaches["intelligence_id"] != "").sum()),
    }


@pytest.mark.slow
def test_the_force_truth_lists_every_possible_breach(tmp_path: Path) -> None:
    generate(tmp_path, profile="force", seed=1)
    truth = truth_of(tmp_path)
    assert listed(truth) == brute_force(load(tmp_path))
    assert len(truth["possible_breaches"]) >= 40
    assert {m["reason"] for m in truth["breach_near_misses"]} == REASONS
