"""Orders, conditions and possible breaches at every boundary, as an analyst checks them:
a small named scenario loaded through the canonical files, a real Neo4j, a real client."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from graph import orders
from ingest.pipeline import run_ingest
from tests.auth_fixtures import csrf_token
from tests.scenarios import write_folder

pytestmark = pytest.mark.neo4j

EARTH = 6_371_008.8
CENTRE = (51.500000, -0.100000)
START, END = dt.date(2026, 3, 1), dt.date(2026, 9, 1)  # the SHPO's days in force
CURFEW_END = dt.date(2026, 5, 1)  # a condition that ends before its order
AS_OF = dt.date(2026, 11, 1)


def north_of(centre: tuple[float, float], metres: float) -> tuple[float, float]:
    """A point ``metres`` due north of ``centre`` (great circle)."""
    return centre[0] + math.degrees(metres / EARTH), centre[1]


def place(lid: str, point: tuple[float, float], venue: str = "public_space") -> dict:
    return {"location_id": lid, "name": f"Place {lid}", "address": "", "postcode": "ZZ4 1AA",
            "lat": f"{point[0]:.7f}", "lon": f"{point[1]:.7f}", "venue_type": venue}


def offence(oid: str, on: dt.date, lid: str) -> dict:
    return {"offence_id": oid, "ho_code": "8L", "committed_from": on.isoformat(),
            "reported_on": (on + dt.timedelta(days=2)).isoformat(), "location_id": lid,
            "domestic": "true", "outcome_code": "", "mo_notes": "followed her from the station"}


def load_orders_scenario(db, folder):
    """Z1 Zachary Ordered holds an SHPO (2026-03-01 to 2026-09-01) with an exclusion zone of
    500 m round CENTRE, a no-contact condition protecting V-ORD-1 that ends with the order,
    and a no-contact condition protecting V-ORD-2 that ends on 2026-05-01 (before its order).
    Z2 holds a restraining order with no end date and a 200 m zone round the same centre."""
    inside, outside = north_of(CENTRE, 499), north_of(CENTRE, 501)
    offences = [
        offence("O-START", START, "L-IN"),                       # the first day: a breach
        offence("O-END", END, "L-IN"),                           # the end day: ended
        offence("O-OUT", START + dt.timedelta(days=10), "L-OUT"),  # 1 m outside: not
        offence("O-BEFORE", START - dt.timedelta(days=1), "L-IN"),  # before the order: not
        offence("O-V1", START + dt.timedelta(days=30), "L-FAR"),  # against V-ORD-1: breach
        offence("O-V2-IN", CURFEW_END - dt.timedelta(days=1), "L-FAR"),  # V-ORD-2, active
        offence("O-V2-AFTER", CURFEW_END, "L-FAR"),              # V-ORD-2, ended: not
        offence("O-Z2", dt.date(2026, 10, 20), "L-CENTRE"),       # Z2, no end: a breach
        offence("O-FUTURE", dt.date(2026, 11, 5), "L-CENTRE"),    # after the as-of: not yet
    ]
    links = [{"offence_id": o["offence_id"], "subject_id": "Z2" if o["offence_id"] in (
        "O-Z2", "O-FUTURE") else "Z1", "role": "suspect"} for o in offences]
    write_folder(
        folder,
        subjects=[{"subject_id": "Z1", "forename": "Zachary", "surname": "Ordered"},
                  {"subject_id": "Z2", "forename": "Yusuf", "surname": "Restrained"}],
        victims=[{"victim_id": "V-ORD-1", "forename": "Ottilie", "surname": "Protectedson",
                  "dob": "1990-01-01", "gender": "F"},
                 {"victim_id": "V-ORD-2", "forename": "Perpetua", "surname": "Shielding",
                  "dob": "1991-01-01", "gender": "F"}],
        locations=[place("L-IN", inside), place("L-OUT", outside),
                   place("L-FAR", north_of(CENTRE, 5000)), place("L-CENTRE", CENTRE)],
        offences=offences, offence_subjects=links,
        offence_victims=[{"offence_id": "O-V1", "victim_id": "V-ORD-1"},
                         {"offence_id": "O-V2-IN", "victim_id": "V-ORD-2"},
                         {"offence_id": "O-V2-AFTER", "victim_id": "V-ORD-2"}],
        orders=[{"order_id": "ORD-SHPO", "subject_id": "Z1", "order_type": "shpo",
                 "start_date": START.isoformat(), "end_date": END.isoformat(),
                 "conditions": "See conditions", "status": "granted",
                 "applied_on": "2026-02-01", "served_on": "2026-03-01",
                 "court": "Fictionby Magistrates", "legal_basis": "SA 2020 s.345"},
                {"order_id": "ORD-RO", "subject_id": "Z2", "order_type": "restraining",
                 "start_date": "2026-06-01", "end_date": "", "conditions": "",
                 "status": "granted"},
                {"order_id": "ORD-REFUSED", "subject_id": "Z2", "order_type": "sro",
                 "start_date": "", "end_date": "", "conditions": "", "status": "refused",
                 "applied_on": "2026-07-01"}],
        order_conditions=[
            {"condition_id": "C-ZONE", "order_id": "ORD-SHPO", "kind": "exclusion_zone",
             "text": "Not to enter the area round the station", "lat": f"{CENTRE[0]}",
             "lon": f"{CENTRE[1]}", "radius_m": "500"},
            {"condition_id": "C-NC1", "order_id": "ORD-SHPO", "kind": "no_contact",
             "text": "No contact with the protected person", "protected_victim_id": "V-ORD-1"},
            {"condition_id": "C-NC2", "order_id": "ORD-SHPO", "kind": "no_contact",
             "text": "No contact until the family court hearing",
             "protected_victim_id": "V-ORD-2", "ends_on": CURFEW_END.isoformat()},
            {"condition_id": "C-RO-ZONE", "order_id": "ORD-RO", "kind": "exclusion_zone",
             "text": "Not to enter the street", "lat": f"{CENTRE[0]}", "lon": f"{CENTRE[1]}",
             "radius_m": "200"},
        ],
        breaches=[{"breach_id": "B-1", "order_id": "ORD-SHPO", "condition_id": "C-NC1",
                   "occurred_on": (START + dt.timedelta(days=30)).isoformat(),
                   "offence_id": "O-V1", "intelligence_id": "", "outcome": "arrest",
                   "summary": "Arrested at her address"}],
    )
    (folder / "intelligence.csv").write_text(
        "intel_id,subject_id,location_id,reported_on,grading,behaviour,summary\n"
        f"INT-IN,Z1,L-IN,{(START + dt.timedelta(days=40)).isoformat()},B2,loitering,"
        "Seen waiting outside the station\n", encoding="utf-8")
    summary = run_ingest(folder, db=db, quarantine_dir=folder / "q", progress=False)
    assert summary["totals"]["quarantined"] == 0, summary


@pytest.fixture
def scene(db, tmp_path):
    load_orders_scenario(db, tmp_path / "orders")
    return db


def _found(db, as_of=AS_OF) -> dict[tuple[str, str], dict]:
    return {(b["condition_id"], b["evidence_id"]): b for b in orders.possible_breaches(db, as_of)}


def test_possible_breaches_at_every_boundary(scene):
    found = _found(scene)
    # An offence inside the zone on the day the order starts: a breach, 499 m from the centre.
    assert ("C-ZONE", "O-START") in found
    assert found["C-ZONE", "O-START"]["distance_m"] == pytest.approx(499, abs=0.5)
    # On the day it ends: the order has ended. One metre outside: not. Before it: not.
    for evidence in ("O-END", "O-OUT", "O-BEFORE"):
        assert ("C-ZONE", evidence) not in found, evidence
    # Intelligence inside the zone while it is in force: a breach.
    assert found["C-ZONE", "INT-IN"]["evidence_kind"] == "intelligence"
    # Against the protected person while no-contact is active: a breach, already recorded.
    assert found["C-NC1", "O-V1"]["recorded"] is True
    # A condition that ends before its order: a breach the day before, none on the day.
    assert ("C-NC2", "O-V2-IN") in found and ("C-NC2", "O-V2-AFTER") not in found
    # An order with no end date is in force until further order; future evidence waits.
    assert ("C-RO-ZONE", "O-Z2") in found and ("C-RO-ZONE", "O-FUTURE") not in found
    assert set(found) == {("C-ZONE", "O-START"), ("C-ZONE", "INT-IN"), ("C-NC1", "O-V1"),
                          ("C-NC2", "O-V2-IN"), ("C-RO-ZONE", "O-Z2")}
    assert {b["recorded"] for k, b in found.items() if k != ("C-NC1", "O-V1")} == {False}


def test_only_evidence_dated_by_the_as_of_date_counts(scene):
    early = _found(scene, START + dt.timedelta(days=35))
    assert set(early) == {("C-ZONE", "O-START"), ("C-NC1", "O-V1")}


def test_the_api_and_cli_give_the_same_array(scene, client_as, neo4j_env):
    from click.testing import CliRunner

    from app.cli import main

    body = client_as("analyst").get("/api/orders/possible-breaches?as_of=2026-11-01")
    assert body.status_code == 200
    rows = body.get_json()
    assert isinstance(rows, list) and len(rows) == 5
    for row in rows:
        assert {"order_id", "condition_id", "subject_id", "kind", "evidence_kind",
                "evidence_id", "on", "distance_m", "recorded"} <= set(row)
    zone = next(r for r in rows if r["evidence_id"] == "O-START")
    assert (zone["kind"], zone["on"], zone["subject_id"]) == ("exclusion_zone", "2026-03-01",
                                                              "Z1")
    assert next(r for r in rows if r["evidence_id"] == "O-V1")["distance_m"] is None
    bad = client_as("analyst").get("/api/orders/possible-breaches?as_of=2026-13-01")
    assert bad.status_code == 400 and "as_of" in bad.get_json()["error"]
    result = CliRunner().invoke(main, ["orders", "breaches", "--as-of", "2026-11-01",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.output)
    assert sorted((r["condition_id"], r["evidence_id"]) for r in cli) == sorted(
        (r["condition_id"], r["evidence_id"]) for r in rows)


def test_an_analyst_confirms_one_and_dismisses_another(scene, client_as):
    analyst = client_as("analyst")
    token = csrf_token(analyst, "/orders")
    url = "/api/orders/possible-breaches/review"
    confirmed = analyst.post(url, json={"order_id": "ORD-SHPO", "condition_id": "C-ZONE",
                                        "evidence_id": "O-START", "decision": "confirmed",
                                        "reason": "CCTV places him in the zone"},
                             headers={"X-CSRFToken": token})
    assert confirmed.status_code == 201
    dismissed = analyst.post(url, json={"order_id": "ORD-SHPO", "condition_id": "C-ZONE",
                                        "evidence_id": "INT-IN", "decision": "dismissed",
                                        "reason": "the sighting was of his brother"},
                             headers={"X-CSRFToken": token})
    assert dismissed.status_code == 201
    found = _found(scene, dt.date.today())
    assert found["C-ZONE", "O-START"]["recorded"] is True
    assert found["C-ZONE", "INT-IN"]["review"]["reason"] == "the sighting was of his brother"
    again = analyst.post(url, json={"order_id": "ORD-SHPO", "condition_id": "C-ZONE",
                                    "evidence_id": "INT-IN", "decision": "confirmed",
                                    "reason": "x"}, headers={"X-CSRFToken": token})
    assert again.status_code == 409
    missing = analyst.post(url, json={"order_id": "ORD-SHPO", "decision": "confirmed"},
                           headers={"X-CSRFToken": token})
    assert missing.status_code == 400 and "condition_id" in missing.get_json()["error"]
    officer = client_as("rasso_officer")
    assert officer.post(url, json={}, headers={"X-CSRFToken": csrf_token(officer, "/orders")}
                        ).status_code == 403


def test_expiring_orders_and_conditions(scene, client_as):
    rows = orders.expiring(scene, dt.date(2026, 4, 10), 60)
    assert [(r["what"], r["condition_id"] or r["order_id"]) for r in rows] == [
        ("condition", "C-NC2")]
    later = orders.expiring(scene, dt.date(2026, 7, 15), 60)
    assert [(r["what"], r["order_id"], r["days_left"]) for r in later] == [
        ("order", "ORD-SHPO", 48)]
    body = client_as("analyst").get("/api/orders/expiring?as_of=2026-07-15&days=60").get_json()
    assert [r["order_id"] for r in body["expiring"]] == ["ORD-SHPO"]


def test_the_use_of_orders_counts_applied_granted_refused_breached(scene, client_as):
    use = orders.use(scene, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert use["totals"] == {"applied": 2, "granted": 2, "refused": 1, "breached": 1}
    assert use["by_type"]["sro"]["refused"] == 1
    csv_text = client_as("analyst").get("/orders/use.csv?from=2026-01-01&to=2026-12-31"
                                        ).get_data(as_text=True)
    assert csv_text.splitlines()[0] == "month,order_type,measure,count,subjects"
    assert "2026-03,shpo,granted,1,Z1" in csv_text


def test_the_profile_shows_orders_conditions_and_breaches(scene, client_as):
    html = client_as("analyst").get("/subjects/Z1").get_data(as_text=True)
    orders_html = html.split('id="orders"')[1].split("</section>")[0]
    for expected in ("Sexual Harm Prevention Order", "exclusion zone", "radius 500 m",
                     "Fictionby Magistrates", "Recorded breaches", "O-START", "INT-IN",
                     "Ottilie Protectedson"):
        assert expected in orders_html, expected
    panel = client_as("mappa_panel").get("/subjects/Z1").get_data(as_text=True)
    assert "Ottilie" not in panel and "Protectedson" not in panel
    assert "protects Victim" in panel
    # A zone is very often drawn round her home: its centre is a home address to the panel.
    assert "51.50000" not in panel and 'id="zones-map"' not in panel
    assert 'id="zones-map"' in html and 'data-radius="500' in html
    api = client_as("mappa_panel").get("/api/subjects/Z1").get_json()
    zone = next(c for o in api["orders"] for c in o["condition_list"] if c["id"] == "C-ZONE")
    assert (zone["lat"], zone["lon"], zone["radius_m"]) == (None, None, 500)
    assert "Ottilie" not in json.dumps(api)
