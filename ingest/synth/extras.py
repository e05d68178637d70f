"""Background custody, orders, intelligence, identifiers and associations (vectorised).

Run before planting, so that none of these rows can touch a planted subject: the custody of a
planted boundary case must be exactly what its case says.
"""

from __future__ import annotations

import numpy as np

from . import vocab
from .table import (
    ASSOCIATE,
    CO_ACCUSED,
    EDUCATION,
    EMAIL,
    FAMILY,
    NO_DATE,
    NTE,
    OFFENDER,
    ONLINE,
    ORDER_TYPES,
    PARTNER,
    PHONE,
    PUBLIC,
    RETAIL,
    SUSPECT,
    TRANSPORT,
    VEHICLE,
    World,
)

YEAR = 365


def background_extras(w: World, rng: np.random.Generator, subjects: np.ndarray) -> None:
    """Everything except offences for the background population."""
    _custody(w, rng)
    _orders(w, rng)
    _intel(w, rng, subjects)
    _identifiers(w, rng, subjects)
    _associations(w, rng, subjects)


def _custody(w: World, rng: np.random.Generator) -> None:
    links = w.t["off_subj"]
    rows = np.flatnonzero((links["role"] == OFFENDER) & (rng.random(len(links)) < 0.3))
    subj, first = np.unique(links["subj"][rows], return_index=True)
    rows = rows[first]
    start = links["named"][rows] + rng.integers(30, 300, rows.size)
    end = start + rng.integers(60, 2500, rows.size)
    keep = start <= w.as_of
    end = np.where(end > w.as_of, NO_DATE, end)  # still inside: no end date yet
    w.t["custody"].extend(
        subj=subj[keep],
        start=start[keep],
        end=end[keep],
        est=rng.integers(0, len(vocab.ESTABLISHMENTS), int(keep.sum())),
    )


def _orders(w: World, rng: np.random.Generator) -> None:
    links, off = w.t["off_subj"], w.t["offences"]
    o = links["off"]
    subj, role, named = links["subj"], links["role"], links["named"]
    code = off["code"][o]
    sexual = w.codes.sexual[code]
    stalking = w.codes.category[code] == "stalking"
    domestic = off["domestic"][o]
    outcome = off["outcome"][o]
    rep = off["rep"][o]
    r = rng.random(o.size)
    no_end = np.full(o.size, NO_DATE, dtype=np.int64)
    rules = (  # (order type, which links, start, end)
        (
            "SHPO",
            (role == OFFENDER) & sexual & (r < 0.5),
            named + 200,
            np.where(r < 0.15, no_end, named + 200 + 5 * YEAR),
        ),
        ("SRO", (role == SUSPECT) & sexual & (r < 0.03), named + 60, named + 60 + 2 * YEAR),
        ("SPO", (role != 2) & stalking & (r < 0.1), named + 30, named + 30 + 2 * YEAR),
        ("DVPO", (role != 2) & domestic & (r < 0.08), rep, rep + 28),
        ("non_molestation", (role != 2) & domestic & (r > 0.95), rep + 20, rep + 20 + YEAR),
        (
            "restraining",
            (role == OFFENDER) & ~sexual & (r > 0.9),
            named + 120,
            named + 120 + 2 * YEAR,
        ),
        ("bail_conditions", (role != 2) & (outcome == 0) & (r > 0.75), named, named + 90),
    )
    for name, mask, start, end in rules:
        rows = np.flatnonzero(mask & (start <= w.as_of))
        t = ORDER_TYPES.index(name)
        n_cond = len(vocab.ORDER_CONDITIONS[name])
        w.t["orders"].extend(
            subj=subj[rows],
            otype=t,
            start=start[rows],
            end=end[rows],
            cond=rng.integers(0, n_cond, rows.size),
        )


def _intel(w: World, rng: np.random.Generator, subjects: np.ndarray) -> None:
    n = max(50, int(len(w.t["offences"]) * 0.12))
    types = np.array([NTE, TRANSPORT, PUBLIC, ONLINE, RETAIL, EDUCATION])
    vt = types[rng.choice(types.size, n, p=[0.45, 0.2, 0.2, 0.05, 0.05, 0.05])]
    loc = np.empty(n, dtype=np.int64)
    for t in types:
        rows = np.flatnonzero(vt == t)
        ids = w.locs_by_type[int(t)]
        loc[rows] = ids[rng.integers(0, ids.size, rows.size)]
    grade_p = np.array(vocab.GRADE_WEIGHTS) / sum(vocab.GRADE_WEIGHTS)
    grade = rng.choice(len(vocab.GRADES), n, p=grade_p)
    behaviour = rng.integers(0, len(vocab.BEHAVIOURS), n)
    w.t["intel"].extend(
        subj=subjects[rng.integers(0, subjects.size, n)],
        loc=loc,
        rep=rng.integers(w.start, w.as_of + 1, n),
        grading=grade,
        behaviour=behaviour,
        summary=rng.integers(0, 2, n),
    )


def _identifiers(w: World, rng: np.random.Generator, subjects: np.ndarray) -> None:
    # Every background value is fresh: any value shared by two subjects was planted.
    for kind, share in ((PHONE, 0.6), (VEHICLE, 0.25), (EMAIL, 0.3)):
        owners = subjects[rng.random(subjects.size) < share]
        if kind == PHONE:  # some carry a second (often pay-as-you-go) phone
            owners = np.sort(np.concatenate([owners, owners[rng.random(owners.size) < 0.1]]))
        w.t["idents"].extend(
            subj=owners, kind=kind, num=w.new_identifiers(kind, owners.size), owner=owners
        )


def _associations(w: World, rng: np.random.Generator, subjects: np.ndarray) -> None:
    co = np.concatenate(w.co_accused, axis=1) if w.co_accused else np.empty((2, 0), dtype=np.int64)
    pairs = [np.vstack([co, np.full(co.shape[1], CO_ACCUSED)])]
    n = int(subjects.size * 0.08)
    a = subjects[rng.integers(0, subjects.size, n)]
    b = subjects[rng.integers(0, subjects.size, n)]
    kind = rng.choice([FAMILY, ASSOCIATE, PARTNER], n, p=[0.35, 0.5, 0.15])
    pairs.append(np.vstack([a, b, kind]))
    allp = np.concatenate(pairs, axis=1)
    lo, hi = np.minimum(allp[0], allp[1]), np.maximum(allp[0], allp[1])
    keep = lo != hi
    uniq = np.unique(np.vstack([lo[keep], hi[keep], allp[2][keep]]).T, axis=0)
    # One association per pair (the first kind after sorting: co_accused wins).
    _, first = np.unique(uniq[:, :2], axis=0, return_index=True)
    uniq = uniq[first]
    w.t["assoc"].extend(subj=uniq[:, 0], other=uniq[:, 1], kind=uniq[:, 2])
