"""`linkwatch plans` as an operator runs it, and the demo force's TCG history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.auth import audit
from app.cli import main
from app.cli.users import DEMO_USERS
from graph.plans import plan, tcg
from graph.tiers import lifecycle
from ingest.pipeline import run_ingest
from ingest.synth import generate
from ingest.synth.plans import Officers, lay_demo_plans
from tests.auth_fixtures import make_user
from tests.conftest import wipe
from tests.scenarios import write_folder

pytestmark = pytest.mark.neo4j
TODAY = dt.date.today()
#: The demo force is generated for this date and read two weeks later, as `linkwatch demo` does.
DEMO_AS_OF = dt.date(2026, 11, 1)
DEMO_TODAY = DEMO_AS_OF + dt.timedelta(days=14)


def _force(folder: Path) -> Path:
    """S1: six sexual offences (one a rape) against V1 (twice) and others, two at her home;
    S2: one offence, never adopted."""
    reported = TODAY - dt.timedelta(days=90)
    codes = ["19C", "20A", "20A", "20A", "20A", "20A"]
    offences = [{"offence_id": f"O{i}", "ho_code": code, "committed_from": "2024-01-01",
                 "reported_on": reported.isoformat(), "location_id": "L1" if i < 2 else "",
                 "domestic": "false", "mo_notes": "note kept as written"}
                for i, code in enumerate(codes)]
    offences.append({"offence_id": "O9", "ho_code": "20A", "committed_from": "2024-01-01",
                     "reported_on": reported.isoformat(), "domestic": "false"})
    return write_folder(
        folder,
        subjects=[{"subject_id": s, "forename": "Test", "surname": s} for s in ("S1", "S2")],
        locations=[{"location_id": "L1", "name": "1 Example Road", "postcode": "ZZ1 1AA",
                    "venue_type": "residential"}],
        victims=[{"victim_id": v, "forename": "Vic", "surname": v} for v in ("V1", "V2")],
        offences=offences,
        offence_subjects=[{"offence_id": o["offence_id"], "subject_id": "S1", "role": "suspect"}
                          for o in offences[:6]]
        + [{"offence_id": "O9", "subject_id": "S2", "role": "suspect"}],
        offence_victims=[{"offence_id": "O0", "victim_id": "V1"},
                         {"offence_id": "O1", "victim_id": "V1"},
                         {"offence_id": "O2", "victim_id": "V2"}],
    )


@pytest.fixture
def adopted(db, neo4j_env, tmp_path):
    """S1 adopted at Tier 1, owned by rasso1; S2 a candidate."""
    run_ingest(_force(tmp_path / "x"), db=db, quarantine_dir=tmp_path / "q")
    make_user(db, "rasso1", "rasso_officer")
    make_user(db, "analyst1", "analyst")
    lifecycle.adopt(db, "S1", tier=1, owner="rasso1", by="analyst1", reason="TCG: six, a rape")
    return db


def run(*args: str):
    return CliRunner().invoke(main, ["plans", *args])


def _add(*extra: str, subject: str = "S1"):
    due = (TODAY + dt.timedelta(days=7)).isoformat()
    return run("add-action", subject, "--pillar", "pursue", "--tactic", "evidence_review",
               "--description", "Review the six offences", "--owner", "rasso1", "--due", due,
               "--by", "rasso1", *extra)


def test_add_an_action_then_show_it_as_a_table_and_as_json(adopted):
    added = _add("--evidence", "O0", "--evidence", "O1", "--agency", "Police",
                 "--rationale", "Tier 1")
    assert added.exit_code == 0, added.output
    action = json.loads(added.stdout)
    assert (action["pillar"], action["status"], action["rag"]) == ("pursue", "open", "amber")
    assert [e["id"] for e in action["evidence"]] == ["O0", "O1"]

    table = run("show", "S1")
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].startswith("S1: adopted, Tier 1, owner rasso1")
    row = next(line for line in lines if action["id"] in line)
    assert "open" in row and "amber" in row and "Review the six offences" in row
    assert lines.index("PURSUE (1)") < lines.index(row) < lines.index("PREVENT (0)")
    assert any("evidence: O0, O1" in line for line in lines)
    assert "OPEN SUGGESTIONS" in table.stdout and "Safeguarding review" in table.stdout

    shown = json.loads(run("show", "S1", "--json").stdout)
    assert [a["id"] for a in shown["actions"]] == [action["id"]]
    assert {s["rule"] for s in shown["suggestions"]} >= {"repeat_victim_safeguarding"}
    viewed = audit.search(adopted, action="view_plan", target_id="S1")
    assert len(viewed) == 2 and viewed[0]["username"].startswith("cli:")


def test_status_moves_with_outcomes_and_refuses_bad_moves(adopted):
    action_id = json.loads(_add().stdout)["id"]
    no_outcome = run("status", action_id, "--status", "done", "--by", "rasso1")
    assert no_outcome.exit_code == 2
    assert "outcome is required" in no_outcome.stderr
    assert len(no_outcome.stderr.strip().splitlines()) == 1

    started = run("status", action_id, "--status", "in_progress", "--note", "files in",
                  "--by", "rasso1")
    assert started.exit_code == 0, started.output
    done = run("status", action_id, "--status", "done", "--outcome", "intelligence",
               "--note", "review complete", "--by", "rasso1")
    assert done.exit_code == 0, done.output
    action = json.loads(done.stdout)
    assert (action["status"], action["outcome"]) == ("done", "intelligence")
    assert [e["to_status"] for e in action["events"]] == ["open", "in_progress", "done"]

    again = run("status", action_id, "--status", "open", "--by", "rasso1")
    assert again.exit_code == 2 and "closed" in again.stderr
    missing = run("status", "act-nope", "--status", "done", "--by", "rasso1")
    assert missing.exit_code == 3 and "no plan action 'act-nope'" in missing.stderr


def test_updates_are_versions_never_overwrites(adopted):
    first = run("update", "S1", "--month", "2026-10", "--summary", "Arrested 14/10 (O0).",
                "--by", "rasso1")
    second = run("update", "S1", "--month", "2026-10", "--summary", "Arrested 15/10 (O0).",
                 "--by", "rasso1")
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert [json.loads(r.stdout)["version"] for r in (first, second)] == [1, 2]
    shown = json.loads(run("show", "S1", "--json").stdout)
    assert [(u["month"], u["version"]) for u in shown["updates"]] == [("2026-10", 2),
                                                                      ("2026-10", 1)]
    table = run("show", "S1").stdout
    assert "2026-10 v2" in table and "Arrested 14/10 (O0)." in table

    bad = run("update", "S1", "--month", "October", "--summary", "x", "--by", "rasso1")
    assert bad.exit_code == 2 and "month must be a month as YYYY-MM" in bad.stderr


def test_bad_input_exits_2_and_a_refused_change_exits_3_each_with_one_line(adopted):
    pillar = run("add-action", "S1", "--pillar", "pursuit", "--tactic", "arrest",
                 "--description", "x", "--owner", "rasso1", "--due", "2026-12-01",
                 "--by", "rasso1")
    assert pillar.exit_code == 2
    assert pillar.stderr.startswith("Error: pillar must be one of pursue, prevent")
    assert len(pillar.stderr.strip().splitlines()) == 1 and pillar.stdout == ""

    tactic = run("add-action", "S1", "--pillar", "protect", "--tactic", "arrest",
                 "--description", "x", "--owner", "rasso1", "--due", "2026-12-01",
                 "--by", "rasso1")
    assert tactic.exit_code == 2 and "tactic must be one of" in tactic.stderr
    assert "owner: no user 'nobody'" in _add("--owner", "nobody").stderr
    assert "evidence: no record 'O404'" in _add("--evidence", "O404").stderr
    assert "due_on must be a date" in run(
        "add-action", "S1", "--pillar", "pursue", "--tactic", "arrest", "--description", "x",
        "--owner", "rasso1", "--due", "soon", "--by", "rasso1").stderr

    candidate = _add(subject="S2")
    assert candidate.exit_code == 3
    assert "S2 is candidate, not adopted" in candidate.stderr
    assert len(candidate.stderr.strip().splitlines()) == 1
    update = run("update", "S2", "--month", "2026-10", "--summary", "x", "--by", "rasso1")
    assert update.exit_code == 3 and "not adopted" in update.stderr
    nobody = run("show", "S404")
    assert nobody.exit_code == 3 and "no subject 'S404'" in nobody.stderr
    assert plan(adopted, "S2")["plan_id"] is None


# The demo force: generated and planned once for the tests below (keep them last: the `db`
# fixture of the tests above empties the database).
@pytest.fixture(scope="module")
def demo(session_db, tmp_path_factory):
    wipe(session_db)
    folder = tmp_path_factory.mktemp("demo-plans") / "demo"
    generate(folder, "demo", seed=7, as_of=DEMO_AS_OF)
    run_ingest(folder, db=session_db, quarantine_dir=folder.parent / "q", progress=False)
    for username, role, name in DEMO_USERS:
        make_user(session_db, username, role, display_name=name)
    before = _offences(session_db)
    laid = lay_demo_plans(session_db, seed=7, as_of=DEMO_AS_OF,
                          officers=Officers.from_users(DEMO_USERS), today=DEMO_TODAY)
    assert _offences(session_db) == before
    truth = json.loads((folder / "truth.json").read_text())
    return session_db, laid, truth


def _offences(db) -> list[dict]:
    """Every offence as stored, with what names it and who it harmed."""
    return db.read_text("t", """
        MATCH (o:Offence)
        RETURN o {.*} AS offence, COUNT { (o)<-[:NAMED_IN]-() } AS named,
               COUNT { (o)<-[:VICTIM_OF]-() } AS victims
        ORDER BY o.id""")


def _next(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:])
    return f"{year + mon // 12}-{mon % 12 + 1:02d}"


def _months_back(n: int) -> str:
    m = DEMO_TODAY.year * 12 + DEMO_TODAY.month - 1 - n
    return f"{m // 12}-{m % 12 + 1:02d}"


def test_the_demo_adopts_planted_tier1_and_tier2_subjects_at_past_tcg_meetings(demo):
    db, laid, truth = demo
    tier1 = [a for a in laid["adopted"] if a["tier"] == 1]
    tier2 = [a for a in laid["adopted"] if a["tier"] == 2]
    assert 3 <= len(tier1) <= 4 and 1 <= len(tier2) <= 2
    assert {a["subject_id"] for a in tier1} <= set(truth["tier1"])
    assert {a["subject_id"] for a in tier2} <= set(truth["tier2"]) - set(
        truth["tier2_in_custody"])
    assert {a["owner"] for a in tier1} == {"rasso"}
    for a in laid["adopted"]:
        assert DEMO_TODAY - dt.timedelta(days=190) <= a["on"] <= DEMO_TODAY - dt.timedelta(
            days=60)
        (event,) = lifecycle.history(db, a["subject_id"])
        assert event["reason"].startswith(f"TCG {a['on']:%Y-%m}: named on ")
        assert event["at"].to_native().date() == a["on"]
        assert lifecycle.status(db, a["subject_id"])["status"] == "adopted"


def test_each_demo_tier1_plan_covers_the_four_pillars_with_every_state(demo):
    db, laid, _ = demo
    states, outcomes = set(), set()
    for a in (a for a in laid["adopted"] if a["tier"] == 1):
        p = plan(db, a["subject_id"], today=DEMO_TODAY)
        assert {x["pillar"] for x in p["actions"]} == {"pursue", "prevent", "protect",
                                                       "prepare"}
        assert any(x["rag"] == "red" for x in p["actions"]), a["subject_id"]
        for x in p["actions"]:
            assert a["on"] <= x["opened_on"] <= DEMO_TODAY and x["opened_on"] <= x["due_on"]
            assert x["closed_on"] is None or x["opened_on"] <= x["closed_on"] < DEMO_TODAY
            states.add(x["status"] if x["status"] in ("done", "cancelled") else x["rag"])
            outcomes.add(x["outcome"])
        assert not [s for s in p["suggestions"] if s["rule"] == "order_for_sexual_history"]
    assert states == {"done", "cancelled", "green", "amber", "red"}
    assert {"arrest", "charge", "referral", "order_applied"} <= outcomes


def test_demo_evidence_is_the_subjects_own(demo):
    db, laid, _ = demo
    rows = db.read_text("t", """
        MATCH (s:Subject)-[:HAS_PLAN]->(:Plan)-[:HAS_ACTION]->(a:PlanAction)-[:RESTS_ON]->(n)
        RETURN s.id AS subject, labels(n)[0] AS kind, n.id AS id,
               CASE WHEN n:Offence THEN EXISTS { (s)-[:NAMED_IN]->(n) }
                    WHEN n:Victim THEN EXISTS { (s)-[:NAMED_IN]->(:Offence)<-[:VICTIM_OF]-(n) }
                    WHEN n:Location THEN EXISTS { (s)-[:NAMED_IN]->(:Offence)-[:OCCURRED_AT]->(n) }
                    WHEN n:Order THEN EXISTS { (s)-[:HAS_ORDER]->(n) }
                    WHEN n:Subject THEN EXISTS { (s)-[:NAMED_IN]->(:Offence)<-[:NAMED_IN]-(n) }
                    ELSE false END AS his
        """)
    assert {r["kind"] for r in rows} >= {"Offence", "Victim", "Location"}
    assert [r for r in rows if not r["his"]] == []
    assert {r["subject"] for r in rows} >= {a["subject_id"] for a in laid["adopted"]
                                            if a["tier"] == 1}


def test_demo_updates_cover_recent_months_one_corrected_one_owner_behind(demo):
    db, laid, _ = demo
    months = {_months_back(n) for n in (0, 1, 2)}
    missing, versions = [], []
    for a in laid["adopted"]:
        updates = plan(db, a["subject_id"], today=DEMO_TODAY)["updates"]
        held = {u["month"] for u in updates}
        if held != months:
            missing.append((a["subject_id"], months - held))
        versions += [u for u in updates if u["version"] > 1]
        for u in updates:
            assert u["by"] == a["owner"]
            assert "Open at month end" in u["summary"] or "No actions open" in u["summary"]
            # written at its month's end (a correction a little later)
            assert u["month"] <= u["at"][:7] <= _next(u["month"])
    tier1 = {a["subject_id"] for a in laid["adopted"] if a["tier"] == 1}
    assert len(missing) == 1 and missing[0][0] in tier1
    assert missing[0][1] == {_months_back(1), _months_back(0)}
    assert len(versions) == 1 and versions[0]["summary"].startswith("Correction: version 1")

    pack = tcg.meeting_pack(db, DEMO_TODAY - dt.timedelta(days=28), DEMO_TODAY)
    assert {(m["subject_id"], m["month"]) for m in pack["missing_updates"]} == {
        (missing[0][0], _months_back(1)), (missing[0][0], _months_back(0))}
    assert pack["adoptions"] == []  # adopted at earlier meetings
    assert pack["actions_overdue"]


def test_demo_suggestions_one_dismissed_with_a_reason_others_accepted(demo):
    db, laid, _ = demo
    decisions = [d for a in laid["adopted"]
                 for d in plan(db, a["subject_id"], today=DEMO_TODAY)["decisions"]]
    dismissed = [d for d in decisions if d["decision"] == "dismissed"]
    accepted = [d for d in decisions if d["decision"] == "accepted"]
    assert len(dismissed) == 1 and dismissed[0]["reason"].startswith("Not needed:")
    assert accepted and all(d["action_id"] for d in accepted)
    assert laid["decisions"] == len(decisions)


def test_the_demo_is_laid_once_and_reads_the_same_from_the_cli(demo, neo4j_env):
    db, laid, _ = demo
    again = lay_demo_plans(db, seed=7, as_of=DEMO_AS_OF,
                           officers=Officers.from_users(DEMO_USERS), today=DEMO_TODAY)
    assert "skipped" in again
    subject = laid["adopted"][0]["subject_id"]
    shown = run("show", subject, "--as-of", DEMO_TODAY.isoformat(), "--json")
    assert shown.exit_code == 0, shown.output
    assert len(json.loads(shown.stdout)["actions"]) == len(
        plan(db, subject, today=DEMO_TODAY)["actions"])
