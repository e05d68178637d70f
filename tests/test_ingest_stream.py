"""The streamed ingest: whatever the chunk size, the same graph, quarantine and summary.

A run reads, settles and writes a chunk of records at a time; duplicates, references and
checks that span chunks are settled against what the run loaded before. These tests load
the same export in one chunk and in tiny ones and compare everything a user would look at.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import run_ingest
from tests.conftest import wipe
from tests.test_ingest_bad_rows import messy_export
from tests.test_ingest_neo4j import snapshot, without_run
from tests.test_ingest_orders import orders_export

pytestmark = pytest.mark.neo4j
REPO = Path(__file__).resolve().parents[1]
ONE_CHUNK = 10**9
POLICE_UK = REPO / "tests" / "data" / "police_uk"

#: Summary fields that differ between two runs of the same export.
RUN_FACTS = ("run", "seconds", "timings", "quarantine_file", "lifecycle",
             "resumed_interrupted_runs", "location_reports")


def _quarantine(summary: dict) -> list[list[str]]:
    if not summary["quarantine_file"]:
        return []
    with open(summary["quarantine_file"], newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _account(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k not in RUN_FACTS}


def _load_both_ways(db, folder: Path, tmp_path: Path, small: int, mapping: str = "canonical"):
    whole = run_ingest(folder, mapping, db=db, quarantine_dir=tmp_path / "q1",
                       chunk_rows=ONE_CHUNK, progress=False)
    reference = without_run(snapshot(db))
    wipe(db)
    chunked = run_ingest(folder, mapping, db=db, quarantine_dir=tmp_path / "q2",
                         chunk_rows=small, progress=False)
    return whole, reference, chunked


def test_the_demo_force_in_chunks_of_300_rows_twice_over_equals_one_chunk(db, tmp_path):
    folder = tmp_path / "demo"
    subprocess.run([sys.executable, "-m", "app.cli", "synth", "--profile", "demo", "--seed",
                    "5", "--out", str(folder)], check=True, cwd=REPO, capture_output=True)
    whole, reference, chunked = _load_both_ways(db, folder, tmp_path, small=300)
    assert whole["totals"]["rows_read"] > 5000  # many chunks per file, not one
    assert without_run(snapshot(db)) == reference
    assert _account(chunked) == _account(whole)
    assert _quarantine(chunked) == _quarantine(whole)

    # Twice over: the second chunked run changes nothing and accounts for the same rows.
    again = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q3", chunk_rows=300,
                       progress=False)
    assert without_run(snapshot(db)) == reference
    assert again["totals"]["rows_read"] == whole["totals"]["rows_read"]
    assert again["totals"]["loaded"] == whole["totals"]["loaded"]
    assert again["totals"]["nodes_created"] == again["totals"]["nodes_updated"] == 0
    assert again["totals"]["relationships_created"] == 0


def test_a_messy_export_read_one_row_at_a_time_quarantines_the_same_rows_for_the_same_reasons(
        db, tmp_path):
    # The duplicate S1 with a new surname is in a later chunk than the first S1; the link to
    # O3 comes chunks after O3 itself was quarantined.
    folder = messy_export(tmp_path / "export")
    whole, reference, chunked = _load_both_ways(db, folder, tmp_path, small=1)
    assert without_run(snapshot(db)) == reference
    assert _quarantine(chunked) == _quarantine(whole)
    assert _account(chunked) == _account(whole)
    reasons = {(row[0], row[1]): row[3] for row in _quarantine(chunked)[1:]}
    assert "different values from subjects.csv row 2" in reasons[("subjects.csv", "6")]
    assert "unknown offence 'O3'" in reasons[("offence_subjects.csv", "6")]


def test_order_conditions_in_later_chunks_are_checked_against_their_orders(db, tmp_path):
    folder = orders_export(tmp_path / "export")
    whole, reference, chunked = _load_both_ways(db, folder, tmp_path, small=2)
    assert whole["totals"]["quarantined"] > 0
    assert without_run(snapshot(db)) == reference
    assert _quarantine(chunked) == _quarantine(whole)


def test_police_uk_crimes_repeated_across_chunks_keep_each_version(db, tmp_path):
    whole, reference, chunked = _load_both_ways(db, POLICE_UK, tmp_path, small=250,
                                                mapping="police_uk")
    assert whole["repeated_ids_kept"] > 0
    assert chunked["repeated_ids_kept"] == whole["repeated_ids_kept"]
    assert chunked["duplicate_rows_merged"] == whole["duplicate_rows_merged"]
    assert without_run(snapshot(db)) == reference


def test_a_dry_run_in_chunks_accounts_for_every_row_as_one_chunk_does(tmp_path):
    folder = messy_export(tmp_path / "export")
    whole = run_ingest(folder, dry_run=True, chunk_rows=ONE_CHUNK)
    chunked = run_ingest(folder, dry_run=True, chunk_rows=1)
    assert _account(chunked) == _account(whole)
