"""Stage 4 for a streamed run: settle one chunk at a time against what the run loaded before.

:func:`ingest.settle.settle` settles one chunk's records. What makes a chunk's result the
same as settling the whole run at once is :class:`RunState`: a node or relationship an
earlier chunk loaded is a duplicate here (merged when equal, quarantined when it differs,
naming the first file and row), a reference to it resolves, and a check against a
referenced order reads the order as the run loaded it. It also decides, for the one
writer, which nodes are new to the database (CREATE) and which relationships have a new
end (CREATE rather than MERGE).

Files are settled in the mapping's order, so a relationship finds its ends in an earlier
file, earlier in its own file, or in the database (every shipped mapping is in that order).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ingest.mapping import Mapping
from ingest.memory import FRESH, Memory, content_hashes, fingerprints
from ingest.rows import FileRecords, NodeRecord, RelRecord
from ingest.settle import Fetch, Lookup, Settled, Versions, keep_all, settle
from ingest.validate import Problem

_SEP = "\x1f"


@dataclass
class Chunk:
    """One settled chunk: what to write, how, and why rows were held back."""

    settled: Settled
    create_nodes: list[bool] = field(default_factory=list)
    create_rels: list[bool] = field(default_factory=list)


def _node_key(label: str, node_id: str) -> str:
    return f"{label}{_SEP}{node_id}"


def _rel_key(r: RelRecord) -> str:
    return _SEP.join(r.identity)


class RunState:
    """What a streamed run has loaded so far, and the settling of its next chunk.

    Args:
        mapping: the run's mapping (which labels later checks read properties of).
        lookup: ids already in the database, by label (``lambda label, ids: set()`` when
            there is none).
        fetch: properties of nodes already in the database (None: there is none).
        empty_labels: labels the database held no node of when the run started: every node
            of those is new, with no lookup.
    """

    def __init__(self, mapping: Mapping, lookup: Lookup, fetch: Fetch | None,
                 empty_labels: set[str] | None = None) -> None:
        self.db_lookup = lookup
        self.db_fetch = fetch
        self.empty = set(empty_labels or ())
        self.nodes = Memory()
        self.rels = Memory()
        self.versions: Versions = {}
        self.checked_labels = {f.refs[name].label for f in mapping.files
                               for c in f.checks for name in c.refs}
        self.props: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.merged = 0
        self.repeated = 0

    def settle(self, records: FileRecords) -> Chunk:
        """Settle one chunk of one file against the run so far, and remember what it loads."""
        bad = {p.row for p in records.problems}
        if records.spec.duplicates == "keep_all":
            self.repeated += keep_all([records], self.versions)
        records.problems += self._earlier_nodes(records, bad)
        records.problems += self._earlier_rels(records, bad)
        settled = settle([records], self._lookup, self._fetch if self._has_fetch else None)
        self.merged += settled.merged_duplicates
        chunk = Chunk(settled)
        chunk.create_nodes = self._fresh(settled.nodes)
        self._remember_nodes(settled.nodes, chunk.create_nodes)
        chunk.create_rels = self._new_ends(settled.rels, settled.nodes, chunk.create_nodes)
        self._remember_rels(settled.rels)
        return chunk

    # --- against earlier chunks -----------------------------------------------------------

    def _earlier_nodes(self, records: FileRecords, bad: set[int]) -> list[Problem]:
        """Drop nodes an earlier chunk loaded the same; a problem for those it loaded
        differently."""
        def conflict(n: NodeRecord, first: str) -> Problem:
            return Problem(n.file, n.row, "id", f"duplicate {n.label} id {n.id!r} with "
                           f"different values from {first}", n.id)

        kept, problems = _against(self.nodes, records.nodes, bad,
                                  lambda n: _node_key(n.label, n.id), conflict)
        self.merged += len(records.nodes) - len(kept) - len(problems)
        records.nodes = kept
        return problems

    def _earlier_rels(self, records: FileRecords, bad: set[int]) -> list[Problem]:
        """The same for relationships (an equal one is written once)."""
        def conflict(r: RelRecord, first: str) -> Problem:
            return Problem(r.file, r.row, r.type, f"duplicate {r.type} {r.start_id}->"
                           f"{r.end_id} with different values from {first}", "")

        kept, problems = _against(self.rels, records.rels, bad, _rel_key, conflict)
        records.rels = kept
        return problems

    def _lookup(self, label: str, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        found = self.nodes.find(fingerprints([_node_key(label, i) for i in ids]))
        held = {i for i, hit in zip(ids, found.hit.tolist(), strict=True) if hit}
        rest = [i for i in ids if i not in held]
        if rest and label not in self.empty:
            held |= self.db_lookup(label, rest)
        return held

    @property
    def _has_fetch(self) -> bool:
        return self.db_fetch is not None or bool(self.props)

    def _fetch(self, label: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        mine = self.props.get(label, {})
        out = {i: mine[i] for i in ids if i in mine}
        rest = [i for i in ids if i not in out]
        if rest and self.db_fetch is not None and label not in self.empty:
            out.update(self.db_fetch(label, rest))
        return out

    # --- what the writer needs --------------------------------------------------------------

    def _fresh(self, nodes: list[NodeRecord]) -> list[bool]:
        """Whether each node is new to the database (none of them was loaded earlier)."""
        by_label: dict[str, list[str]] = defaultdict(list)
        for n in nodes:
            if n.label not in self.empty:
                by_label[n.label].append(n.id)
        held = {label: self.db_lookup(label, ids) for label, ids in by_label.items()}
        return [n.label in self.empty or n.id not in held[n.label] for n in nodes]

    def _new_ends(self, rels: list[RelRecord], nodes: list[NodeRecord],
                  fresh: list[bool]) -> list[bool]:
        """Whether each relationship has an end new to the database (so it cannot exist)."""
        here = {_node_key(n.label, n.id) for n, f in zip(nodes, fresh, strict=True) if f}
        ends = [_node_key(r.start_labels[0], r.start_id) for r in rels]
        ends += [_node_key(r.end_labels[0], r.end_id) for r in rels]
        found = self.nodes.find(fingerprints(ends))
        fresh_end = (found.hit & (found.flags & FRESH).astype(bool)).tolist()
        if here:
            fresh_end = [f or k in here for k, f in zip(ends, fresh_end, strict=True)]
        half = len(rels)
        return [fresh_end[i] or fresh_end[half + i] for i in range(half)]

    def _remember_nodes(self, nodes: list[NodeRecord], fresh: list[bool]) -> None:
        self.nodes.add(
            fingerprints([_node_key(n.label, n.id) for n in nodes]),
            content_hashes([n.hash for n in nodes]),
            [n.file for n in nodes], [n.row for n in nodes],
            [FRESH if f else 0 for f in fresh],
        )
        for n in nodes:
            if n.label in self.checked_labels:
                self.props[n.label][n.id] = n.props

    def _remember_rels(self, rels: list[RelRecord]) -> None:
        self.rels.add(
            fingerprints([_rel_key(r) for r in rels]),
            content_hashes([r.hash for r in rels]),
            [r.file for r in rels], [r.row for r in rels], [0] * len(rels),
        )



def _against(memory: Memory, items: list, bad: set[int], key, conflict) -> tuple[list, list]:
    """Split a chunk's records by what ``memory`` holds: those it does not hold (kept, with
    the records of bad rows), and a problem for each it holds with other values; those it
    holds the same are dropped."""
    if not len(memory):
        return items, []
    candidates = [x for x in items if x.row not in bad]
    found = memory.find(fingerprints([key(x) for x in candidates]))
    if not found.hit.any():
        return items, []
    differs = found.hit & (found.content != content_hashes([x.hash for x in candidates]))
    gone = {id(x) for x, hit in zip(candidates, found.hit.tolist(), strict=True) if hit}
    problems = [
        conflict(candidates[i], f"{memory.file_name(found.file[i])} row {found.row[i]}")
        for i in np.nonzero(differs)[0]
    ]
    return [x for x in items if id(x) not in gone], problems
