"""A bulk first load: the ingest's stages, import files, and the offline importer run locally.

The same reading, validation, mapping and settling as ``linkwatch ingest`` decide what is
loaded and what is quarantined (with the same quarantine CSV); the settled records go to
import files (:mod:`ingest.bulk.files`) instead of Cypher. For the local Neo4j the job then
stops the server, imports, starts it again, applies the schema and runs the after-ingest
steps the streaming ingest runs (workflow, person resolution, alerts, public reports), so the
app cannot tell the two loads apart. The importer only fills an empty database: a database
that holds data is refused before any work.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph import localdb, schema
from graph.db import Database
from graph.localdb import importer
from graph.settings import Neo4jSettings, settings
from ingest import writer
from ingest.bulk.files import (
    BulkCounts,
    Chunk,
    import_arguments,
    write_import_files,
    write_run_file,
)
from ingest.mapping import Mapping, load_mapping
from ingest.pipeline import (
    after_ingest,
    fingerprint,
    labels_of,
    new_run_id,
    settled_chunks,
)
from ingest.sources import collect


class BulkRefused(RuntimeError):
    """The bulk path cannot run here (a database holding data, a remote server)."""


class Stages:
    """The streaming ingest's stages with nothing in the database: settled chunks, then the
    summary and the quarantine CSV, exactly as ``run_ingest`` accounts for them.

    Read, validate, map and settle chunk by chunk (``LINKWATCH_INGEST_CHUNK_ROWS``), with
    duplicates and references across chunks settled by the run's memory
    (:class:`ingest.stream.RunState`).
    """

    def __init__(self, path: Path, mapping: Mapping, chunk_rows: int | None = None) -> None:
        from ingest.report import Tally
        from ingest.stream import RunState

        self.path, self.mapping = path, mapping
        self.chunk_rows = chunk_rows or settings().ingest_chunk_rows
        self.collected = collect(path, mapping, settings().ingest_field_limit)
        self.state = RunState(mapping, lambda label, ids: set(), None, labels_of(mapping))
        self.tally = Tally()

    def fingerprint(self) -> str:
        """The input's fingerprint, as the IngestRun of a streaming ingest keeps it."""
        return fingerprint(self.mapping, self.collected.sources)

    def chunks(self) -> Iterator[Chunk]:
        """The settled records, chunk by chunk: ``(nodes, rels)``."""
        # The pipeline's own stages, so the bulk path reads, maps and settles as it does.
        for _table, chunk in settled_chunks(self.collected.sources, self.state, self.tally,
                                            self.chunk_rows):
            yield chunk.settled.nodes, chunk.settled.rels

    def summary(self, counts: BulkCounts, run: str, quarantine_dir: Path) -> dict[str, Any]:
        """The streaming ingest's summary of this load, and its quarantine file."""
        written = writer.WriteCounts()
        for name, n in counts.nodes.items():
            written.nodes_created[name] += n
        for name, n in counts.relationships.items():
            written.rels_created[name] += n
        for file, made in counts.by_file.items():
            for key, n in made.items():
                written.by_file[file][key] += n
        quarantine = self.tally.write_quarantine(quarantine_dir, run)
        out = self.tally.summary(written, self.state.merged, self.state.repeated)
        out.update({"ignored_files": self.collected.ignored, "warnings": self.collected.warnings,
                    "quarantine_file": str(quarantine) if quarantine else None})
        return out


def _run_props(summary: dict[str, Any], started: dt.datetime, fingerprint: str) -> dict[str, Any]:
    """The IngestRun's properties as ``ingest/run_start`` and ``run_finish`` leave them."""
    totals = summary["totals"]
    return {
        "id": summary["run"], "mapping": summary["mapping"], "path": summary["path"],
        "fingerprint": fingerprint, "started_at": started, "status": "completed",
        "dry_run": False, "bulk": True, "finished_at": dt.datetime.now(dt.UTC),
        "rows_read": totals["rows_read"], "rows_loaded": totals["loaded"],
        "rows_quarantined": totals["quarantined"], "nodes_created": totals["nodes_created"],
        "nodes_updated": 0, "relationships_created": totals["relationships_created"],
        "relationships_updated": 0, "unclassified_offences": summary["unclassified_offences"],
        "quarantine_file": summary["quarantine_file"],
        "summary_json": json.dumps(summary, default=str),
    }


def _open(info: dict[str, Any]) -> Database:
    return Database(Neo4jSettings(info["uri"], info["user"], info["password"]))


def refuse_unless_empty(data_dir: Path) -> None:
    """Stop with :class:`BulkRefused` when the local database holds any node.

    A store with only the schema in it (or none at all) may be replaced.
    """
    if not importer.store_exists(data_dir):
        return
    running = localdb.status(data_dir)
    info = running or localdb.start(data_dir, bolt_port=localdb.free_port())
    db = _open(info)
    try:
        held = db.read("bulk/node_count")[0]["n"]
    finally:
        db.close()
        if running is None:
            localdb.stop(data_dir)
    if held:
        raise BulkRefused(
            f"the local database in {data_dir} holds {held:,} nodes: the bulk path loads an "
            "empty database only (run `linkwatch ingest PATH` without --bulk to add to it)"
        )


