"""The Splink model of one person under several subject records.

Comparisons: names (exact, swapped, close spellings), one record's name among the other's
aliases, date of birth (exact, day and month transposed, one character out, within a
year), gender, PNC id, and facts from the graph held in common: identifiers (phone,
email, vehicle) and home addresses. Offences naming both and victims in common are shown to
the analyst but are not evidence here: co-accused share both, so they mark two people far
more often than one person recorded twice (measured on the synthetic force: with them,
thousands of co-offender pairs scored above 0.9). u is estimated by random
sampling with a fixed seed, m by expectation maximisation; the trained model is a Splink
settings JSON file whose digest every proposal carries.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from graph.resolution.spec import DEFAULT_SPEC, Spec, load_spec  # noqa: F401 (re-exported)

#: Candidate pairs: any of these equal (arrays: any element in common). They keep a national
#: profile practical: no rule pairs a record with more than a few dozen others.
BLOCKS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("dob",), ()),
    (("forename", "surname"), ()),
    (("pnc_id",), ()),
    (("substr(surname, 1, 3)", "substr(forename, 1, 1)", "substr(dob, 1, 4)"), ()),
    (("identifiers",), ("identifiers",)),
    (("addresses",), ("addresses",)),
)
#: Forename and surname swapped on one record (not an equality of one column).
SWAPPED_BLOCK = "l.forename = r.surname AND l.surname = r.forename"

#: One label per comparison, for the waterfall on the review page.
LABELS = {
    "forename_surname": "Names",
    "aliases": "Name among the other's aliases",
    "dob": "Date of birth",
    "gender": "Gender",
    "pnc_id": "PNC id",
    "identifiers": "Shared phone, email or vehicle",
    "addresses": "Shared address",
}


#: Starting m probabilities (share of true duplicates at each level, null level excluded),
#: from how duplicate nominals arise; EM refines them where the force's data shows enough
#: pairs. A force with very few duplicates keeps these for the comparisons EM cannot learn.
PRIOR_M: dict[str, list[float]] = {
    # exact, swapped, both close (0.9), both fairly close (0.8), surname, surname close,
    # forename, else
    "forename_surname": [0.5, 0.05, 0.25, 0.08, 0.04, 0.03, 0.03, 0.02],
    "aliases": [0.1, 0.9],
    # exact, day and month transposed, one character out, within a year, else
    "dob": [0.6, 0.08, 0.15, 0.1, 0.07],
    "gender": [0.98, 0.02],
    "pnc_id": [0.95, 0.05],
    "identifiers": [0.6, 0.4],
    "addresses": [0.4, 0.6],
}


def _comparisons() -> list:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    dob_transposed = cll.CustomLevel(
        "substr(dob_l, 1, 4) = substr(dob_r, 1, 4) AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2)"
        " AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2)",
        label_for_charts="Day and month transposed",
    )
    alias_level = cll.CustomLevel(
        "list_contains(aliases_l, full_name_r) OR list_contains(aliases_r, full_name_l)",
        label_for_charts="One record's name is an alias of the other",
    )
    m = PRIOR_M
    return [
        cl.CustomComparison(
            [
                cll.And(cll.NullLevel("forename"), cll.NullLevel("surname")),
                cll.And(cll.ExactMatchLevel("forename"), cll.ExactMatchLevel("surname")),
                cll.ColumnsReversedLevel("forename", "surname", symmetrical=True),
                cll.And(cll.JaroWinklerLevel("forename", 0.9),
                        cll.JaroWinklerLevel("surname", 0.9)),
                cll.And(cll.JaroWinklerLevel("forename", 0.8),
                        cll.JaroWinklerLevel("surname", 0.8)),
                cll.ExactMatchLevel("surname"),
                # Lee and Leigh are far apart letter by letter: a close surname still counts.
                cll.JaroWinklerLevel("surname", 0.9),
                cll.ExactMatchLevel("forename"),
                cll.ElseLevel(),
            ],
            output_column_name="forename_surname",
            comparison_description="Names",
        ).configure(m_probabilities=m["forename_surname"]),
        cl.CustomComparison(
            [
                cll.And(cll.NullLevel("aliases"), cll.NullLevel("full_name")),
                alias_level,
                cll.ElseLevel(),
            ],
            output_column_name="aliases",
            comparison_description="Name among the other's aliases",
        ).configure(m_probabilities=m["aliases"]),
        cl.CustomComparison(
            [
                cll.NullLevel("dob"),
                cll.ExactMatchLevel("dob"),
                dob_transposed,
                cll.LevenshteinLevel("dob", 1),
                cll.AbsoluteDateDifferenceLevel("dob", threshold=1, metric="year",
                                                input_is_string=True),
                cll.ElseLevel(),
            ],
            output_column_name="dob",
            comparison_description="Date of birth",
        ).configure(m_probabilities=m["dob"]),
        cl.ExactMatch("gender").configure(m_probabilities=m["gender"]),
        cl.ExactMatch("pnc_id").configure(m_probabilities=m["pnc_id"]),
        *[
            cl.ArrayIntersectAtSizes(name, [1]).configure(m_probabilities=m[name])
            for name in ("identifiers", "addresses")
        ],
    ]


def settings_creator(spec: Spec) -> Any:
    """The untrained Splink settings: comparisons and the candidate-pair blocking rules."""
    from splink import SettingsCreator, block_on

    rules: list[Any] = [
        block_on(*cols, arrays_to_explode=list(arrays) or None) for cols, arrays in BLOCKS
    ]
    rules.append(SWAPPED_BLOCK)
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=_comparisons(),
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=[],
    )


def db_api(spec: Spec) -> Any:
    """A fresh in-memory DuckDB for Splink, limited to the configured threads."""
    from splink import DuckDBAPI

    con = duckdb.connect(":memory:")
    con.execute(f"SET threads TO {int(spec.threads)}")
    return DuckDBAPI(connection=con)


def linker(records: pd.DataFrame, model: Any, spec: Spec) -> Any:
    """A Splink linker over ``records`` (:func:`graph.resolution.records.subject_records`)
    with ``model`` (a settings creator, a settings dict or a model file)."""
    from splink import Linker

    api = db_api(spec)
    frame = api.register(records, dataset_display_name="subjects")
    return Linker(frame, model, log_level=logging.ERROR)


def train(records: pd.DataFrame, spec: Spec) -> tuple[dict[str, Any], list[str]]:
    """Train on the force's own records: u by seeded random sampling, m by EM.

    EM starts from :data:`PRIOR_M`; a block in which EM cannot run (too few duplicates
    among its pairs for every level to be seen) keeps the m values it had, and says so.

    Returns:
        The trained model as a Splink settings dict (what :func:`save` writes) and one line
        per training step saying what it did.
    """
    from splink import block_on

    lk = linker(records, settings_creator(spec), spec)
    notes = []
    lk.training.estimate_probability_two_random_records_match(
        [block_on("forename", "surname", "dob")], recall=0.8
    )
    lk.training.estimate_u_using_random_sampling(max_pairs=spec.u_max_pairs, seed=spec.seed)
    notes.append(f"u: random sampling of {spec.u_max_pairs:,.0f} pairs, seed {spec.seed}")
    for cols in spec.em_blocks:
        try:
            lk.training.estimate_parameters_using_expectation_maximisation(
                block_on(*cols), fix_probability_two_random_records_match=True
            )
            notes.append(f"m: EM over pairs with equal {', '.join(cols)}")
        except (ValueError, ArithmeticError) as exc:  # a level no pair reached underflows
            notes.append(f"m: EM over equal {', '.join(cols)} could not run ({exc}); "
                         "kept the starting values")
    model = lk.misc.save_model_to_json()
    floor = min(1.0 / max(len(records), 2), 1e-4)
    pairs = max(len(records) * (len(records) - 1) / 2, 1.0)
    if not model.get("probability_two_random_records_match", 0) > 1.0 / pairs:
        # No exact name-and-birth-date duplicate to estimate from: expect one pair at least.
        model["probability_two_random_records_match"] = 1.0 / pairs
        notes.append("prior: no exact duplicates to estimate from; one pair assumed")
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level") or level.get("sql_condition") == "ELSE":
                continue
            if level.get("u_probability") is None:
                # No sampled pair reached this level (a PNC id is one person's): as rare as
                # one record in the force, and at most 1 in 10,000 (a small force's sample
                # says little about how rare a coincidence is).
                level["u_probability"] = floor
                notes.append(f"u: {comparison['output_column_name']} "
                             f"'{level.get('label_for_charts')}' never sampled; "
                             f"set to {floor:.2g}")
    return model, notes


def save(model: dict[str, Any], path: Path) -> str:
    """Write the trained model (stable JSON) and return its digest."""
    model = {**model, "linker_uid": "linkwatch"}
    text = json.dumps(model, indent=1, sort_keys=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return digest(text)


def digest(text: str) -> str:
    """First 12 hex digits of the SHA-256 of the model file's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def load(path: Path) -> tuple[dict[str, Any], str]:
    """The trained model and its digest."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text), digest(text)
