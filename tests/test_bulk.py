"""The bulk first load (``linkwatch ingest PATH --bulk``): Neo4j's offline importer gives the
same graph as the streaming ingest, and it never replaces a database that holds data.

The bulk load runs against its own local Neo4j (it stops, imports and starts the server);
the streaming ingest runs on the session's database.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from app.cli import main
from graph import localdb
from graph.db import Database
from graph.localdb import importer
from graph.settings import Neo4jSettings
from graph.tiers.trawl import trawl
from ingest.bulk import BulkRefused, bulk_load
from ingest.bulk.files import import_arguments, write_import_files
from ingest.bulk.load import Stages
from ingest.mapping import load_mapping
from ingest.pipeline import run_ingest
from ingest.rows import NodeRecord
from ingest.synth import generate

pytestmark = [pytest.mark.neo4j]

#: The labels the canonical mapping writes (the after-ingest steps add others).
LOADED = ("Subject", "Offence", "Victim", "Location", "Custody", "Identifier", "Intelligence",
          "Order", "OrderCondition", "Breach", "LocationReport")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo profile's export (about 10,000 rows)."""
    folder = tmp_path_factory.mktemp("bulk") / "demo"
    generate(folder, "demo", seed=1)
    return folder


@pytest.fixture(scope="module")
def bulk_loaded(demo: Path, tmp_path_factory: pytest.TempPathFactory):
    """A local Neo4j of its own, first-loaded with the demo profile by the bulk path."""
    work = tmp_path_factory.mktemp("bulk-db")
    data = work / "neo4j"
    # A free port: the default one may be taken by a developer's own `make run`.
    summary = bulk_load(demo, folder=work / "files", data_dir=data, quarantine_dir=work / "q",
                        bolt_port=localdb.free_port())
    info = localdb.status(data)
    assert info is not None, "the bulk path leaves the server running"
    db = Database(Neo4jSettings(info["uri"], info["user"], info["password"]))
    try:
        yield db, summary, data
    finally:
        db.close()
        localdb.stop(data)


def _typed(value: Any) -> Any:
    # 1 == 1.0 and True == 1 in Python: compare the stored type too.
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def _graph(db: Database, run: str) -> dict[str, Any]:
    """Everything a load wrote, with each record's provenance run checked and set aside."""
    nodes, rels = {}, {}
    for r in db.read_text("t/nodes", "MATCH (n) WHERE labels(n)[0] IN $labels "
                          "RETURN labels(n) AS labels, properties(n) AS p", labels=list(LOADED)):
        p = r["p"]
        assert p.pop("src_run") == run
        nodes[(tuple(r["labels"]), p["id"])] = {k: _typed(v) for k, v in p.items()}
    for r in db.read_text("t/rels", "MATCH (a)-[r]->(b) WHERE r.src_run IS NOT NULL "
                          "RETURN type(r) AS t, a.id AS a, b.id AS b, labels(a)[0] AS la, "
                          "labels(b)[0] AS lb, properties(r) AS p"):
        p = r["p"]
        assert p.pop("src_run") == run
        rels[(r["t"], r["la"], r["a"], r["lb"], r["b"], p["key"])] = {
            k: _typed(v) for k, v in p.items()}
    labels = {r["l"]: r["n"] for r in db.read_text(
        "t/labels", "MATCH (n) RETURN labels(n)[0] AS l, count(*) AS n")}
    types = {r["t"]: r["n"] for r in db.read_text(
        "t/types", "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n")}
    return {"nodes": nodes, "rels": rels, "labels": labels, "types": types}


def _last_run(db: Database) -> dict[str, Any]:
    row = db.read("home/latest_runs", limit=1)[0]
    return {k: row[k] for k in ("mapping", "status", "rows_read", "rows_loaded",
                                "rows_quarantined", "nodes_created", "nodes_updated",
                                "unclassified_offences")}


