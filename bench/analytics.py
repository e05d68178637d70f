"""Analytics speed on the synthetic `force` profile, each against a baseline in the same run.

1. Links for one subject (a planted Tier 1 subject; typed, evidenced, scored) against a
   single indexed lookup (the floor: one round trip) and a naive variable-length Cypher
   query that only counts the subjects within four relationships (no evidence, no window).
2. All shortest paths between two subjects three links apart (Cypher ``allShortestPaths``)
   against exporting the same relationship types to networkx and searching there.
3. Louvain communities over the whole co-offending network (extract + networkx Louvain)
   against networkx's greedy modularity (Clauset-Newman-Moore) on the same graph; the same
   for the recorded-association network, which is less fragmented.
4. A Knox near-repeat test on 10,000 offences with 99 permutations (vectorised) against a
   plain pair-by-pair Python loop timed on a sample and scaled by the number of pairs.

Targets: links under 100 ms, communities under 10 s, near-repeat under 30 s.
Usage: ``python bench/analytics.py [--profile force] [--seed 1] [--sample 300]``. Starts its
own local Neo4j in a temporary folder unless ``NEO4J_URI`` is set (whose data it wipes;
``--skip-load`` uses what that server already holds, with ``--data`` the generated folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/analytics.py`, this folder comes first on sys.path and bench/ingest.py
# would hide the `ingest` package: drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import tempfile
import time

import networkx as nx

from graph import localdb, schema
from graph.analytics import extract, extract_places, near_repeat, networks, service
from graph.analytics.config import rel_types_for
from graph.analytics.near_repeat_loop import knox_loop
from graph.db import Database
from ingest.pipeline import run_ingest
from ingest.synth import generate

NAIVE = ("MATCH (s:Subject {id: $id})-[:NAMED_IN|VICTIM_OF|OCCURRED_AT|HAS_IDENTIFIER|LIVES_AT"
         "|ASSOCIATE_OF*1..4]-(b:Subject) WHERE b <> s RETURN count(DISTINCT b) AS n")
EXPORT = ("MATCH (a)-[r]->(b) WHERE type(r) IN $types "
          "AND (type(r) <> 'NAMED_IN' OR r.role IN ['suspect', 'offender']) "
          "RETURN elementId(a) AS a, elementId(b) AS b")


def median_ms(call, runs: int) -> float:
    """Median wall time in ms of ``runs`` calls after two warm-up calls."""
    call(), call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bench_links(db: Database, subject: str, runs: int) -> None:
    result = service.subject_links(db, subject)
    ours = median_ms(lambda: service.subject_links(db, subject), runs)
    floor = median_ms(lambda: db.read_text("bench/lookup", "MATCH (s:Subject {id: $id}) "
                                           "RETURN s.id", id=subject), runs)
    naive = median_ms(lambda: db.read_text("bench/naive", NAIVE, id=subject), runs)
    print(f"links {subject} ({len(result['links'])} linked): {ours:7.1f} ms median of {runs}"
          f" | indexed lookup {floor:.1f} ms ({ours / floor:.1f}x) | naive count within 4 "
          f"relationships {naive:.1f} ms ({ours / naive:.1f}x) | target < 100 ms: "
          f"{'met' if ours < 100 else 'MISSED'}")


def far_subject(db: Database, subject: str) -> tuple[str, int]:
    """A subject as many links away from ``subject`` as possible, up to two (the planted
    structures are small cliques: longer chains run through busy venues, where a depth-2
    network already fills the 500-subject cap)."""
    nodes, _, _ = service.ego_analysis(db, subject, depth=2, max_nodes=500)
    depth = int(nodes["depth"].max())
    return sorted(nodes.loc[nodes["depth"] == depth, "id"])[0], depth


def bench_paths(db: Database, subject: str, runs: int) -> None:
    other, depth = far_subject(db, subject)
    found = service.paths_between(db, subject, other, max_paths=10)
    ours = median_ms(lambda: service.paths_between(db, subject, other, max_paths=10), runs)
    started = time.perf_counter()
    rows = db.read_text("bench/export", EXPORT, types=rel_types_for(
        ["co_offending", "shared_victim", "same_location", "shared_identifier",
         "shared_address", "association"]))
    graph = nx.Graph((r["a"], r["b"]) for r in rows)
    exported = time.perf_counter() - started
    ends = db.read_text("bench/ends", "MATCH (s:Subject) WHERE s.id IN $ids "
                        "RETURN s.id AS id, elementId(s) AS e", ids=[subject, other])
    ids = {r["id"]: r["e"] for r in ends}
    started = time.perf_counter()
    theirs = list(nx.all_shortest_paths(graph, ids[subject], ids[other]))
    searched = time.perf_counter() - started
    print(f"paths {subject} -> {other} ({depth} links apart, {found['count']} typed paths of "
          f"{found['paths'][0]['steps'] if found['paths'] else '-'} steps, "
          f"{found['excluded']} raw paths excluded): {ours:7.1f} ms "
          f"| networkx: export {graph.number_of_edges():,} edges {exported:.1f} s + search "
          f"{searched * 1000:.0f} ms ({len(theirs)} raw paths) = "
          f"{(exported + searched) * 1000 / ours:.0f}x ours")


def bench_communities(db: Database, name: str, extract_edges) -> None:
    started = time.perf_counter()
    edges = extract_edges(db)
    graph = networks.build_graph(None, edges)
    extracted = time.perf_counter() - started
    started = time.perf_counter()
    ours = networks.communities(graph)
    louvain = time.perf_counter() - started
    started = time.perf_counter()
    theirs = nx.community.greedy_modularity_communities(graph, weight="weight")
    greedy = time.perf_counter() - started
    q_ours = nx.community.modularity(graph, ours, weight="weight")
    q_theirs = nx.community.modularity(graph, theirs, weight="weight")
    total = extracted + louvain
    print(f"communities of the {name} network ({graph.number_of_nodes():,} subjects, "
          f"{graph.number_of_edges():,} pairs): extract {extracted:.2f} s + Louvain "
          f"{louvain:.2f} s = {total:.2f} s, {len(ours)} communities, modularity {q_ours:.4f} "
          f"| greedy modularity {greedy:.2f} s ({greedy / louvain:.1f}x Louvain), "
          f"{len(theirs)} communities, modularity {q_theirs:.4f} | target < 10 s: "
          f"{'met' if total < 10 else 'MISSED'}")


def bench_near_repeat(db: Database, n: int, sample: int, as_of: dt.date) -> None:
    started = time.perf_counter()
    # The latest n located offences (the last half year holds more than 10,000).
    points = extract_places.offence_points(db, date_from=as_of - dt.timedelta(days=183))
    points = points.dropna(subset=["lat", "lon"])
    points = points.sort_values(["date", "offence_id"]).tail(n)
    extracted = time.perf_counter() - started
    started = time.perf_counter()
    result = near_repeat.knox_test(points, permutations=99)
    ours = time.perf_counter() - started
    small = points.sample(sample, random_state=1)
    started = time.perf_counter()
    knox_loop(small, permutations=99)
    loop = (time.perf_counter() - started) * (n * (n - 1)) / (sample * (sample - 1))
    first = result["ratio"][0][0]
    print(f"near-repeat {result['n']:,} offences x 99 permutations ({result['close_pairs']:,} "
          f"pairs within {near_repeat.Bands().max_distance:g} m; extract {extracted:.1f} s): "
          f"{ours:.2f} s | pair-by-pair loop on {sample} scaled: {loop:,.0f} s "
          f"({loop / ours:,.0f}x) | first-cell ratio {first} | target < 30 s: "
          f"{'met' if ours < 30 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="force")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=300, help="offences for the loop")
    parser.add_argument("--runs", type=int, default=20, help="timed runs for medians")
    parser.add_argument("--data", type=Path, help="a generated folder to reuse")
    parser.add_argument("--skip-load", action="store_true",
                        help="with NEO4J_URI: use the data the server already holds")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="linkwatch-bench-"))
    folder = args.data or work / args.profile
    if not (folder / "truth.json").exists():
        generate(folder, args.profile, seed=args.seed)
    truth = json.loads((folder / "truth.json").read_text())
    try:
        with localdb.scratch_database(work) as db:
            if not (args.skip_load and os.environ.get("NEO4J_URI")):
                db.run_autocommit("bench/wipe", "MATCH (n) CALL (n) { DETACH DELETE n } "
                                                "IN TRANSACTIONS OF 20000 ROWS")
                schema.apply(db)
                started = time.perf_counter()
                run_ingest(folder, db=db, quarantine_dir=work / "quarantine", progress=False)
                loaded = time.perf_counter() - started
                print(f"{args.profile} seed {args.seed} loaded in {loaded:.0f} s")
            subject = truth["tier1"][0]
            bench_links(db, subject, args.runs)
            bench_paths(db, subject, max(3, args.runs // 4))
            bench_communities(db, "co-offending", extract.co_offending_edges)
            bench_communities(db, "recorded-association", extract.association_edges)
            bench_near_repeat(db, 10_000, args.sample, dt.date.fromisoformat(truth["as_of"]))
    finally:
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
