"""Proposals and decisions: train or load the model, score the force's subjects, keep the
proposals for review, and record each analyst's decision as an append-only event.

Source records are never merged or altered: a confirmation adds a ``SAME_PERSON_AS``
relationship, a rejection or a split removes it, and every decision is a
``ResolutionDecision`` node naming who, when and why.
"""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from graph.db import Database
from graph.resolution import model as model_mod
from graph.resolution import person as person_mod
from graph.resolution.records import subject_records
from graph.settings import settings

DECISIONS = ("confirm", "reject", "split")


class ResolutionError(ValueError):
    """A decision that cannot be made (unknown subject, a pair of one record, ...)."""


def pair_id(a: str, b: str) -> str:
    """The key of an unordered pair of subject ids.

    >>> pair_id("S2", "S1")
    'S1|S2'
    """
    return "|".join(sorted((a, b)))


def read_records(db: Database, ids: list[str] | None = None) -> pd.DataFrame:
    """The Splink records of the graph's subjects (all, or ``ids``)."""
    rows = db.read("resolution/records", ids=ids)
    subjects = pd.DataFrame(
        rows, columns=["subject_id", "forename", "surname", "aliases", "dob", "gender",
                       "pnc_id", "identifiers", "addresses"],
    )
    facts = {
        name: pd.DataFrame(
            [(r["subject_id"], v) for r in rows for v in r[name]],
            columns=["subject_id", "value"],
        )
        for name in ("identifiers", "addresses")
    }
    return subject_records(subjects, facts)


@dataclass
class Model:
    """A trained model, its version (configuration version + model digest) and notes."""

    settings: dict[str, Any]
    version: str
    spec: model_mod.Spec
    notes: list[str]


def ensure_model(records: pd.DataFrame, retrain: bool = False,
                 path: Path | None = None) -> Model:
    """Load the kept model, or train one on ``records`` and keep it (``retrain``: always)."""
    spec = model_mod.load_spec()
    path = Path(path or settings().resolution_model)
    notes: list[str] = []
    if retrain or not path.exists():
        trained, notes = model_mod.train(records, spec)
        model_mod.save(trained, path)
    trained, digest = model_mod.load(path)
    return Model(trained, f"{spec.version}+{digest}", spec, notes)


def _level_labels(settings_dict: dict[str, Any]) -> dict[str, dict[int, str]]:
    """Per comparison, its gamma values' labels (Splink numbers levels from the bottom)."""
    out = {}
    for c in settings_dict["comparisons"]:
        levels = [lv for lv in c["comparison_levels"] if not lv.get("is_null_level")]
        out[c["output_column_name"]] = {
            len(levels) - 1 - i: lv.get("label_for_charts") or lv["sql_condition"]
            for i, lv in enumerate(levels)
        }
    return out


