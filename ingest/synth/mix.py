"""Frequencies that make the synthetic crime mix realistic (not classification: that is read
from graph/config/offence_classification.csv).

Shares follow the domain brief: domestic abuse, stalking and harassment far outnumber sexual
offences; rape is about a third of sexual offences.
"""

from __future__ import annotations

import numpy as np

from . import vocab
from .config import VAWG_CATEGORIES, Codes
from .table import (
    EDUCATION,
    HEALTHCARE,
    NTE,
    ONLINE,
    PUBLIC,
    RESIDENTIAL,
    RETAIL,
    TRANSPORT,
    WORKPLACE,
)

CATEGORY_SHARE: dict[str, float] = {
    "rape": 0.052,
    "other_sexual": 0.098,
    "stalking": 0.06,
    "harassment": 0.32,
    "coercive_control": 0.07,
    "assault": 0.40,
}
# Relative frequency of codes within their category; codes not listed weigh 1.
CODE_WEIGHT: dict[str, float] = {
    "19C": 28,
    "19D": 5,
    "19E": 2,
    "19F": 3,
    "19G": 1.2,
    "19H": 0.8,
    "20A": 20,
    "88E": 6,
    "88C": 4,
    "88A": 3,
    "17A": 3,
    "20B": 2.4,
    "22A": 2.4,
    "22B": 2,
    "8L": 56,
    "8R": 44,
    "8N": 42,
    "105A": 54,
    "5D": 4,
}
DOMESTIC_SHARE: dict[str, float] = {
    "rape": 0.4,
    "other_sexual": 0.15,
    "stalking": 0.45,
    "harassment": 0.35,
    "coercive_control": 1.0,
    "assault": 0.55,
}
# Home Office outcome types.  0 stands for "still under investigation" (written empty).
OUTCOMES: dict[str, dict[int, float]] = {
    "sexual": {1: 8, 3: 1, 9: 2, 10: 1, 14: 8, 15: 25, 16: 30, 17: 1, 18: 12, 20: 2, 21: 3},
    "course": {1: 10, 3: 3, 8: 5, 9: 2, 14: 5, 15: 20, 16: 35, 18: 10, 21: 5, 22: 2},
    "assault": {1: 12, 3: 5, 6: 1, 8: 8, 14: 5, 15: 20, 16: 35, 18: 10, 21: 3, 22: 1},
}
OFFENDER_OUTCOMES = (1, 2, 3, 4, 6, 7, 8)  # charged, cautioned, penalty, community resolution
NO_SUSPECT_OUTCOMES = (14, 18)  # no named suspect identified
COURSE_OF_CONDUCT = ("stalking", "harassment", "coercive_control")

# Where non-domestic offences happen (domestic ones happen at home), by category.
VENUE_MIX: dict[str, dict[int, float]] = {
    "rape": {
        RESIDENTIAL: 50,
        NTE: 15,
        PUBLIC: 20,
        TRANSPORT: 5,
        EDUCATION: 3,
        RETAIL: 2,
        WORKPLACE: 2,
        HEALTHCARE: 0.5,
        ONLINE: 0,
    },
    "other_sexual": {
        NTE: 25,
        TRANSPORT: 15,
        PUBLIC: 25,
        RESIDENTIAL: 15,
        ONLINE: 12,
        EDUCATION: 5,
        RETAIL: 3,
        WORKPLACE: 3,
        HEALTHCARE: 1,
    },
    "stalking": {ONLINE: 30, RESIDENTIAL: 40, PUBLIC: 20, RETAIL: 5, EDUCATION: 5, WORKPLACE: 8},
    "harassment": {
        RESIDENTIAL: 45,
        PUBLIC: 15,
        ONLINE: 25,
        NTE: 5,
        RETAIL: 10,
        WORKPLACE: 6,
        HEALTHCARE: 1,
    },
    "coercive_control": {RESIDENTIAL: 100},
    "assault": {
        NTE: 25,
        PUBLIC: 30,
        RESIDENTIAL: 30,
        TRANSPORT: 8,
        RETAIL: 5,
        EDUCATION: 2,
        WORKPLACE: 3,
        HEALTHCARE: 2,
    },
}
# MO groups (mo_vocab.GROUP_CATEGORY) whose places differ from their category's: offences
# against children happen at home, at school and online, not in nightclubs; contact offences
# are recorded where they happened, not on the platform where the two first met.
GROUP_VENUE_MIX: dict[str, dict[int, float]] = {
    "rape_child": {RESIDENTIAL: 70, PUBLIC: 14, EDUCATION: 8, RETAIL: 4, TRANSPORT: 4},
    "child_sexual": {
        RESIDENTIAL: 45,
        PUBLIC: 15,
        EDUCATION: 14,
        ONLINE: 12,
        TRANSPORT: 6,
        RETAIL: 5,
        HEALTHCARE: 2,
    },
    "grooming": {ONLINE: 75, RESIDENTIAL: 8, PUBLIC: 6, EDUCATION: 5, RETAIL: 4, TRANSPORT: 2},
    "exploitation": {
        RESIDENTIAL: 40,
        ONLINE: 25,
        NTE: 10,
        PUBLIC: 10,
        TRANSPORT: 5,
        RETAIL: 5,
        WORKPLACE: 5,
    },
    "trust": {EDUCATION: 30, RESIDENTIAL: 25, HEALTHCARE: 20, WORKPLACE: 10, ONLINE: 10,
              PUBLIC: 5},
    "exposure": {
        PUBLIC: 35,
        TRANSPORT: 20,
        ONLINE: 20,
        NTE: 8,
        RETAIL: 7,
        RESIDENTIAL: 6,
        EDUCATION: 2,
        WORKPLACE: 2,
    },
    "sexual_assault": {
        NTE: 30,
        PUBLIC: 25,
        TRANSPORT: 17,
        RESIDENTIAL: 15,
        EDUCATION: 4,
        RETAIL: 4,
        WORKPLACE: 4,
        HEALTHCARE: 1,
    },
}
SEXUAL_SHARE = CATEGORY_SHARE["rape"] + CATEGORY_SHARE["other_sexual"]
TARGET_RAPE_SHARE = 1 / 3  # of all sexual offences, planted ones included
ONLINE_HEAVY_CODES = ("8R",)  # malicious communications: almost all online

