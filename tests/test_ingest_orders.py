"""Orders, their conditions and recorded breaches: every bad row is quarantined with its row
number and reason, good rows make the graph the orders queries rely on, a re-run changes
nothing, and checks against an order already in the database use the stored order.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from ingest.mapping import MappingError, parse_mapping
from ingest.pipeline import run_ingest
from tests.scenarios import write_folder

ORDER = {
    "order_id": "ORD1",
    "subject_id": "S1",
    "order_type": "shpo",
    "start_date": "2024-01-01",
    "end_date": "",
    "conditions": "Not to enter the exclusion zone",
    "status": "granted",
    "applied_on": "2023-12-01",
    "served_on": "2024-01-05",
    "court": "Fictionby Crown Court",
    "legal_basis": "Sentencing Act 2020 s.343",
}
ZONE = {
    "condition_id": "C1",
    "order_id": "ORD1",
    "kind": "exclusion_zone",
    "text": "Not to enter within 500 m of The Example Arms",
    "lat": "53.800000",
    "lon": "-1.900000",
    "radius_m": "500",
}
NO_CONTACT = {"condition_id": "C2", "order_id": "ORD2", "kind": "no_contact",
              "protected_victim_id": "V1", "starts_on": "2024-02-01", "ends_on": "2025-02-01"}
CURFEW = {"order_id": "ORD1", "kind": "curfew", "text": "Curfew 21:00-06:00"}
BREACH = {"breach_id": "B1", "order_id": "ORD1", "condition_id": "C1",
          "occurred_on": "2024-06-01", "offence_id": "O1", "outcome": "arrest",
          "summary": "Arrested inside the exclusion zone"}

# (file, row, reason fragment): row 2 is each file's first record (the header is row 1).
EXPECTED = [
    ("orders.csv", 5, "missing start_date"),  # granted without a start
    ("orders.csv", 6, "not one of applied, interim, granted"),  # status 'pending'
    ("orders.csv", 8, "not one of shpo, sro"),  # order_type 'asbo'
    ("orders.csv", 9, "served_on is before applied_on"),
    ("orders.csv", 10, "missing end_date"),  # expired with no end
    ("orders.csv", 11, "not a date"),  # applied_on 2025-13-01
    ("orders.csv", 13, "start_date is before applied_on"),
    ("order_conditions.csv", 4, "unknown order 'ORD404'"),
    ("order_conditions.csv", 5, "an exclusion zone needs lat, lon and radius_m"),
    ("order_conditions.csv", 6, "not above 0"),  # radius 0
    ("order_conditions.csv", 7, "outside the range above 0 to 50000"),  # radius 50001
    ("order_conditions.csv", 8, "a no_contact condition needs protected_victim_id"),
    ("order_conditions.csv", 9, "unknown victim 'V404'"),
    ("order_conditions.csv", 10, "starts_on is before its order's start_date"),
    ("order_conditions.csv", 11, "ends_on is after its order's end_date"),
    ("order_conditions.csv", 12, "not one of no_contact, exclusion_zone"),  # kind 'tagging'
    ("order_conditions.csv", 13, "not a date"),  # starts_on 2024-02-30
    ("order_conditions.csv", 14, "unknown order 'ORD4'"),  # ORD4 itself was quarantined
    ("order_conditions.csv", 16, "outside the range -90 to 90"),  # lat 95
    ("order_conditions.csv", 17, "ends_on is before starts_on"),
    ("order_conditions.csv", 18, "starts_on is after its order's end_date"),
    ("order_conditions.csv", 19, "not a number"),  # radius 'far'
    ("breaches.csv", 4, "unknown order 'ORD404'"),
    ("breaches.csv", 5, "unknown order condition 'C404'"),
    ("breaches.csv", 6, "unknown offence 'O404'"),
    ("breaches.csv", 7, "unknown intelligence report 'I404'"),
    ("breaches.csv", 8, "the condition is not one of this order's conditions"),
    ("breaches.csv", 9, "not one of arrest, charge, warning, nfa, pending"),
    ("breaches.csv", 10, "missing occurred_on"),
    ("breaches.csv", 11, "unknown order condition 'C4'"),  # C4 itself was quarantined
    ("breaches.csv", 12, "occurred_on is before its order's start_date"),
    ("breaches.csv", 13, "date is in the future"),
    ("breaches.csv", 14, "missing order_id"),
]


def orders_export(folder: Path) -> Path:
    """A subject with orders, conditions and breaches: good rows first, then one bad row per
    kind of problem."""
    return write_folder(
        folder,
        subjects=[{"subject_id": "S1", "surname": "Testerton"},
                  {"subject_id": "S2", "surname": "Sampleford"}],
        victims=[{"victim_id": "V1", "forename": "Vera"}],
        locations=[{"location_id": "L1", "name": "The Example Arms", "lat": "53.800100",
                    "lon": "-1.900100", "venue_type": "night_time_economy"}],
        offences=[{"offence_id": "O1", "ho_code": "105A", "committed_from": "2024-06-01",
                   "reported_on": "2024-06-01", "location_id": "L1"}],
        offence_subjects=[{"offence_id": "O1", "subject_id": "S1", "role": "suspect"}],
        offence_victims=[{"offence_id": "O1", "victim_id": "V1"}],
        intelligence=[{"intel_id": "I1", "subject_id": "S1", "location_id": "L1",
                       "reported_on": "2024-07-01", "behaviour": "loitering"}],
        orders=[
            ORDER,
            # today's files: no status and none of the new columns
            {"order_id": "ORD2", "subject_id": "S1", "order_type": "restraining",
             "start_date": "2024-02-01", "end_date": "2026-02-01"},
            {**ORDER, "order_id": "ORD3", "subject_id": "S2", "order_type": "sro",
             "status": "applied", "start_date": "", "served_on": ""},
            {**ORDER, "order_id": "ORD4", "order_type": "sro", "start_date": ""},
            {**ORDER, "order_id": "ORD5", "status": "pending"},
            {**ORDER, "order_id": "ORD6", "subject_id": "S2", "order_type": "DAPO",
             "status": "interim", "start_date": "2025-01-01", "applied_on": "2025-01-01",
             "served_on": "2025-01-02"},
            {**ORDER, "order_id": "ORD7", "order_type": "asbo"},
            {**ORDER, "order_id": "ORD8", "served_on": "2023-11-01"},
            {**ORDER, "order_id": "ORD9", "status": "expired"},
            {**ORDER, "order_id": "ORD10", "applied_on": "2025-13-01"},
            {**ORDER, "order_id": "ORD11", "order_type": "notification", "status": "",
             "applied_on": "", "served_on": ""},
            {**ORDER, "order_id": "ORD12", "applied_on": "2024-02-01", "served_on": ""},
        ],
        order_conditions=[
            ZONE,
            NO_CONTACT,
            {**CURFEW, "condition_id": "C3", "order_id": "ORD404"},
            {**ZONE, "condition_id": "C4", "lat": "", "lon": ""},
            {**ZONE, "condition_id": "C5", "radius_m": "0"},
            {**ZONE, "condition_id": "C6", "radius_m": "50001"},
            {**NO_CONTACT, "condition_id": "C7", "protected_victim_id": ""},
            {**NO_CONTACT, "condition_id": "C8", "protected_victim_id": "V404"},
            {**CURFEW, "condition_id": "C9", "starts_on": "2023-06-01"},
            {**CURFEW, "condition_id": "C10", "order_id": "ORD2", "ends_on": "2026-06-01"},
            {**CURFEW, "condition_id": "C11", "kind": "tagging"},
            {**CURFEW, "condition_id": "C12", "starts_on": "2024-02-30"},
            {**CURFEW, "condition_id": "C13", "order_id": "ORD4"},
            # a proposed zone of an order only applied for: no start to be checked against
            {**ZONE, "condition_id": "C14", "order_id": "ORD3"},
            {**ZONE, "condition_id": "C15", "lat": "95"},
            {**CURFEW, "condition_id": "C16", "order_id": "ORD2", "starts_on": "2024-05-01",
             "ends_on": "2024-04-01"},
            {**CURFEW, "condition_id": "C17", "order_id": "ORD2", "starts_on": "2026-03-01"},
            {**ZONE, "condition_id": "C18", "radius_m": "far"},
            # ends exactly with its order (allowed), and a curfew of a today's-file order
            {**CURFEW, "condition_id": "C19", "order_id": "ORD2", "ends_on": "2026-02-01"},
        ],
        breaches=[
            BREACH,
            {**BREACH, "breach_id": "B2", "condition_id": "", "offence_id": "",
             "intelligence_id": "I1", "occurred_on": "2024-07-01", "outcome": "warning"},
            {**BREACH, "breach_id": "B3", "order_id": "ORD404"},
            {**BREACH, "breach_id": "B4", "condition_id": "C404"},
            {**BREACH, "breach_id": "B5", "offence_id": "O404"},
            {**BREACH, "breach_id": "B6", "offence_id": "", "intelligence_id": "I404"},
            {**BREACH, "breach_id": "B7", "order_id": "ORD2"},
            {**BREACH, "breach_id": "B8", "outcome": "jail"},
            {**BREACH, "breach_id": "B9", "occurred_on": ""},
            {**BREACH, "breach_id": "B10", "condition_id": "C4"},
            {**BREACH, "breach_id": "B11", "occurred_on": "2023-01-01"},
            {**BREACH, "breach_id": "B12", "occurred_on": "2999-01-01"},
            {**BREACH, "breach_id": "B13", "order_id": ""},
            # a breach of the no-contact condition, evidenced by the same offence
            {**BREACH, "breach_id": "B14", "order_id": "ORD2", "condition_id": "C2",
             "outcome": ""},
        ],
    )


def _quarantine(path: str) -> dict[tuple[str, int], list[str]]:
    reasons: dict[tuple[str, int], list[str]] = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as handle:
        for q in csv.DictReader(handle):
            reasons[(q["file"], int(q["row"]))].append(q["reason"])
    return reasons


def _assert_quarantined(reasons: dict[tuple[str, int], list[str]]) -> None:
    for file, row, reason in EXPECTED:
        assert (file, row) in reasons, f"{file} row {row} ({reason}) not quarantined"
        assert any(reason in r for r in reasons[(file, row)]), (file, row, reasons[(file, row)])
    # Nothing else was quarantined.
    assert set(reasons) == {(f, r) for f, r, _ in EXPECTED}


def test_a_dry_run_accounts_for_every_order_row_without_a_database(tmp_path):
    summary = run_ingest(orders_export(tmp_path / "export"), dry_run=True)
    files = summary["files"]
    assert files["orders.csv"]["quarantined"] == 7
    assert files["order_conditions.csv"]["quarantined"] == 15
    assert files["breaches.csv"]["quarantined"] == 11
    assert summary["totals"]["quarantined"] == len(EXPECTED)


@pytest.mark.neo4j
def test_every_bad_order_condition_and_breach_is_quarantined_with_its_reason(db, tmp_path):
    summary = run_ingest(orders_export(tmp_path / "export"), db=db, quarantine_dir=tmp_path / "q")
    for name, f in summary["files"].items():
        assert f["loaded"] + f["quarantined"] == f["rows_read"], name
    _assert_quarantined(_quarantine(summary["quarantine_file"]))
    assert summary["totals"]["quarantined"] == len(EXPECTED)


@pytest.mark.neo4j
def test_good_rows_make_the_orders_graph(db, tmp_path):
    run_ingest(orders_export(tmp_path / "export"), db=db, quarantine_dir=tmp_path / "q")
    orders = {r["id"]: r for r in db.read_text(
        "t", "MATCH (:Subject)-[:HAS_ORDER]->(o:Order) RETURN o.id AS id, properties(o) AS p")}
    assert set(orders) == {"ORD1", "ORD2", "ORD3", "ORD6", "ORD11"}
    one = orders["ORD1"]["p"]
    assert (one["order_type"], one["status"], str(one["applied_on"]), str(one["served_on"]),
            one["court"], one["legal_basis"]) == (
        "shpo", "granted", "2023-12-01", "2024-01-05", "Fictionby Crown Court",
        "Sentencing Act 2020 s.343")
    assert "end_date" not in one  # until further order
    assert orders["ORD3"]["p"]["status"] == "applied" and "start_date" not in orders["ORD3"]["p"]
    assert "status" not in orders["ORD2"]["p"]  # today's files: no status
    assert orders["ORD6"]["p"]["order_type"] == "dapo"
    assert orders["ORD11"]["p"]["order_type"] == "notification"

    conditions = {r["id"]: r for r in db.read_text("t", """
        MATCH (o:Order)-[:HAS_CONDITION]->(c:OrderCondition)
        OPTIONAL MATCH (c)-[:PROTECTS]->(v:Victim)
        RETURN c.id AS id, o.id AS order_id, properties(c) AS p, v.id AS victim""")}
    assert set(conditions) == {"C1", "C2", "C14", "C19"}
    zone = conditions["C1"]["p"]
    assert (zone["order_id"], zone["kind"], zone["lat"], zone["lon"], zone["radius_m"]) == (
        "ORD1", "exclusion_zone", 53.8, -1.9, 500.0)
    assert "protected_victim_id" not in zone
    assert conditions["C2"]["victim"] == "V1" and conditions["C2"]["order_id"] == "ORD2"
    assert str(conditions["C2"]["p"]["ends_on"]) == "2025-02-01"
    assert conditions["C14"]["order_id"] == "ORD3"

    breaches = {r["id"]: r for r in db.read_text("t", """
        MATCH (b:Breach)-[:BREACH_OF]->(o:Order)
        OPTIONAL MATCH (b)-[:OF_CONDITION]->(c:OrderCondition)
        RETURN b.id AS id, o.id AS order_id, c.id AS condition_id, properties(b) AS p,
               [(b)-[:EVIDENCED_BY]->(e) | labels(e)[0] + ':' + e.id] AS evidence""")}
    assert set(breaches) == {"B1", "B2", "B14"}
    b1 = breaches["B1"]
    assert (b1["order_id"], b1["condition_id"], b1["evidence"]) == ("ORD1", "C1", ["Offence:O1"])
    assert (b1["p"]["order_id"], b1["p"]["condition_id"], str(b1["p"]["occurred_on"]),
            b1["p"]["outcome"], b1["p"]["summary"]) == (
        "ORD1", "C1", "2024-06-01", "arrest", "Arrested inside the exclusion zone")
    assert "offence_id" not in b1["p"]
    b2 = breaches["B2"]
    assert (b2["condition_id"], b2["evidence"]) == (None, ["Intelligence:I1"])
    assert "condition_id" not in b2["p"]
    assert (breaches["B14"]["order_id"], breaches["B14"]["condition_id"]) == ("ORD2", "C2")


@pytest.mark.neo4j
def test_running_the_same_export_again_changes_nothing(db, tmp_path):
    folder = orders_export(tmp_path / "export")
    run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")
    again = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")
    for key in ("nodes_created", "nodes_updated", "relationships_created",
                "relationships_updated"):
        assert again["totals"][key] == 0, key
    assert again["totals"]["quarantined"] == len(EXPECTED)


@pytest.mark.neo4j
def test_conditions_and_breaches_sent_later_are_checked_against_the_stored_orders(db, tmp_path):
    first = write_folder(
        tmp_path / "first",
        subjects=[{"subject_id": "S1", "surname": "Testerton"}],
        orders=[ORDER, {**ORDER, "order_id": "ORD2", "start_date": "2024-02-01",
                        "end_date": "2026-02-01", "status": ""}],
        order_conditions=[ZONE],
    )
    run_ingest(first, db=db, quarantine_dir=tmp_path / "q")
    later = write_folder(
        tmp_path / "later",
        order_conditions=[
            {**CURFEW, "condition_id": "C20", "starts_on": "2024-01-01"},
            {**CURFEW, "condition_id": "C21", "starts_on": "2023-12-31"},
            {**CURFEW, "condition_id": "C22", "order_id": "ORD2", "ends_on": "2026-02-02"},
        ],
        breaches=[
            {**BREACH, "offence_id": "", "breach_id": "B20"},
            {**BREACH, "offence_id": "", "breach_id": "B21", "order_id": "ORD2"},
            {**BREACH, "offence_id": "", "breach_id": "B22", "condition_id": "C20",
             "occurred_on": "2023-12-31"},
        ],
    )
    summary = run_ingest(later, db=db, quarantine_dir=tmp_path / "q")
    reasons = _quarantine(summary["quarantine_file"])
    assert set(reasons) == {("order_conditions.csv", 3), ("order_conditions.csv", 4),
                            ("breaches.csv", 3), ("breaches.csv", 4)}
    assert reasons[("order_conditions.csv", 3)] == ["starts_on is before its order's start_date"]
    assert reasons[("order_conditions.csv", 4)] == ["ends_on is after its order's end_date"]
    assert reasons[("breaches.csv", 3)] == ["the condition is not one of this order's conditions"]
    assert reasons[("breaches.csv", 4)] == ["occurred_on is before its order's start_date"]
    rows = db.read_text("t", "MATCH (:Order {id: 'ORD1'})-[:HAS_CONDITION]->(c) "
                             "RETURN collect(c.id) AS ids")
    assert sorted(rows[0]["ids"]) == ["C1", "C20"]


def test_a_check_on_an_undeclared_reference_is_refused_with_its_place():
    raw = {"name": "bad", "files": [{
        "name": "order_conditions",
        "checks": [{"before": ["order.start_date", "starts_on"]}],
        "nodes": [{"label": "OrderCondition", "id": {"column": "condition_id"}}],
    }]}
    with pytest.raises(MappingError, match="file order_conditions: a check names unknown refs"):
        parse_mapping(raw)
    raw["files"][0]["checks"] = [{"required": []}]
    with pytest.raises(MappingError, match="a check needs"):
        parse_mapping(raw)
