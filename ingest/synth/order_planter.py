"""The machinery for planting orders: records, places near a zone, and the possible-breach
definition applied to one piece of planted evidence (so a planted breach is sure to count and
a near miss sure not to; breach_truth.py then checks the whole data set).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import mix, vocab
from .breach_truth import INF, haversine_m, six_decimals
from .planter import Planter, Ref
from .table import (
    BREACH_OUTCOMES,
    CONDITION_KINDS,
    NO_DATE,
    OFFENDER,
    ORDER_STATUSES,
    ORDER_TYPES,
    SUSPECT,
    World,
)

YEAR = 365
MAGISTRATES, CROWN, FAMILY = range(3)
# Offence styles: (category, Home Office codes, MO notes from vocab.MO_NOTES, domestic).
STYLES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], bool]] = {
    "venue_assault": (
        "assault",
        ("105A", "8N"),
        ("Assault outside venue after victim rejected advances.",),
        False,
    ),
    "street_assault": (
        "assault",
        ("105A",),
        ("Slapped victim in street after she refused to give her number.",),
        False,
    ),
    "home_harassment": (
        "harassment",
        ("8L",),
        ("Repeatedly turned up at victim's address.",),
        True,
    ),
    "partner_assault": (
        "assault",
        ("105A", "8N"),
        ("Pushed and punched partner during argument.",),
        True,
    ),
    "messages": ("harassment", ("8R",), ("Persistent unwanted messages and calls.",), True),
    "online_stalking": (
        "stalking",
        ("8Q",),
        ("Created multiple accounts to contact victim after being blocked.",),
        True,
    ),
    "sexual_assault": (
        "other_sexual",
        ("20A",),
        ("Touched victim over clothing on a crowded dance floor.",
         "Followed victim from venue and grabbed her."),
        False,
    ),
}
TEXTS = {
    "no_contact": "Not to contact the protected person directly or indirectly, including "
    "through social media or third parties.",
    "curfew": "Curfew 21:00-06:00 at his home address.",
    "internet": "Devices able to access the internet to be made available for inspection.",
    "notification": "Notify police of name, address and any foreign travel within 3 days.",
    "other": "To attend a domestic abuse perpetrator programme.",
}


@dataclass(frozen=True)
class Rule:
    """A planted condition, as the possible-breach definition reads it."""

    cond: int
    order: int
    kind: str
    active_from: int | None  # None: its order is never in force
    active_to: int  # exclusive; INF: until further order
    lat: float = math.nan
    lon: float = math.nan
    radius: int = -1
    victim: int = -1


class OrderPlanter(Planter):
    """Makes orders, conditions, evidence and breaches, and records what they should produce:
    the planted possible breaches (``expected``) and near misses (``near``)."""

    def __init__(self, w: World, seed: int, stream: int) -> None:
        super().__init__(w, seed, stream)
        loc = w.t["locations"]
        self.lat, self.lon = loc["lat"], loc["lon"]
        reserved = np.array(sorted(w.reserved_locations), dtype=np.int64)
        usable = ~np.isnan(self.lat)
        usable[reserved] = False
        # Usable places sorted by latitude, to find a zone's neighbours without a full scan.
        ids = np.flatnonzero(usable)
        self.by_lat = ids[np.argsort(self.lat[ids], kind="stable")]
        self.sorted_lat = self.lat[self.by_lat]
        self._near: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.mo_texts, _ = mix.mo_pool()
        self.rules: dict[int, list[Rule]] = defaultdict(list)
        self.custody: dict[int, list[tuple[int, int]]] = {}  # per subject, read when needed
        self.expected: list[tuple[int, int, str, int]] = []  # (subject, cond, kind, evidence)
        self.near: list[dict[str, Any]] = []
        self.first: dict[str, bool] = defaultdict(lambda: True)  # first of a kind: a boundary

    # ---- records --------------------------------------------------------------------------
    def make_order(self, sid: int, otype: str, status: str, applied: int, start: int, end: int,
                   served: int, court: int) -> tuple[int, str, int, int]:
        """One order with its status and dates; returns (order, status, start, end)."""
        t = ORDER_TYPES.index(otype)
        town = self.r.randrange(self.w.profile.towns)  # a court in one of the force's towns
        oid = self.w.t["orders"].add(
            subj=sid, otype=t, start=start, end=end,
            cond=self.r.randrange(len(vocab.ORDER_CONDITIONS[otype])),
            status=ORDER_STATUSES.index(status), applied=applied, served=served,
            court=town * len(vocab.COURT_KINDS) + court, basis=t,
        )
        return oid, status, start, end

    def condition(self, sid: int, order: tuple[int, str, int, int], kind: str, text: str = "",
                  victim: int = -1, centre: int = -1, radius: int = -1,
                  starts: int = NO_DATE, ends: int = NO_DATE) -> int:
        """One condition of an order (kept for checking planted evidence)."""
        oid, status, start, end = order
        lat, lon = self.point(centre) if centre >= 0 else (math.nan, math.nan)
        cid = self.w.t["conditions"].add(
            order=oid, kind=CONDITION_KINDS.index(kind),
            text=self.w.pool_index("condition", text or TEXTS[kind]), vict=victim,
            lat=lat, lon=lon, radius=radius, starts=starts, ends=ends,
        )
        in_force = status != "applied" and status != "refused" and start != NO_DATE
        self.rules[sid].append(Rule(
            cid, oid, kind,
            max(start, starts) if in_force else None,
            min(end if end != NO_DATE else INF, ends if ends != NO_DATE else INF),
            float(lat), float(lon), radius, victim,
        ))
        return cid

    def crime(self, sid: int, on: int, loc: int, style: str, victim: int | None = None,
              charged: bool = False) -> int:
        """One offence committed on `on` at `loc` naming `sid`, in a style whose MO fits."""
        w, r = self.w, self.r
        cat, codes, notes, domestic = STYLES[style]
        code = w.codes.idx(r.choice(codes))
        rep = min(on + r.choice((0, 0, 1, 2, 5)), w.as_of)
        outcome = 1 if charged else 0
        if not charged and rep <= w.as_of - 120:
            dist = mix.OUTCOMES[mix.outcome_family(cat)]
            choices = [o for o in dist if o not in mix.NO_SUSPECT_OUTCOMES]
            outcome = r.choices(choices, weights=[dist[o] for o in choices])[0]
        oid = w.t["offences"].add(
            code=code, cfrom=on, cto=NO_DATE, rep=rep, loc=loc, outcome=outcome,
            domestic=domestic, minute=self.minute(int(self.loc_vtype[loc])),
            mo=self.mo_texts.index(r.choice(notes)),
        )
        role = OFFENDER if outcome in mix.OFFENDER_OUTCOMES else SUSPECT
        w.t["off_subj"].add(off=oid, subj=sid, role=role, named=min(rep + r.choice((0, 1, 3)),
                                                                    w.as_of))
        w.t["off_vict"].add(off=oid, vict=self.victim(code, on) if victim is None else victim)
        return oid

    def report(self, sid: int, on: int, loc: int, behaviour: str) -> int:
        """One intelligence report about `sid` at `loc`."""
        return self.w.t["intel"].add(
            subj=sid, loc=loc, rep=on, grading=vocab.GRADES.index("2B P"),
            behaviour=vocab.BEHAVIOURS.index(behaviour), summary=self.r.randrange(2),
        )

    def breach(self, order: int, cond: int, on: int, off: int = -1, intel: int = -1,
               outcome: str = "arrest", summary: int = 0) -> None:
        """A recorded breach."""
        self.w.t["breaches"].add(order=order, cond=cond, on=on, off=off, intel=intel,
                                 outcome=BREACH_OUTCOMES.index(outcome), summary=summary)

    # ---- the definition, for one planted piece of evidence ---------------------------------
    def counts(self, sid: int, on: int, loc: int, victim: int = -1) -> list[int]:
        """Conditions of `sid` under which evidence on `on` at `loc` is a possible breach."""
        out = []
        for rule in self.rules[sid]:
            if rule.active_from is None or not rule.active_from <= on < rule.active_to:
                continue
            if rule.kind == "no_contact" and victim >= 0 and victim == rule.victim:
                out.append(rule.cond)
            elif rule.kind == "exclusion_zone" and not math.isnan(self.lat[loc]):
                if haversine_m(rule.lat, rule.lon, *self.point(loc)) <= rule.radius:
                    out.append(rule.cond)
        return out

    def periods(self, sid: int) -> list[tuple[int, int]]:
        """The custody periods of `sid`, [start, end) with INF for an open one."""
        if sid not in self.custody:
            cust = self.w.t["custody"]
            rows = np.flatnonzero(cust["subj"] == sid)
            self.custody[sid] = [(int(cust["start"][i]),
                                  INF if cust["end"][i] == NO_DATE else int(cust["end"][i]))
                                 for i in rows]
        return self.custody[sid]

    def free(self, sid: int, day: int) -> bool:
        """Whether `sid` is out of custody on `day`."""
        return not any(a <= day < b for a, b in self.periods(sid))

    def day_in(self, sid: int, lo: int, hi: int) -> int | None:
        """A day in [lo, hi] (and in the data's window) when `sid` is not in custody."""
        lo, hi = max(lo, self.w.start + 60), min(hi, self.w.as_of)
        for _ in range(30):
            if lo > hi:
                return None
            day = self.r.randint(lo, hi)
            if self.free(sid, day):
                return day
        return None

    # ---- places ----------------------------------------------------------------------------
    def point(self, loc: int) -> tuple[float, float]:
        """A location's coordinates as written (six decimals): the ones a reader gets."""
        return float(f"{self.lat[loc]:.6f}"), float(f"{self.lon[loc]:.6f}")

    def neighbours(self, centre: int) -> tuple[np.ndarray, np.ndarray]:
        """Usable locations within about 2.2 km of `centre`, nearest first, with metres.

        A zone's radius is at most 2 km and its just-outside place at most 45 m beyond, so a
        box of 0.021 degrees of latitude and 0.036 of longitude (at least 2.2 km each way in
        the synthetic towns, around 54 degrees north) holds every place that matters.
        """
        if centre not in self._near:
            lat, lon = self.point(centre)
            lo, hi = np.searchsorted(self.sorted_lat, [lat - 0.021, lat + 0.021])
            ids = self.by_lat[lo:hi]
            ids = ids[np.abs(self.lon[ids] - lon) <= 0.036]
            d = haversine_m(lat, lon, six_decimals(self.lat[ids]), six_decimals(self.lon[ids]))
            order = np.argsort(d, kind="stable")
            self._near[centre] = ids[order], d[order]
        return self._near[centre]

    def zone(self, centre: int, lo: int, hi: int) -> tuple[int, int | None]:
        """A radius in [lo, hi] metres with a location just outside it (10-45 m beyond)."""
        ids, ds = self.neighbours(centre)
        for _ in range(20):
            target = self.r.randint(lo, hi)
            k = int(np.searchsorted(ds, target + 15))
            if k >= ds.size:
                continue
            radius = int(math.floor(ds[k] - self.r.uniform(10, 45)))
            if lo <= radius <= hi:
                return radius, int(ids[k])
        return self.r.randint(lo, hi), None

    def inside(self, centre: int, radius: int) -> int:
        """A usable location well inside a zone (the centre itself when it stands alone)."""
        ids, ds = self.neighbours(centre)
        k = int(np.searchsorted(ds, 0.8 * radius, side="right"))
        return int(ids[self.r.randrange(k)]) if k else centre

    def away(self, centre: int, radius: int, vtype: int) -> int:
        """A location of `vtype` at least 300 m outside a zone."""
        ids = self.locs[vtype]
        ids = ids[~np.isnan(self.lat[ids])]
        lat, lon = self.point(centre)
        far = ids[haversine_m(lat, lon, self.lat[ids], self.lon[ids]) > radius + 300]
        return int(far[self.r.randrange(far.size)]) if far.size else int(ids[0])

    # ---- planting helpers ------------------------------------------------------------------
    def expect(self, sid: int, cond: int, kind: str, evidence: int) -> None:
        """Record evidence planted as a possible breach of `cond` (checked once ids exist)."""
        self.expected.append((sid, cond, kind, evidence))

    def miss(self, sid: int, order: int, cond: int, kind: str, evidence_kind: str,
             evidence: int, on: int, reason: str) -> None:
        """Record a near miss: evidence that must not count."""
        self.near.append({
            "order_id": Ref("order", order),
            "condition_id": Ref("condition", cond),
            "subject_id": Ref("subject", sid),
            "kind": kind,
            "evidence_kind": evidence_kind,
            "evidence_id": Ref("offence" if evidence_kind == "offence" else "intel", evidence),
            "on": Ref("date", on),
            "reason": reason,
            "_key": (sid, evidence_kind, evidence),
        })

    def planted_offence(self, sid: int, cond: int, lo: int, hi: int, where, style: str,
                        victim: int | None = None, want: bool = True,
                        charged: bool = False) -> tuple[int, int] | None:
        """An offence in [lo, hi] at `where()` that counts under `cond` (want) or under no
        condition at all (not want); None when no such day and place could be found."""
        for _ in range(30):
            day = self.day_in(sid, lo, hi)
            if day is None:
                return None
            loc = where()
            hits = self.counts(sid, day, loc, -1 if victim is None else victim)
            if (cond in hits) if want else not hits:
                return self.crime(sid, day, loc, style, victim, charged), day
        return None

    def planted_report(self, sid: int, cond: int, lo: int, hi: int, where, behaviour: str,
                       want: bool = True) -> tuple[int, int] | None:
        """Like planted_offence, for an intelligence report."""
        for _ in range(30):
            day = self.day_in(sid, lo, hi)
            if day is None:
                return None
            loc = where()
            hits = self.counts(sid, day, loc)
            if (cond in hits) if want else not hits:
                return self.report(sid, day, loc, behaviour), day
        return None

    def new_offender(self, venue: int, day: int) -> int:
        """A new subject convicted of one sexual assault at `venue` (below every tier)."""
        sid = self.subject()
        self.crime(sid, day, venue, "sexual_assault", charged=True)
        return sid

    def _boundary(self, kind: str) -> bool:
        first, self.first[kind] = self.first[kind], False
        return first
