"""The bulk first load (``linkwatch ingest PATH --bulk``) on a synthetic profile, timed.

One run: the ingest's stages writing import files, ``neo4j-admin database import full`` on
the stopped local Neo4j, its start, the schema and the after-ingest steps. Reports the time
of each phase, rows per second over the whole job, and the peak resident memory of this
(Python) process and of the importer (the largest child process).

Usage: ``python bench/bulk.py [--profile force] [--seed 1]``. Always a local Neo4j in a
temporary folder (the importer runs on this machine); ``bench_bulk`` is what
``bench/national.py`` calls.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Run as `python bench/bulk.py`, this folder comes first on sys.path, where ingest.py
# would hide the `ingest` package: drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ingest import count_rows, ingest_in_child  # noqa: E402
from graph import localdb, schema  # noqa: E402
from graph.localdb import importer  # noqa: E402
from ingest.synth import generate  # noqa: E402


def _empty(neo4j_dir: Path) -> None:
    """Stop the local Neo4j on ``neo4j_dir`` and drop its store (a first load each time)."""
    localdb.stop(neo4j_dir)
    for part in ("databases", "transactions"):
        shutil.rmtree(neo4j_dir / "data" / part / importer.DATABASE, ignore_errors=True)


#: The bulk load in a process of its own, so that its peak memory is the load's alone.
CHILD = """
import json, resource, sys, time
from pathlib import Path
from ingest.bulk import bulk_load
folder, data, work, out = (Path(a) for a in sys.argv[1:5])
started = time.perf_counter()
summary = bulk_load(folder, folder=work / "files", data_dir=data,
                    quarantine_dir=work / "quarantine")
summary["wall_seconds"] = time.perf_counter() - started
summary["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
summary["children_peak_rss_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
out.write_text(json.dumps(summary, default=str))
"""


def bench_bulk(folder: Path, neo4j_dir: Path) -> dict[str, Any]:
    """Bulk-load ``folder`` into an emptied local Neo4j in ``neo4j_dir`` and time it.

    The load runs in a child process (its peak memory is its own); the server is left
    stopped; the import files go to a temporary folder, removed after.

    Args:
        folder: a canonical export (e.g. ``ingest.synth.generate(folder, "force")``).
        neo4j_dir: the local database's folder (its store is replaced).

    Returns:
        ``rows``, ``seconds`` (the whole job), ``rows_per_s``, ``phases`` (seconds by
        phase), ``peak_rss_mb`` (the Python process of the load), ``java_child_peak_rss_mb``
        (its largest child: the importer or the server), ``importer_peak_memory`` (as the
        importer reports it), ``nodes``, ``relationships``, ``quarantined``.
    """
    rows = count_rows(folder)
    _empty(neo4j_dir)
    work = Path(tempfile.mkdtemp(prefix="linkwatch-bulk-bench-"))
    out = work / "summary.json"
    try:
        child = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(neo4j_dir),
                                str(work), str(out)], cwd=Path(__file__).resolve().parents[1],
                               check=False)
        if child.returncode:
            raise SystemExit(f"the bulk load failed (exit {child.returncode})")
        summary = json.loads(out.read_text())
        log = (work / "files" / "import.log").read_text(encoding="utf-8", errors="replace")
        found = re.search(r"Peak memory usage: (\S+)", log)
    finally:
        localdb.stop(neo4j_dir)
        shutil.rmtree(work, ignore_errors=True)
    seconds = summary["wall_seconds"]
    phases = {k.removesuffix("_seconds"): v for k, v in summary["bulk"].items()
              if k.endswith("_seconds")}
    return {
        "rows": rows,
        "seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds),
        "phases": phases,
        # ru_maxrss is in KiB on Linux.
        "peak_rss_mb": round(summary["peak_rss_kb"] / 1024),
        "java_child_peak_rss_mb": round(summary["children_peak_rss_kb"] / 1024),
        "importer_peak_memory": found.group(1) if found else None,
        "nodes": summary["totals"]["nodes_created"],
        "relationships": summary["totals"]["relationships_created"],
        "quarantined": summary["totals"]["quarantined"],
    }


def bench_streaming(folder: Path, work: Path) -> dict[str, Any]:
    """The streaming ingest of ``folder`` into a new local Neo4j in ``work``, for comparison."""
    with localdb.scratch_database(work, work / "neo4j-streaming") as db:
        schema.apply(db)
        seconds, summary, rss = ingest_in_child(db, folder)
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(rss),
            "nodes": summary["totals"]["nodes_created"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="force")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--streaming", action="store_true",
                        help="also time the streaming ingest of the same files, for the ratio")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="linkwatch-bench-"))
    try:
        folder = work / args.profile
        t0 = time.perf_counter()
        generate(folder, args.profile, seed=args.seed)
        print(f"{args.profile} seed {args.seed} generated in {time.perf_counter() - t0:.1f} s",
              flush=True)
        result = bench_bulk(folder, work / "neo4j")
        streamed = bench_streaming(folder, work) if args.streaming else None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in result["phases"].items())
    print(f"bulk first load  : {result['seconds']:8.1f} s  {result['rows_per_s']:10,} rows/s  "
          f"({result['rows']:,} rows; {result['nodes']:,} nodes, "
          f"{result['relationships']:,} rels, {result['quarantined']} quarantined)")
    print(f"phases           : {phases}")
    print(f"peak RSS         : Python {result['peak_rss_mb']:,} MB, "
          f"largest Java child {result['java_child_peak_rss_mb']:,} MB; importer's own "
          f"peak {result['importer_peak_memory']}")
    if streamed:
        print(f"streaming ingest : {streamed['seconds']:8.1f} s  "
              f"{result['rows'] / streamed['seconds']:10,.0f} rows/s  peak RSS "
              f"{streamed['peak_rss_mb']:,} MB ({streamed['nodes']:,} nodes)")
        print(f"ratio bulk / streaming speed: {streamed['seconds'] / result['seconds']:5.2f}x")


if __name__ == "__main__":
    main()
