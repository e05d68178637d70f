"""Network view speed on the synthetic `force` profile, each against a baseline in the same run.

1. Server time for a depth-2 ego network (Tier 1 subjects of the force), median of warm runs:
   the whole API call through the Flask test client (parse, extract, tiers, shape, audit,
   JSON) and :func:`graph.network.ego_extract` alone, against the reach query's raw Cypher
   round trip (the same breadth-first search, ids only, no shaping) and a depth-1 network.
   Target: under 150 ms.
   Also a large place's network (depth 3, up to the 500-node cap), whose API call finds the
   communities the page groups it by (Louvain), against the same network without them.
2. Time until a ~300-node network has settled in Chromium, from navigation (the page
   records ``performance.now()`` in ``data-settled-ms`` when vis-network's stabilisation is
   done, physics is off and a place's network is grouped), against an empty page and a page
   that only loads vis-network (the peer build and vis-data), in the same browser. Target:
   under 2 s.

Usage: ``python bench/web.py [--profile force] [--seed 1] [--runs 15]``. Starts its own local
Neo4j in a temporary folder unless ``NEO4J_URI`` is set (whose data it wipes, unless
``--skip-load``). ``--neo4j-dir DIR`` keeps the local database in DIR and loads it only
when it holds no offences, so a second run starts in seconds.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/web.py`, this folder comes first on sys.path and bench/ingest.py
# would hide the `ingest` package: drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import tempfile
import threading
import time

from graph import localdb, network, schema
from graph.db import Database, render
from graph.localdb.scratch import scratch_database
from ingest.pipeline import run_ingest
from ingest.synth import generate

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery"
USER = "bench-analyst"


def median_ms(call, runs: int) -> float:
    """Median wall time in ms of ``runs`` calls after two warm-up calls."""
    call(), call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def load(db: Database, folder: Path, work: Path) -> None:
    """Load the generated force unless the database already holds offences."""
    held = db.read_text("bench/held", "MATCH (o:Offence) RETURN count(o) AS n")[0]["n"]
    if held:
        print(f"database already holds {held:,} offences: not loading", flush=True)
        return
    schema.apply(db)
    print(f"loading {folder} (several minutes; progress below)...", flush=True)
    started = time.perf_counter()
    summary = run_ingest(folder, db=db, quarantine_dir=work / "quarantine",
                         progress=sys.stderr.isatty())
    print(f"loaded {summary['totals']['loaded']:,} rows in {time.perf_counter() - started:.0f} s",
          flush=True)


def reach_total(db: Database, kind: str, node_id: str, depth: int) -> int:
    name = f"network/reach_{depth}"
    rows = db.read_text(name, render(name, label=network.KINDS[kind]), id=node_id, cap=0,
                        **network.Filters().params())
    return rows[0]["total"] + 1 if rows else 0


def bench_server(db: Database, app, subjects: list[str], as_of: dt.date, runs: int) -> None:
    """Depth-2 networks of ``subjects``: the API, the extraction, and the two baselines."""
    client = app.test_client()
    _login(client)
    print(f"\n1. server time, depth-2 ego networks, median of {runs} warm runs")
    rows = []
    text = render("network/reach_2", label="Subject")
    for subject in subjects:
        url = f"/api/charts/subject/{subject}?depth=2&as_of={as_of.isoformat()}"
        body = client.get(url).get_json()
        api = median_ms(lambda u=url: client.get(u), runs)
        ours = median_ms(lambda s=subject: network.ego_extract(db, "subject", s, depth=2,
                                                               as_of=as_of), runs)
        raw = median_ms(lambda s=subject: db.read_text("network/reach_2", text, id=s,
                                                       cap=network.DEFAULT_CAP - 1,
                                                       **network.Filters().params()), runs)
        one = median_ms(lambda s=subject: network.ego_extract(db, "subject", s, depth=1,
                                                              as_of=as_of), runs)
        rows.append((api, ours, raw, one))
        print(f"   {subject}: {body['counts']['nodes']:4d} nodes {body['counts']['edges']:4d} "
              f"links | API {api:6.1f} ms | ego_extract() {ours:6.1f} ms | raw reach Cypher "
              f"{raw:5.1f} ms ({ours / raw:.1f}x) | depth-1 network {one:5.1f} ms "
              f"({ours / one:.1f}x)", flush=True)
    api = statistics.median(r[0] for r in rows)
    ours = statistics.median(r[1] for r in rows)
    raw = statistics.median(r[2] for r in rows)
    one = statistics.median(r[3] for r in rows)
    print(f"   median over subjects: API {api:.1f} ms, ego_extract() {ours:.1f} ms = "
          f"{ours / raw:.1f}x the raw reach round trip ({raw:.1f} ms) and {ours / one:.1f}x a "
          f"depth-1 network ({one:.1f} ms) | target API < 150 ms: "
          f"{'met' if api < 150 else 'MISSED'}", flush=True)


def bench_place(db: Database, app, places: list[str], as_of: dt.date, runs: int) -> None:
    """The largest of ``places``' depth-3 networks: the API call (with the communities the
    page groups it by) against the extraction with and without them."""
    client = app.test_client()
    _login(client)
    place = max(places, key=lambda p: reach_total(db, "location", p, 3))
    url = f"/api/charts/location/{place}?depth=3&as_of={as_of.isoformat()}"
    body = client.get(url).get_json()
    groups = len({n["community"] for n in body["nodes"] if "community" in n})
    api = median_ms(lambda: client.get(url), runs)
    with_c = median_ms(lambda: network.ego_extract(db, "location", place, depth=3, as_of=as_of,
                                                   communities=True), runs)
    without = median_ms(lambda: network.ego_extract(db, "location", place, depth=3,
                                                    as_of=as_of), runs)
    print(f"   place {place} depth 3: {body['counts']['nodes']} nodes, {groups} communities | "
          f"API {api:.1f} ms | ego_extract() with communities {with_c:.1f} ms, without "
          f"{without:.1f} ms (Louvain {with_c - without:.1f} ms)", flush=True)


def pick_centres(db: Database, truth: dict) -> list[tuple[str, str, int, int]]:
    """(kind, id, depth, nodes drawn): the network nearest 300 nodes, and one at the cap."""
    candidates = [("subject", s, d) for s in truth["tier1"][:8] for d in (2, 3)]
    candidates += [("location", r["location_id"], d)
                   for r in truth["repeat_locations"][:8] for d in (1, 2, 3)]
    sized = [(k, i, d, reach_total(db, k, i, d)) for k, i, d in candidates]
    near = min((c for c in sized if c[3] <= network.DEFAULT_CAP), key=lambda c: abs(c[3] - 300))
    capped = [c for c in sized if c[3] > network.DEFAULT_CAP]
    out = [near]
    if capped:
        kind, node_id, depth, total = min(capped, key=lambda c: c[3])
        out.append((kind, node_id, depth, network.DEFAULT_CAP))
    return out


def bench_browser(db: Database, app, truth: dict, as_of: dt.date, runs: int) -> None:
    """Navigation to settled for a ~300-node network (and one at the 500-node cap) against
    an empty page and a page loading vis-network only."""
    from playwright.sync_api import sync_playwright
    from waitress.server import create_server

    centres = pick_centres(db, truth)
    server = create_server(app, host="127.0.0.1", port=localdb.free_port(), threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"
    print(f"\n2. browser: time from navigation until the network has settled, Chromium "
          f"1366x768, median of {runs} loads", flush=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=["--no-sandbox", "--disable-gpu",
                                              "--disable-dev-shm-usage"])
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page = context.new_page()
            page.goto(f"{base}/login")
            page.fill("input[name=username]", USER)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            # The baselines: an empty page, and a page that only loads vis-network (the
            # same file the network page loads), both from this server.
            page.route(f"{base}/bench-empty", lambda r: r.fulfill(
                body="<!doctype html><title>empty</title>", content_type="text/html"))
            page.route(f"{base}/bench-vis", lambda r: r.fulfill(
                body='<!doctype html><title>vis</title><link rel="stylesheet" '
                     'href="/static/vendor/vis-network/vis-network.min.css"><script '
                     'src="/static/vendor/vis-data/vis-data.min.js"></script><script '
                     'src="/static/vendor/vis-network/vis-network.min.js"></script>',
                content_type="text/html"))

            def loaded(target: str) -> float:
                page.goto(target, wait_until="load")
                return page.evaluate("performance.getEntriesByType('navigation')[0]"
                                     ".loadEventEnd")

            def settled(url: str) -> tuple[float, float, int, str]:
                page.goto(url)
                page.wait_for_selector("#network[data-settled=true]", timeout=60_000)
                get = page.get_attribute
                grouped = get("#network", "data-grouped") or ""
                groups = get("#network", "data-group-count") or "0"
                return (float(get("#network", "data-settled-ms")),
                        float(get("#network", "data-fetched-ms")),
                        int(get("#network", "data-node-count")),
                        f", grouped by {grouped} into {groups}" if grouped else "")

            empty = statistics.median(loaded(f"{base}/bench-empty") for _ in range(runs))
            vis_only = statistics.median(loaded(f"{base}/bench-vis") for _ in range(runs))
            print(f"   baselines: empty page {empty:.0f} ms, page loading vis-network only "
                  f"{vis_only:.0f} ms", flush=True)
            for kind, node_id, depth, _total in centres:
                if kind == "subject":
                    url = f"{base}/network/{node_id}?depth={depth}&as_of={as_of.isoformat()}"
                else:
                    url = f"{base}/locations/{node_id}?depth={depth}&period=all"
                settled(url)  # warm: the server's query plans, the browser's caches
                results = [settled(url) for _ in range(runs)]
                settle = statistics.median(r[0] for r in results)
                fetched = statistics.median(r[1] for r in results)
                print(f"   {kind} {node_id} depth {depth}: {results[0][2]} nodes"
                      f"{results[0][3]} settled {settle:.0f} ms after navigation (data in at "
                      f"{fetched:.0f} ms, layout "
                      f"{settle - fetched:.0f} ms) = {settle / max(empty, 1):.1f}x the empty "
                      f"page, {settle / max(vis_only, 1):.1f}x the vis-only page | target "
                      f"< 2000 ms: {'met' if settle < 2000 else 'MISSED'}", flush=True)
            browser.close()
    finally:
        server.close()


def bench_app(db: Database):
    """The app on ``db``, with the benchmark's analyst (created once)."""
    from app import create_app
    from app.auth import users

    if not users.exists(db, USER):
        users.create(db, USER, "analyst", PASSWORD, None)
    return create_app({"DATABASE": db, "APPLY_SCHEMA_ON_START": False,
                       "SECRET_KEY": "bench-only", "LOGIN_RATE_LIMIT": "1000 per minute"})


