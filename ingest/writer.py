"""Stage 5, the one writer: settled records into Neo4j in ``UNWIND`` batches.

Each batch is one transaction through the execution point. Nodes are written before
relationships, so every relationship finds its ends. Because unchanged records are
skipped by hash, an interrupted run that is started again simply finishes the job.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm

from graph.db import Database, render
from graph.errors import ConstraintViolation
from graph.settings import settings
from ingest.rows import NodeRecord, RelRecord

BATCH_SIZE = 5000


@dataclass
class WriteCounts:
    """Created and updated counts, by file and by label or type."""

    nodes_created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    nodes_updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rels_created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rels_updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_file: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )

    def add(self, file: str, kind: str, name: str, created: int, updated: int) -> None:
        """Count one batch's result for a node label or relationship type."""
        made, changed = (
            (self.nodes_created, self.nodes_updated)
            if kind == "nodes"
            else (self.rels_created, self.rels_updated)
        )
        made[name] += created
        changed[name] += updated
        self.by_file[file][f"{kind}_created"] += created
        self.by_file[file][f"{kind}_updated"] += updated


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _node_row(n: NodeRecord, source: str) -> dict[str, Any]:
    # Provenance as one string (mapping:file:row): every property costs store writes.
    return {"id": n.id, "props": n.props, "hash": n.hash, "src": f"{source}:{n.file}:{n.row}"}


def _rel_row(r: RelRecord, source: str) -> dict[str, Any]:
    return {
        "start": r.start_id,
        "end": r.end_id,
        "key": r.key,
        "props": r.props,
        "hash": r.hash,
        "src": f"{source}:{r.file}:{r.row}",
    }


def empty_labels(db: Database, labels: set[str]) -> set[str]:
    """The labels of which the database holds no node (a first load of them)."""
    return {label for label in labels
            if not db.read_text("ingest/label_count",
                                render("ingest/label_count", label=label))[0]["n"]}


def existing_ids(db: Database, label: str, ids: list[str]) -> set[str]:
    """The subset of ``ids`` that already exist as ``label`` nodes."""
    found: set[str] = set()
    text = render("ingest/existing_ids", label=label)
    for chunk in _batches(ids, 20000):
        records = db.read_text("ingest/existing_ids", text, ids=list(chunk))
        found.update(r["id"] for r in records)
    return found


def node_props(db: Database, label: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The properties of those ``ids`` that already exist as ``label`` nodes, by id."""
    found: dict[str, dict[str, Any]] = {}
    text = render("ingest/node_props", label=label)
    for chunk in _batches(ids, 20000):
        for r in db.read_text("ingest/node_props", text, ids=list(chunk)):
            found[r["id"]] = r["props"]
    return found


def write(
    db: Database,
    nodes: list[NodeRecord],
    rels: list[RelRecord],
    *,
    source: str,
    run: str,
    batch_size: int = BATCH_SIZE,
    progress: bool | None = None,
    create_nodes: list[bool] | None = None,
    create_rels: list[bool] | None = None,
    counts: WriteCounts | None = None,
) -> WriteCounts:
    """Write settled records, nodes first.

    Nodes not yet in the database are CREATEd, and so are relationships with an end created
    by this run (neither can exist yet); everything else is MERGEd and updated only when
    its property hash changed.

    Args:
        db: the execution point.
        nodes: one record per node.
        rels: one record per relationship, with resolved end labels.
        source: the mapping name, kept on every node and relationship.
        run: the IngestRun id, kept on everything this run creates or changes.
        batch_size: rows per transaction.
        progress: show a progress bar; default: only when stderr is a terminal.
        create_nodes, create_rels: per record, whether it is new to the database, as a
            streamed run's settling decided (default: looked up here).
        counts: add to these counts (a streamed run's running totals).

    Returns:
        Created and updated counts.
    """
    counts = WriteCounts() if counts is None else counts
    show = sys.stderr.isatty() if progress is None else progress
    if create_nodes is None or create_rels is None:
        fresh = _fresh_ids(db, nodes)
        create_nodes = [n.id in fresh[n.label] for n in nodes]
        create_rels = [r.start_id in fresh[r.start_labels[0]] or r.end_id in fresh[r.end_labels[0]]
                       for r in rels]
    jobs: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for n, new in zip(nodes, create_nodes, strict=True):
        how = "create" if new else "merge"
        jobs[(n.file, "nodes", how, n.label)].append(_node_row(n, source))
    for r, new in zip(rels, create_rels, strict=True):
        start, end = r.start_labels[0], r.end_labels[0]
        how = "create" if new else "merge"
        jobs[(r.file, "relationships", how, f"{start}|{r.type}|{end}")].append(_rel_row(r, source))
    with tqdm(total=len(nodes) + len(rels), disable=not show, unit="rec", desc="writing") as bar:
        # All nodes before any relationship, so every relationship finds its ends. Within a
        # phase, LINKWATCH_INGEST_WRITERS transactions run at once: the server works on one
        # batch while the driver packs the next (deadlocks between relationship batches are
        # retried).
        writers = settings().ingest_writers
        for phase in ("nodes", "relationships"):
            tasks = [
                (file, kind, how, what, list(chunk))
                for (file, kind, how, what), rows in jobs.items() if kind == phase
                for chunk in _batches(rows, batch_size)
            ]
            with ThreadPoolExecutor(max_workers=writers) as pool:
                futures = {
                    pool.submit(_write_batch, db, kind, how, what, chunk, run): (
                        file, kind, what, len(chunk))
                    for file, kind, how, what, chunk in tasks
                }
                for future in as_completed(futures):
                    file, kind, what, size = futures[future]
                    created, updated = future.result()
                    name = what if kind == "nodes" else what.split("|")[1]
                    counts.add(file, kind, name, created, updated)
                    bar.update(size)
    return counts


def _fresh_ids(db: Database, nodes: list[NodeRecord]) -> dict[str, set[str]]:
    """Per label, the ids of this run's nodes that the database does not hold yet."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        by_label[n.label].append(n.id)
    fresh: dict[str, set[str]] = defaultdict(set)
    for label, ids in by_label.items():
        held = db.read_text("ingest/label_count", render("ingest/label_count", label=label))
        # An empty label (a first load) needs no lookups: every id is new.
        fresh[label] = set(ids) - (existing_ids(db, label, ids) if held[0]["n"] else set())
    return fresh


def _write_batch(
    db: Database, kind: str, how: str, what: str, rows: list[dict[str, Any]], run: str
) -> tuple[int, int]:
    query = f"ingest/{how}_{'nodes' if kind == 'nodes' else 'rels'}"
    if kind == "nodes":
        text = render(query, label=what)
    else:
        start, rel_type, end = what.split("|")
        text = render(query, rel_type=rel_type, from_label=start, to_label=end)
    try:
        records, _ = db.write_text(query, text, rows=rows, run=run)
    except ConstraintViolation:
        if how != "create":
            raise
        # Another writer created some of these meanwhile: MERGE them instead.
        return _write_batch(db, kind, "merge", what, rows, run)
    return records[0]["created"], records[0]["updated"]
