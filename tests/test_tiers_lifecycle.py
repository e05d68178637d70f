"""The TCG's workflow: adoption, monitoring, archiving, reactivation, Tier 3, trawl changes."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.tiers import lifecycle
from graph.tiers.lifecycle import LifecycleError
from graph.tiers.trawl import changes, explain_subject, previous, record, trawl
from ingest.pipeline import run_ingest
from tests.scenarios import write_folder

pytestmark = pytest.mark.neo4j
TODAY = dt.date.today()


def _offences(subject: str, codes: list[str], reported: dt.date, prefix: str) -> dict:
    offences, links = [], []
    for i, code in enumerate(codes):
        oid = f"{prefix}-{subject}-{i}"
        offences.append(
            {
                "offence_id": oid,
                "ho_code": code,
                "committed_from": "2019-01-01",
                "reported_on": reported.isoformat(),
                "domestic": "false",
            }
        )
        links.append({"offence_id": oid, "subject_id": subject, "role": "suspect"})
    return {"offences": offences, "offence_subjects": links}


def load_force(db, folder, custody=()):
    """A Tier 1 subject (S1), a Tier 2 subject (S2), a subject of concern (S3)."""
    recent = TODAY - dt.timedelta(days=60)
    one = _offences("S1", ["19C"] + ["20A"] * 5, recent, "O")
    two = _offences("S2", ["19C"] + ["20A"] * 3, recent, "O")
    write_folder(
        folder,
        subjects=[{"subject_id": s, "forename": "Test", "surname": s} for s in ("S1", "S2", "S3")],
        offences=one["offences"] + two["offences"],
        offence_subjects=one["offence_subjects"] + two["offence_subjects"],
        custody=list(custody),
    )
    return run_ingest(folder, db=db, quarantine_dir=folder / "q")


@pytest.fixture
def officer(db):
    db.write_text("t", "CREATE (:User {id: 'rasso1', username: 'rasso1', role: 'rasso_officer'})")
    return "rasso1"


def test_adopting_a_tier1_candidate_gives_it_an_owner_and_a_history(db, tmp_path, officer):
    load_force(db, tmp_path / "x")
    (event,) = lifecycle.adopt(
        db, "S1", tier=1, owner=officer, by="tcg-chair", reason="TCG 2026-11 adopted"
    )
    assert (event["kind"], event["from_status"], event["to_status"]) == (
        "adopted",
        "candidate",
        "adopted",
    )
    state = lifecycle.status(db, "S1")
    assert (state["status"], state["tier"], state["owner"]) == ("adopted", 1, "rasso1")
    assert trawl(db, TODAY)[0].status == "adopted"


def test_tier1_needs_an_owner_and_the_counts(db, tmp_path, officer):
    load_force(db, tmp_path / "x")
    with pytest.raises(LifecycleError, match="one owning officer"):
        lifecycle.adopt(db, "S1", tier=1, owner=None, by="tcg", reason="r")
    with pytest.raises(LifecycleError, match="meets Tier 2 .* not Tier 1"):
        lifecycle.adopt(db, "S2", tier=1, owner=officer, by="tcg", reason="r")
    with pytest.raises(LifecycleError, match="no user 'nobody'"):
        lifecycle.adopt(db, "S1", tier=1, owner="nobody", by="tcg", reason="r")
    assert lifecycle.history(db, "S2") == []


def test_monitoring_then_archive_keeps_every_step(db, tmp_path, officer):
    load_force(db, tmp_path / "x")
    lifecycle.adopt(db, "S2", tier=2, owner=None, by="tcg", reason="monitor by analysts")
    lifecycle.move(db, "S2", "monitoring", by="tcg", reason="risk reduced")
    lifecycle.move(db, "S2", "archived", by="tcg", reason="no offending for a year")
    kinds = [
        (e["from_status"], e["to_status"], e["by"], e["reason"])
        for e in lifecycle.history(db, "S2")
    ]
    assert kinds == [
        ("candidate", "adopted", "tcg", "monitor by analysts"),
        ("adopted", "monitoring", "tcg", "risk reduced"),
        ("monitoring", "archived", "tcg", "no offending for a year"),
    ]
    with pytest.raises(LifecycleError, match="S3 is candidate: cannot move to monitoring"):
        lifecycle.move(db, "S3", "monitoring", by="tcg", reason="x")


def test_a_new_offence_reactivates_an_archived_subject_once(db, tmp_path, officer):
    load_force(db, tmp_path / "x")
    lifecycle.adopt(db, "S2", tier=2, owner=None, by="tcg", reason="adopt")
    lifecycle.move(db, "S2", "archived", by="tcg", reason="quiet")
    later = write_folder(
        tmp_path / "later", **_offences("S2", ["8Q"], TODAY - dt.timedelta(days=1), "NEW")
    )
    summary = run_ingest(later, db=db, quarantine_dir=tmp_path / "q")

    assert summary["lifecycle"]["reactivated"] == ["S2"]
    last = lifecycle.history(db, "S2")[-1]
    assert (last["kind"], last["from_status"], last["to_status"]) == (
        "reactivated",
        "archived",
        "reactivated",
    )
    assert last["offence_id"] == "NEW-S2-0" and last["by"].startswith("ingest run-")
    again = run_ingest(later, db=db, quarantine_dir=tmp_path / "q")
    assert again["lifecycle"]["reactivated"] == []
    assert len(lifecycle.history(db, "S2")) == 3


def test_custody_archives_an_adopted_subject_with_a_release_watch(db, tmp_path, officer):
    load_force(db, tmp_path / "x")
    lifecycle.adopt(db, "S1", tier=1, owner=officer, by="tcg", reason="adopt")
    release = TODAY + dt.timedelta(days=200)
    custody = write_folder(
        tmp_path / "custody",
        custody=[
            {
                "subject_id": "S1",
                "start_date": (TODAY - dt.timedelta(days=3)).isoformat(),
                "end_date": release.isoformat(),
                "establishment": "HMP Fictionby",
            }
        ],
    )
    summary = run_ingest(custody, db=db, quarantine_dir=tmp_path / "q")

    assert summary["lifecycle"]["archived"] == ["S1"]
    state = lifecycle.status(db, "S1")
    assert state["status"] == "archived"
    assert state["release_watch"].to_native() == release
    assert explain_subject(db, "S1", TODAY).tier == 2  # meets Tier 1 but held


def test_tier3_nomination_panel_decision_then_adoption(db, tmp_path, officer):
    load_force(db, tmp_path / "x")
    nomination = lifecycle.nominate(
        db,
        "S3",
        nominated_by="PC Example",
        agency="Probation",
        rationale="escalating behaviour at night-time venues",
        by="analyst1",
    )
    assert nomination["status"] == "pending"
    assert "S3" not in {a.subject_id for a in trawl(db, TODAY)}
    with pytest.raises(LifecycleError, match="no approved Tier 3 nomination"):
        lifecycle.adopt(db, "S3", tier=3, owner=None, by="tcg", reason="r")

    decided = lifecycle.decide_nomination(
        db,
        nomination["id"],
        decision="approved",
        by="panel-chair",
        minutes="Panel 2026-11: approved, review in 3 months",
    )
    assert (decided["status"], decided["decided_by"]) == ("approved", "panel-chair")
    assert {a.subject_id: a.tier for a in trawl(db, TODAY)}["S3"] == 3
    with pytest.raises(LifecycleError, match="already approved"):
        lifecycle.decide_nomination(db, nomination["id"], decision="rejected", by="x", minutes="m")
    lifecycle.adopt(db, "S3", tier=3, owner=None, by="tcg", reason="panel approved")
    kinds = [e["kind"] for e in lifecycle.history(db, "S3")]
    assert kinds == ["nominated", "nomination_approved", "adopted"]


def test_a_rejected_nomination_gives_no_tier(db, tmp_path):
    load_force(db, tmp_path / "x")
    n = lifecycle.nominate(
        db, "S3", nominated_by="DC Sample", agency="Police", rationale="concern", by="a"
    )
    lifecycle.decide_nomination(db, n["id"], decision="rejected", by="panel",
                                minutes="insufficient")
    assert "S3" not in {a.subject_id for a in trawl(db, TODAY)}


def test_changes_since_the_previous_trawl(db, tmp_path):
    load_force(db, tmp_path / "x")
    first = trawl(db, TODAY - dt.timedelta(days=7))
    record(db, first, TODAY - dt.timedelta(days=7), by="analyst1")
    # Two more sexual offences for S2 make Tier 1; S3 is named on four with a rape.
    more = _offences("S2", ["20A", "20A"], TODAY - dt.timedelta(days=2), "MORE")
    s3 = _offences("S3", ["19C", "20A", "20A", "20A"], TODAY - dt.timedelta(days=2), "S3")
    folder = write_folder(
        tmp_path / "more",
        offences=more["offences"] + s3["offences"],
        offence_subjects=more["offence_subjects"] + s3["offence_subjects"],
    )
    run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")

    before = previous(db, TODAY)
    diff = changes(before["results"], [a.as_json() for a in trawl(db, TODAY)])
    assert [r["subject_id"] for r in diff["new"]] == ["S3"]
    assert diff["dropped"] == []
    assert [(r["subject_id"], r["from"], r["to"]) for r in diff["tier_changed"]] == [("S2", 2, 1)]
