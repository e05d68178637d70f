"""The `linkwatch` command as a user runs it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from app.cli import main
from tests.scenarios import three_subjects_sharing_one_victim


@pytest.mark.neo4j
def test_ingest_json_prints_one_summary_object(db, neo4j_env, tmp_path):
    folder = three_subjects_sharing_one_victim(tmp_path / "x")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--json",
                                       "--quarantine-dir", str(tmp_path / "q")])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["totals"]["loaded"] == 19
    assert summary["files"]["subjects.csv"]["nodes_created"] == 3


@pytest.mark.neo4j
def test_db_init_twice_is_fine(db, neo4j_env):
    runner = CliRunner()
    first = runner.invoke(main, ["db", "init"])
    second = runner.invoke(main, ["db", "init"])
    assert first.exit_code == second.exit_code == 0
    assert first.output == second.output
    assert "constraints" in first.output


def test_a_missing_folder_is_a_one_line_error_and_a_non_zero_exit(tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "nope"), "--dry-run"])
    assert result.exit_code != 0
    assert "does not exist" in result.output


def test_a_dry_run_reports_without_writing(tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")  # nothing listens there
    folder = three_subjects_sharing_one_victim(tmp_path / "x")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run, nothing written" in result.output
    assert "total" in result.output


def test_ingest_with_the_database_down_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    folder = three_subjects_sharing_one_victim(tmp_path / "x")
    result = CliRunner().invoke(main, ["ingest", str(folder)])
    assert result.exit_code == 1
    assert "not answering" in result.output and "linkwatch neo4j start" in result.output
