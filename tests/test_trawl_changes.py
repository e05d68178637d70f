"""What changed since the last recorded trawl: in the domain, the API, the board and the dashboard.

The scenario (``changes_force``): a trawl is recorded as of EARLIER (30 days ago), then

- CUST (Tier 1 then) went into custody ten days ago: Tier 1 -> Tier 2, "entered custody";
- LAPS (Tier 2 then, last report 560 days ago): dropped, "recency lapsed on ...";
- CORR (Tier 2 then): one of his four offences was corrected (he was not the suspect after
  all): dropped, "now below the count";
- RISE (Tier 2 then) has two more reports: Tier 2 -> Tier 1;
- NEWB (nothing then) has four reports since: new, Tier 2;
- NONE has one offence: never in a trawl.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graph.tiers import trawl as trawl_mod
from ingest.pipeline import run_ingest
from tests.auth_fixtures import csrf_token
from tests.scenarios import write_folder

pytestmark = pytest.mark.neo4j

TODAY = dt.date.today()
EARLIER = TODAY - dt.timedelta(days=30)
RELEASE = TODAY + dt.timedelta(days=100)


def _named(subject: str, codes: list[str], reported: dt.date, prefix: str = "O") -> dict:
    offences, links = [], []
    for i, code in enumerate(codes):
        oid = f"{prefix}-{subject}-{i}"
        offences.append({"offence_id": oid, "ho_code": code, "domestic": "false",
                         "committed_from": (reported - dt.timedelta(days=2)).isoformat(),
                         "reported_on": reported.isoformat()})
        links.append({"offence_id": oid, "subject_id": subject, "role": "suspect"})
    return {"offences": offences, "offence_subjects": links}


def load_changes_force(db, folder):
    """Write and ingest the scenario in the module docstring (the trawl is not recorded)."""
    before = TODAY - dt.timedelta(days=60)
    parts = [
        _named("CUST", ["19C"] + ["20A"] * 5, before),
        _named("LAPS", ["19C"] + ["20A"] * 3, TODAY - dt.timedelta(days=560)),
        _named("CORR", ["19C"] + ["20A"] * 3, before),
        _named("RISE", ["19C"] + ["20A"] * 3, before),
        _named("RISE", ["20A", "20A"], TODAY - dt.timedelta(days=5), "MORE"),
        _named("NEWB", ["19C"] + ["20A"] * 3, TODAY - dt.timedelta(days=5)),
        _named("NONE", ["20A"], before),
    ]
    names = {"CUST": "Carl Custodian", "LAPS": "Larry Lapsed", "CORR": "Colin Corrected",
             "RISE": "Rory Riser", "NEWB": "Ned Newcomer", "NONE": "Norman Nobody"}
    write_folder(
        folder,
        subjects=[{"subject_id": s, "forename": n.split()[0], "surname": n.split()[1]}
                  for s, n in names.items()],
        offences=[o for p in parts for o in p["offences"]],
        offence_subjects=[o for p in parts for o in p["offence_subjects"]],
        custody=[{"subject_id": "CUST", "start_date": (TODAY - dt.timedelta(days=10)).isoformat(),
                  "end_date": RELEASE.isoformat(), "establishment": "HMP Fictionby"}],
    )
    summary = run_ingest(folder, db=db, quarantine_dir=folder / "q", progress=False)
    assert summary["totals"]["quarantined"] == 0, summary
    return db


def correct_corr(db) -> None:
    """CORR turns out not to be the suspect of one offence (a crime record corrected)."""
    db.write_text("tests/correct", "MATCH (:Subject {id: 'CORR'})-[r:NAMED_IN]->"
                                   "(:Offence {id: 'O-CORR-3'}) SET r.role = 'other'")


@pytest.fixture
def force(db, tmp_path):
    return load_changes_force(db, tmp_path / "force")


@pytest.fixture
def recorded(force):
    """The trawl as of EARLIER recorded, then CORR's record corrected."""
    trawl_mod.record(force, trawl_mod.trawl(force, EARLIER), EARLIER, by="analyst1")
    correct_corr(force)
    return force


