"""MO notes that fit their offence: drawn per MO group, venue and domestic flag, vectorised.

An offence's **MO group** refines its category from the classification's description (a
child's rape, grooming, exposure, malicious communications ...); its **venue key** is the
venue type of its location, or ``online:<kind>`` for a platform (social media, dating,
messaging ...).  ``mo_vocab.cell(group, key, domestic)`` is the vocabulary for that
combination; every note drawn comes from it.

``fit_notes`` runs once every generator has placed its offences (repeat venues move
offences, planters draw notes by category only): a note that does not fit its offence's
cell is drawn again from it.  ``vocabulary`` exposes the cells so a test can check any
generated force row by row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from . import mix, vocab
from .config import Codes
from .mo_vocab import GROUP_CATEGORY, ONLINE, cell, venue_keys
from .table import VENUE_TYPES, World

GROUPS: tuple[str, ...] = tuple(GROUP_CATEGORY)
KEYS: tuple[str, ...] = venue_keys()
# Description words that put a code of a category into a narrower group (first match wins).
_RULES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("rape", ("child", "under 1"), "rape_child"),
    ("other_sexual", ("grooming",), "grooming"),
    ("other_sexual", ("exposure", "voyeurism", "miscellaneous"), "exposure"),
    ("other_sexual", ("exploitation", "trafficking"), "exploitation"),
    ("other_sexual", ("position of trust", "mental disorder"), "trust"),
    ("other_sexual", ("child", "under 1", "incest", "familial"), "child_sexual"),
    ("harassment", ("communication",), "communications"),
)
_DEFAULT = {cat: g for g, cat in reversed(GROUP_CATEGORY.items())}  # first group of each


def group_of(description: str, category: str) -> str | None:
    """The MO group of a classification row (None for a category without notes).

    >>> group_of("Rape of a female child under 13", "rape"), group_of("Sexual grooming",
    ...     "other_sexual"), group_of("Malicious communications", "harassment")
    ('rape_child', 'grooming', 'communications')
    >>> group_of("Sexual assault on a female aged 13 and over", "other_sexual")
    'sexual_assault'
    """
    d = str(description).lower()
    for cat, words, group in _RULES:
        if category == cat and any(w in d for w in words):
            return group
    return _DEFAULT.get(category)


def venue_key(venue_type: str, name: str = "") -> str:
    """A location's venue key: its venue type, or ``online:<kind>`` from the platform's name.

    >>> venue_key("retail"), venue_key("online", "Online: Decoy Dating")
    ('retail', 'online:dating')
    """
    if venue_type != ONLINE:
        return venue_type
    platform = name.removeprefix("Online: ")
    kinds = dict(zip(vocab.ONLINE_PLATFORMS, vocab.ONLINE_PLATFORM_KINDS, strict=True))
    return f"{ONLINE}:{kinds.get(platform, 'social')}"


def vocabulary() -> dict[tuple[str, str, bool], frozenset[str]]:
    """Every (group, venue key, domestic) cell and the notes it allows."""
    return {(g, k, d): frozenset(cell(g, k, d)) for g in GROUPS for k in KEYS
            for d in (False, True)}


def code_groups(codes: Codes) -> np.ndarray:
    """Per code, its index in GROUPS (-1: a category without notes)."""
    groups = [group_of(d, c) for d, c in zip(codes.description, codes.category, strict=True)]
    return np.array([GROUPS.index(g) if g else -1 for g in groups], dtype=np.int64)


def location_keys(w: World) -> np.ndarray:
    """Per location, its index in KEYS (platforms by their names)."""
    loc = w.t["locations"]
    vtype = loc["vtype"].astype(np.int64)
    by_type = np.array([KEYS.index(t) if t in KEYS else -1 for t in VENUE_TYPES])
    keys = by_type[vtype]
    online = np.flatnonzero(vtype == VENUE_TYPES.index(ONLINE))
    names = w.pools["place"]
    keys[online] = [KEYS.index(venue_key(ONLINE, names[int(i)])) for i in loc["name"][online]]
    return keys


@dataclass(frozen=True)
class _Cells:
    """The cells as slices of one array of pool indices (mix.mo_pool's pool)."""

    members: np.ndarray  # pool indices, cell after cell
    start: np.ndarray  # per cell id
    size: np.ndarray
    pairs: np.ndarray  # sorted cell id * pool size + pool index, for membership tests
    pool_size: int


def cell_id(group: np.ndarray, key: np.ndarray, domestic: np.ndarray) -> np.ndarray:
    """Cell numbers of (group, key, domestic) triples."""
    return (group * len(KEYS) + key) * 2 + domestic.astype(np.int64)


@cache
def _cells() -> _Cells:
    pool, where = mix.mo_pool()
    index = {}
    for cat, (offset, count) in where.items():
        for i in range(offset, offset + count):
            index.setdefault((cat, pool[i]), i)
    members, start, size = [], [], []
    for g in GROUPS:
        for k in KEYS:
            for d in (False, True):
                notes = cell(g, k, d)
                if not notes:
                    raise ValueError(f"no MO notes for {g} at {k} (domestic {d})")
                start.append(len(members))
                size.append(len(notes))
                members += [index[(GROUP_CATEGORY[g], n)] for n in notes]
    m, st, sz = (np.array(x, dtype=np.int64) for x in (members, start, size))
    cells = np.repeat(np.arange(st.size), sz)
    return _Cells(m, st, sz, np.unique(cells * len(pool) + m), len(pool))


def draw(rng: np.random.Generator, cells: np.ndarray) -> np.ndarray:
    """One note (pool index) per offence, uniformly from each offence's cell."""
    c = _cells()
    if cells.size and cells.min() < 0:
        raise ValueError("an offence has a code or venue without MO notes")
    return c.members[c.start[cells] + rng.integers(0, 1 << 30, cells.size) % c.size[cells]]


def offence_cells(w: World, code: np.ndarray, loc: np.ndarray, domestic: np.ndarray,
                  keys: np.ndarray | None = None) -> np.ndarray:
    """Cell numbers of offences (-1 where the code's category has no notes)."""
    group = code_groups(w.codes)[code]
    key = (location_keys(w) if keys is None else keys)[loc]
    return np.where((group >= 0) & (key >= 0), cell_id(group, key, domestic), -1)


def fit_notes(w: World, rng: np.random.Generator) -> int:
    """Draw again every note that does not fit its offence; returns how many were drawn."""
    off = w.t["offences"]
    cells = offence_cells(w, off["code"], off["loc"], off["domestic"])
    c = _cells()
    fits = np.isin(cells * c.pool_size + off["mo"], c.pairs)
    redo = np.flatnonzero(~fits)
    off["mo"][redo] = draw(rng, cells[redo])
    return int(redo.size)
