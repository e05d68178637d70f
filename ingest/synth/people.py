"""Subjects (nominals) and victims: names, dates of birth, genders, aliases."""

from __future__ import annotations

import random
import re

import numpy as np

from . import vocab
from .config import Codes
from .table import World

DAYS_PER_YEAR = 365.25


def init_pools(w: World) -> None:
    """Name pools shared by subjects and victims; planted variants are appended later."""
    w.pools["forename"] = list(vocab.MALE_FORENAMES) + list(vocab.FEMALE_FORENAMES)
    w.pools["surname"] = list(vocab.SURNAMES)
    w.pools["alias"] = []


def _forenames(rng: np.random.Generator, female: np.ndarray) -> np.ndarray:
    n_male, n_female = len(vocab.MALE_FORENAMES), len(vocab.FEMALE_FORENAMES)
    male_pick = rng.integers(0, n_male, female.size)
    female_pick = n_male + rng.integers(0, n_female, female.size)
    return np.where(female, female_pick, male_pick)


def add_subjects(
    w: World,
    rng: np.random.Generator,
    n: int,
    female_share: float = 0.1,
    alias_share: float = 0.1,
) -> np.ndarray:
    """Create n subjects aged mostly 18-50 at as_of; returns their internal ids."""
    female = rng.random(n) < female_share
    age_years = np.clip(17 + rng.gamma(2.2, 7.0, n), 16, 85)
    dob = w.as_of - (age_years * DAYS_PER_YEAR).astype(np.int64)
    fore = _forenames(rng, female)
    sur = rng.integers(0, len(vocab.SURNAMES), n)
    # Most nominals known to police have a PNC record; the number is derived from a counter.
    has_pnc = rng.random(n) < 0.8
    first = len(w.t["subjects"])
    pnc = np.where(has_pnc, np.arange(first, first + n), -1)
    alias = np.full(n, -1, dtype=np.int64)
    picked = np.flatnonzero(rng.random(n) < alias_share)
    if picked.size:
        alias[picked] = _aliases(w, rng, fore[picked], sur[picked])
    return w.t["subjects"].extend(
        forename=fore, surname=sur, alias=alias, dob=dob, gender=female.astype(np.int8), pnc=pnc
    )


def _aliases(w: World, rng: np.random.Generator, fore: np.ndarray, sur: np.ndarray) -> np.ndarray:
    """Alias strings (`;`-separated) for a few subjects; loops only over that small subset."""
    fnames, snames, pool = w.pools["forename"], w.pools["surname"], w.pools["alias"]
    kinds = rng.integers(0, 4, fore.size)
    other_sur = rng.integers(0, len(vocab.SURNAMES), fore.size)
    out = np.empty(fore.size, dtype=np.int64)
    for i, (f, s, k, o) in enumerate(zip(fore, sur, kinds, other_sur, strict=True)):
        first, last = fnames[f], snames[s]
        options = [
            f"{vocab.NICKNAMES.get(first, first[:3])} {last}",
            f"{first[0]}. {last}",
            f"{first} {snames[o]}",
        ]
        text = ";".join(options[:2]) if k == 3 else options[k]
        out[i] = len(pool)
        pool.append(text)
    return out


def add_subject(
    w: World,
    r: random.Random,
    female: bool = False,
    forename: str | None = None,
    surname: str | None = None,
    dob: int | None = None,
    aliases: str | None = None,
    no_pnc: bool = False,
) -> int:
    """One planted subject (row-buffered, so cheap), optionally with a given name, birth date
    or alias text; ``no_pnc`` leaves the PNC id empty (a local record not yet matched)."""
    names = vocab.FEMALE_FORENAMES if female else vocab.MALE_FORENAMES
    fore = forename or names[r.randrange(len(names))]
    sur = surname or vocab.SURNAMES[r.randrange(len(vocab.SURNAMES))]
    if dob is None:
        dob = w.as_of - int((17 + r.gammavariate(2.5, 6.0)) * DAYS_PER_YEAR)
    t = w.t["subjects"]
    alias = -1
    if aliases:
        alias = len(w.pools["alias"])
        w.pools["alias"].append(aliases)
    has_pnc = r.random() < 0.9
    return t.add(
        forename=w.pool_index("forename", fore),
        surname=w.pool_index("surname", sur),
        alias=alias,
        dob=dob,
        gender=int(female),
        pnc=len(t) if has_pnc and not no_pnc else -1,
    )


def fix_subject_ages(w: World, rng: np.random.Generator, min_age: float = 14.0) -> None:
    """Make every subject at least `min_age` at their first offence.

    Dates of birth are drawn before offences are assigned, so a young subject could otherwise
    be named on an offence from years before he was a teenager.
    """
    s, links, off = w.t["subjects"], w.t["off_subj"], w.t["offences"]
    first = np.full(len(s), np.iinfo(np.int64).max)
    np.minimum.at(first, links["subj"], off["cfrom"][links["off"]].astype(np.int64))
    dob = s["dob"]
    too_young = np.flatnonzero(dob > first - int(min_age * DAYS_PER_YEAR))
    years = min_age + rng.gamma(2.0, 4.0, too_young.size)
    dob[too_young] = first[too_young] - (years * DAYS_PER_YEAR).astype(np.int64)


def victim_profiles(codes: Codes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per code: victim age band (years) and share of male victims.

    Read from the classification's descriptions ("under 13", "of a male") so that adding a code
    to the configuration needs no code change here.
    """
    n = codes.code.size
    lo, hi, male = np.full(n, 16.0), np.full(n, 60.0), np.full(n, 0.08)
    for i, desc in enumerate(codes.description):
        d = str(desc).lower()
        if "under 13" in d:
            lo[i], hi[i] = 4, 13
        elif "under 16" in d or "child" in d:
            lo[i], hi[i] = 12, 16
        if re.search(r"\bmale\b", d):
            male[i] = 1.0
        elif "female" in d:
            male[i] = 0.0
    return lo, hi, male


def add_victims(
    w: World,
    rng: np.random.Generator,
    at_day: np.ndarray,
    age_lo: np.ndarray,
    age_hi: np.ndarray,
    male_prob: np.ndarray,
) -> np.ndarray:
    """Victims with ages drawn from a band at the given offence day; returns internal ids."""
    n = at_day.size
    male = rng.random(n) < male_prob
    # Skew adult ages young (most VAWG victims are 16-35) while keeping the child bands exact.
    span = age_hi - age_lo
    frac = np.where(age_lo >= 16, rng.beta(1.3, 4.0, n), rng.random(n))
    age_days = ((age_lo + frac * span) * DAYS_PER_YEAR).astype(np.int64)
    dob = at_day.astype(np.int64) - age_days
    return w.t["victims"].extend(
        forename=_forenames(rng, ~male),
        surname=rng.integers(0, len(vocab.SURNAMES), n),
        dob=dob,
        gender=(~male).astype(np.int8),
    )