def _by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["subject_id"]: r for r in rows}


# --- the domain ---------------------------------------------------------------------------


def test_the_trawl_then_and_now(force):
    then = {a.subject_id: a.tier for a in trawl_mod.trawl(force, EARLIER)}
    assert then == {"CUST": 1, "LAPS": 2, "CORR": 2, "RISE": 2}


def test_with_no_recorded_trawl_the_changes_are_empty_and_say_why(force):
    found = trawl_mod.since_last(force, TODAY)
    assert (found["previous"], found["new"], found["dropped"], found["tier_changed"]) == (
        None, [], [], [])
    assert found["message"] == trawl_mod.NO_TRAWL


def test_each_dropped_subject_says_why_it_dropped(recorded):
    found = trawl_mod.since_last(recorded, TODAY)
    assert found["previous"]["as_of"] == EARLIER.isoformat()
    assert found["previous"]["by"] == "analyst1" and found["previous"]["candidates"] == 4
    dropped = _by_id(found["dropped"])
    assert sorted(dropped) == ["CORR", "LAPS"]
    lapsed = trawl_mod.explain_subject(recorded, "LAPS", TODAY).recency_lapses_on
    assert lapsed <= TODAY
    assert dropped["LAPS"]["reason"] == f"recency lapsed on {lapsed.isoformat()}"
    assert [c["name"] for c in dropped["LAPS"]["failed"]] == ["recency"]
    assert dropped["CORR"]["reason"] == "now below the count: 3 sexual offences; Tier 2 needs 4"
    assert dropped["CORR"]["now"] is None and dropped["CORR"]["name"] == "Colin Corrected"


def test_tier_changes_and_new_candidates_say_why(recorded):
    found = trawl_mod.since_last(recorded, TODAY)
    changed = _by_id(found["tier_changed"])
    assert (changed["CUST"]["from"], changed["CUST"]["to"]) == (1, 2)
    assert changed["CUST"]["reason"] == f"entered custody (until {RELEASE.isoformat()})"
    assert (changed["RISE"]["from"], changed["RISE"]["to"]) == (2, 1)
    assert changed["RISE"]["reason"] == "now meets Tier 1: 6 sexual offences, 1 rape"
    [new] = found["new"]
    assert (new["subject_id"], new["tier"]) == ("NEWB", 2)
    reported = (TODAY - dt.timedelta(days=5)).isoformat()
    assert new["reason"] == f"an offence reported on {reported}"
    assert found["message"] == (f"Since the trawl recorded as of {EARLIER.isoformat()}: "
                                "1 new, 2 dropped, 2 changed tier.")


# --- the API ------------------------------------------------------------------------------


def test_the_changes_api_answers_200_with_no_recorded_trawl(force, client_as):
    response = client_as("mappa_panel").get("/api/tiers/changes")
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] is True and body["previous"] is None
    assert (body["new"], body["dropped"], body["tier_changed"]) == ([], [], [])
    assert "No trawl has been recorded yet" in body["message"]


def test_the_changes_api_gives_the_reasons(recorded, client_as):
    body = client_as("rasso_officer").get("/api/tiers/changes").get_json()
    assert body["since_as_of"] == EARLIER.isoformat()
    assert _by_id(body["dropped"])["CORR"]["reason"].startswith("now below the count")
    assert _by_id(body["tier_changed"])["CUST"]["reason"].startswith("entered custody")
    assert [r["subject_id"] for r in body["new"]] == ["NEWB"]


# --- recording from the board -------------------------------------------------------------


def _trawls(db) -> list[dict]:
    return db.read_text("t", "MATCH (t:Trawl) RETURN t.as_of AS as_of, t.by AS by, "
                             "t.candidates AS candidates ORDER BY t.run_at")


def _audit(db, action: str) -> list[dict]:
    return db.read_text("t", "MATCH (e:AuditEvent {action: $action}) "
                             "RETURN e.username AS who, e.target_id AS what, e.reason AS why",
                        action=action)


