"""The trawl on the synthetic `force` profile, warm, against the in-memory floor.

The floor is pandas computing the same answer over the same rows already held in memory
(offences, offence-subject links and custody read from the generated CSVs before timing):
no database can beat that, so the ratio says what the graph costs. Both answers are checked
to be identical before any figure is printed.

Usage: ``python bench/tiers.py [--profile force] [--seed 1] [--repeat 5]``. Starts its own
local Neo4j unless ``NEO4J_URI`` is set (whose data it wipes).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import datetime as dt
import json
import shutil
import statistics
import tempfile
import time

import pandas as pd

from graph import localdb, schema
from graph.tiers import rules as rules_mod
from graph.tiers.trawl import trawl
from ingest.pipeline import run_ingest
from ingest.synth import generate


def load_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """The rows the floor computes from, parsed once (not timed)."""
    offences = pd.read_csv(
        folder / "offences.csv",
        dtype=str,
        keep_default_na=False,
        usecols=["offence_id", "ho_code", "reported_on"],
    )
    offences["reported_on"] = pd.to_datetime(offences["reported_on"]).dt.date
    links = pd.read_csv(
        folder / "offence_subjects.csv",
        dtype=str,
        keep_default_na=False,
        usecols=["offence_id", "subject_id", "role"],
    )
    custody = pd.read_csv(folder / "custody.csv", dtype=str, keep_default_na=False)
    custody["start_date"] = pd.to_datetime(custody["start_date"]).dt.date
    custody["end_date"] = pd.to_datetime(custody["end_date"].replace("", None)).dt.date
    return {"offences": offences, "links": links, "custody": custody}


def floor(frames: dict[str, pd.DataFrame], rules: rules_mod.RuleSet, as_of: dt.date) -> dict:
    """Subject id -> tier, by pandas over in-memory rows (the same rules as the trawl)."""
    o, links, custody = frames["offences"], frames["links"], frames["custody"]
    sexual = o[o["ho_code"].isin(rules.sexual_codes) & (o["reported_on"] <= as_of)]
    named = links[links["role"].isin(rules.counted_roles)].merge(sexual, on="offence_id")
    named = named.drop_duplicates(["subject_id", "offence_id"])
    named["rape"] = named["ho_code"].isin(rules.rape_codes)
    g = named.groupby("subject_id").agg(
        count=("offence_id", "size"), rapes=("rape", "sum"), last=("reported_on", "max")
    )
    g = g[g["last"] >= rules.recent_from(as_of)]
    held = custody[
        (custody["start_date"] <= as_of)
        & (custody["end_date"].isna() | (custody["end_date"] > as_of))
    ]
    g["in_custody"] = g.index.isin(held["subject_id"])
    t1, t2 = rules.tier(1), rules.tier(2)
    tier1 = (g["count"] >= t1.min_sexual) & (g["rapes"] >= t1.min_rape) & ~g["in_custody"]
    tier2 = (g["count"] >= t2.min_sexual) & (g["rapes"] >= t2.min_rape)
    return {**{s: 2 for s in g.index[tier2 & ~tier1]}, **{s: 1 for s in g.index[tier1]}}


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median seconds of ``repeat`` warm runs (after one warm-up), and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="force")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="linkwatch-bench-tiers-"))
    folder = work / args.profile
    generate(folder, args.profile, seed=args.seed)
    truth = json.loads((folder / "truth.json").read_text())
    as_of = dt.date.fromisoformat(truth["as_of"])
    rules = rules_mod.load()

    with localdb.scratch_database(work) as db:
        schema.apply(db)
        started = time.perf_counter()
        run_ingest(folder, db=db, quarantine_dir=work / "q", progress=False)
        print(f"{args.profile}: loaded in {time.perf_counter() - started:.0f} s", flush=True)
        graph_s, results = timed(lambda: trawl(db, as_of, rules), args.repeat)
    frames = load_frames(folder)
    floor_s, expected = timed(lambda: floor(frames, rules, as_of), args.repeat)
    shutil.rmtree(work, ignore_errors=True)

    got = {a.subject_id: a.tier for a in results if a.tier in (1, 2)}
    assert got == expected, "the trawl and the in-memory floor disagree"
    planted = {**{s: 2 for s in truth["tier2"]}, **{s: 1 for s in truth["tier1"]}}
    print(
        f"subjects in Tier 1/2: {len(got)} (planted {len(planted)}, "
        f"{'recovered exactly' if got == planted else 'DIFFERENT from truth.json'})"
    )
    print(f"trawl (Neo4j, warm, median of {args.repeat}): {graph_s * 1000:8.1f} ms")
    print(f"in-memory floor (pandas)          : {floor_s * 1000:8.1f} ms")
    print(f"ratio trawl / floor               : {graph_s / floor_s:8.2f}x")


if __name__ == "__main__":
    main()
