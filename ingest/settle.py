"""Stage 4: settle duplicates and references across every file of a run.

Pure apart from ``lookup``, a function that says which ids already exist in the database,
and ``fetch``, which returns the properties of nodes already there (the pipeline passes
functions backed by Neo4j; tests pass dicts). A row is loaded only when
everything it makes can be loaded; otherwise the whole row is quarantined, and rows that
relied on it follow (an offence quarantined for a bad date takes its suspect links with it),
until nothing changes. Checks against a referenced node (a condition dated outside its
order, a breach whose condition belongs to another order) run once the references stand,
against the node as this run loads it or, failing that, as the database holds it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ingest.rows import FileRecords, NodeRecord, RefCheck, RelRecord
from ingest.validate import Problem, compare, default_message

Lookup = Callable[[str, list[str]], set[str]]
Fetch = Callable[[str, list[str]], dict[str, dict[str, Any]]]
RowKey = tuple[str, int]

_NOUN = {
    "Subject": "subject",
    "Offence": "offence",
    "Victim": "victim",
    "Location": "location",
    "Order": "order",
    "OrderCondition": "order condition",
    "Intelligence": "intelligence report",
}


@dataclass
class Settled:
    """What to write, and why each quarantined row was held back."""

    nodes: list[NodeRecord]
    rels: list[RelRecord]
    problems: list[Problem]
    quarantined: set[RowKey] = field(default_factory=set)
    merged_duplicates: int = 0
    repeated_ids: int = 0


def _key(record: NodeRecord | RelRecord) -> RowKey:
    return (record.file, record.row)


Versions = dict[tuple[str, str], list[str]]


def keep_all(files: list[FileRecords], versions: Versions | None = None) -> int:
    """Give repeated ids with different values their own node: ``id``, ``id~2``, ...

    For sources such as police.uk, where one Crime ID can stand on several rows that
    disagree; identical repeats still merge. ``versions`` carries what earlier chunks of
    a streamed run saw.
    """
    renamed = 0
    versions = {} if versions is None else versions
    for f in files:
        if f.spec.duplicates != "keep_all":
            continue
        moves: dict[tuple[int, str], str] = {}
        for n in f.nodes:
            seen = versions.setdefault((n.label, n.id), [])
            if n.hash not in seen:
                seen.append(n.hash)
                renamed += len(seen) > 1
            index = seen.index(n.hash)
            if index:
                moves[(n.row, n.id)] = new = f"{n.id}~{index + 1}"
                n.props["repeated_id"] = True
                n.id = new
        for r in f.rels:
            r.start_id = moves.get((r.row, r.start_id), r.start_id)
            r.end_id = moves.get((r.row, r.end_id), r.end_id)
    return renamed


def _dedupe_nodes(
    nodes: Iterable[NodeRecord], quarantined: set[RowKey]
) -> tuple[dict[tuple[str, str], list[NodeRecord]], list[Problem], int]:
    groups: dict[tuple[str, str], list[NodeRecord]] = {}
    problems: list[Problem] = []
    merged = 0
    for n in nodes:
        if _key(n) in quarantined:
            continue
        group = groups.setdefault((n.label, n.id), [])
        if group and group[0].hash != n.hash:
            first = group[0]
            problems.append(
                Problem(
                    n.file,
                    n.row,
                    "id",
                    f"duplicate {n.label} id {n.id!r} with different values from "
                    f"{first.file} row {first.row}",
                    n.id,
                )
            )
            continue
        merged += bool(group)
        group.append(n)
    return groups, problems, merged


def settle(files: list[FileRecords], lookup: Lookup, fetch: Fetch | None = None,
           versions: Versions | None = None) -> Settled:
    """Resolve duplicates and references for one run (or one chunk of a streamed run).

    Args:
        files: each file's records and problems, in load order.
        lookup: ``lookup(label, ids)`` returns the subset of ``ids`` already in the database
            (or, for a chunk, loaded by an earlier chunk of the run).
        fetch: ``fetch(label, ids)`` returns ``{id: properties}`` of those in the database
            (for checks against referenced nodes); None: nothing is in the database.
        versions: the ``keep_all`` files' ids and their versions seen so far in the run.

    Returns:
        Records to write (one per node and per relationship) and every problem.
    """
    problems = [p for f in files for p in f.problems]
    quarantined = {(p.file, p.row) for p in problems}
    repeated = keep_all(files, versions)
    groups, dup_problems, merged = _dedupe_nodes((n for f in files for n in f.nodes), quarantined)
    problems += dup_problems
    quarantined |= {(p.file, p.row) for p in dup_problems}
    rels = [r for f in files for r in f.rels]
    known: dict[str, set[str]] = defaultdict(set)
    asked: dict[str, set[str]] = defaultdict(set)
    ref_checks = [c for f in files for c in f.ref_checks]
    stored = _Stored(fetch)
    while True:
        alive = {k: [n for n in g if _key(n) not in quarantined] for k, g in groups.items()}
        in_run: dict[str, set[str]] = defaultdict(set)
        for (label, node_id), g in alive.items():
            if g:
                in_run[label].add(node_id)
        new_problems = _check_references(rels, quarantined, in_run, known, asked, lookup)
        new_problems += _dedupe_rels_conflicts(rels, quarantined)
        if not new_problems:
            new_problems = _check_against_refs(ref_checks, quarantined, alive, stored)
        if not new_problems:
            break
        problems += new_problems
        quarantined |= {(p.file, p.row) for p in new_problems}
    nodes = [g[0] for g in alive.values() if g]
    out_rels: dict[tuple, RelRecord] = {}
    for r in rels:
        if _key(r) not in quarantined:
            out_rels.setdefault(r.identity, r)
    return Settled(nodes, list(out_rels.values()), problems, quarantined, merged, repeated)


def _resolve(labels: tuple[str, ...], node_id: str, in_run, known) -> str | None:
    for label in labels:
        if node_id in in_run[label] or node_id in known[label]:
            return label
    return None


def _check_references(rels, quarantined, in_run, known, asked, lookup) -> list[Problem]:
    # Ask the database once per label for ids this run does not make itself.
    wanted: dict[str, set[str]] = defaultdict(set)
    for r in rels:
        if _key(r) in quarantined:
            continue
        for labels, node_id in ((r.start_labels, r.start_id), (r.end_labels, r.end_id)):
            if _resolve(labels, node_id, in_run, known) is None:
                for label in labels:
                    if node_id not in asked[label]:
                        wanted[label].add(node_id)
    for label, ids in wanted.items():
        asked[label] |= ids
        known[label] |= lookup(label, sorted(ids))
    problems = []
    for r in rels:
        if _key(r) in quarantined:
            continue
        for side, labels, node_id in (
            ("from", r.start_labels, r.start_id),
            ("to", r.end_labels, r.end_id),
        ):
            label = _resolve(labels, node_id, in_run, known)
            if label is None:
                noun = " or ".join(_NOUN.get(lb, lb) for lb in labels)
                problems.append(
                    Problem(
                        r.file,
                        r.row,
                        side,
                        f"unknown {noun} {node_id!r}: not loaded by this run (it may be "
                        "quarantined itself) nor in the database",
                        node_id,
                    )
                )
                break
            if side == "from":
                r.start_labels = (label,)
            else:
                r.end_labels = (label,)
    return problems


def _dedupe_rels_conflicts(rels: list[RelRecord], quarantined: set[RowKey]) -> list[Problem]:
    first: dict[tuple, RelRecord] = {}
    problems = []
    for r in rels:
        if _key(r) in quarantined:
            continue
        seen = first.setdefault(r.identity, r)
        if seen is not r and seen.hash != r.hash:
            problems.append(
                Problem(
                    r.file,
                    r.row,
                    r.type,
                    f"duplicate {r.type} {r.start_id}->{r.end_id} with different values "
                    f"from {seen.file} row {seen.row}",
                    "",
                )
            )
    return problems


class _Stored:
    """Properties of referenced nodes already in the database, fetched once per id."""

    def __init__(self, fetch: Fetch | None) -> None:
        self.fetch = fetch
        self.props: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.asked: dict[str, set[str]] = defaultdict(set)

    def load(self, label: str, ids: set[str]) -> None:
        ids = ids - self.asked[label]
        if self.fetch is None or not ids:
            return
        self.asked[label] |= ids
        self.props[label].update(self.fetch(label, sorted(ids)))


def _native(value: Any) -> Any:
    # neo4j.time.Date and friends compare with the datetime.date values of this run.
    return value.to_native() if hasattr(value, "to_native") else value


def _check_against_refs(
    checks: list[RefCheck], quarantined: set[RowKey], alive: dict, stored: _Stored
) -> list[Problem]:
    pending = [c for c in checks if (c.file, c.row) not in quarantined]
    wanted: dict[str, set[str]] = defaultdict(set)
    for c in pending:
        if not alive.get((c.ref.label, c.ref_id)):
            wanted[c.ref.label].add(c.ref_id)
    for label, ids in wanted.items():
        stored.load(label, ids)
    problems = []
    for c in pending:
        group = alive.get((c.ref.label, c.ref_id))
        props = group[0].props if group else stored.props[c.ref.label].get(c.ref_id)
        if props is None:
            continue  # an unknown reference is the reference check's to report
        operands = [
            _native(props.get(x.split(".", 1)[1])) if "." in x else c.values.get(x)
            for x in c.check.columns
        ]
        if compare(c.check.kind, *operands) is False:
            column = next(x for x in reversed(c.check.columns) if "." not in x)
            problems.append(
                Problem(c.file, c.row, column, c.check.message or default_message(c.check),
                        str(c.values.get(column) or ""))
            )
    return problems
