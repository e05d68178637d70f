"""An ingest job: read -> validate -> map to records -> settle -> write, and account for it.

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
import time
import uuid
from pathlib import Path
from typing import Any

from graph import csvout, location_reports
from graph.classification import UNCLASSIFIED
from graph.db import Database
from graph.settings import settings
from graph.tiers import lifecycle
from ingest import writer
from ingest.mapping import Mapping, load_mapping
from ingest.read import FILE, ROW
from ingest.rows import FileRecords, build_records
from ingest.settle import Settled, settle
from ingest.sources import IngestError, Source, collect
from ingest.validate import Problem

__all__ = ["IngestError", "Source", "collect", "run_ingest"]

#: Columns of the quarantine CSV: where the bad value was, why, the value and the raw record.
QUARANTINE_COLUMNS = ("file", "row", "column", "reason", "value", "record")

#: What the summary's counts count (the summary carries this sentence as ``counting``).
COUNTING = (
    "rows_read counts records: a CSV record (one line, or several when a quoted value holds "
    "line breaks; lines an unclosed quote ran over count one each), a non-empty spreadsheet "
    "row, a JSON line or array element; every record read is loaded or quarantined "
    "(rows_read = loaded + quarantined)"
)


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


def _records(sources: list[Source]) -> list[FileRecords]:
    out = []
    for s in sources:
        table = s.table
        records = build_records(s.spec, table.frame)
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
        out.append(records)
    return out


def _preview(raw: str, limit: int = 500) -> str:
    """An unreadable record's text for the quarantine's value column (whole in ``record``)."""
    text = raw.rstrip("\r\n")
    return text if len(text) <= limit else f"{text[:limit]} ... ({len(text):,} characters)"


def _write_quarantine(
    folder: Path, run_id: str, settled: Settled, sources: list[Source]
) -> Path | None:
    if not settled.problems:
        return None
    raw: dict[tuple[str, int], dict[str, str]] = {}
    for s in sources:
        frame, name = s.table.frame, s.table.name
        wanted = {row for f, row in settled.quarantined if f == name}
        if wanted:
            sub = frame[frame[ROW].isin(wanted)].rename(columns=s.table.renamed)
            for rec in sub.to_dict("records"):
                key = (rec.pop(FILE), int(rec.pop(ROW)))
                raw[key] = rec
        # A record that could not be read as a row keeps its text as it stood in the file.
        for u in s.table.unreadable:
            raw[(name, u.row)] = {"raw": u.raw}
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{run_id}-quarantine.csv"
    rows = []
    for p in sorted(settled.problems, key=lambda p: (p.file, p.row, p.column)):
        record = raw.get((p.file, p.row))
        rows.append([p.file, p.row, p.column, p.reason, p.value,
                     json.dumps(record, ensure_ascii=False) if record else ""])
    with target.open("w", newline="", encoding="utf-8") as handle:
        csvout.write_rows(handle, QUARANTINE_COLUMNS, rows)
    return target


def _summary(
    files: list[FileRecords], settled: Settled, counts: writer.WriteCounts | None
) -> dict[str, Any]:
    by_file: dict[str, dict[str, Any]] = {}
    for f in files:
        quarantined = sum(1 for row in f.rows if (f.file, row) in settled.quarantined)
        entry = {
            "rows_read": f.rows_read,
            "loaded": f.rows_read - quarantined,
            "quarantined": quarantined,
        }
        written = counts.by_file.get(f.file, {}) if counts else {}
        for key in (
            "nodes_created",
            "nodes_updated",
            "relationships_created",
            "relationships_updated",
        ):
            entry[key] = int(written.get(key, 0))
        by_file[f.file] = entry
    unclassified: dict[str, int] = {}
    for n in settled.nodes:
        if n.label == "Offence" and n.props.get("category") == UNCLASSIFIED:
            code = n.props.get("ho_code") or "(none)"
            unclassified[code] = unclassified.get(code, 0) + 1
    totals = {k: sum(f[k] for f in by_file.values()) for k in next(iter(by_file.values()))}
    return {
        "files": by_file,
        "totals": totals,
        "nodes": {
            "created": _nonzero(counts.nodes_created if counts else {}),
            "updated": _nonzero(counts.nodes_updated if counts else {}),
        },
        "relationships": {
            "created": _nonzero(counts.rels_created if counts else {}),
            "updated": _nonzero(counts.rels_updated if counts else {}),
        },
        "unclassified_offences": sum(unclassified.values()),
        "unclassified_codes": dict(sorted(unclassified.items(), key=lambda kv: -kv[1])[:20]),
        "duplicate_rows_merged": settled.merged_duplicates,
        "repeated_ids_kept": settled.repeated_ids,
        "quarantine_reasons": _reasons(settled.problems),
        "counting": COUNTING,
    }


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in sorted(counts.items()) if v}


def _reasons(problems: list[Problem]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in problems:
        # Group "unknown subject 'S9' ..." with its kind, not per id; and "field too long:
        # 200,000 characters ..." by what went wrong, not by the detail after the colon.
        reason = p.reason.split(" '")[0].split(" with different")[0].split(": ")[0]
        reason = reason.split(" on row ")[0]
        counts[reason] = counts.get(reason, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def run_ingest(
    path: str | Path,
    mapping: str | Mapping = "canonical",
    *,
    db: Database | None = None,
    dry_run: bool = False,
    quarantine_dir: Path | None = None,
    progress: bool | None = None,
    batch_size: int = writer.BATCH_SIZE,
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

    Returns:
        The run summary (see the README), JSON-serialisable.

    Raises:
        IngestError: fatal problems only.
    """
    started = time.perf_counter()
    chosen = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    collected = collect(Path(path), chosen, settings().ingest_field_limit)
    sources = collected.sources
    files = _records(sources)
    if db is None and not dry_run:
        raise IngestError("no database to write to")
    lookup = (
        (lambda label, ids: writer.existing_ids(db, label, ids))
        if db
        else (lambda label, ids: set())
    )
    fetch = (lambda label, ids: writer.node_props(db, label, ids)) if db else None
    settled = settle(files, lookup, fetch)
    run_id = "run-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    counts = None
    quarantine = None
    if not dry_run:
        assert db is not None
        print_ = fingerprint(chosen, sources)
        interrupted = db.write(
            "ingest/run_start",
            id=run_id,
            mapping=chosen.name,
            path=str(path),
            fingerprint=print_,
        )[0]["interrupted"]
        counts = writer.write(
            db,
            settled.nodes,
            settled.rels,
            source=chosen.name,
            run=run_id,
            batch_size=batch_size,
            progress=progress,
        )
        quarantine = _write_quarantine(
            quarantine_dir or default_quarantine_dir(), run_id, settled, sources
        )
        # New offences reactivate archived subjects; custody archives adopted ones.
        workflow = lifecycle.after_ingest(db, run_id)
        # New or changed subjects scored against the kept person-resolution model.
        from graph.resolution import service as resolution

        resolution.after_ingest(db, run_id)
        # Alerts on what the run changed (keyed by facts: a re-run raises nothing).
        from graph import alerts  # here: the alerts area reads every area

        alerts.run(db, dt.date.today(), by=f"ingest {run_id}")
        # Public reports go to their places (new places may take over older reports).
        clustered = location_reports.after_ingest(db)
    summary = _summary(files, settled, counts)
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
        }
    )
    if not dry_run:
        assert db is not None
        summary["resumed_interrupted_runs"] = interrupted
        summary["lifecycle"] = {k: [r["subject_id"] for r in v] for k, v in workflow.items()}
        summary["location_reports"] = clustered
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