def test_a_bulk_first_load_of_the_demo_gives_the_graph_the_streaming_ingest_gives(
        demo, bulk_loaded, db, tmp_path):
    bulk_db, bulk_summary, _ = bulk_loaded
    streamed = run_ingest(demo, db=db, quarantine_dir=tmp_path / "q", progress=False)

    by_bulk, by_stream = _graph(bulk_db, bulk_summary["run"]), _graph(db, streamed["run"])
    assert by_bulk["labels"] == by_stream["labels"]
    assert by_bulk["types"] == by_stream["types"]
    assert by_bulk["nodes"].keys() == by_stream["nodes"].keys()
    assert len(by_bulk["nodes"]) == 6530 and len(by_bulk["rels"]) == 7977
    assert by_bulk["nodes"] == by_stream["nodes"]
    assert by_bulk["rels"] == by_stream["rels"]
    # A sample a user would look at: dates, lists, flags and provenance came through typed.
    subject = next(p for (labels, _), p in by_bulk["nodes"].items()
                   if labels == ("Subject",) and "aliases" in p)
    assert subject["dob"][0] == "Date" and subject["aliases"][0][0] == "str"
    assert subject["src"][1].startswith("canonical:subjects.csv:")
    offence = next(p for (labels, _), p in by_bulk["nodes"].items() if labels == ("Offence",))
    assert offence["reported_on"][0] == "Date" and offence["sexual"][0] == "bool"
    # The app's "last ingest" facts, and what the summary says was loaded.
    assert _last_run(bulk_db) == _last_run(db)
    assert bulk_summary["totals"] == streamed["totals"]
    assert bulk_summary["location_reports"] == streamed["location_reports"]
    # The tier trawl proposes the same candidates.
    as_of = dt.date.fromisoformat(json.loads((demo / "truth.json").read_text())["as_of"])
    assert [(a.subject_id, a.tier, a.sexual_offence_count) for a in trawl(bulk_db, as_of)] == \
        [(a.subject_id, a.tier, a.sexual_offence_count) for a in trawl(db, as_of)]
    # And the schema stands on the imported store.
    constraints = bulk_db.read_text("t/c", "SHOW CONSTRAINTS YIELD name RETURN name")
    assert any(r["name"] == "subject_id" for r in constraints)


def test_a_bulk_load_into_a_database_that_holds_data_is_refused(demo, bulk_loaded, tmp_path):
    bulk_db, _, data = bulk_loaded
    before = bulk_db.read_text("t/n", "MATCH (n) RETURN count(n) AS n")[0]["n"]
    with pytest.raises(BulkRefused, match=r"holds [\d,]+ nodes: the bulk path loads an empty"):
        bulk_load(demo, folder=tmp_path / "files", data_dir=data)
    assert not (tmp_path / "files").exists()
    assert localdb.status(data) is not None
    assert bulk_db.read_text("t/n", "MATCH (n) RETURN count(n) AS n")[0]["n"] == before


