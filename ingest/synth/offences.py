"""Background offences, the subjects named on them, their victims, places and times.

Everything here is vectorised: the force profile has 300,000 offences and the national one ten
times that.  Background subjects are kept below the Tier 2 threshold by construction: each is
named (as suspect or offender) on at most three sexual offences, so the tier lists in truth.json
are exactly the planted subjects.
"""

from __future__ import annotations

import numpy as np

from . import mix
from .config import VAWG_CATEGORIES
from .mo import GROUPS, code_groups, offence_cells
from .mo import draw as draw_notes
from .people import add_victims, victim_profiles
from .table import NO_DATE, NTE, OFFENDER, ONLINE, OTHER, RESIDENTIAL, SUSPECT, World

MAX_BACKGROUND_SEXUAL = 3  # one below the Tier 2 count; see module docstring


def _cat(name: str) -> int:
    return VAWG_CATEGORIES.index(name)


def background_offences(
    w: World, rng: np.random.Generator, n: int, subjects: np.ndarray, planted: int = 0
) -> None:
    """Generate n offences naming only the given (background) subjects.

    `planted` is the expected number of planted offences (mostly non-rape sexual offences);
    the background's rape share is raised to keep rape about a third of all sexual offences.
    """
    codes = w.codes
    bg_sexual = n * mix.SEXUAL_SHARE
    planted_sexual, planted_rape = 0.85 * planted, 0.2 * 0.85 * planted
    want = mix.TARGET_RAPE_SHARE * (bg_sexual + planted_sexual) - planted_rape
    code_idx, p = mix.code_probabilities(codes, float(np.clip(want / bg_sexual, 0.2, 0.6)))
    code = code_idx[rng.choice(code_idx.size, n, p=p)]
    cat = mix.category_ids(codes)[code]
    sexual = codes.sexual[code]
    course = np.isin(cat, [_cat(c) for c in mix.COURSE_OF_CONDUCT])

    rep, cfrom, cto = _dates(w, rng, n, sexual, course)
    domestic = rng.random(n) < np.array([mix.DOMESTIC_SHARE[c] for c in VAWG_CATEGORIES])[cat]
    outcome = _outcomes(w, rng, cat, rep, domestic)
    first, second = _name_suspects(w, rng, n, sexual, outcome, subjects)
    first_off = len(w.t["offences"])
    loc, vtype = _places(w, rng, cat, code, domestic, first)
    minute = hours_to_minutes(rng, vtype)
    cfrom = np.where(cto == NO_DATE, weekend_shift(rng, cfrom, vtype, w.start), cfrom)

    w.pools["mo"] = mix.mo_pool()[0]
    mo = draw_notes(rng, offence_cells(w, code, loc, domestic))
    w.t["offences"].extend(
        code=code,
        cfrom=cfrom,
        cto=cto,
        rep=rep,
        loc=loc,
        outcome=outcome,
        domestic=domestic,
        minute=minute,
        mo=mo,
    )
    _link_suspects(w, rng, first_off, first, second, outcome, rep, subjects)
    _victims(w, rng, first_off, code, cfrom, domestic, first)


