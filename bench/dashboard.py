"""The dashboard, cold (the trawl runs) against warm (the cached trawl part), in one run.

An analyst's dashboard (``GET /api/overview`` through the Flask test client: sign-in check,
counts, ingest runs, the trawl part, reactivations, release watch, audit, JSON) is timed

- cold: the ``DashboardCache`` entry deleted before each load, so the trawl and its changes
  since the last recorded trawl run, as they did on every load before the cache;
- warm: the entry in place, as on every load between two changes;

and the part the cache holds on its own: computed (:func:`graph.dashboard.compute`) against
read from the cache (:func:`graph.dashboard.trawl_part`: the marker query and the entry),
and the change-marker query alone. The slowest queries of one cold and one warm load are
listed, to show what else a load spends its time on. A trawl is recorded first, so the
"what changed" part does its full work (each dropped or re-tiered subject explained).
Target: warm under 1 s.

Usage: ``python bench/dashboard.py [--profile demo|force] [--seed 1] [--runs 9]``. Starts its
own local Neo4j in a temporary folder unless ``NEO4J_URI`` is set (whose data it wipes,
unless ``--skip-load``); ``--neo4j-dir DIR`` keeps the local database for the next run.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/dashboard.py`, this folder comes first on sys.path and bench/ingest.py
# would hide the `ingest` package: drop it, and put the repository first (for bench.web).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import datetime as dt
import logging
import os
import shutil
import statistics
import tempfile
import time

from bench.web import _login, bench_app, load
from graph import dashboard
from graph.db import Database
from graph.localdb.scratch import scratch_database
from graph.tiers import rules as rules_mod
from graph.tiers import trawl as trawl_mod
from ingest.synth import generate


def timed_ms(call, runs: int, before=None) -> float:
    """Median wall time in ms of ``runs`` calls (``before`` runs untimed before each)."""
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bench(db: Database, app, runs: int) -> None:
    """Cold and warm dashboards, the trawl part alone and the marker query alone."""
    today = dt.date.today()
    trawl_mod.record(db, trawl_mod.trawl(db, today - dt.timedelta(days=60)),
                     today - dt.timedelta(days=60), by="bench")
    client = app.test_client()
    _login(client)

    def drop() -> None:
        db.write_text("bench/drop_cache", "MATCH (c:DashboardCache) DETACH DELETE c")

    def overview() -> dict:
        body = client.get("/api/overview").get_json()
        assert body["ok"], body
        return body

    body = overview()
    overview()  # warm the page cache and the query plans
    rules = rules_mod.load()
    cold = timed_ms(overview, runs, before=drop)
    overview()
    warm = timed_ms(overview, runs)
    part = timed_ms(lambda: dashboard.compute(db, today, rules), runs)
    cached = timed_ms(lambda: dashboard.trawl_part(db, today), runs)
    marker = timed_ms(lambda: dashboard.marker(db, rules), runs)
    changes = body["trawl_changes"]
    print(f"\ndashboard as of {today}, {len(body['candidates'])} candidates, since the trawl "
          f"of {changes['since_as_of']}: {len(changes['new'])} new, {len(changes['dropped'])} "
          f"dropped, {len(changes['tier_changed'])} changed tier; median of {runs} runs")
    print(f"   cold (trawl runs)        {cold:8.1f} ms")
    print(f"   warm (cached trawl part) {warm:8.1f} ms   cold/warm = {cold / warm:.1f}x")
    print(f"   the trawl part computed  {part:8.1f} ms   from the cache {cached:.1f} ms "
          f"({part / cached:.0f}x; the change marker alone {marker:.1f} ms)")
    print(f"   target warm < 1000 ms: {'met' if warm < 1000 else 'MISSED'}", flush=True)
    for label, before in (("cold", drop), ("warm", None)):
        if before:
            before()
        took = queries_of(overview)
        top = ", ".join(f"{name} {ms:.0f}" for name, ms in took[:4])
        print(f"   slowest queries of one {label} load (ms): {top}; {len(took)} queries, "
              f"{sum(ms for _, ms in took):.0f} ms in all", flush=True)


class _Took(logging.Handler):
    """Collects the execution point's "query NAME took N ms" lines."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.took: list[tuple[str, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "query %s took %.1f ms":
            self.took.append((str(record.args[0]), float(record.args[1])))


def queries_of(call) -> list[tuple[str, float]]:
    """(name, ms) of every query ``call`` ran, slowest first."""
    handler, logger = _Took(), logging.getLogger("linkwatch.db")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        call()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return sorted(handler.took, key=lambda t: -t[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="demo")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=9, help="timed runs for medians")
    parser.add_argument("--data", type=Path, help="a generated folder to reuse")
    parser.add_argument("--neo4j-dir", type=Path, help="keep (and reuse) the local database here")
    parser.add_argument("--skip-load", action="store_true",
                        help="with NEO4J_URI: use the data the server already holds")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="linkwatch-bench-dashboard-"))
    folder = args.data or work / args.profile
    if not (folder / "truth.json").exists():
        print(f"generating the {args.profile} profile (seed {args.seed})...", flush=True)
        generate(folder, args.profile, seed=args.seed)
    if not os.environ.get("NEO4J_URI"):
        print(f"starting Neo4j in {args.neo4j_dir or work / 'neo4j'}...", flush=True)
    try:
        with scratch_database(work, args.neo4j_dir) as db:
            if not args.skip_load:
                load(db, folder, work)
            bench(db, bench_app(db), args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
