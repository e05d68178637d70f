"""MAPPA review pack speed on the synthetic `demo` force, against baselines in the same run.

The pack (panel audience) of a demo Tier 1 subject adopted with a 4P plan (the one with the
largest depth-2 network), median of warm runs:

1. the whole PDF pack: gather from the areas, disclose, draw the network and the timeline,
   render the HTML, WeasyPrint, record (:func:`app.pack_render.generate`); target < 3 s;
2. baseline: the same pack as an HTML page (everything but WeasyPrint, recorded too);
3. baseline: WeasyPrint rendering a one-page document with the pack's stylesheet;
4. parts: the content alone (reads and disclosure) and WeasyPrint alone on the pack's HTML.

The first pack of a process (WeasyPrint's import and font loading) is reported apart.

Usage: ``python bench/pack.py [--seed 7] [--runs 5]``. Starts its own local Neo4j in a
temporary folder unless ``NEO4J_URI`` is set (whose data it wipes).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/pack.py`, this folder comes first on sys.path and bench/ingest.py
# would hide the `ingest` package: drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import datetime as dt
import secrets
import statistics
import tempfile
import time

from app import pack_render
from app.auth import users
from app.cli.users import DEMO_USERS
from graph import schema
from graph.localdb.scratch import scratch_database
from ingest.pipeline import run_ingest
from ingest.synth import generate as synth
from ingest.synth.plans import Officers, lay_demo_plans

ONE_PAGE = ("<!doctype html><html><head><meta charset='utf-8'><title>one page</title></head>"
            "<body><h1>One page</h1><p>OFFICIAL-SENSITIVE</p><table class='data'><tr><td>a</td>"
            "<td>b</td></tr></table></body></html>")


def timed(calls: dict[str, object], runs: int) -> dict[str, float]:
    """Median seconds of each call over ``runs`` rounds (after one warm-up round). The calls
    take turns within each round, so a machine whose load changes during the run (2 shared
    cores) weighs on every figure alike."""
    for call in calls.values():
        call()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def load_demo(db, work: Path, seed: int) -> tuple[dt.date, list[dict]]:
    """The demo force as `linkwatch demo` loads it: generated two weeks ago, plans laid."""
    schema.apply(db)
    db.run_autocommit("bench/wipe", "MATCH (n) CALL (n) { DETACH DELETE n } "
                                    "IN TRANSACTIONS OF 10000 ROWS")
    as_of = dt.date.today() - dt.timedelta(days=14)
    folder = work / "demo"
    synth(folder, "demo", seed=seed, as_of=as_of)
    run_ingest(folder, "canonical", db=db, quarantine_dir=work / "quarantine", progress=False)
    for username, role, name in DEMO_USERS:
        users.create(db, username, role, secrets.token_urlsafe(12), name)
    laid = lay_demo_plans(db, seed=seed, as_of=as_of, officers=Officers.from_users(DEMO_USERS))
    return as_of, [a for a in laid["adopted"] if a["tier"] == 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    today = dt.date.today()
    with tempfile.TemporaryDirectory(prefix="linkwatch-bench-pack-") as tmp, \
            scratch_database(tmp) as db:
        work = Path(tmp)
        started = time.perf_counter()
        _, tier1 = load_demo(db, work, args.seed)
        print(f"demo force loaded in {time.perf_counter() - started:.0f} s; "
              f"{len(tier1)} adopted Tier 1 subjects", flush=True)
        sizes = {a["subject_id"]: len(pack_render.content(db, a["subject_id"], "panel",
                                                          as_of=today)["network"]["nodes"])
                 for a in tier1}
        subject = max(sizes, key=lambda s: (sizes[s], s))

        def pack(fmt: str = "pdf"):
            return pack_render.generate(db, subject, "panel", fmt=fmt, as_of=today,
                                        prepared_by="bench", generated_by="bench",
                                        role="analyst", recipients="bench")

        started = time.perf_counter()
        first = pack()
        cold = time.perf_counter() - started
        data = pack_render.content(db, subject, "panel", as_of=today)
        html = pack_render.render_page(data, pack_render.render_body(data), first.stamp, None)
        got = timed({
            "full": pack,
            "page": lambda: pack("html"),
            "one": lambda: pack_render.pdf_bytes(ONE_PAGE, identifier="bench"),
            "content": lambda: pack_render.content(db, subject, "panel", as_of=today),
            "weasy": lambda: pack_render.pdf_bytes(html, identifier="bench"),
        }, args.runs)
        made = pack()
        full, page, one, content, weasy = (got[k] for k in ("full", "page", "one", "content",
                                                            "weasy"))

    print(f"\nsubject {subject}: {len(data['offences'])} offences, "
          f"{len(data['network']['nodes'])} network nodes, {made.pages} pages, "
          f"{len(made.body):,} bytes")
    print(f"{'measure (median of ' + str(args.runs) + ')':<52}{'seconds':>9}{'pack/this':>10}")
    for name, value, base in [
        ("PDF pack, whole (gather, disclose, draw, render, record)", full, None),
        ("baseline: the same pack as an HTML page", page, full),
        ("baseline: WeasyPrint, a one-page document", one, full),
        ("part: content (reads, disclosure)", content, full),
        ("part: WeasyPrint on the pack's HTML", weasy, full),
        ("first PDF pack of the process (cold)", cold, full),
    ]:
        ratio = f"{base / value:.1f}x" if base else ""
        print(f"{name:<52}{value:>9.3f}{ratio:>10}")
    print(f"\nPDF pack {full:.2f} s: {full / page:.1f}x the HTML page, {full / one:.1f}x a "
          f"one-page WeasyPrint document; target < 3 s: {'met' if full < 3 else 'NOT met'}")


if __name__ == "__main__":
    main()
