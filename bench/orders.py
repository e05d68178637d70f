"""Possible breaches over the synthetic `force` profile, warm, against a pandas brute force.

The floor is pandas computing the same answer by brute force over the generated CSVs held in
memory (every zone against every place the subject's offences and intelligence happened at,
every no-contact condition against his offences): the graph query must give the same set,
and the ratio says what Neo4j costs. Both answers are checked identical (and equal to the
generator's truth.json) before any figure is printed.

Usage: ``python bench/orders.py [--profile force] [--seed 1] [--repeat 5]``. Starts its own
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

import numpy as np
import pandas as pd

from graph import localdb, orders, schema
from ingest.pipeline import run_ingest
from ingest.synth import generate

EARTH = 6_371_008.8


def _csv(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def _day(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series.replace("", None), errors="coerce")


def load_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """The generated rows, parsed once (not timed)."""
    f = {n: _csv(folder, n) for n in ("orders", "order_conditions", "breaches", "offences",
                                      "offence_subjects", "offence_victims", "locations",
                                      "intelligence")}
    for name, cols in {"orders": ("start_date", "end_date"),
                       "order_conditions": ("starts_on", "ends_on"),
                       "offences": ("committed_from", "reported_on"),
                       "intelligence": ("reported_on",)}.items():
        for c in cols:
            f[name][c] = _day(f[name][c])
    for c in ("lat", "lon"):
        f["locations"][c] = pd.to_numeric(f["locations"][c].replace("", None))
    for c in ("lat", "lon", "radius_m"):
        f["order_conditions"][c] = pd.to_numeric(f["order_conditions"][c].replace("", None))
    return f


def floor(f: dict[str, pd.DataFrame], as_of: dt.date) -> set[tuple]:
    """(condition, evidence kind, evidence id, recorded) of every possible breach."""
    day = pd.Timestamp(as_of)
    o = f["orders"]
    o = o[o["status"].isin(["", "granted", "interim", "discharged", "expired"])
          & o["start_date"].notna()]
    c = f["order_conditions"].merge(o[["order_id", "subject_id", "start_date", "end_date"]],
                                    on="order_id")
    c["from"] = c[["starts_on", "start_date"]].max(axis=1)
    c["to"] = c[["ends_on", "end_date"]].min(axis=1)
    offences = f["offences"].assign(on=f["offences"]["committed_from"].fillna(
        f["offences"]["reported_on"]))
    named = f["offence_subjects"][["offence_id", "subject_id"]].drop_duplicates().merge(
        offences[["offence_id", "on", "location_id"]], on="offence_id")
    evidence = pd.concat([
        named.rename(columns={"offence_id": "evidence_id"}).assign(kind="offence"),
        f["intelligence"].rename(columns={"intel_id": "evidence_id", "reported_on": "on"})[
            ["evidence_id", "subject_id", "on", "location_id"]].assign(kind="intelligence"),
    ]).merge(f["locations"][["location_id", "lat", "lon"]], on="location_id", how="left")
    zones = c[c["kind"] == "exclusion_zone"].merge(evidence, on="subject_id",
                                                   suffixes=("_z", ""))
    lat1, lat2 = np.radians(zones["lat_z"]), np.radians(zones["lat"])
    h = (np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2)
         * np.sin(np.radians(zones["lon"] - zones["lon_z"]) / 2) ** 2)
    zones = zones[(2 * EARTH * np.arcsin(np.sqrt(h)) <= zones["radius_m"])]
    contact = c[c["kind"] == "no_contact"].merge(
        named.merge(f["offence_victims"], on="offence_id"), on="subject_id")
    contact = contact[contact["victim_id"] == contact["protected_victim_id"]].rename(
        columns={"offence_id": "evidence_id"}).assign(kind_e="offence")
    zones = zones.rename(columns={"kind": "kind_e"})
    found = pd.concat([zones, contact])
    found = found[(found["on"] <= day) & (found["on"] >= found["from"])
                  & (found["to"].isna() | (found["on"] < found["to"]))]
    b = f["breaches"]
    recorded = set(zip(b["order_id"], b["condition_id"], b["offence_id"], strict=True)) | set(
        zip(b["order_id"], b["condition_id"], b["intelligence_id"], strict=True))
    return {(r.condition_id, r.kind_e, r.evidence_id,
             (r.order_id, r.condition_id, r.evidence_id) in recorded
             or (r.order_id, "", r.evidence_id) in recorded)
            for r in found.itertuples()}


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

    work = Path(tempfile.mkdtemp(prefix="linkwatch-bench-orders-"))
    folder = work / args.profile
    generate(folder, args.profile, seed=args.seed)
    truth = json.loads((folder / "truth.json").read_text())
    as_of = dt.date.fromisoformat(truth["as_of"])
    with localdb.scratch_database(work) as db:
        schema.apply(db)
        started = time.perf_counter()
        run_ingest(folder, db=db, quarantine_dir=work / "q", progress=False)
        print(f"{args.profile}: loaded in {time.perf_counter() - started:.0f} s", flush=True)
        graph_s, rows = timed(lambda: orders.possible_breaches(db, as_of), args.repeat)
    frames = load_frames(folder)
    floor_s, expected = timed(lambda: floor(frames, as_of), args.repeat)
    shutil.rmtree(work, ignore_errors=True)

    got = {(r["condition_id"], r["evidence_kind"], r["evidence_id"], r["recorded"])
           for r in rows}
    assert got == expected, f"graph and floor disagree: {sorted(got ^ expected)[:5]}"
    planted = {(t["condition_id"], t["evidence_kind"], t["evidence_id"], t["recorded"])
               for t in truth["possible_breaches"]}
    print(f"possible breaches: {len(got)} ({sum(r[3] for r in got)} recorded); "
          f"{'equal to truth.json' if got == planted else 'DIFFERENT from truth.json'}")
    print(f"possible breaches (Neo4j, warm, median of {args.repeat}): {graph_s * 1000:8.1f} ms")
    print(f"brute force (pandas, in memory)             : {floor_s * 1000:8.1f} ms")
    print(f"ratio graph / floor                         : {graph_s / floor_s:8.2f}x")


if __name__ == "__main__":
    main()
