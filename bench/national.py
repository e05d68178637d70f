"""Every user-facing view at national size, against the same measurement on the force profile.

For each profile (``force``, then ``national``: ten times larger) in the same run:

1. generate it (or reuse ``--work``'s copy) and load it with the streaming ingest in a
   process of its own: seconds, rows/s and the process's peak memory (aim < 2 GB);
2. the tier trawl, warm (median), against pandas computing the same tiers from the same
   rows held in memory (aim: < 3 s and within 3x the floor);
3. server-side (Flask's test client, no browser) as a signed-in analyst: a Tier 1 subject's
   profile page and depth-2 ego network API (< 300 ms), search (< 200 ms), repeat
   locations in a 12-month window (< 1 s), and the dashboard (< 1 s warm: its trawl part
   is cached per ingest and as-of date).

With ``--bulk``, the national profile is also loaded by the bulk path (``neo4j-admin
database import``, :mod:`bench.bulk`) into a database of its own, for its time against the
streaming ingest's. The ratios (national / force) show how each cost grows.

Usage: ``python bench/national.py [--profiles force national] [--work DIR] [--runs 5]
[--bulk]``. Starts local Neo4j databases in ``--work`` (kept, so a second run skips the
loads) unless ``NEO4J_URI`` is set.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import datetime as dt
import json
import time

from bench.ingest import count_rows, ingest_in_child
from bench.tiers import floor, load_frames, timed
from bench.web import _login, bench_app, median_ms
from graph import schema
from graph.localdb.scratch import scratch_database
from graph.tiers import rules as rules_mod
from graph.tiers.trawl import trawl
from ingest.synth import generate

#: (view, aim in ms) in the order printed.
AIMS = {
    "trawl (warm)": 3000,
    "subject profile page": 300,
    "depth-2 ego network API": 300,
    "search": 200,
    "repeat locations, 12 months": 1000,
    "dashboard (warm)": 1000,
}


def prepare(work: Path, profile: str, seed: int) -> Path:
    """The generated profile's folder (generated once per ``work``)."""
    folder = work / profile
    if not (folder / "truth.json").exists():
        started = time.perf_counter()
        generate(folder, profile, seed=seed)
        print(f"{profile}: generated in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


def load(db, folder: Path) -> dict | None:
    """Stream the profile in unless the database already holds it; the load's figures."""
    held = db.read_text("bench/held", "MATCH (o:Offence) RETURN count(o) AS n")[0]["n"]
    if held:
        print(f"{folder.name}: database already holds {held:,} offences: not loading")
        return None
    schema.apply(db)
    rows = count_rows(folder)
    seconds, summary, peak = ingest_in_child(db, folder)
    print(f"{folder.name}: streamed {rows:,} rows in {seconds:.0f} s ({rows / seconds:,.0f} "
          f"rows/s), peak memory {peak:,.0f} MB, {summary['totals']['quarantined']} "
          "quarantined", flush=True)
    print(f"   where the time went (s): {summary['timings']}", flush=True)
    return {"rows": rows, "seconds": seconds, "peak_mb": peak}


def views(db, folder: Path, runs: int) -> dict[str, float]:
    """Milliseconds per view (medians), and the pandas floor of the trawl."""
    truth = json.loads((folder / "truth.json").read_text())
    as_of = dt.date.fromisoformat(truth["as_of"])
    rules = rules_mod.load()
    out: dict[str, float] = {}
    trawl_s, results = timed(lambda: trawl(db, as_of, rules), runs)
    frames = load_frames(folder)
    floor_s, expected = timed(lambda: floor(frames, rules, as_of), runs)
    got = {a.subject_id: a.tier for a in results if a.tier in (1, 2)}
    assert got == expected, "the trawl and the in-memory floor disagree"
    out["trawl (warm)"], out["pandas floor"] = trawl_s * 1000, floor_s * 1000

    app = bench_app(db)
    client = app.test_client()
    _login(client)
    subject = sorted(truth["tier1"])[0]
    day = as_of.isoformat()
    year_ago = (as_of - dt.timedelta(days=365)).isoformat()
    surname = db.read_text("bench/surname", "MATCH (s:Subject {id: $id}) RETURN s.surname AS n",
                           id=subject)[0]["n"]
    calls = {
        "subject profile page": f"/subjects/{subject}?as_of={day}",
        "depth-2 ego network API": f"/api/charts/subject/{subject}?depth=2&as_of={day}",
        "search": f"/api/search?q={surname}",
        "repeat locations, 12 months": f"/api/locations?from={year_ago}&to={day}",
        "dashboard (warm)": "/api/overview",
    }
    for name, url in calls.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        out[name] = median_ms(lambda u=url: client.get(u), runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", nargs="+", default=["force", "national"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/linkwatch-national"))
    parser.add_argument("--bulk", action="store_true", help="also time the bulk path")
    args = parser.parse_args()

    measured: dict[str, dict[str, float]] = {}
    loads: dict[str, dict | None] = {}
    for profile in args.profiles:
        folder = prepare(args.work, profile, args.seed)
        with scratch_database(args.work, args.work / f"neo4j-{profile}") as db:
            loads[profile] = load(db, folder)
            schema.apply(db)  # a database loaded by an earlier run gets this run's indexes
            measured[profile] = views(db, folder, args.runs)
        print(f"{profile}: " + ", ".join(f"{k} {v:,.1f} ms" for k, v in
                                          measured[profile].items()), flush=True)
    if args.bulk and "national" in args.profiles:
        from bench.bulk import bench_bulk

        result = bench_bulk(args.work / "national", args.work / "neo4j-national-bulk")
        print(f"national, bulk path: {result}", flush=True)

    first, last = args.profiles[0], args.profiles[-1]
    print(f"\n{'view':32s} {first:>12s} {last:>12s} {'ratio':>7s}  aim")
    for name in [*AIMS, "pandas floor"]:
        a, b = measured[first][name], measured[last][name]
        aim = AIMS.get(name)
        verdict = "" if aim is None else ("met" if b < aim else "NOT MET")
        print(f"{name:32s} {a:10,.1f}ms {b:10,.1f}ms {b / a:6.1f}x  "
              f"{f'< {aim:,} ms: {verdict}' if aim else ''}")
    ratio = measured[last]["trawl (warm)"] / measured[last]["pandas floor"]
    print(f"trawl / pandas floor at {last}: {ratio:.2f}x (aim <= 3x: "
          f"{'met' if ratio <= 3 else 'NOT MET'})")
    for profile, figures in loads.items():
        if figures:
            print(f"{profile} load: {figures['seconds']:.0f} s, "
                  f"{figures['rows'] / figures['seconds']:,.0f} rows/s, peak "
                  f"{figures['peak_mb']:,.0f} MB (aim < 2,048 MB: "
                  f"{'met' if figures['peak_mb'] < 2048 else 'NOT MET'})")


if __name__ == "__main__":
    main()