def test_the_cli_refuses_a_bulk_load_into_a_database_that_holds_data(demo, bulk_loaded,
                                                                      monkeypatch):
    _, _, data = bulk_loaded
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("LINKWATCH_DATA_DIR", str(data))
    result = CliRunner().invoke(main, ["ingest", str(demo), "--bulk"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "loads an empty database only" in result.output


def test_bulk_against_a_server_elsewhere_is_refused_and_files_only_import_and_finish_there(
        demo, tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://neo4j.elsewhere.invalid:7687")
    runner = CliRunner()
    refused = runner.invoke(main, ["ingest", str(demo), "--bulk"])
    assert refused.exit_code == 1 and refused.output.count("\n") == 1
    assert "--bulk-files-only" in refused.output and "neo4j-admin" in refused.output

    files = tmp_path / "files"
    made = runner.invoke(main, ["ingest", str(demo), "--bulk-files-only", str(files), "--json",
                                "--quarantine-dir", str(tmp_path / "q")])
    assert made.exit_code == 0, made.output
    summary = json.loads(made.output)
    assert summary["bulk"]["imported"] is False
    again = runner.invoke(main, ["ingest", str(demo), "--bulk-files-only", str(files)])
    assert again.exit_code == 1 and "holds CSV files already" in again.output
    # What an operator runs on the server: the importer with the arguments file, in DIR.
    output = importer.run_import(tmp_path / "neo4j", ["@import.args"], files)
    imported = int(re.search(r"Imported:\s+(\d+) nodes", output).group(1))
    assert imported == summary["totals"]["nodes_created"] + 1  # and the IngestRun

    # Then, with the server started, the schema and the after-ingest steps against it.
    info = localdb.start(tmp_path / "neo4j", bolt_port=localdb.free_port())
    try:
        monkeypatch.setenv("NEO4J_URI", info["uri"])
        monkeypatch.setenv("NEO4J_USER", info["user"])
        monkeypatch.setenv("NEO4J_PASSWORD", info["password"])
        empty = tmp_path / "empty"
        empty.mkdir()
        wrong = runner.invoke(main, ["ingest", str(empty), "--bulk-finish"])
        assert wrong.exit_code == 1 and "no bulk import files" in wrong.output
        finished = runner.invoke(main, ["ingest", str(files), "--bulk-finish", "--json"])
        assert finished.exit_code == 0, finished.output
        assert json.loads(finished.output)["location_reports"]["reports"] == 50
        db = Database(Neo4jSettings(info["uri"], info["user"], info["password"]))
        try:
            assert _last_run(db)["rows_loaded"] == summary["totals"]["loaded"]
            stored = json.loads(db.read("bulk/imported_run", id=summary["run"])[0]["summary_json"])
            assert stored["location_reports"]["reports"] == 50
            constraints = db.read_text("t/c", "SHOW CONSTRAINTS YIELD name RETURN name")
            assert any(r["name"] == "offence_id" for r in constraints)
        finally:
            db.close()
    finally:
        localdb.stop(tmp_path / "neo4j")


def _rows(folder: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    """Every imported record in a folder of import files, by file kind, header id and values."""
    out = {}
    for path in sorted(folder.glob("*.csv")):
        kind, name = path.stem.split("-")[:2]
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                row = {k: v for k, v in row.items() if v != ""}
                ident = "|".join(v for k, v in row.items() if "ID(" in k)
                key = (kind, name, ident + "|" + row.get("key:string", ""))
                assert key not in out, f"{key} twice"
                out[key] = row
    return out


def test_small_chunks_give_the_same_import_files_content_as_one_chunk(demo, tmp_path):
    mapping = load_mapping("canonical")
    whole = Stages(demo, mapping, chunk_rows=1_000_000)
    one = write_import_files(whole.chunks(), tmp_path / "one", "canonical", "run-1")
    small = Stages(demo, mapping, chunk_rows=300)
    many = write_import_files(small.chunks(), tmp_path / "many", "canonical", "run-1")
    assert one.chunks == 14 and many.chunks > 40
    assert len(many.files) > 2 * len(one.files)
    assert dict(one.nodes) == dict(many.nodes)
    assert dict(one.relationships) == dict(many.relationships)
    assert _rows(tmp_path / "one") == _rows(tmp_path / "many")


def test_a_property_whose_type_differs_between_rows_is_typed_in_files_of_its_own(tmp_path):
    nodes = [NodeRecord("Location", "L1", {"capacity": 10, "name": "a"}, "h1", "l.csv", 2),
             NodeRecord("Location", "L2", {"capacity": 2.5, "name": "b"}, "h2", "l.csv", 3),
             NodeRecord("Location", "L3", {"capacity": None, "name": "c"}, "h3", "l.csv", 4)]
    counts = write_import_files([(nodes, [])], tmp_path, "canonical", "run-1")
    headers = sorted(f.path.read_text().splitlines()[0] for f in counts.files)
    assert headers == [
        "id:ID(Location),capacity:double,name:string,src:string,src_hash:string,src_run:string",
        "id:ID(Location),capacity:long,name:string,src:string,src_hash:string,src_run:string",
        "id:ID(Location),name:string,src:string,src_hash:string,src_run:string",
    ]
    assert sum(f.rows for f in counts.files) == 3


def test_awkward_values_come_through_the_importer_as_the_driver_would_store_them(tmp_path):
    nodes = [
        NodeRecord("Subject", "S1", {"notes": 'a "quoted"\nline, with comma', "empty": "",
                                     "aliases": ["x", "y;z"], "gone": None, "n": 1, "ok": True,
                                     "dob": dt.date(1990, 1, 2)}, "h1", "subjects.csv", 2),
        NodeRecord("Subject", "XS/4 b", {"notes": "back\\slash", "n": 2.5, "ok": False},
                   "h2", "subjects.csv", 3),
        NodeRecord("Offence", "S1", {"ho_code": "19C"}, "h3", "offences.csv", 2),
    ]
    counts = write_import_files([(nodes, [])], tmp_path / "files", "canonical", "run-1")
    data = tmp_path / "neo4j"
    importer.run_import(data, import_arguments(counts, tmp_path / "files"), tmp_path / "files")
    info = localdb.start(data, bolt_port=localdb.free_port())
    db = Database(Neo4jSettings(info["uri"], info["user"], info["password"]))
    try:
        rows = db.read_text("t/all", "MATCH (n) RETURN labels(n)[0] AS l, properties(n) AS p")
    finally:
        db.close()
        localdb.stop(data)
    got = {(r["l"], r["p"]["id"]): {k: _typed(v) for k, v in r["p"].items()} for r in rows}
    assert got[("Subject", "S1")] == {k: _typed(v) for k, v in {
        "id": "S1", "notes": 'a "quoted"\nline, with comma', "empty": "", "aliases": ["x", "y;z"],
        "n": 1, "ok": True, "src_hash": "h1", "src": "canonical:subjects.csv:2",
        "src_run": "run-1"}.items()} | {"dob": ("Date", got[("Subject", "S1")]["dob"][1])}
    assert got[("Subject", "S1")]["dob"][1].to_native() == dt.date(1990, 1, 2)
    assert got[("Subject", "XS/4 b")]["notes"] == ("str", "back\\slash")
    assert got[("Subject", "XS/4 b")]["n"] == ("float", 2.5)
    assert got[("Offence", "S1")]["ho_code"] == ("str", "19C")  # its own ID space