def _login(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": USER, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302, "bench sign-in failed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="force")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=15, help="timed runs for medians")
    parser.add_argument("--subjects", type=int, default=5, help="Tier 1 subjects timed")
    parser.add_argument("--data", type=Path, help="a generated folder to reuse")
    parser.add_argument("--neo4j-dir", type=Path, help="keep (and reuse) the local database here")
    parser.add_argument("--skip-load", action="store_true",
                        help="with NEO4J_URI: use the data the server already holds")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="linkwatch-bench-web-"))
    folder = args.data or work / args.profile
    if not (folder / "truth.json").exists():
        print(f"generating the {args.profile} profile (seed {args.seed})...", flush=True)
        started = time.perf_counter()
        generate(folder, args.profile, seed=args.seed)
        print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)
    truth = json.loads((folder / "truth.json").read_text())
    as_of = dt.date.fromisoformat(truth["as_of"])
    if not os.environ.get("NEO4J_URI"):
        print(f"starting Neo4j in {args.neo4j_dir or work / 'neo4j'}...", flush=True)
    try:
        with scratch_database(work, args.neo4j_dir) as db:
            if not args.skip_load:
                load(db, folder, work)
            app = bench_app(db)
            bench_server(db, app, truth["tier1"][: args.subjects], as_of, args.runs)
            bench_place(db, app, [r["location_id"] for r in truth["repeat_locations"][:8]],
                        as_of, args.runs)
            bench_browser(db, app, truth, as_of, max(3, args.runs // 3))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
