"""Locations: homes, venues, transport hubs and online platforms in fictional towns."""

from __future__ import annotations

import numpy as np

from . import vocab
from .table import ONLINE, RESIDENTIAL, VENUE_TYPES, World

# Fictional town centre; other towns sit on a ring around it.  Coordinates exist only so maps
# and distance queries work; every address and postcode (area ZZ) is fictional.
CENTRE_LAT, CENTRE_LON = 53.800000, -1.900000
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def location_counts(n_offences: int, n_subjects: int) -> dict[int, int]:
    """How many locations of each venue type a data set of this size needs."""
    return {
        RESIDENTIAL: int(0.55 * n_subjects) + 20,
        VENUE_TYPES.index("night_time_economy"): max(12, n_offences // 150),
        VENUE_TYPES.index("transport_hub"): max(10, n_offences // 300),
        VENUE_TYPES.index("public_space"): max(8, n_offences // 300),
        VENUE_TYPES.index("retail"): max(4, n_offences // 600),
        VENUE_TYPES.index("education"): max(3, n_offences // 2000),
        VENUE_TYPES.index("workplace"): max(4, n_offences // 1500),
        VENUE_TYPES.index("healthcare"): max(3, n_offences // 3000),
        ONLINE: len(vocab.ONLINE_PLATFORMS),
    }


def _town_centres(n_towns: int) -> tuple[np.ndarray, np.ndarray]:
    angle = np.linspace(0, 2 * np.pi, max(n_towns - 1, 1), endpoint=False)
    ring = 0.25 + 0.1 * (np.arange(angle.size) % 3)
    lat = np.concatenate([[CENTRE_LAT], CENTRE_LAT + ring * np.sin(angle)])[:n_towns]
    lon = np.concatenate([[CENTRE_LON], CENTRE_LON + 1.6 * ring * np.cos(angle)])[:n_towns]
    return lat, lon


def add_locations(
    w: World, rng: np.random.Generator, counts: dict[int, int]
) -> dict[int, np.ndarray]:
    """Create all locations; returns internal ids per venue type."""
    n_towns = w.profile.towns
    n_streets = len(vocab.STREET_HEADS) * len(vocab.STREET_TAILS)
    per_town = n_streets * vocab.HOUSES_PER_STREET
    physical = [k for k in counts if k != ONLINE]
    n_phys = sum(counts[k] for k in physical)
    # Distinct address codes, so no two locations share an address.
    codes = rng.choice(per_town * n_towns, size=n_phys, replace=False)
    town, rest = np.divmod(codes, per_town)
    street, house = np.divmod(rest, vocab.HOUSES_PER_STREET)
    house = house + 1

    # Each street has its own centre near its town's centre; houses jitter around it.
    t_lat, t_lon = _town_centres(n_towns)
    street_rng = np.random.default_rng([w.seed, 7])
    s_dlat = street_rng.normal(0, 0.012, (n_towns, n_streets))
    s_dlon = street_rng.normal(0, 0.02, (n_towns, n_streets))
    lat = t_lat[town] + s_dlat[town, street] + rng.normal(0, 0.0008, n_phys)
    lon = t_lon[town] + s_dlon[town, street] + rng.normal(0, 0.0013, n_phys)

    pools = w.pools
    addr_pool, name_pool, pc_pool = (
        pools.setdefault(k, []) for k in ("address", "place", "postcode")
    )
    base = len(addr_pool)
    heads, tails, towns = vocab.STREET_HEADS, vocab.STREET_TAILS, vocab.TOWNS
    for t, s, h in zip(town.tolist(), street.tolist(), house.tolist(), strict=True):
        street_name = f"{heads[s // len(tails)]} {tails[s % len(tails)]}"
        addr_pool.append(f"{h} {street_name}, {towns[t]}")
        pc_pool.append(
            f"ZZ{t * 5 + s % 5 + 1} {h % 9 + 1}{_INWARD_LETTERS[s % 20]}"
            f"{_INWARD_LETTERS[(h // 9) % 20]}"
        )
    addr_idx = np.arange(base, base + n_phys)

    ids: dict[int, np.ndarray] = {}
    offset = 0
    for vtype in physical:
        k = counts[vtype]
        sl = slice(offset, offset + k)
        offset += k
        if vtype == RESIDENTIAL:
            names = np.full(k, -1)  # a home's name is its address (left empty in the name pool)
        else:
            names = _venue_names(w, rng, vtype, town[sl])
        ids[vtype] = w.t["locations"].extend(
            name=names,
            address=addr_idx[sl],
            postcode=addr_idx[sl],
            lat=lat[sl],
            lon=lon[sl],
            vtype=vtype,
        )
    # Online platforms have no address or coordinates.
    start = len(name_pool)
    name_pool.extend(f"Online: {p}" for p in vocab.ONLINE_PLATFORMS[: counts[ONLINE]])
    ids[ONLINE] = w.t["locations"].extend(
        name=np.arange(start, start + counts[ONLINE]),
        address=-1,
        postcode=-1,
        lat=np.nan,
        lon=np.nan,
        vtype=ONLINE,
    )
    return ids


def _venue_names(w: World, rng: np.random.Generator, vtype: int, town: np.ndarray) -> np.ndarray:
    """Venue names from templates; loops only over venues (a small share of locations)."""
    templates = vocab.VENUE_NAMES[VENUE_TYPES[vtype]]
    pool = w.pools["place"]
    start = len(pool)
    tpl = rng.integers(0, len(templates), town.size)
    head = rng.integers(0, len(vocab.STREET_HEADS), town.size)
    for t, k, h in zip(town.tolist(), tpl.tolist(), head.tolist(), strict=True):
        pool.append(templates[k].format(h=vocab.STREET_HEADS[h], t=vocab.TOWNS[t]))
    return np.arange(start, start + town.size)