def test_an_analyst_records_a_trawl_from_the_board(force, client_as, db):
    analyst = client_as("analyst", "trawler")
    page = analyst.get(f"/tiers?as_of={EARLIER}").get_data(as_text=True)
    panel = page.split('id="trawl-changes"')[1].split("</section>")[0]
    assert "No trawl has been recorded yet" in panel
    assert 'action="/tiers/trawls"' in panel and f'name="as_of" value="{EARLIER}"' in panel

    token = csrf_token(analyst, "/tiers")
    done = analyst.post("/tiers/trawls", data={"csrf_token": token, "as_of": EARLIER.isoformat()})
    assert done.status_code == 303
    assert done.headers["Location"].endswith(f"/tiers?as_of={EARLIER}#trawl-changes")
    [kept] = _trawls(db)
    assert (kept["as_of"].to_native(), kept["by"], kept["candidates"]) == (EARLIER, "trawler", 4)
    [event] = _audit(db, "record_trawl")
    assert event["who"] == "trawler" and event["what"].startswith(f"trawl-{EARLIER}")
    assert "4 subjects" in event["why"]
    board = analyst.get(f"/tiers?as_of={EARLIER}").get_data(as_text=True)
    assert "Trawl recorded as of" in board


def test_recording_needs_the_csrf_token_and_an_analyst(force, client_as, db):
    analyst = client_as("analyst")
    assert analyst.post("/tiers/trawls", data={"as_of": EARLIER.isoformat()}).status_code == 400
    for role in ("rasso_officer", "mappa_panel"):
        client = client_as(role)
        page = client.get("/tiers").get_data(as_text=True)
        assert 'action="/tiers/trawls"' not in page, role  # no button for them
        token = csrf_token(client, "/tiers")
        refused = client.post("/tiers/trawls", data={"csrf_token": token})
        assert refused.status_code == 403, role
    bad = analyst.post("/tiers/trawls", data={"csrf_token": csrf_token(analyst, "/tiers"),
                                              "as_of": "31/12/2026"})
    assert bad.status_code == 400
    assert _trawls(db) == []


def test_the_board_shows_what_changed_since_the_last_trawl(recorded, client_as):
    html = client_as("rasso_officer").get("/tiers").get_data(as_text=True)
    panel = html.split('id="trawl-changes"')[1].split("</section>")[0]
    new = panel.split('id="changes-new"')[1].split('id="changes-dropped"')[0]
    dropped = panel.split('id="changes-dropped"')[1].split('id="changes-tier-changed"')[0]
    changed = panel.split('id="changes-tier-changed"')[1]
    assert 'data-subject="NEWB"' in new and "Ned Newcomer" in new
    assert 'data-subject="LAPS"' in dropped and "recency lapsed on" in dropped
    assert 'data-subject="CORR"' in dropped and "now below the count" in dropped
    assert 'data-subject="CUST"' in changed and "entered custody" in changed
    assert f"trawl as of {EARLIER}" in panel and "Recorded by analyst1" in panel


def test_the_dashboard_shows_what_changed_since_the_last_trawl(recorded, client_as, db):
    client = client_as("analyst", "dash")
    html = client.get("/").get_data(as_text=True)
    panel = html.split('id="trawl-changes"')[1].split("</section>")[0]
    for subject in ("NEWB", "LAPS", "CORR", "CUST", "RISE"):
        assert f'data-subject="{subject}"' in panel, subject
    assert "recency lapsed on" in panel and 'href="/tiers"' in panel
    assert 'action="/tiers/trawls"' not in panel  # recorded on the board, not here
    data = client.get("/api/overview").get_json()["trawl_changes"]
    assert [r["subject_id"] for r in data["dropped"]] == ["CORR", "LAPS"]
    seen = [e["what"] for e in _audit(db, "view_dashboard") if e["who"] == "dash"]
    assert seen and all("LAPS" in what for what in seen)  # who saw the dropped, audited


def test_the_dashboard_says_when_no_trawl_was_recorded(force, client_as):
    html = client_as("analyst").get("/").get_data(as_text=True)
    panel = html.split('id="trawl-changes"')[1].split("</section>")[0]
    assert "No trawl has been recorded yet" in panel and "none recorded yet" in panel