def _dates(
    w: World, rng: np.random.Generator, n: int, sexual: np.ndarray, course: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    span = w.as_of - w.start
    # Reporting rose over the decade: density grows linearly from 1 to 2 across the window.
    rep = w.start + ((np.sqrt(1 + 3 * rng.random(n)) - 1) * span).astype(np.int64)
    quick = np.where(rng.random(n) < 0.6, rng.integers(0, 2, n), rng.exponential(20, n))
    r = rng.random(n)
    sexual_lag = np.where(
        r < 0.4,
        rng.integers(0, 3, n),
        np.where(r < 0.75, rng.exponential(30, n), rng.uniform(365, 8 * 365, n)),
    )
    lag = np.where(sexual, sexual_lag, np.where(course, rng.exponential(90, n), quick))
    lag = lag.astype(np.int64) % (rep - w.start + 1)  # keep committed dates inside the window
    cfrom = rep - lag
    # Courses of conduct run from a first to a last incident shortly before the report.
    end = np.maximum(rep - rng.exponential(3, n).astype(np.int64), cfrom)
    cto = np.where(course & (rng.random(n) < 0.7) & (lag > 0), end, NO_DATE)
    return rep, cfrom, cto


def _outcomes(
    w: World, rng: np.random.Generator, cat: np.ndarray, rep: np.ndarray, domestic: np.ndarray
) -> np.ndarray:
    n = cat.size
    out = np.zeros(n, dtype=np.int64)
    for ci, name in enumerate(VAWG_CATEGORIES):
        rows = np.flatnonzero(cat == ci)
        dist = mix.OUTCOMES[mix.outcome_family(name)]
        vals = np.array(list(dist))
        pr = np.array(list(dist.values()), dtype=float)
        out[rows] = vals[rng.choice(vals.size, rows.size, p=pr / pr.sum())]
    # Domestic suspects are known to the victim: no "no suspect identified" outcomes.
    out[domestic & np.isin(out, mix.NO_SUSPECT_OUTCOMES)] = 16
    # Recent reports are mostly still under investigation (outcome empty).
    age = w.as_of - rep
    still_open = rng.random(n) < 0.85 * np.exp(-np.maximum(age, 0) / 120) + 0.02
    out[still_open] = 0
    return out


def _name_suspects(
    w: World,
    rng: np.random.Generator,
    n: int,
    sexual: np.ndarray,
    outcome: np.ndarray,
    subjects: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """First and second (co-accused) named subject per offence; -1 where there is none."""
    named = ~np.isin(outcome, mix.NO_SUSPECT_OUTCOMES) & ((outcome != 0) | (rng.random(n) < 0.85))
    first = np.full(n, -1, dtype=np.int64)
    second = np.full(n, -1, dtype=np.int64)
    co = named & (rng.random(n) < 0.035)
    # A heavy tail of prolific (mostly domestic) offenders for non-sexual offences.
    weight = np.minimum(rng.pareto(2.2, subjects.size) + 1, 40)
    rows = np.flatnonzero(named & ~sexual)
    first[rows] = subjects[rng.choice(subjects.size, rows.size, p=weight / weight.sum())]
    rows = np.flatnonzero(co & ~sexual)
    second[rows] = subjects[rng.integers(0, subjects.size, rows.size)]
    # Sexual offences draw first and second suspects from one capped pool of slots.
    rows1, rows2 = np.flatnonzero(named & sexual), np.flatnonzero(co & sexual)
    slots = _sexual_slots(w, rng, rows1.size + rows2.size, subjects)
    first[rows1], second[rows2] = slots[: rows1.size], slots[rows1.size :]
    second[second == first] = -1
    return first, second


def _sexual_slots(w: World, rng: np.random.Generator, k: int, subjects: np.ndarray) -> np.ndarray:
    """k suspects for sexual offences, each subject used at most MAX_BACKGROUND_SEXUAL times."""
    female = w.t["subjects"]["gender"][subjects] == 1
    cand = subjects[~female | (rng.random(subjects.size) < 0.05)]
    cand = cand[rng.permutation(cand.size)]
    per = rng.choice(np.arange(1, MAX_BACKGROUND_SEXUAL + 1), cand.size, p=[0.78, 0.16, 0.06])
    m = int(np.searchsorted(np.cumsum(per), k)) + 1
    if m > cand.size:
        raise ValueError("too few background subjects for the sexual offences")
    slots = np.repeat(cand[:m], per[:m])[:k]
    return slots[rng.permutation(k)]


def _link_suspects(
    w: World,
    rng: np.random.Generator,
    first_off: int,
    first: np.ndarray,
    second: np.ndarray,
    outcome: np.ndarray,
    rep: np.ndarray,
    subjects: np.ndarray,
) -> None:
    n = first.size
    role = np.where(np.isin(outcome, mix.OFFENDER_OUTCOMES), OFFENDER, SUSPECT)
    named_on = np.minimum(rep + rng.exponential(6, n).astype(np.int64), w.as_of)
    off = first_off + np.arange(n)
    links = w.t["off_subj"]
    for who in (first, second):
        rows = np.flatnonzero(who >= 0)
        links.extend(off=off[rows], subj=who[rows], role=role[rows], named=named_on[rows])
    co = np.flatnonzero(second >= 0)
    w.co_accused.append(np.stack([first[co], second[co]]))
    # People recorded with role "other" (present, involved, not suspected).
    oth = rng.choice(n, int(n * 0.02), replace=False)
    links.extend(
        off=off[oth],
        subj=subjects[rng.integers(0, subjects.size, oth.size)],
        role=OTHER,
        named=rep[oth],
    )


def _places(
    w: World,
    rng: np.random.Generator,
    cat: np.ndarray,
    code: np.ndarray,
    domestic: np.ndarray,
    first: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    n = cat.size
    vtype = np.full(n, RESIDENTIAL, dtype=np.int64)
    online_heavy = np.isin(w.codes.code[code], mix.ONLINE_HEAVY_CODES)
    group = code_groups(w.codes)[code]
    # Non-domestic offences by MO group: a child's rape in a nightclub is not believable.
    combo = (group + 1) * len(VAWG_CATEGORIES) + cat
    for c in np.unique(combo).tolist():
        gi, cat_i = divmod(c, len(VAWG_CATEGORIES))
        gi -= 1
        rows = np.flatnonzero((combo == c) & ~domestic)
        options = mix.venue_mix(GROUPS[gi] if gi >= 0 else "", VAWG_CATEGORIES[cat_i])
        vt = np.array([k for k, p in options.items() if p > 0])
        pr = np.array([p for p in options.values() if p > 0], dtype=float)
        vtype[rows] = vt[rng.choice(vt.size, rows.size, p=pr / pr.sum())]
    heavy = np.flatnonzero(online_heavy & (rng.random(n) < 0.9))
    vtype[heavy] = ONLINE
    loc = np.empty(n, dtype=np.int64)
    for vt, ids in w.locs_by_type.items():
        rows = np.flatnonzero(vtype == vt)
        loc[rows] = ids[rng.integers(0, ids.size, rows.size)]
    # Domestic offences mostly at the suspect's home.
    at_home = np.flatnonzero(
        (vtype == RESIDENTIAL) & domestic & (first >= 0) & (rng.random(n) < 0.8)
    )
    loc[at_home] = w.homes[first[at_home]]
    return loc, vtype


def hours_to_minutes(rng: np.random.Generator, vtype: np.ndarray) -> np.ndarray:
    """Minute of day, drawn from each venue type's hour profile."""
    minute = rng.integers(0, 60, vtype.size)
    hour = np.zeros(vtype.size, dtype=np.int64)
    for vt, weights in mix.HOUR_WEIGHTS.items():
        rows = np.flatnonzero(vtype == vt)
        hour[rows] = rng.choice(24, rows.size, p=weights / weights.sum())
    return hour * 60 + minute


def weekday(days: np.ndarray) -> np.ndarray:
    """Monday=0 ... Sunday=6 for days since 1970-01-01 (a Thursday)."""
    return (days + 3) % 7


def weekend_shift(
    rng: np.random.Generator, cfrom: np.ndarray, vtype: np.ndarray, start: int
) -> np.ndarray:
    """Move most night-time-economy incidents back to the previous Friday or Saturday."""
    target = np.where(rng.random(cfrom.size) < 0.5, 4, 5)
    moved = cfrom - (weekday(cfrom) - target) % 7
    shift = (vtype == NTE) & (rng.random(cfrom.size) < 0.6) & (moved >= start)
    return np.where(shift, moved, cfrom)


def _victims(
    w: World,
    rng: np.random.Generator,
    first_off: int,
    code: np.ndarray,
    cfrom: np.ndarray,
    domestic: np.ndarray,
    first: np.ndarray,
) -> None:
    n = code.size
    lo, hi, male = victim_profiles(w.codes)
    vict = np.full(n, -1, dtype=np.int64)
    # Domestic abuse is repeat victimisation: most domestic offences share one partner victim.
    dom = np.flatnonzero(domestic & (first >= 0))
    use_partner = dom[rng.random(dom.size) < 0.75]
    abusers, first_row, which = np.unique(
        first[use_partner], return_index=True, return_inverse=True
    )
    # Aged as an adult on the day of the first domestic offence against her.
    partners = add_victims(
        w,
        rng,
        cfrom[use_partner][first_row],
        np.full(abusers.size, 18.0),
        np.full(abusers.size, 55.0),
        np.full(abusers.size, 0.05),
    )
    vict[use_partner] = partners[which]
    # A few victims are targeted again by someone else: they reuse another offence's victim.
    again = np.flatnonzero((vict < 0) & ~domestic & (rng.random(n) < 0.02))
    vict[again] = -2
    fresh = np.flatnonzero(vict == -1)
    vict[fresh] = add_victims(
        w, rng, cfrom[fresh], lo[code[fresh]], hi[code[fresh]], male[code[fresh]]
    )
    vict[again] = vict[fresh[rng.integers(0, fresh.size, again.size)]]
    off = first_off + np.arange(n)
    w.t["off_vict"].extend(off=off, vict=vict)
    two = np.flatnonzero(rng.random(n) < 0.03)
    extra = add_victims(w, rng, cfrom[two], lo[code[two]], hi[code[two]], male[code[two]])
    w.t["off_vict"].extend(off=off[two], vict=extra)
