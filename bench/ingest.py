"""Ingest speed on the synthetic `force` profile, against two baselines measured in the same run.

1. linkwatch's ingest (read, validate, settle, UNWIND batches through the execution point);
2. Neo4j's own ``LOAD CSV`` of the same files into the same schema (``bench/load_csv/*.cypher``,
   ``CALL {...} IN TRANSACTIONS OF 5000 ROWS``, no validation at all);
3. a one-row-per-transaction loop, timed on a sample of offence rows and scaled.

Each runs on an emptied database with the schema in place. Figures are rows per second and
ratios, because the machines here are noisy: only the ratios travel between runs.

Usage: ``python bench/ingest.py [--profile force] [--seed 1] [--sample 2000]``. Starts its own
local Neo4j in a temporary folder unless ``NEO4J_URI`` is set (whose data it wipes).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/ingest.py`, this folder comes first on sys.path and its own name
# (ingest.py) would hide the `ingest` package: drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import csv
import json
import os
import shutil
import subprocess
import tempfile
import time

from graph import localdb, schema
from graph.db import Database
from ingest.pipeline import run_ingest
from ingest.synth import generate

HERE = Path(__file__).resolve().parent
LOAD_CSV = sorted((HERE / "load_csv").glob("*.cypher"))
ONE_ROW = (HERE / "one_row.cypher").read_text()


def wipe(db: Database) -> None:
    """Empty the database in batches, keeping the schema."""
    # Relationships first, in small transactions: dense nodes (online platforms carry
    # thousands of offences) would otherwise blow the transaction memory pool.
    db.run_autocommit("bench/wipe_rels", "MATCH ()-[r]->() CALL (r) { DELETE r } "
                                         "IN TRANSACTIONS OF 10000 ROWS")
    db.run_autocommit("bench/wipe_nodes", "MATCH (n) CALL (n) { DELETE n } "
                                          "IN TRANSACTIONS OF 10000 ROWS")
    schema.apply(db)


def count_rows(folder: Path) -> int:
    """Records in the CSV files the ingest reads (truth.json is not an input)."""
    total = 0
    for path in folder.glob("*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            total += sum(1 for _ in csv.reader(handle)) - 1
    return total


def graph_size(db: Database) -> tuple[int, int]:
    """Nodes (less IngestRun) and relationships."""
    n = db.read_text("bench/n", "MATCH (n) WHERE NOT n:IngestRun RETURN count(n) AS n")[0]["n"]
    r = db.read_text("bench/r", "MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return n, r


#: The ingest as a user runs it, in a process of its own so its peak memory is its own.
CHILD = (
    "import json, sys; from graph.db import Database; from ingest.pipeline import run_ingest; "
    "s = run_ingest(sys.argv[1], db=Database(), quarantine_dir=sys.argv[2], progress=False); "
    "open(sys.argv[3], 'w').write(json.dumps(s, default=str))"
)


def ingest_in_child(db: Database, folder: Path, env: dict[str, str] | None = None
                    ) -> tuple[float, dict, float]:
    """Ingest ``folder`` into ``db`` from a child process.

    Returns:
        Seconds, the run summary, and the child's peak resident memory in MB.
    """
    out = folder.parent / "summary.json"
    env = {**os.environ, **(env or {}), "NEO4J_URI": db.settings.uri,
           "NEO4J_USER": db.settings.user, "NEO4J_PASSWORD": db.settings.password}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder),
                              str(folder.parent / "quarantine"), str(out)],
                             env=env, cwd=HERE.parent)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise SystemExit(f"the ingest failed (status {status})")
    return seconds, json.loads(out.read_text()), usage.ru_maxrss / 1024


def bench_linkwatch(db: Database, folder: Path) -> tuple[float, dict, float]:
    wipe(db)
    return ingest_in_child(db, folder)


def bench_load_csv(db: Database, folder: Path, import_dir: Path) -> float:
    wipe(db)
    import_dir.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.csv"):
        shutil.copy(path, import_dir / path.name)
    started = time.perf_counter()
    for statement in LOAD_CSV:
        db.run_autocommit(f"bench/load_csv/{statement.stem}", statement.read_text(),
                          run="load-csv")
    return time.perf_counter() - started


def bench_one_row(db: Database, folder: Path, sample: int) -> float:
    """Seconds per row for one MERGE transaction per offence row (locations loaded first)."""
    wipe(db)
    run_ingest(folder / "locations.csv", db=db, quarantine_dir=folder.parent / "quarantine",
               progress=False)
    with (folder / "offences.csv").open(newline="", encoding="utf-8") as handle:
        rows = [r for _, r in zip(range(sample), csv.DictReader(handle), strict=False)]
    started = time.perf_counter()
    for r in rows:
        db.write_text("bench/one_row", ONE_ROW, id=r["offence_id"], ho_code=r["ho_code"],
                      reported_on=r["reported_on"], committed_from=r["committed_from"],
                      location_id=r["location_id"])
    return (time.perf_counter() - started) / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="force")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=2000, help="rows for the one-row loop")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="linkwatch-bench-"))
    folder = work / args.profile
    t0 = time.perf_counter()
    generate(folder, args.profile, seed=args.seed)
    rows = count_rows(folder)
    print(f"{args.profile} seed {args.seed}: {rows:,} rows generated in "
          f"{time.perf_counter() - t0:.1f} s")

    # LOAD CSV reads from the server's import folder: the local one, or NEO4J_IMPORT_DIR.
    import_dir = Path(os.environ.get("NEO4J_IMPORT_DIR", work / "neo4j" / "import"))
    try:
        with localdb.scratch_database(work) as db:
            ours, summary, peak = bench_linkwatch(db, folder)
            size = graph_size(db)
            print(f"linkwatch ingest : {ours:8.1f} s  {rows / ours:10,.0f} rows/s  "
                  f"graph {size[0]:,} nodes / {size[1]:,} rels, "
                  f"{summary['totals']['quarantined']} rows quarantined, "
                  f"peak memory {peak:,.0f} MB", flush=True)
            theirs = bench_load_csv(db, folder, import_dir)
            size = graph_size(db)
            print(f"LOAD CSV         : {theirs:8.1f} s  {rows / theirs:10,.0f} rows/s  "
                  f"graph {size[0]:,} nodes / {size[1]:,} rels (no validation)", flush=True)
            per_row = bench_one_row(db, folder, args.sample)
            loop = rows * per_row
            print(f"one row per tx   : {loop:8.1f} s  {1 / per_row:10,.0f} rows/s  "
                  f"(scaled from {args.sample:,} rows)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"ratio linkwatch / LOAD CSV speed    : {theirs / ours:5.2f}x")
    print(f"ratio linkwatch / one-row-loop speed: {loop / ours:5.1f}x")


if __name__ == "__main__":
    main()