def contributions(row: dict[str, Any], settings_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """The waterfall of one scored pair: the prior, then each comparison's match weight."""
    prior = settings_dict["probability_two_random_records_match"]
    out = [{"comparison": "Prior (two records picked at random)", "level": "",
            "weight": round(math.log2(prior / (1 - prior)), 2)}]
    labels = _level_labels(settings_dict)
    for name, by_gamma in labels.items():
        weight = row.get(f"mw_{name}")
        gamma = row.get(f"gamma_{name}")
        if weight is None or gamma is None or int(gamma) == -1:
            level, weight = "no value on one record", 0.0
        else:
            level = by_gamma.get(int(gamma), str(gamma))
        out.append({"comparison": model_mod.LABELS.get(name, name), "level": level,
                    "weight": round(float(weight), 2)})
    return out


def score(records: pd.DataFrame, trained: Model, threshold: float,
          exclude: set[str] | None = None) -> list[dict[str, Any]]:
    """Pairs at or above ``threshold``, minus the ``exclude``d pair ids, clustered.

    Returns:
        Proposals ``{subject_ids, match_probability, match_weight, cluster_id,
        contributions, model_version}``, strongest first.
    """
    if len(records) < 2:
        return []
    lk = model_mod.linker(records, trained.settings, trained.spec)
    predicted = lk.inference.predict(threshold_match_probability=threshold,
                                     warning_mode="never")
    frame = predicted.as_pandas_dataframe()
    if frame.empty:
        return []
    frame["pair"] = [pair_id(a, b) for a, b in zip(frame["unique_id_l"], frame["unique_id_r"],
                                                   strict=True)]
    kept = frame[~frame["pair"].isin(exclude or set())]
    if kept.empty:
        return []
    table = lk.table_management.register_table(
        kept.drop(columns=["pair"]), "__linkwatch_kept_predictions", overwrite=True
    )
    clusters = lk.clustering.cluster_pairwise_predictions_at_threshold(
        table, threshold_match_probability=threshold
    ).as_pandas_dataframe()
    cluster_of = dict(zip(clusters["unique_id"], clusters["cluster_id"], strict=True))
    out = []
    for row in kept.to_dict("records"):
        a, b = sorted((row["unique_id_l"], row["unique_id_r"]))
        out.append({
            "subject_ids": [a, b],
            "match_probability": round(float(row["match_probability"]), 6),
            "match_weight": round(float(row["match_weight"]), 3),
            "cluster_id": str(cluster_of.get(a, a)),
            "contributions": contributions(row, trained.settings),
            "model_version": trained.version,
        })
    out.sort(key=lambda p: (-p["match_probability"], p["subject_ids"]))
    return out


def decided_pairs(db: Database) -> set[str]:
    """Pair ids an analyst has already decided: they are never proposed again."""
    return {r["pair"] for r in db.read("resolution/decided_pairs")}


def keep(db: Database, proposals: list[dict[str, Any]], source: str,
         replace: bool = True) -> None:
    """Store proposals for the review queue (``replace``: forget the previous full run's)."""
    if replace:
        db.write("resolution/clear_proposals")
    rows = [{**p, "id": pair_id(*p["subject_ids"]), "source": source,
             "contributions": json.dumps(p["contributions"])} for p in proposals]
    if rows:
        db.write("resolution/save_proposals", rows=rows)


def resolve(db: Database, threshold: float | None = None, retrain: bool = False,
            model_path: Path | None = None) -> list[dict[str, Any]]:
    """Train or load the model, score every subject, keep and return the open proposals."""
    records = read_records(db)
    trained = ensure_model(records, retrain, model_path)
    cut = trained.spec.threshold if threshold is None else threshold
    proposals = score(records, trained, cut, decided_pairs(db))
    keep(db, proposals, "resolve")
    return proposals


def score_new(db: Database, subject_ids: list[str],
              model_path: Path | None = None) -> list[dict[str, Any]]:
    """Score newly ingested subjects against everyone with the kept model (no training).

    Returns the strong proposals that involve a new subject (also kept for review); none
    when no model has been trained yet.
    """
    path = Path(model_path or settings().resolution_model)
    if not subject_ids or not path.exists():
        return []
    records = read_records(db)
    trained = ensure_model(records, False, path)
    new = set(subject_ids)
    found = [p for p in score(records, trained, trained.spec.threshold, decided_pairs(db))
             if new & set(p["subject_ids"])]
    keep(db, found, "ingest", replace=False)
    return found


def after_ingest(db: Database, run_id: str) -> list[dict[str, Any]]:
    """Score the subjects an ingest run created or changed (see :func:`score_new`)."""
    if not Path(settings().resolution_model).exists():
        return []  # no model trained yet: nothing to score (and no million ids to read)
    ids = [r["subject_id"] for r in db.read("resolution/run_subjects", run=run_id)]
    return score_new(db, ids)


def _proposal(db: Database, a: str, b: str) -> dict[str, Any]:
    rows = db.read("resolution/proposals", threshold=0.0, limit=100_000)
    return next((r for r in rows if r["id"] == pair_id(a, b)), {})


def decide(db: Database, decision: str, subject_ids: list[str], reason: str,
           by: str) -> dict[str, Any]:
    """Record one analyst decision (append-only) and apply it to SAME_PERSON_AS.

    Args:
        decision: ``confirm`` or ``reject`` (two subject ids) or ``split`` (one).
        reason: why, in the analyst's words (required).
        by: who decided.

    Raises:
        ResolutionError: a bad decision, a missing reason, or an unknown subject.
    """
    if decision not in DECISIONS:
        raise ResolutionError(f"decision must be one of {', '.join(DECISIONS)}")
    if not reason or not reason.strip():
        raise ResolutionError("reason is required")
    ids = [str(s) for s in subject_ids]
    decision_id = f"resolution-{uuid.uuid4().hex[:12]}"
    if decision == "split":
        if len(ids) != 1:
            raise ResolutionError("split takes one subject id")
        rows = db.write("resolution/split", a=ids[0], id=decision_id, reason=reason.strip(),
                        by=by)
        if not rows:
            raise ResolutionError(f"no subject {ids[0]}")
        return {"id": decision_id, "decision": decision, "subject_ids": ids,
                "separated_from": rows[0]["others"]}
    if len(ids) != 2 or ids[0] == ids[1]:
        raise ResolutionError(f"{decision} takes two different subject ids")
    a, b = sorted(ids)
    proposal = _proposal(db, a, b)
    rows = db.write(f"resolution/{decision}", a=a, b=b, pair=pair_id(a, b), id=decision_id,
                    reason=reason.strip(), by=by,
                    match_probability=proposal.get("match_probability"),
                    model_version=proposal.get("model_version"))
    if not rows:
        raise ResolutionError(f"no subject {a} or {b}")
    return {"id": decision_id, "decision": decision, "subject_ids": [a, b]}


def queue(db: Database, threshold: float | None = None, limit: int = 200) -> list[dict]:
    """Open proposals for review, strongest first, contributions decoded."""
    cut = model_mod.load_spec().threshold if threshold is None else threshold
    rows = db.read("resolution/proposals", threshold=cut, limit=limit)
    return [{**r, "contributions": json.loads(r["contributions"] or "[]")} for r in rows]


def cluster(db: Database, subject_id: str) -> dict[str, Any]:
    """The confirmed person a subject belongs to: the other records and who linked them
    (:func:`graph.resolution.person.person`)."""
    return person_mod.person(db, subject_id)
