"""Synthetic VAWG/RASSO data with planted, documented truth.

`generate()` writes the canonical CSV folder (subjects, offences, offence_subjects, victims,
offence_victims, locations, custody, intelligence, orders, order_conditions, breaches,
identifiers, associations) and `truth.json`.  The same profile, seed and as_of always give
byte-identical files.

truth.json keys:
    as_of, profile, seed: the run.
    recent_from: first reported_on date that is still "recent" (as_of minus 18 months).
    rule: thresholds, counted roles, sexual and rape code lists, custody and recency wording.
    counts: rows per CSV file.
    tier1, tier2, tier2_in_custody: subject ids the tier rules select (recomputed from the
        generated data and checked against what was planted).
    cases: named boundary cases; each has description, subjects (subject_id, expected_tier
        1/2/null, in_custody) and offence_ids.
    near_misses: {stale, no_rape, below_count}: serious-looking subjects with no tier.
    repeat_locations: venues/hubs with many offences, their peak weekday and hour.
    co_offending_groups: 3-5 subjects named together on several offences.
    shared_victims: one victim harmed by several otherwise unconnected subjects.
    shared_identifiers: subjects linked only by one phone, vehicle or email.
    duplicate_persons: one person under two records sharing a phone, the second without a PNC
        id; `variant` says how they differ (spelling, swapped, nickname, year_typo).
    escalations: the escalation flags on as_of (graph/config/escalation_rules.yaml; computed
        from the generated data by escalation_truth.py, planted or by chance): `as_of`,
        `rules` (rule -> every subject it flags), `planted` (rule, subject_id, intel_ids,
        offence_ids; each must be flagged by its rule; those with a location_id are behaviour
        at a venue then a sexual offence there) and `near_misses` (the same plus `reason`:
        day_91, day_31, day_366 or grade_e_alone; no rule may flag them). See
        plant_escalations.py.
    possible_breaches: every possible breach of an exclusion zone or no-contact condition in
        the data (planted or by chance; definition in breach_truth.py): order_id,
        condition_id, subject_id, kind, evidence_kind (offence|intelligence), evidence_id,
        on, recorded (a breach row names it).
    location_reports: public reports (location_reports.csv): radius_m, cell_m and, per
        report, where it should cluster (kind location|cell, expected id, planted as
        repeat_venue|no_offences|scattered); see location_reports.py.
    breach_near_misses: planted evidence that must not count, the same fields plus reason
        (outside_radius, before_order_start, after_condition_end, after_order_end,
        order_not_in_force) instead of recorded.

Background subjects never reach Tier 2 (each is named on at most three sexual offences), so
every subject in the tier lists was planted.

Every offence's MO note comes from the vocabulary of its MO group (the category refined by the
code: a child's rape, grooming, malicious communications ...), its venue type (and kind of
platform) and its domestic flag (mo.py, mo_vocab.py).  No offence is committed inside the
custody of any subject named on it, in any role (custody_fit.py); none is planted as an
offence in prison.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .breach_truth import possible_breaches
from .config import (
    DEFAULT_AS_OF,
    PROFILES,
    YEARS_OF_DATA,
    Profile,
    Rule,
    load_codes,
    months_before,
    parse_as_of,
    to_days,
)
from .custody_fit import fit_custody
from .escalation_truth import escalation_truth
from .extras import background_extras
from .files import resolve, write_all, write_truth
from .location_reports import write_location_reports
from .mo import fit_notes
from .offences import background_offences
from .people import add_subjects, fix_subject_ages, init_pools
from .places import add_locations, location_counts
from .plant_escalations import plant_escalations
from .plant_links import plant_links
from .plant_orders import plant_orders
from .plant_tiers import TIER1_CASES, TIER2_CASES, plant_tiers
from .plant_venues import plant_repeat_venues
from .planter import Ref
from .rules import check_expected, tier_table
from .table import RESIDENTIAL, World
from .writer import Ids

__all__ = ["DEFAULT_AS_OF", "PROFILES", "Profile", "Rule", "Summary", "generate"]


@dataclass(frozen=True)
class Summary:
    """What one run produced."""

    out: Path
    profile: str
    seed: int
    as_of: date
    files: int
    rows: int
    seconds: float
    tier1: int
    tier2: int

    def line(self) -> str:
        """One-line human summary."""
        return (
            f"synth {self.profile} seed={self.seed} as_of={self.as_of.isoformat()}: "
            f"{self.files} files, {self.rows:,} rows, Tier 1 {self.tier1}, "
            f"Tier 2 {self.tier2}, {self.seconds:.1f} s -> {self.out}"
        )


def _planted_offences_estimate(p: Profile) -> int:
    # Rough number of offences the planters add, so the total lands near p.offences.
    generic = 12 * max(0, p.tier1 - TIER1_CASES) + 6.5 * max(0, p.tier2 - TIER2_CASES)
    links = 4 * p.groups + 3 * p.shared_victims + 2.5 * p.shared_identifiers + 2 * p.duplicates
    return int(generic + 140 + 20 * p.near_miss + links + p.escalations)


def generate(
    out: str | Path,
    profile: str = "demo",
    seed: int = 1,
    as_of: str | date | None = None,
    rule: Rule | None = None,
) -> Summary:
    """Generate one data set into `out` (created if missing).

    Args:
        out: output folder.
        profile: one of PROFILES (demo, force, national).
        seed: random seed; same seed and as_of give byte-identical output.
        as_of: date the tiers are evaluated on (ISO string, date, "today"; default fixed).
        rule: tier thresholds (defaults to Operation Ratify's).

    Returns:
        A Summary with row counts and timing.
    """
    t0 = time.perf_counter()
    prof = PROFILES[profile]
    day = parse_as_of(as_of)
    rule = rule or Rule()
    w = World(
        profile=prof,
        seed=seed,
        as_of=to_days(day),
        cutoff=to_days(months_before(day, rule.recency_months)),
        start=to_days(months_before(day, 12 * YEARS_OF_DATA)),
        codes=load_codes(),
        rule=rule,
    )

    def rng(stream: int) -> np.random.Generator:
        return np.random.default_rng([seed, stream])

    init_pools(w)
    planted = _planted_offences_estimate(prof)
    n_off = max(500, prof.offences - planted)
    n_subj = int(0.36 * n_off) + 50
    subjects = add_subjects(w, rng(1), n_subj)
    w.locs_by_type = add_locations(w, rng(2), location_counts(n_off, n_subj))
    homes = w.locs_by_type[RESIDENTIAL]
    w.homes = homes[rng(3).integers(0, homes.size, n_subj)]
    background_offences(w, rng(4), n_off, subjects, planted)
    background_extras(w, rng(5), subjects)
    background_custody = len(w.t["custody"])
    plant_repeat_venues(w, rng(6))
    plant_tiers(w, seed)
    plant_links(w, seed)
    plant_orders(w, seed, rng(9))
    plant_escalations(w, seed)
    fit_notes(w, rng(10))
    fit_custody(w, background_custody, rng(11))
    fix_subject_ages(w, rng(8))

    g = tier_table(w)
    check_expected(w, g)
    out = Path(out)
    ids = Ids(w, rng(7))
    possible_breaches(w, ids)
    w.truth["escalations"] = escalation_truth(w)
    counts = write_all(w, out, ids)
    counts["location_reports.csv"], w.truth["location_reports"] = write_location_reports(
        w, out, ids, rng(41))
    truth = _truth(w, g, day, counts)
    write_truth(out / "truth.json", resolve(truth, w, ids))
    return Summary(
        out=out,
        profile=profile,
        seed=seed,
        as_of=day,
        files=len(counts) + 1,
        rows=sum(counts.values()),
        seconds=time.perf_counter() - t0,
        tier1=int((g["tier"] == 1).sum()),
        tier2=int((g["tier"] == 2).sum()),
    )


def _truth(w: World, g: pd.DataFrame, day: date, counts: dict[str, int]) -> dict[str, Any]:
    """truth.json before references are resolved (key order is part of the output)."""

    def refs(mask: pd.Series) -> list[Ref]:
        return [Ref("subject", int(s)) for s in g.index[mask]]

    planted = {k: v for k, v in w.truth.items() if not k.startswith("_")}
    return {
        "as_of": day.isoformat(),
        "profile": w.profile.name,
        "seed": w.seed,
        "recent_from": Ref("date", w.cutoff),
        "rule": w.rule.as_dict(w.codes),
        "counts": counts,
        "tier1": refs(g["tier"] == 1),
        "tier2": refs(g["tier"] == 2),
        "tier2_in_custody": refs((g["tier"] == 2) & g["in_custody"]),
        **planted,
    }
