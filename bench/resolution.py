"""Person resolution on the synthetic `force` profile: precision, recall and time, against
Splink with its own default settings on the same records in the same run.

The records are the force's subjects as :func:`graph.resolution.records.subject_records`
builds them (names, aliases, birth dates, genders, PNC ids and the identifiers each holds),
read from the generated CSV files rather than from Neo4j: what is measured is Splink's
training and prediction, which sees the same table either way. The canonical export carries
no home addresses, so the address comparison is null throughout.

Pairwise precision and recall are against truth.json's ``duplicate_persons`` at the
default threshold of graph/config/resolution.yaml (and at a few others, for the curve).

"Splink's defaults" is the tutorial model built from its comparison library with default
arguments (``NameComparison`` on forename and surname, ``DateOfBirthComparison``,
``ExactMatch`` on gender and PNC id), the usual blocking rules (equal names, equal birth
date), and the default training calls (a deterministic-rules prior, ``u`` from 1e6 random
pairs, EM over each blocking rule).

Usage: ``python bench/resolution.py [--profile force] [--seed 1] [--data FOLDER]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import json
import logging
import tempfile
import time
from typing import Any

import pandas as pd

from graph.resolution import model as model_mod
from graph.resolution import service
from graph.resolution.records import subject_records
from ingest.synth import generate


def _csv(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def force_records(folder: Path) -> pd.DataFrame:
    """The generated subjects and their identifiers as Splink records (not timed)."""
    ids = _csv(folder, "identifiers")
    facts = {"identifiers": pd.DataFrame({"subject_id": ids["subject_id"],
                                          "value": ids["kind"] + ":" + ids["value"]})}
    return subject_records(_csv(folder, "subjects"), facts)


def truth_pairs(folder: Path) -> set[str]:
    """The planted duplicate pairs, as pair ids."""
    truth = json.loads((folder / "truth.json").read_text())
    return {service.pair_id(*d["subject_ids"]) for d in truth["duplicate_persons"]}


def scores(pairs: dict[str, float], truth: set[str], threshold: float) -> dict[str, Any]:
    """Pairwise precision and recall of the pairs at or above ``threshold``."""
    got = {p for p, prob in pairs.items() if prob >= threshold}
    hit = len(got & truth)
    return {"threshold": threshold, "proposed": len(got), "true": hit,
            "precision": round(hit / len(got), 4) if got else None,
            "recall": round(hit / len(truth), 4) if truth else None,
            "missed": sorted(truth - got), "false": sorted(got - truth)}


def ours(records: pd.DataFrame) -> tuple[dict[str, float], float, float]:
    """linkwatch's model: train (seeded u, starting m) and predict; pairs and seconds."""
    spec = model_mod.load_spec()
    t0 = time.perf_counter()
    trained, notes = model_mod.train(records, spec)
    t_train = time.perf_counter() - t0
    t0 = time.perf_counter()
    pairs = predicted_pairs(model_mod.linker(records, trained, spec))
    return pairs, t_train, time.perf_counter() - t0


def predicted_pairs(lk) -> dict[str, float]:
    """Every pair a linker predicts at 0.5 or more: pair id -> match probability."""
    frame = lk.inference.predict(threshold_match_probability=0.5,
                                 warning_mode="never").as_pandas_dataframe()
    return {service.pair_id(a, b): float(p) for a, b, p in
            zip(frame["unique_id_l"], frame["unique_id_r"], frame["match_probability"],
                strict=True)}


def splink_defaults(records: pd.DataFrame) -> tuple[dict[str, float], float, float, str]:
    """Splink's library defaults on the same records; pairs, seconds and what happened."""
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on

    spec = model_mod.load_spec()
    plain = records[["unique_id", "forename", "surname", "dob", "gender", "pnc_id"]].copy()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[cl.NameComparison("forename"), cl.NameComparison("surname"),
                     cl.DateOfBirthComparison("dob", input_is_string=True),
                     cl.ExactMatch("gender"), cl.ExactMatch("pnc_id")],
        blocking_rules_to_generate_predictions=[block_on("forename", "surname"),
                                                block_on("dob")],
    )
    t0 = time.perf_counter()
    api = model_mod.db_api(spec)
    lk = Linker(api.register(plain), settings, log_level=logging.ERROR)
    note = "trained"
    try:
        lk.training.estimate_probability_two_random_records_match(
            [block_on("forename", "surname", "dob")], recall=0.7)
        lk.training.estimate_u_using_random_sampling(max_pairs=1e6)
        for rule in (block_on("forename", "surname"), block_on("dob")):
            lk.training.estimate_parameters_using_expectation_maximisation(rule)
    except (ValueError, ArithmeticError) as exc:
        note = f"training stopped: {str(exc)[:120]}"
    t_train = time.perf_counter() - t0
    t0 = time.perf_counter()
    try:
        pairs = predicted_pairs(lk)
    except (ValueError, ArithmeticError) as exc:  # an untrained prior of 0 or 1 (small data)
        pairs, note = {}, f"{note}; prediction failed: {str(exc)[:120]}"
    return pairs, t_train, time.perf_counter() - t0, note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", default="force")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, help="an already generated folder")
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)
    folder = args.data
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="linkwatch-bench-resolution-"))
        generate(folder, profile=args.profile, seed=args.seed)
    records = force_records(folder)
    truth = truth_pairs(folder)
    threshold = model_mod.load_spec().threshold
    pairs, ours_train, ours_predict = ours(records)
    d_pairs, d_train, d_predict, d_note = splink_defaults(records)
    out = {
        "profile": args.profile, "subjects": len(records), "planted_pairs": len(truth),
        "threshold": threshold,
        "linkwatch": {"train_s": round(ours_train, 2), "predict_s": round(ours_predict, 2),
                      **scores(pairs, truth, threshold),
                      "curve": [scores(pairs, truth, t) | {"missed": None, "false": None}
                                for t in (0.5, 0.8, 0.95, 0.99)]},
        "splink_defaults": {"train_s": round(d_train, 2), "predict_s": round(d_predict, 2),
                            "note": d_note, **scores(d_pairs, truth, threshold)},
    }
    total, d_total = ours_train + ours_predict, d_train + d_predict
    out["time_ratio_linkwatch_over_defaults"] = round(total / d_total, 2)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
