"""An ingest run's account of itself: the summary and the quarantine CSV, built chunk by chunk.

:class:`Tally` takes each settled chunk as it passes and keeps only what the account needs:
counts per file, the offences left unclassified, and the problems with their rows' raw
records (as many as there are bad rows, never the good ones).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from graph import csvout
from graph.classification import UNCLASSIFIED
from ingest.read import FILE, ROW, SourceTable
from ingest.rows import FileRecords
from ingest.settle import Settled
from ingest.validate import Problem
from ingest.writer import WriteCounts

#: Columns of the quarantine CSV: where the bad value was, why, the value and the raw record.
QUARANTINE_COLUMNS = ("file", "row", "column", "reason", "value", "record")

#: What the summary's counts count (the summary carries this sentence as ``counting``).
COUNTING = (
    "rows_read counts records: a CSV record (one line, or several when a quoted value holds "
    "line breaks; lines an unclosed quote ran over count one each), a non-empty spreadsheet "
    "row, a JSON line or array element; every record read is loaded or quarantined "
    "(rows_read = loaded + quarantined)"
)

_WRITTEN = ("nodes_created", "nodes_updated", "relationships_created", "relationships_updated")


class Tally:
    """Running counts and the quarantined rows of one run."""

    def __init__(self) -> None:
        self.files: dict[str, dict[str, int]] = {}
        self.problems: list[Problem] = []
        self.raw: dict[tuple[str, int], dict[str, Any]] = {}
        self.unclassified: dict[str, int] = defaultdict(int)

    def add(self, records: FileRecords, settled: Settled, table: SourceTable) -> None:
        """Count one settled chunk and keep its quarantined rows' records."""
        entry = self.files.setdefault(records.file, {"rows_read": 0, "quarantined": 0})
        entry["rows_read"] += records.rows_read
        entry["quarantined"] += len(settled.quarantined)
        self.problems += settled.problems
        for n in settled.nodes:
            if n.label == "Offence" and n.props.get("category") == UNCLASSIFIED:
                self.unclassified[n.props.get("ho_code") or "(none)"] += 1
        if not settled.quarantined:
            return
        wanted = {row for _, row in settled.quarantined}
        frame = table.frame
        sub = frame[frame[ROW].isin(wanted)].rename(columns=table.renamed)
        for rec in sub.to_dict("records"):
            key = (rec.pop(FILE), int(rec.pop(ROW)))
            self.raw[key] = rec
        # A record that could not be read as a row keeps its text as it stood in the file.
        for u in table.unreadable:
            self.raw[(table.name, u.row)] = {"raw": u.raw}

    def write_quarantine(self, folder: Path, run_id: str) -> Path | None:
        """The quarantine CSV, one line per problem in file and row order (None: no problem)."""
        if not self.problems:
            return None
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{run_id}-quarantine.csv"
        rows = []
        for p in sorted(self.problems, key=lambda p: (p.file, p.row, p.column)):
            record = self.raw.get((p.file, p.row))
            rows.append([p.file, p.row, p.column, p.reason, p.value,
                         json.dumps(record, ensure_ascii=False) if record else ""])
        with target.open("w", newline="", encoding="utf-8") as handle:
            csvout.write_rows(handle, QUARANTINE_COLUMNS, rows)
        return target

    def summary(self, counts: WriteCounts | None, merged: int, repeated: int) -> dict[str, Any]:
        """The run summary's counts (the pipeline adds the run's facts)."""
        by_file: dict[str, dict[str, Any]] = {}
        for name, f in self.files.items():
            entry = {"rows_read": f["rows_read"], "loaded": f["rows_read"] - f["quarantined"],
                     "quarantined": f["quarantined"]}
            written = counts.by_file.get(name, {}) if counts else {}
            entry.update({key: int(written.get(key, 0)) for key in _WRITTEN})
            by_file[name] = entry
        keys = ("rows_read", "loaded", "quarantined", *_WRITTEN)
        totals = {k: sum(f[k] for f in by_file.values()) for k in keys}
        unclassified = dict(sorted(self.unclassified.items(), key=lambda kv: -kv[1])[:20])
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
            "unclassified_offences": sum(self.unclassified.values()),
            "unclassified_codes": unclassified,
            "duplicate_rows_merged": merged,
            "repeated_ids_kept": repeated,
            "quarantine_reasons": _reasons(self.problems),
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
