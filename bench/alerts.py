"""``alerts run`` over the synthetic `force` profile, against its queries run alone.

The floor is the sum of the parts: each kind's fact function (the queries it is made of)
timed alone, warm, plus the write of the alerts. The run is timed twice: the first run,
which raises every alert, and warm repeat runs, which raise nothing new (idempotence is
asserted). The ratio says what one run costs over its parts; the aim is under 5 s.

Usage: ``python bench/alerts.py [--profile force] [--seed 1] [--repeat 3]``. Starts its own
local Neo4j unless ``NEO4J_URI`` is set (whose data it wipes).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from graph import alerts, localdb, schema  # noqa: E402
from graph.alerts.kinds import Context  # noqa: E402
from graph.alerts.rules import REGISTRY  # noqa: E402
from ingest.pipeline import run_ingest  # noqa: E402
from ingest.synth import generate  # noqa: E402


def median_of(fn, repeat: int) -> float:
    """Median seconds of ``repeat`` warm calls (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="force")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="linkwatch-bench-alerts-"))
    folder = work / args.profile
    generate(folder, args.profile, seed=args.seed)
    as_of = dt.date.fromisoformat(json.loads((folder / "truth.json").read_text())["as_of"])
    rules = alerts.load_rules()
    with localdb.scratch_database(work) as db:
        schema.apply(db)
        started = time.perf_counter()
        run_ingest(folder, db=db, quarantine_dir=work / "q", progress=False)
        print(f"{args.profile}: loaded in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        first = alerts.run(db, as_of, rules=rules)
        first_s = time.perf_counter() - started
        raised = sum(first["raised"].values())
        timings: dict[str, float] = {}
        again_s = median_of(lambda: alerts.run(db, as_of, rules=rules, timings=timings),
                            args.repeat)
        assert alerts.run(db, as_of, rules=rules)["new"] == [], "a second run raised alerts"
        parts = {}
        for rule in rules.enabled():
            # Alone: a fresh context each call, so nothing is shared with another kind.
            parts[rule.name] = median_of(
                lambda r=rule: REGISTRY[r.name](Context(db, as_of, None), r), args.repeat)
        counts_s = median_of(lambda: alerts.inbox_counts(db, "analyst1", "analyst"),
                             args.repeat)
    shutil.rmtree(work, ignore_errors=True)
    floor = sum(parts.values())
    print(f"alerts run as of {as_of}: first run {first_s:.2f} s ({raised} alerts raised: "
          + ", ".join(f"{n} {k}" for k, n in sorted(first["raised"].items())) + ")")
    print(f"repeat run (nothing new): {again_s:.2f} s median of {args.repeat}; "
          f"write {timings.get('write', 0):.2f} s")
    for name, secs in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<18} alone {secs:6.2f} s   in the run {timings.get(name, 0):6.2f} s")
    print(f"parts alone: {floor:.2f} s; repeat run / parts = {again_s / floor:.2f}x; "
          f"first run / parts = {first_s / floor:.2f}x; aim < 5 s: "
          f"{'met' if max(first_s, again_s) < 5 else 'NOT met'}")
    print(f"header inbox counts (one query): {counts_s * 1000:.1f} ms")


if __name__ == "__main__":
    main()
