"""Repeat locations: a few night-time-economy venues and transport hubs with many offences.

Background offences are moved to the chosen venues and most of them to the venue's own peak
weekday and hour, so an analyst's "peak days and hours" query has a known answer.
"""

from __future__ import annotations

import numpy as np

from .config import VAWG_CATEGORIES
from .mix import category_ids
from .offences import weekday
from .planter import Ref
from .table import NO_DATE, NTE, PUBLIC, TRANSPORT, World

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# (weekday, hour) peaks: late Friday/Saturday nights for venues, rush hours and last trains
# for hubs.
NTE_PEAKS = ((5, 23), (4, 22), (5, 1), (6, 0), (3, 23), (5, 2))
HUB_PEAKS = ((4, 18), (5, 0), (0, 8), (4, 23))
PEAK_SHARE = 0.65


def plant_repeat_venues(w: World, rng: np.random.Generator) -> None:
    """Pick venues, move background offences there, record them in w.truth."""
    k = w.profile.repeat_venues
    k_hub = max(1, k // 3)
    chosen = [
        (int(v), NTE, NTE_PEAKS[i % len(NTE_PEAKS)])
        for i, v in enumerate(rng.choice(w.locs_by_type[NTE], k - k_hub, replace=False))
    ] + [
        (int(v), TRANSPORT, HUB_PEAKS[i % len(HUB_PEAKS)])
        for i, v in enumerate(rng.choice(w.locs_by_type[TRANSPORT], k_hub, replace=False))
    ]
    off = w.t["offences"]
    loc, cfrom, minute, rep = off["loc"], off["cfrom"], off["minute"], off["rep"]
    vtype_of_loc = w.t["locations"]["vtype"]
    vtype_of = vtype_of_loc[loc]
    cat = category_ids(w.codes)[off["code"]]
    movable = np.isin(cat, [VAWG_CATEGORIES.index(c) for c in ("other_sexual", "assault")])
    venues = np.array([c[0] for c in chosen])
    candidates = np.flatnonzero(
        movable
        & ~off["domestic"]
        & (off["cto"] == NO_DATE)
        & (cfrom >= w.start + 7)
        & np.isin(vtype_of, [NTE, TRANSPORT, PUBLIC])
        & ~np.isin(loc, venues)
    )
    candidates = candidates[rng.permutation(candidates.size)]
    taken = 0
    for venue, vtype, (day, hour) in chosen:
        per_loc = np.bincount(loc[vtype_of == vtype], minlength=len(vtype_of_loc))
        mean = float(per_loc[w.locs_by_type[vtype]].mean())
        # Well above an ordinary venue even after planted subjects add their offences.
        m = min(int(max(30, 6 * mean)), (candidates.size - taken) // 2)
        rows = np.sort(candidates[taken : taken + m])
        taken += m
        loc[rows] = venue
        peak = rows[rng.random(m) < PEAK_SHARE]
        cfrom[peak] -= (weekday(cfrom[peak]) - day) % 7  # back to that weekday: stays <= rep
        minute[peak] = hour * 60 + rng.integers(0, 60, peak.size)
        w.reserved_locations.add(venue)
    assert (cfrom <= rep).all()
    out = []
    for venue, vtype, (day, hour) in chosen:
        at_venue = np.flatnonzero(loc == venue)
        out.append(
            {
                "location_id": Ref("location", venue),
                "venue_type": "night_time_economy" if vtype == NTE else "transport_hub",
                "peak_weekday": WEEKDAYS[day],
                "peak_hour": hour,
                "offence_count": int(at_venue.size),
                "offence_ids": [Ref("offence", int(o)) for o in at_venue],
            }
        )
    w.truth["repeat_locations"] = out
