"""The TCG's meeting pack and the oversight board's figures, as a chair and a board read them,
on the named scenario "a force a month after the last TCG" (:mod:`tests.tcg_scenario`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner

from app.cli import main
from graph import plans
from graph.plans import oversight, tcg
from graph.tiers import lifecycle
from ingest.pipeline import run_ingest
from tests.scenarios import write_folder
from tests.tcg_scenario import (
    MONTH,
    SINCE,
    TODAY,
    VICTIM_SECRETS,
    action,
    adopt,
    close,
    load_tcg_force,
)

pytestmark = pytest.mark.neo4j


@pytest.fixture
def force(db, tmp_path):
    load_tcg_force(db, tmp_path / "force")
    return db


def _ids(items: list[dict]) -> list[str]:
    return [i["subject_id"] for i in items]


def _audits(db, what: str) -> list[dict]:
    return db.read_text("t", "MATCH (e:AuditEvent {action: $action}) "
                             "RETURN e.username AS who, e.target_id AS what", action=what)


# --- the meeting pack ----------------------------------------------------------------------


def test_an_overdue_prevent_action_shows_red_in_the_pack(force, client_as):
    adopt(force, "T1", 1)
    late = action(force, "T1", "prevent", "sro_application", opened=-20, due=-3)
    action(force, "T1", "pursue", "evidence_review", opened=-2, due=40)

    pack = tcg.meeting_pack(force, SINCE, TODAY)
    (overdue,) = pack["actions_overdue"]
    assert (overdue["id"], overdue["pillar"], overdue["rag"], overdue["days_overdue"],
            overdue["owner"], overdue["name"]) == (late["id"], "prevent", "red", 3, "rasso1",
                                                    "Ivor Ownley")
    assert {a["tactic"] for a in pack["actions_opened"]} == {"sro_application",
                                                            "evidence_review"}

    client = client_as("rasso_officer")
    data = client.get(f"/api/tcg/pack?since={SINCE}&as_of={TODAY}").get_json()
    assert data["ok"] is True
    assert [(a["id"], a["rag"]) for a in data["pack"]["actions_overdue"]] == [(late["id"], "red")]
    html = client.get("/tcg").get_data(as_text=True)
    section = html.split('id="actions_overdue"')[1].split("</section>")[0]
    row = section.split(f'data-action="{late["id"]}"')[1].split("</tr>")[0]
    assert 'class="rag-red"' in row and '<span class="rag red">red</span>' in row
    assert "3 days overdue" in row and 'href="/subjects/T1"' in section


def test_a_subject_without_an_update_for_the_month_is_listed_as_missing(force):
    adopt(force, "T1", 1)
    adopt(force, "T2", 2)
    plans.add_update(force, "T1", {"month": MONTH, "summary": "SHPO granted"}, by="rasso1")

    missing = tcg.meeting_pack(force, SINCE, TODAY)["missing_updates"]
    # Both were adopted today: at the end of an earlier month neither was adopted yet.
    assert [(m["subject_id"], m["month"], m["name"]) for m in missing] == [
        ("T2", MONTH, "Gideon Twyford")]
    lifecycle.move(force, "T2", "monitoring", by="tcg-chair", reason="risk reduced")
    assert tcg.meeting_pack(force, SINCE, TODAY)["missing_updates"] == []


def test_a_reactivation_since_the_last_meeting_is_listed(force, tmp_path):
    adopt(force, "T2", 2)
    lifecycle.move(force, "T2", "archived", by="tcg-chair", reason="quiet for a year")
    later = write_folder(tmp_path / "later", offences=[
        {"offence_id": "O-T2-NEW", "ho_code": "8Q", "reported_on": TODAY.isoformat(),
         "committed_from": TODAY.isoformat(), "domestic": "false"}],
        offence_subjects=[{"offence_id": "O-T2-NEW", "subject_id": "T2", "role": "suspect"}])
    run_ingest(later, db=force, quarantine_dir=tmp_path / "q", progress=False)

    pack = tcg.meeting_pack(force, SINCE, TODAY)
    (again,) = pack["reactivations"]
    assert (again["subject_id"], again["from_status"], again["offence_id"], again["tier"]) == (
        "T2", "archived", "O-T2-NEW", 2)
    assert "O-T2-NEW" in again["reason"] and again["name"] == "Gideon Twyford"
    assert [(e["subject_id"], e["to_status"]) for e in pack["status_changes"]] == [
        ("T2", "archived")]
    assert [(d["kind"], d["rationale"]) for d in pack["decisions"]] == [
        ("adopted", "TCG adopts T2 at Tier 2"), ("status_changed", "quiet for a year")]
    assert [a["subject_id"] for a in pack["adoptions"]] == ["T2"]
    # Before the period the events did not happen yet.
    earlier = tcg.meeting_pack(force, SINCE - dt.timedelta(days=40), SINCE)
    assert earlier["reactivations"] == earlier["adoptions"] == []


def test_new_candidates_are_those_not_tier_1_or_2_at_the_last_meeting(force):
    adopt(force, "T1", 1)
    pack = tcg.meeting_pack(force, SINCE, TODAY)
    assert _ids(pack["new_candidates"]) == ["T4"]  # T5 was already one; T1 is adopted
    assert pack["new_candidates"][0]["tier"] == 1


def test_orders_granted_expiring_and_breached_are_listed(force):
    # A confirmed breach, as the orders area records it.
    force.write_text("t", "MATCH (o:Order {id: 'ORD-T1'}) "
                          "CREATE (:Breach {id: 'BR-1', order_id: o.id, occurred_on: $on, "
                          "outcome: 'pending'})-[:BREACH_OF]->(o)",
                     on=TODAY - dt.timedelta(days=2))
    orders = tcg.meeting_pack(force, SINCE, TODAY)["orders"]
    assert [(o["order_id"], o["date"]) for o in orders["granted"]] == [
        ("ORD-T1", TODAY - dt.timedelta(days=5))]
    assert [(o["order_id"], o["days_left"]) for o in orders["expiring"]] == [("ORD-T2", 30)]
    assert [(b["subject_id"], b["breach_id"], b["order_type"], b["outcome"])
            for b in orders["breached"]] == [("T1", "BR-1", "shpo", "pending")]
    assert tcg.meeting_pack(force, SINCE, TODAY - dt.timedelta(days=3))["orders"]["breached"] == []


def test_a_bad_since_is_a_400_naming_since(force, client_as):
    client = client_as("analyst")
    for query in ("since=2026-13-40", f"since={TODAY + dt.timedelta(days=1)}&as_of={TODAY}",
                  "since=1990-01-01"):
        response = client.get(f"/api/tcg/pack?{query}")
        body = response.get_json()
        assert response.status_code == 400 and body["ok"] is False, query
        assert body["error"].startswith("since"), body
    assert client.get("/tcg?since=nonsense").status_code == 400
    response = client.get("/api/oversight/outcomes?from=yesterday")
    assert response.status_code == 400 and response.get_json()["error"].startswith("from")


def test_the_pack_page_csv_and_json_are_audited_and_hide_victims_from_the_panel(force,
                                                                                 client_as):
    adopt(force, "T1", 1)
    action(force, "T1", "protect", "victim_liaison", opened=-1, due=10)
    panel = client_as("mappa_panel", "panel1")
    for url in ("/tcg", f"/api/tcg/pack?since={SINCE}", "/tcg.csv", "/oversight",
                "/api/oversight/outcomes", "/oversight.csv"):
        response = panel.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert "Ownley" in body, url
        assert not [s for s in VICTIM_SECRETS if s in body], url
    seen = _audits(force, "view_tcg_pack") + _audits(force, "export_tcg_pack")
    assert len(seen) == 3 and all(a["who"] == "panel1" and "T1" in a["what"] for a in seen)
    assert len(_audits(force, "view_oversight_outcomes")) == 2
    assert client_as("admin").get("/tcg").status_code == 403


def test_the_page_links_every_subject_and_prints(force, client_as):
    adopt(force, "T1", 1)
    html = client_as("analyst").get(f"/tcg?since={SINCE}&as_of={TODAY}").get_data(as_text=True)
    assert 'data-print' in html and "js/print.js" in html
    assert 'href="/tcg"' in html and 'href="/oversight"' in html  # nav
    for sid in ("T1", "T4"):
        assert f'href="/subjects/{sid}"' in html
    adoptions = html.split('id="adoptions"')[1].split("</section>")[0]
    assert "Ivor Ownley" in adoptions and "TCG adopts T1 at Tier 1" in adoptions


def test_the_csv_has_one_row_per_item_with_its_section(force, client_as):
    adopt(force, "T1", 1)
    action(force, "T1", "prevent", "sro_application", opened=-20, due=-3)
    response = client_as("analyst").get(f"/tcg.csv?since={SINCE}")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == list(tcg.CSV_COLUMNS)
    by_section = {(r["section"], r["subject_id"]): r for r in rows}
    late = by_section[("actions_overdue", "T1")]
    assert late["rag"] == "red" and "3 days overdue" in late["detail"]
    assert late["owner"] == "rasso1"
    assert ("new_candidates", "T4") in by_section and ("orders_expiring", "T2") in by_section
    assert by_section[("missing_updates", "T1")]["detail"] == f"no monthly update for {MONTH}"


def test_the_cli_prints_the_pack(force, neo4j_env):
    adopt(force, "T1", 1)
    runner = CliRunner()
    out = runner.invoke(main, ["tcg", "pack", "--since", SINCE.isoformat(), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert _ids(json.loads(out.output)["adoptions"]) == ["T1"]
    table = runner.invoke(main, ["tcg", "pack", "--since", SINCE.isoformat()])
    assert table.exit_code == 0 and "adoptions" in table.output and "Ivor Ownley" in table.output
    text = runner.invoke(main, ["tcg", "pack", "--since", SINCE.isoformat(), "--format", "csv"])
    assert text.output.splitlines()[0] == ",".join(tcg.CSV_COLUMNS)
    bad = runner.invoke(main, ["tcg", "pack", "--since", "last tuesday"])
    assert bad.exit_code != 0 and "--since" in bad.output


# --- the oversight board -------------------------------------------------------------------


def test_outcomes_count_a_charge_once_per_subject_in_the_period(force):
    adopt(force, "T1", 1)
    close(force, action(force, "T1", "pursue", "arrest", opened=-3), "charge")
    close(force, action(force, "T1", "pursue", "charge_file", opened=-2), "charge")
    close(force, action(force, "T1", "pursue", "evidence_review", opened=-1), "no_effect")

    result = oversight.outcomes(force, TODAY - dt.timedelta(days=90), TODAY)
    this_month = next(m for m in result["monthly"] if m["month"] == MONTH)
    assert (this_month["charged"]["count"], this_month["charged"]["subjects"]) == (1, ["T1"])
    assert result["totals"]["charged"]["count"] == 1
    assert sum(m["charged"]["count"] for m in result["monthly"]) == 1


def test_sro_applications_and_intervention_referrals_are_counted_by_month(force):
    adopt(force, "T1", 1)
    adopt(force, "T2", 2)
    action(force, "T1", "prevent", "sro_application", opened=0)
    close(force, action(force, "T2", "prevent", "diversion_referral", opened=0), "referral")
    close(force, action(force, "T2", "prevent", "shpo_application", opened=0), "order_applied")

    result = oversight.outcomes(force, TODAY - dt.timedelta(days=10), TODAY)
    month = next(m for m in result["monthly"] if m["month"] == MONTH)
    assert month["sro_applications"]["subjects"] == ["T1"]  # an SHPO is not an SRO
    assert month["intervention_referrals"]["subjects"] == ["T2"]
    assert month["intervention_referrals"]["by_tier"] == {"2": 1}


def test_the_archived_subject_with_no_further_offending_is_counted_one_reoffending_is_not(
        force, tmp_path):
    for sid in ("T2", "T3", "T5"):
        adopt(force, sid, 2)
        lifecycle.move(force, sid, "archived", by="tcg-chair", reason="risk reduced")
    # T3 is named on a new offence and the ingest reactivates him.
    later = write_folder(tmp_path / "later", offences=[
        {"offence_id": "O-T3-NEW", "ho_code": "20A", "reported_on": TODAY.isoformat(),
         "committed_from": TODAY.isoformat(), "domestic": "false"}],
        offence_subjects=[{"offence_id": "O-T3-NEW", "subject_id": "T3", "role": "suspect"}])
    run_ingest(later, db=force, quarantine_dir=tmp_path / "q", progress=False)
    # T5 is named on one reported today that no ingest has reactivated him for yet.
    force.write_text("t", "MATCH (s:Subject {id: 'T5'}) "
                          "CREATE (s)-[:NAMED_IN {role: 'suspect'}]->"
                          "(:Offence {id: 'O-T5-NEW', ho_code: '8Q', reported_on: $on})",
                     on=TODAY)

    result = oversight.outcomes(force, TODAY - dt.timedelta(days=30), TODAY)
    assert result["adopted"]["subjects"] == ["T2", "T3", "T5"]
    assert result["archived_no_further_offending"]["subjects"] == ["T2"]
    assert result["adopted"]["by_status"] == {"archived": 2, "reactivated": 1}
    assert result["tier_2"]["subjects"] == ["T3"]  # ongoing: the archived are not counted
    # Thirteen sexual offences: T3's new one too (O-T5-NEW is not a sexual offence).
    assert result["sexual_offences"]["count"] == 13
    assert result["sexual_offences"]["subjects"] == ["T2", "T3", "T5"]


def test_each_oversight_figure_lists_its_subjects(force, client_as):
    adopt(force, "T1", 1)
    adopt(force, "T2", 2)
    close(force, action(force, "T1", "pursue", "arrest", opened=0), "charge")
    result = oversight.outcomes(force, TODAY - dt.timedelta(days=30), TODAY)
    assert result["adopted"] == {"count": 2, "subjects": ["T1", "T2"],
                                 "by_tier": {"1": 1, "2": 1}, "by_status": {"adopted": 2}}
    assert result["sexual_offences"]["count"] == 10
    assert result["sexual_offences"]["by_tier"] == {"1": 6, "2": 4}
    assert result["tier_1"]["subjects"] == ["T1"] and result["tier_2"]["subjects"] == ["T2"]
    for key in oversight.FIGURES:
        figure = result[key]
        assert set(figure) == {"count", "subjects", "by_tier", "by_status"}
        assert set(figure["subjects"]) <= set(result["people"])
    assert result["people"]["T1"] == {"subject_id": "T1", "name": "Ivor Ownley", "tier": "1",
                                      "status": "adopted"}

    client = client_as("analyst")
    data = client.get(f"/api/oversight/outcomes?from={TODAY - dt.timedelta(days=30)}"
                      f"&to={TODAY}").get_json()
    assert data["ok"] is True and data["outcomes"]["tier_1"]["subjects"] == ["T1"]
    html = client.get("/oversight").get_data(as_text=True)
    tile = html.split('id="figure-tier_1"')[1].split("</details>")[0]
    assert 'href="/subjects/T1"' in tile and "Ivor Ownley" in tile
    row = html.split(f'data-month="{MONTH}"')[1].split("</tr>")[0]
    charged = row.split('<td data-figure="charged">')[1].split("</td>")[0]
    assert '<b class="n">1</b>' in charged and 'href="/subjects/T1"' in charged
    rows = list(csv.DictReader(io.StringIO(client.get("/oversight.csv").get_data(as_text=True))))
    assert {(r["figure"], r["subject_id"]) for r in rows if r["month"] == ""} >= {
        ("adopted", "T1"), ("adopted", "T2"), ("tier_1", "T1"), ("charged", "T1")}