# Hour-of-day weights by venue type: night-time economy peaks 22:00-02:00.
_H = np.arange(24)
HOUR_WEIGHTS: dict[int, np.ndarray] = {
    NTE: np.array(
        [
            10,
            8,
            6,
            3,
            0.5,
            0.2,
            0.2,
            0.2,
            0.2,
            0.2,
            0.2,
            0.3,
            0.4,
            0.4,
            0.4,
            0.4,
            0.5,
            0.6,
            0.8,
            1,
            2,
            4,
            7,
            10,
        ]
    ),
    TRANSPORT: 1.0 + 4 * np.isin(_H, (7, 8, 17, 18, 23, 0)),
    RESIDENTIAL: 1.0 + 3 * ((_H >= 18) | (_H <= 1)),
    ONLINE: np.ones(24) + 2 * ((_H >= 20) | (_H <= 2)),
    PUBLIC: 1.0 + 3 * ((_H >= 15) & (_H <= 23)),
    RETAIL: np.where((_H >= 9) & (_H <= 20), 5.0, 0.2),
    EDUCATION: np.where((_H >= 8) & (_H <= 17), 5.0, 0.2),
    WORKPLACE: np.where((_H >= 7) & (_H <= 19), 5.0, 0.3),
    HEALTHCARE: 1.0 + 2 * ((_H >= 8) & (_H <= 21)),
}


def venue_mix(group: str, category: str) -> dict[int, float]:
    """Where a non-domestic offence of an MO group happens: the group's mix, else its
    category's."""
    return GROUP_VENUE_MIX.get(group) or VENUE_MIX[category]


def category_ids(codes: Codes) -> np.ndarray:
    """Per code, its index in VAWG_CATEGORIES (-1 for codes outside the VAWG mix)."""
    return np.array(
        [VAWG_CATEGORIES.index(c) if c in VAWG_CATEGORIES else -1 for c in codes.category]
    )


def code_probabilities(
    codes: Codes, rape_share: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Code indices and their probabilities for background offences.

    `rape_share` (of sexual offences) overrides the default split, so the generator can offset
    the planted subjects' mostly non-rape sexual offences.
    """
    shares = dict(CATEGORY_SHARE)
    if rape_share is not None:
        sexual = shares["rape"] + shares["other_sexual"]
        shares["rape"], shares["other_sexual"] = sexual * rape_share, sexual * (1 - rape_share)
    idx, p = [], []
    for cat, share in shares.items():
        members = codes.in_category(cat)
        if members.size == 0:
            continue
        weights = np.array([CODE_WEIGHT.get(codes.code[i], 1.0) for i in members])
        idx.extend(members.tolist())
        p.extend((share * weights / weights.sum()).tolist())
    probs = np.array(p)
    return np.array(idx), probs / probs.sum()


def outcome_family(category: str) -> str:
    """Which outcome distribution a category uses."""
    if category in ("rape", "other_sexual"):
        return "sexual"
    return "course" if category in COURSE_OF_CONDUCT else "assault"


def mo_pool() -> tuple[list[str], dict[str, tuple[int, int]]]:
    """All MO notes in one pool and, per category, its (offset, count) in that pool."""
    pool: list[str] = []
    where: dict[str, tuple[int, int]] = {}
    for cat, notes in vocab.MO_NOTES.items():
        where[cat] = (len(pool), len(notes))
        pool.extend(notes)
    return pool, where
