"""Person resolution: Splink proposes, the analyst decides, the trawl counts one person once.

Every test loads the named scenario of tests/resolution_scenario.py (one man under two
records, 3 sexual offences each with a rape) through the canonical ingest and trains a real
Splink model (DuckDB) on its ten subjects.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.db import Database
from graph.resolution import service
from graph.tiers.trawl import explain_subject, trawl
from ingest.pipeline import run_ingest
from tests.resolution_scenario import AS_OF_TEXT, A, B, one_man_two_records
from tests.scenarios import write_folder

pytestmark = pytest.mark.neo4j

AS_OF = dt.date.fromisoformat(AS_OF_TEXT)


@pytest.fixture
def scenario(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("LINKWATCH_RESOLUTION_MODEL", str(tmp_path / "model.json"))
    report = run_ingest(one_man_two_records(tmp_path / "export"), db=db, progress=False)
    assert report["quarantined"] == 0 if "quarantined" in report else True
    return db


def _pairs(proposals: list[dict]) -> set[tuple[str, ...]]:
    return {tuple(p["subject_ids"]) for p in proposals}


def test_the_two_records_of_one_man_are_proposed_and_no_one_else(scenario: Database) -> None:
    proposals = service.resolve(scenario)
    assert _pairs(proposals) == {(A, B)}
    p = proposals[0]
    assert p["match_probability"] >= 0.9
    names = [c["comparison"] for c in p["contributions"]]
    assert names[0].startswith("Prior") and "Shared phone, email or vehicle" in names
    shared = next(c for c in p["contributions"] if c["comparison"].startswith("Shared phone"))
    assert shared["weight"] > 0
    assert p["model_version"].startswith("resolution-1.0+")


def test_two_records_of_one_person_3_sexual_offences_each_with_a_rape_become_one_tier_1_candidate_once_confirmed_and_none_before(  # noqa: E501
    scenario: Database,
) -> None:
    assert trawl(scenario, AS_OF) == []
    service.decide(scenario, "confirm", [B, A], "Same phone, DOB day and month swapped",
                   "analyst1")
    results = trawl(scenario, AS_OF)
    assert len(results) == 1
    one = results[0]
    assert (one.subject_id, one.tier, one.sexual_offence_count, one.rape_count) == (A, 1, 6, 2)
    assert one.combined == [A, B] and one.confirmed_by == ["analyst1"] and one.only_combined
    explained = explain_subject(scenario, B, AS_OF)
    assert explained.tier == 1 and explained.sexual_offence_count == 6
    assert f"records {A}, {B} (confirmed by analyst1)" in explained.near_misses[0]


def test_a_rejected_pair_is_never_proposed_again(scenario: Database) -> None:
    assert _pairs(service.resolve(scenario)) == {(A, B)}
    service.decide(scenario, "reject", [A, B], "Different fathers named", "analyst1")
    assert service.resolve(scenario) == []
    assert service.queue(scenario) == []
    assert service.resolve(scenario, retrain=True) == []
    assert trawl(scenario, AS_OF) == []


def test_a_split_restores_the_separate_counts(scenario: Database) -> None:
    service.decide(scenario, "confirm", [A, B], "Same phone", "analyst1")
    assert [a.sexual_offence_count for a in trawl(scenario, AS_OF)] == [6]
    result = service.decide(scenario, "split", [B], "Twin brother, custody photo", "analyst2")
    assert result["separated_from"] == [A]
    assert trawl(scenario, AS_OF) == []
    for sid in (A, B):
        alone = explain_subject(scenario, sid, AS_OF)
        assert (alone.sexual_offence_count, alone.tier, alone.combined) == (3, None, [])
    log = scenario.read("resolution/decisions", subject_id=B, limit=10)
    assert [d["decision"] for d in log] == ["split", "confirm"]  # append-only, newest first
    assert service.resolve(scenario) == []  # the split pair is decided: not proposed again


def test_decisions_need_a_reason_and_known_subjects(scenario: Database) -> None:
    with pytest.raises(service.ResolutionError, match="reason"):
        service.decide(scenario, "confirm", [A, B], " ", "analyst1")
    with pytest.raises(service.ResolutionError, match="no subject"):
        service.decide(scenario, "confirm", [A, "S-NOBODY"], "x", "analyst1")
    with pytest.raises(service.ResolutionError, match="two different"):
        service.decide(scenario, "reject", [A, A], "x", "analyst1")


def test_cli_resolve_prints_the_pinned_json_and_decides(scenario: Database,
                                                        neo4j_env) -> None:
    from app.cli import main

    runner = CliRunner()
    out = runner.invoke(main, ["resolve", "--threshold", "0.9", "--format", "json"])
    assert out.exit_code == 0, out.output
    proposals = json.loads(out.output)
    assert [sorted(p) for p in proposals] == [["cluster_id", "match_probability",
                                              "subject_ids"]]
    assert proposals[0]["subject_ids"] == [A, B]
    done = runner.invoke(main, ["resolve", "confirm", A, B, "--reason", "same phone"])
    assert done.exit_code == 0, done.output
    assert [a.tier for a in trawl(scenario, AS_OF)] == [1]
    split = runner.invoke(main, ["resolve", "split", A, "--reason", "brothers"])
    assert split.exit_code == 0, split.output
    rejected = runner.invoke(main, ["resolve", "reject", A, B, "--reason", "brothers"])
    assert rejected.exit_code == 0 and trawl(scenario, AS_OF) == []
    again = runner.invoke(main, ["resolve", "--format", "json"])
    assert json.loads(again.output) == []


def test_new_records_are_scored_against_the_kept_model(scenario: Database) -> None:
    assert service.score_new(scenario, [B]) == []  # no model trained yet: nothing scored
    service.resolve(scenario)
    scenario.write("resolution/clear_proposals")
    found = service.score_new(scenario, [B])
    assert _pairs(found) == {(A, B)}
    assert _pairs(service.queue(scenario)) == {(A, B)}


def test_a_record_arriving_by_ingest_is_proposed_against_the_kept_model(
    scenario: Database, tmp_path: Path
) -> None:
    service.resolve(scenario)
    service.decide(scenario, "reject", [A, B], "brothers", "analyst1")
    late = write_folder(
        tmp_path / "late",
        subjects=[{"subject_id": "S-JOHNNY", "forename": "Johnny", "surname": "Smithers",
                   "aliases": "John Smithers", "dob": "1990-03-04", "gender": "male",
                   "pnc_id": ""}],
        identifiers=[{"subject_id": "S-JOHNNY", "kind": "phone", "value": "07700 900123"}],
    )
    run_ingest(late, db=scenario, progress=False)
    queued = {tuple(q["subject_ids"]): q["source"] for q in service.queue(scenario)}
    assert queued[(A, "S-JOHNNY")] == "ingest"
    assert (A, B) not in queued and set(queued.values()) == {"ingest"}  # rejected stays out