def after_import(db: Database, run: str) -> dict[str, Any]:
    """What ``run_ingest`` does after writing: workflow, resolution, alerts, public reports."""
    return {"resumed_interrupted_runs": 0, **after_ingest(db, run)}


def run_of(folder: Path) -> str:
    """The IngestRun id of a folder of import files (from its IngestRun file)."""
    for path in sorted(folder.glob("nodes-IngestRun-*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        if len(rows) == 2 and rows[1]:
            return rows[1][0]
    raise BulkRefused(f"{folder} holds no bulk import files (no IngestRun file)")


def finish_import(db: Database, folder: Path) -> dict[str, Any]:
    """After ``neo4j-admin`` imported ``--bulk-files-only``'s files on a server: the schema
    and the after-ingest steps, as ``--bulk`` runs them locally.

    Args:
        db: the execution point of the server that imported them.
        folder: the folder of import files.

    Returns:
        The run's summary, completed with the after-ingest steps.

    Raises:
        BulkRefused: the folder holds no import files, or their run is not in the database.
    """
    run = run_of(folder)
    found = db.read("bulk/imported_run", id=run)
    if not found:
        raise BulkRefused(f"run {run} of {folder} is not in this database: import the files "
                          "with neo4j-admin first")
    schema.apply(db)
    summary = json.loads(found[0]["summary_json"] or "{}")
    summary.update(after_import(db, run))
    db.write("ingest/run_finish", id=run, props={
        "status": "completed", "summary_json": json.dumps(summary, default=str)})
    return summary


def bulk_load(
    path: str | Path,
    mapping: str | Mapping = "canonical",
    *,
    folder: Path,
    data_dir: str | Path | None = None,
    files_only: bool = False,
    quarantine_dir: Path | None = None,
    chunk_rows: int | None = None,
    bolt_port: int | None = None,
) -> dict[str, Any]:
    """Load an export into an empty database through ``neo4j-admin database import``.

    Args:
        path: a folder of export files (or one file of it).
        mapping: a shipped mapping's name, a YAML path, or a :class:`Mapping`.
        folder: where the import files go (kept afterwards).
        data_dir: the local Neo4j's folder; default ``$LINKWATCH_DATA_DIR``.
        files_only: write the files and the importer's arguments, import nothing (for a
            server elsewhere: run ``neo4j-admin`` there).
        quarantine_dir: where the quarantine CSV goes.
        chunk_rows: records read and settled at a time (default
            ``LINKWATCH_INGEST_CHUNK_ROWS``).
        bolt_port: the port the local Neo4j listens on after the import when it was not
            running before (default: the port it ran on, else the local default, 7687).

    Returns:
        The streaming ingest's summary, plus ``bulk`` (files, seconds per phase, the
        importer's arguments file).

    Raises:
        BulkRefused: the local database holds data, or ``folder`` holds CSV files.
        ingest.sources.IngestError: fatal input problems, as for the streaming ingest.
        graph.localdb.LauncherError: the importer or the server failed.
    """
    begun = time.perf_counter()
    started = dt.datetime.now(dt.UTC)
    local = Path(localdb.default_data_dir() if data_dir is None else data_dir).resolve()
    if folder.is_dir() and any(folder.glob("*.csv")):
        raise BulkRefused(f"{folder} holds CSV files already: give the import files an empty "
                          "folder")
    if not files_only:
        refuse_unless_empty(local)
    chosen = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    run = new_run_id()
    stages = Stages(Path(path), chosen, chunk_rows)
    read_s = time.perf_counter() - begun
    counts = write_import_files(stages.chunks(), folder, chosen.name, run)
    files_s = time.perf_counter() - begun - read_s
    summary = stages.summary(counts, run, quarantine_dir or settings().quarantine_dir)
    summary.update({"run": run, "mapping": chosen.name, "path": str(path), "dry_run": False})
    fingerprint = stages.fingerprint()
    write_run_file(folder, counts, _run_props(summary, started, fingerprint))
    arguments = import_arguments(counts, folder)
    args_file = folder / "import.args"
    args_file.write_text("\n".join(arguments) + "\n", encoding="utf-8")
    bulk: dict[str, Any] = {"folder": str(folder), "files": len(counts.files),
                            "arguments_file": str(args_file), "chunks": counts.chunks,
                            "collect_seconds": round(read_s, 3),
                            "files_seconds": round(files_s, 3), "imported": not files_only}
    summary["bulk"] = bulk
    if files_only:
        summary["seconds"] = round(time.perf_counter() - begun, 3)
        return summary
    info = localdb.status(local)
    port = info["bolt_port"] if info else (bolt_port or localdb.DEFAULT_BOLT_PORT)
    localdb.stop(local)
    t0 = time.perf_counter()
    importer.run_import(local, arguments, folder)
    bulk["import_seconds"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    db = _open(localdb.start(local, bolt_port=port))
    try:
        schema.apply(db)
        bulk["schema_seconds"] = round(time.perf_counter() - t0, 3)
        t0 = time.perf_counter()
        summary.update(after_import(db, run))
        bulk["after_seconds"] = round(time.perf_counter() - t0, 3)
        summary["seconds"] = round(time.perf_counter() - begun, 3)
        props = {k: v for k, v in _run_props(summary, started, fingerprint).items()
                 if k in ("status", "summary_json")}
        db.write("ingest/run_finish", id=run, props=props)
    finally:
        db.close()
    return summary
