"""An ingest job: read -> validate -> map to records -> settle -> write, streamed, and accounted.

The run streams: each file (in the mapping's order) is read, validated, mapped and settled
a chunk of ``LINKWATCH_INGEST_CHUNK_ROWS`` records at a time, and each settled chunk goes
through a bounded queue to the one writer, which writes it (nodes, then relationships,
several transactions in flight) while the next chunk is being prepared. What spans
chunks (duplicates, references, checks against referenced orders) is settled against the
run's compact memory (:mod:`ingest.stream`), so the result equals one chunk's and memory
stays flat as the input grows.

Every record read ends up loaded or in the quarantine CSV (file, row, column, reason, value
and the raw record), and the summary says so file by file, with the files of the folder it
did not read and warnings (sheets not read, extra columns renamed). Only fatal problems
raise (an unreadable file, a file without its key column, the database down); everything
else is a quarantined row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import queue
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tqdm import tqdm

from graph import location_reports
from graph.db import Database
from graph.settings import settings
from graph.tiers import lifecycle
from ingest import writer
from ingest.mapping import Mapping, load_mapping
from ingest.read import SourceTable
from ingest.report import Tally
from ingest.rows import FileRecords, build_records
from ingest.sources import IngestError, Source, collect
from ingest.stream import Chunk, RunState
from ingest.validate import Problem

__all__ = ["IngestError", "Source", "collect", "run_ingest"]

def default_quarantine_dir() -> Path:
    """Where quarantine reports go: ``LINKWATCH_QUARANTINE_DIR`` or ``./quarantine``."""
    return settings().quarantine_dir


def fingerprint(mapping: Mapping, sources: list[Source]) -> str:
    """A hash of the mapping and the input files' contents: the same input, the same print."""
    digest = hashlib.sha1(mapping.name.encode())
    for path in dict.fromkeys(s.table.path for s in sources):
        digest.update(path.name.encode())
        with path.open("rb") as handle:
            for block in iter(lambda h=handle: h.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _file_records(source: Source, table: SourceTable) -> FileRecords:
    """One table's (or chunk's) records, with what reading refused as the rows' reasons."""
    records = build_records(source.spec, table.frame)
    records.file = table.name
    records.rows_read = table.rows_read
    # A value refused on reading (a formula never calculated) is the reason for its row,
    # not what validation then makes of the empty text ("missing subject_id").
    refused = {(p.row, p.column) for p in table.problems}
    records.problems = [p for p in records.problems if (p.row, p.column) not in refused]
    records.problems += [
        Problem(table.name, p.row, p.column, p.reason, p.value) for p in table.problems
    ]
    records.problems += [
        Problem(table.name, u.row, "", u.reason, _preview(u.raw)) for u in table.unreadable
    ]
    records.rows += [u.row for u in table.unreadable]
    return records


def _records(sources: list[Source]) -> list[FileRecords]:
    """Every source's records, each file as one table (for inspection and tests)."""
    return [_file_records(s, t) for s in sources for t in s.tables(None)]


def _preview(raw: str, limit: int = 500) -> str:
    """An unreadable record's text for the quarantine's value column (whole in ``record``)."""
    text = raw.rstrip("\r\n")
    return text if len(text) <= limit else f"{text[:limit]} ... ({len(text):,} characters)"


class _Writer:
    """The one writer on its own thread, fed settled chunks through a bounded queue.

    While it writes chunk N (its transactions waiting on Neo4j), the caller reads, maps
    and settles chunk N+1; at most ``depth`` chunks wait, so memory stays bounded.
    """

    def __init__(self, db: Database, source: str, run: str, batch_size: int,
                 depth: int = 2) -> None:
        self.db, self.source, self.run, self.batch_size = db, source, run, batch_size
        self.counts = writer.WriteCounts()
        self.error: BaseException | None = None
        self.queue: queue.Queue[Chunk | None] = queue.Queue(maxsize=depth)
        self.thread = threading.Thread(target=self._loop, name="ingest-writer", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while (chunk := self.queue.get()) is not None:
            if self.error is not None:
                continue  # drain: the caller raises the first error
            try:
                writer.write(
                    self.db, chunk.settled.nodes, chunk.settled.rels, source=self.source,
                    run=self.run, batch_size=self.batch_size, progress=False,
                    create_nodes=chunk.create_nodes, create_rels=chunk.create_rels,
                    counts=self.counts,
                )
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                self.error = exc

    def put(self, chunk: Chunk) -> None:
        """Queue a chunk (waits while the queue is full); raise the writer's error, if any."""
        self._raise()
        self.queue.put(chunk)

    def close(self) -> writer.WriteCounts:
        """Wait for every queued chunk to be written; raise the writer's error, if any."""
        self.queue.put(None)
        self.thread.join()
        self._raise()
        return self.counts

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error


class _Clock:
    """Seconds spent per step of a run (the summary's ``timings``: where the time went)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def take(self, step: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self.spent[step] = self.spent.get(step, 0.0) + time.perf_counter() - started

    def seconds(self) -> dict[str, float]:
        return {k: round(v, 3) for k, v in self.spent.items()}


def new_run_id() -> str:
    """A new IngestRun id: when it started (UTC) and a random suffix."""
    return "run-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def settled_chunks(sources: list[Source], state: RunState, tally: Tally,
                   chunk_rows: int | None = None, clock: _Clock | None = None
                   ) -> Iterator[tuple[SourceTable, Chunk]]:
    """Stages 1-4 for every source, chunk by chunk: read, validate and map, settle against
    the run so far (``state``) and account for it (``tally``); the streaming ingest writes
    what this yields, the bulk path turns it into import files."""
    clock = clock or _Clock()
    for source in sources:
        tables = source.tables(chunk_rows or settings().ingest_chunk_rows)
        while (table := clock.take("read", next, tables, None)) is not None:
            records = clock.take("map", _file_records, source, table)
            chunk = clock.take("settle", state.settle, records)
            tally.add(records, chunk.settled, table)
            yield table, chunk


def after_ingest(db: Database, run_id: str, clock: _Clock | None = None) -> dict[str, Any]:
    """What follows the writes of a run (streamed or bulk): the summary's ``lifecycle`` and
    ``location_reports``."""
    clock = clock or _Clock()
    # New offences reactivate archived subjects; custody archives adopted ones.
    workflow = clock.take("lifecycle", lifecycle.after_ingest, db, run_id)
    # New or changed subjects scored against the kept person-resolution model.
    from graph.resolution import service as resolution

    clock.take("resolution", resolution.after_ingest, db, run_id)
    # Alerts on what the run changed (keyed by facts: a re-run raises nothing).
    from graph import alerts  # here: the alerts area reads every area

    clock.take("alerts", alerts.run, db, dt.date.today(), by=f"ingest {run_id}")
    # Public reports go to their places (new places may take over older reports).
    clustered = clock.take("location_reports", location_reports.after_ingest, db)
    return {"lifecycle": {k: [r["subject_id"] for r in v] for k, v in workflow.items()},
            "location_reports": clustered}


def labels_of(mapping: Mapping) -> set[str]:
    return {n.label for f in mapping.files for n in f.nodes}


def run_ingest(
    path: str | Path,
    mapping: str | Mapping = "canonical",
    *,
    db: Database | None = None,
    dry_run: bool = False,
    quarantine_dir: Path | None = None,
    progress: bool | None = None,
    batch_size: int = writer.BATCH_SIZE,
    chunk_rows: int | None = None,
) -> dict[str, Any]:
    """Run one ingest job.

    Args:
        path: a folder of export files (or one file of it).
        mapping: a shipped mapping's name, a YAML path, or a :class:`Mapping`.
        db: the execution point; required unless ``dry_run``.
        dry_run: validate and account for every row, write nothing (no quarantine file).
        quarantine_dir: where the quarantine CSV goes.
        progress: progress bar on or off (default: when on a terminal).
        batch_size: rows per write transaction.
        chunk_rows: records read, settled and written at a time (default:
            ``LINKWATCH_INGEST_CHUNK_ROWS``); the result does not depend on it.

    Returns:
        The run summary (see the README), JSON-serialisable.

    Raises:
        IngestError: fatal problems only.
    """
    started = time.perf_counter()
    chosen = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    collected = collect(Path(path), chosen, settings().ingest_field_limit)
    sources = collected.sources
    if db is None and not dry_run:
        raise IngestError("no database to write to")
    run_id = new_run_id()
    if db is not None:
        state = RunState(chosen, lambda label, ids: writer.existing_ids(db, label, ids),
                         lambda label, ids: writer.node_props(db, label, ids),
                         writer.empty_labels(db, labels_of(chosen)))
    else:
        state = RunState(chosen, lambda label, ids: set(), None, labels_of(chosen))
    sink = None
    if not dry_run:
        assert db is not None
        interrupted = db.write(
            "ingest/run_start",
            id=run_id,
            mapping=chosen.name,
            path=str(path),
            fingerprint=fingerprint(chosen, sources),
        )[0]["interrupted"]
        sink = _Writer(db, chosen.name, run_id, batch_size)
    tally = Tally()
    show = sys.stderr.isatty() if progress is None else progress
    clock = _Clock()
    try:
        with tqdm(disable=not show, unit="row", desc="ingest") as bar:
            for table, chunk in settled_chunks(sources, state, tally, chunk_rows, clock):
                if sink is not None:
                    clock.take("wait_for_writer", sink.put, chunk)
                bar.update(table.rows_read)
    finally:
        counts = clock.take("wait_for_writer", sink.close) if sink is not None else None
    quarantine = None
    if not dry_run:
        assert db is not None
        quarantine = tally.write_quarantine(quarantine_dir or default_quarantine_dir(), run_id)
        after = after_ingest(db, run_id, clock)
    summary = tally.summary(counts, state.merged, state.repeated)
    summary.update(
        {
            "ignored_files": collected.ignored,
            "warnings": collected.warnings,
            "run": run_id if not dry_run else None,
            "mapping": chosen.name,
            "path": str(path),
            "dry_run": dry_run,
            "quarantine_file": str(quarantine) if quarantine else None,
            "seconds": round(time.perf_counter() - started, 3),
            "timings": clock.seconds(),
        }
    )
    if not dry_run:
        assert db is not None
        summary["resumed_interrupted_runs"] = interrupted
        summary.update(after)
        totals = summary["totals"]
        db.write(
            "ingest/run_finish",
            id=run_id,
            props={
                "status": "completed",
                "rows_read": totals["rows_read"],
                "rows_loaded": totals["loaded"],
                "rows_quarantined": totals["quarantined"],
                "nodes_created": totals["nodes_created"],
                "nodes_updated": totals["nodes_updated"],
                "relationships_created": totals["relationships_created"],
                "relationships_updated": totals["relationships_updated"],
                "unclassified_offences": summary["unclassified_offences"],
                "quarantine_file": summary["quarantine_file"],
                "summary_json": json.dumps(summary, default=str),
            },
        )
    return summary
