"""Canonical ingest against the real Neo4j: the graph it makes, re-runs, changes, interruptions."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.db import Database
from ingest.pipeline import run_ingest
from tests.conftest import wipe
from tests.scenarios import three_subjects_sharing_one_victim, write_folder

pytestmark = pytest.mark.neo4j
REPO = Path(__file__).resolve().parents[1]


def snapshot(db: Database) -> tuple[list, list]:
    """Every node and relationship with all its properties, sorted, for exact comparison."""
    nodes = db.read_text(
        "tests/snapshot_nodes",
        "MATCH (n) WHERE NOT n:IngestRun "
        "RETURN labels(n) AS labels, n.id AS id, properties(n) AS props ORDER BY id",
    )
    rels = db.read_text(
        "tests/snapshot_rels",
        "MATCH (a)-[r]->(b) WHERE NOT a:IngestRun "
        "RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props "
        "ORDER BY a, type, b, r.key",
    )
    return [dict(r) for r in nodes], [dict(r) for r in rels]


#: What two runs of the same export may differ in: the run id, and when (and by which run)
#: the alerts computed after each ingest were raised and their history written.
VARY = ("src_run", "at", "created_at", "raised_at", "proposed_at", "by")


def without_run(snap: tuple[list, list]) -> tuple[list, list]:
    """The snapshot minus what differs between two runs (:data:`VARY`)."""

    def strip(rows: list) -> list:
        return [
            {**r, "props": {k: v for k, v in r["props"].items() if k not in VARY}} for r in rows
        ]

    return strip(snap[0]), strip(snap[1])


def test_three_subjects_sharing_one_victim_make_the_expected_graph(db, tmp_path):
    folder = three_subjects_sharing_one_victim(tmp_path / "export")
    summary = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")

    assert summary["totals"]["quarantined"] == 0
    assert summary["totals"]["loaded"] == summary["totals"]["rows_read"] == 19
    victims_subjects = db.read_text(
        "t",
        "MATCH (v:Victim {id: 'V1'})-[:VICTIM_OF]->(o:Offence)<-[:NAMED_IN]-(s:Subject) "
        "RETURN collect(DISTINCT s.id) AS subjects, count(DISTINCT o) AS offences",
    )[0]
    assert sorted(victims_subjects["subjects"]) == ["S1", "S2", "S3"]
    assert victims_subjects["offences"] == 3
    # S1 named twice for O1 on two rows: one relationship.
    assert (
        db.read_text(
            "t",
            "MATCH (:Subject {id:'S1'})-[r:NAMED_IN]->(:Offence {id:'O1'}) RETURN count(r) AS n",
        )[0]["n"]
        == 1
    )
    rape = db.read_text(
        "t", "MATCH (o:Offence {id:'O1'})-[:OCCURRED_AT]->(l:Location) RETURN o, l"
    )[0]
    assert rape["o"]["category"] == "rape" and rape["o"]["rape"] is True
    assert rape["o"]["sexual"] is True
    assert rape["o"]["reported_on"].to_native() == dt.date(2025, 3, 2)
    assert rape["l"]["postcode"] == "ZZ1 4AB"
    assert rape["l"]["venue_type"] == "night_time_economy"
    # O3 has no location: loaded, without OCCURRED_AT.
    assert db.read_text(
        "t",
        "MATCH (o:Offence {id:'O3'}) "
        "RETURN o.category AS c, EXISTS { (o)-[:OCCURRED_AT]->() } AS placed",
    )[0] == {"c": "stalking", "placed": False}
    # Two spellings of one phone number are one identifier shared by S2 and S3.
    shared = db.read_text(
        "t",
        "MATCH (a:Subject)-[:HAS_IDENTIFIER]->(i:Identifier)"
        "<-[:HAS_IDENTIFIER]-(b:Subject) WHERE a.id < b.id "
        "RETURN a.id AS a, b.id AS b, i.id AS id",
    )
    assert shared == [{"a": "S2", "b": "S3", "id": "phone:07700900123"}]
    aliases = db.read_text("t", "MATCH (s:Subject {id:'S3'}) RETURN s.aliases AS a")[0]["a"]
    assert aliases == ["Col", "C. Sample"]
    custody = db.read_text("t", "MATCH (:Subject {id:'S2'})-[:IN_CUSTODY]->(c:Custody) RETURN c")
    assert custody[0]["c"]["end_date"].to_native() == dt.date(2024, 6, 30)


def test_every_record_says_where_it_came_from(db, tmp_path):
    folder = three_subjects_sharing_one_victim(tmp_path / "export")
    summary = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")
    subject = db.read_text("t", "MATCH (s:Subject {id:'S2'}) RETURN s")[0]["s"]
    assert subject["src"] == "canonical:subjects.csv:3"  # mapping, file, spreadsheet row
    assert subject["src_run"] == summary["run"]
    rel = db.read_text(
        "t", "MATCH (:Subject {id:'S3'})-[r:NAMED_IN]->() RETURN properties(r) AS r"
    )[0]["r"]
    assert (rel["src"], rel["role"]) == ("canonical:offence_subjects.csv:5", "offender")
    run = db.read_text("t", "MATCH (r:IngestRun {id: $id}) RETURN r", id=summary["run"])[0]["r"]
    assert run["status"] == "completed"
    assert run["rows_read"] == 19 and run["rows_quarantined"] == 0
    assert run["nodes_created"] == summary["totals"]["nodes_created"] > 0


def test_ingesting_the_same_export_twice_changes_nothing(db, tmp_path):
    folder = three_subjects_sharing_one_victim(tmp_path / "export")
    first = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")
    before = snapshot(db)
    second = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")

    assert snapshot(db) == before  # not even the run id on a record changes
    t = second["totals"]
    assert (
        t["nodes_created"],
        t["nodes_updated"],
        t["relationships_created"],
        t["relationships_updated"],
    ) == (0, 0, 0, 0)
    assert t["loaded"] == first["totals"]["loaded"]


def test_a_changed_row_updates_its_node_without_duplicating_it(db, tmp_path):
    folder = three_subjects_sharing_one_victim(tmp_path / "export")
    run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")
    path = folder / "offences.csv"
    text = path.read_text().replace("O2,20A", "O2,19C")  # re-coded as a rape
    path.write_text(text)
    summary = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")

    assert summary["nodes"]["updated"] == {"Offence": 1}
    assert summary["totals"]["nodes_created"] == 0
    rows = db.read_text("t", "MATCH (o:Offence {id:'O2'}) RETURN o.category AS c, o.rape AS r")
    assert rows == [{"c": "rape", "r": True}]


def _load_in_subprocess(folder: Path, env: dict, batch: int) -> subprocess.Popen:
    code = (
        "import sys; from graph.db import Database; from ingest.pipeline import run_ingest; "
        f"run_ingest(sys.argv[1], db=Database(), batch_size={batch}, progress=False, "
        "quarantine_dir=sys.argv[2])"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, str(folder), str(folder.parent / "q")], env=env, cwd=REPO
    )


def test_an_interrupted_ingest_finishes_on_rerun(db, tmp_path, neo4j_env):
    folder = tmp_path / "demo"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "synth",
            "--profile",
            "demo",
            "--seed",
            "3",
            "--out",
            str(folder),
        ],
        check=True,
        cwd=REPO,
        capture_output=True,
    )
    env = dict(os.environ)

    # The whole job, uninterrupted, gives the reference graph.
    run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")
    reference = without_run(snapshot(db))
    wipe(db)

    # Kill a run part-way (once some but not all offences are written), then run again.
    proc = _load_in_subprocess(folder, env, batch=100)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        written = db.read_text("t", "MATCH (o:Offence) RETURN count(o) AS n")[0]["n"]
        if written >= 300:
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    partial = db.read_text("t", "MATCH (n) WHERE NOT n:IngestRun RETURN count(n) AS n")[0]["n"]
    total = sum(1 for _ in reference[0])
    assert 0 < partial < total, "the kill must land part-way through the run"

    summary = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q")
    assert without_run(snapshot(db)) == reference
    assert summary["resumed_interrupted_runs"] == 1
    statuses = sorted(r["s"] for r in db.read_text("t", "MATCH (r:IngestRun) RETURN r.status AS s"))
    assert statuses == ["completed", "interrupted"]


def test_references_to_records_already_in_the_database_resolve(db, tmp_path):
    three_subjects_sharing_one_victim(tmp_path / "first")
    run_ingest(tmp_path / "first", db=db, quarantine_dir=tmp_path / "q")
    # A later export names S1 on a new offence at L2 without re-sending subjects or places.
    later = write_folder(
        tmp_path / "later",
        offences=[
            {
                "offence_id": "O9",
                "ho_code": "19C",
                "committed_from": "2025-06-01",
                "reported_on": "2025-06-02",
                "location_id": "L2",
                "domestic": "false",
            }
        ],
        offence_subjects=[
            {"offence_id": "O9", "subject_id": "S1", "role": "suspect"},
            {"offence_id": "O9", "subject_id": "S404", "role": "suspect"},
        ],
    )
    summary = run_ingest(later, db=db, quarantine_dir=tmp_path / "q")
    assert summary["files"]["offence_subjects.csv"] == {
        **summary["files"]["offence_subjects.csv"],
        "loaded": 1,
        "quarantined": 1,
    }
    with open(summary["quarantine_file"], newline="") as handle:
        (line,) = list(csv.DictReader(handle))
    assert (line["file"], line["row"], line["value"]) == ("offence_subjects.csv", "3", "S404")
    assert "unknown subject" in line["reason"]
    named = db.read_text(
        "t", "MATCH (s:Subject)-[:NAMED_IN]->(:Offence {id:'O9'}) RETURN collect(s.id) AS ids"
    )[0]["ids"]
    assert named == ["S1"]
