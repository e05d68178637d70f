"""Planted orders with conditions and breaches, recorded and possible, and near misses.

Five scenarios, in turn, each on its own subject (a planted Tier 1/2 subject without custody
where one is free, else a new subject kept below Tier 2 with non-sexual offences):

- ``shpo_zone``: an SHPO after a conviction and a prison term, with an exclusion zone around
  the venue of the index offence, a curfew from release and an internet condition (and, for a
  new subject, notification requirements). An assault inside the zone (a recorded breach),
  intelligence inside the zone (not recorded), an assault just outside the radius and one
  inside the zone before the order (near misses), and a curfew breach evidenced by
  intelligence (recorded; no possible breach: curfews are not checked by place).
- ``restraining``: a restraining order after domestic offences against a partner, with no
  contact and an exclusion zone around her home that ends before the order. An offence at her
  home while both are active (two possible breaches, the no-contact one recorded), messages
  after the zone ended (no contact only), offences inside the zone on and after the zone's
  last day and one just outside it (near misses), the index offences (before the order).
- ``interim``: an interim non-molestation order or DAPO made the day it was applied for;
  messages to the protected victim while it is in force; the index offence before it.
- ``not_in_force``: an SRO applied for or refused, with a proposed exclusion zone: an offence
  and intelligence inside the zone are near misses (such orders never count).
- ``ended``: an SHPO that expired or was discharged: an offence in the zone before the end
  counts, one on or after the end does not.

No planted offence falls inside the subject's own custody, every planted offence is
non-sexual (planted tiers do not move) except a new subject's one index offence, MO notes fit
the offence, and served_on >= applied_on, conditions within their order. Orders made without
these planters (background, planted histories) get a status, dates, court and legal basis
here, except a tenth left as older exports have them (no status: in force).
"""

from __future__ import annotations

import math

import numpy as np

from . import vocab
from .order_planter import CROWN, FAMILY, MAGISTRATES, YEAR, OrderPlanter
from .table import NO_DATE, NTE, ONLINE, ORDER_STATUSES, ORDER_TYPES, RESIDENTIAL, World

SCENARIOS = ("shpo_zone", "restraining", "interim", "not_in_force", "ended")
LEGACY_SHARE = 0.1  # orders left without status, as older exports have them


class OrderScenarios(OrderPlanter):
    """The five scenarios, one subject each."""

    def shpo_zone(self, sid: int | None) -> None:
        w, r = self.w, self.r
        conv = w.as_of - r.randint(1400, 2600)
        venue = self.location(NTE)
        new = sid is None
        if sid is None:
            sid = self.new_offender(venue, conv - r.randint(150, 400))
        start = conv + r.randint(0, 42)
        years = max(5, math.ceil((w.as_of + 30 - start) / YEAR)) + r.randint(0, 3)
        end = NO_DATE if r.random() < 0.3 else start + years * YEAR
        order = self.make_order(sid, "SHPO", "granted", conv, start, end, start, CROWN)
        release = start
        if new:  # sentenced to prison the day the order was made; released since
            release = start + r.randint(180, 720)
            self.w.t["custody"].add(subj=sid, start=start, end=release,
                                    est=r.randrange(len(vocab.ESTABLISHMENTS)))
            self.custody.pop(sid, None)  # read again, with this term
            note = self.make_order(sid, "notification", "granted", NO_DATE, conv,
                                   NO_DATE if r.random() < 0.5 else conv + 10 * YEAR, conv, CROWN)
            self.condition(sid, note, "notification")
        radius, outside = self.zone(venue, 150, 1500)
        name = self.w.pools["place"][int(self.w.t["locations"]["name"][venue])]
        zone = self.condition(sid, order, "exclusion_zone",
                              f"Not to enter the area within {radius} m of {name}.",
                              centre=venue, radius=radius)
        curfew_end = release + r.randint(180, 540)
        curfew = self.condition(sid, order, "curfew", starts=release, ends=curfew_end)
        self.condition(sid, order, "internet")
        oid = order[0]

        def inside() -> int:
            return self.inside(venue, radius)

        charged = r.random() < 0.5
        got = self.planted_offence(sid, zone, release + 1, w.as_of, inside, "venue_assault",
                                   charged=charged)
        if got:
            self.expect(sid, zone, "offence", got[0])
            self.breach(oid, zone, got[1], off=got[0], outcome="charge" if charged else "arrest",
                        summary=0)
        got_i = self.planted_report(sid, zone, release + 1, w.as_of, inside, "loitering")
        if got_i:
            self.expect(sid, zone, "intelligence", got_i[0])
        if outside is not None:
            got = self.planted_offence(sid, zone, release + 1, w.as_of, lambda: outside,
                                       "venue_assault", want=False)
            if got:
                self.miss(sid, oid, zone, "exclusion_zone", "offence", got[0], got[1],
                          "outside_radius")
        got = self.planted_offence(sid, zone, start - 400, start - 30, inside, "venue_assault",
                                   want=False)
        if got:
            self.miss(sid, oid, zone, "exclusion_zone", "offence", got[0], got[1],
                      "before_order_start")
        got_i = self.planted_report(sid, curfew, release, curfew_end - 1,
                                    lambda: self.away(venue, radius, NTE), "loitering",
                                    want=False)
        if got_i:
            self.breach(oid, curfew, got_i[1], intel=got_i[0], outcome="warning", summary=2)

    def restraining(self) -> None:
        w, r = self.w, self.r
        sid = self.subject()
        home = self.location(RESIDENTIAL)  # hers, not his
        conv = w.as_of - r.randint(700, 1800)
        victim = self.victim(w.codes.idx("8L"), conv - 400)
        first_day, index_day = conv - r.randint(120, 360), conv - r.randint(20, 100)
        first = self.crime(sid, first_day, home, "home_harassment", victim)
        index = self.crime(sid, index_day, home, "partner_assault", victim, charged=True)
        start = conv + r.randint(0, 28)
        end = NO_DATE if r.random() < 0.3 else w.as_of + r.randint(30, 700)
        order = self.make_order(sid, "restraining", "granted", conv, start, end, start, CROWN)
        oid = order[0]
        nc = self.condition(sid, order, "no_contact", victim=victim)
        radius, outside = self.zone(home, 100, 500)
        zone_end = start + r.randint(180, 400)
        zone = self.condition(
            sid, order, "exclusion_zone",
            f"Not to enter the area within {radius} m of the protected person's address.",
            centre=home, radius=radius, ends=zone_end,
        )
        self.miss(sid, oid, zone, "exclusion_zone", "offence", first, first_day,
                  "before_order_start")
        self.miss(sid, oid, nc, "no_contact", "offence", index, index_day, "before_order_start")

        def inside() -> int:
            return self.inside(home, radius)

        # On the order's first day (the first scenario: a start is inclusive) or later.
        lo = start if self._boundary("restraining") else start + 1
        got = self.planted_offence(sid, zone, lo, zone_end - 1 if lo > start else start,
                                   lambda: home, "home_harassment", victim)
        if got:
            self.expect(sid, zone, "offence", got[0])
            self.expect(sid, nc, "offence", got[0])
            self.breach(oid, nc, got[1], off=got[0], outcome="charge", summary=1)
        got = self.planted_offence(sid, nc, zone_end, w.as_of, lambda: self.location(ONLINE),
                                   "messages", victim)
        if got:
            self.expect(sid, nc, "offence", got[0])
        # A condition's end is exclusive: on its last day and after, the zone no longer counts.
        for lo, hi in ((zone_end, zone_end), (zone_end + 1, w.as_of)):
            got = self.planted_offence(sid, zone, lo, hi, inside, "street_assault", want=False)
            if got:
                self.miss(sid, oid, zone, "exclusion_zone", "offence", got[0], got[1],
                          "after_condition_end")
        if outside is not None:
            got = self.planted_offence(sid, zone, start + 1, zone_end - 1, lambda: outside,
                                       "street_assault", want=False)
            if got:
                self.miss(sid, oid, zone, "exclusion_zone", "offence", got[0], got[1],
                          "outside_radius")

    def interim(self, dapo: bool) -> None:
        w, r = self.w, self.r
        sid = self.subject()
        applied = w.as_of - r.randint(50, 390)
        victim = self.victim(w.codes.idx("105A"), applied - 400)
        index_day = applied - r.randint(1, 10)
        index = self.crime(sid, index_day, self.homes[sid], "partner_assault", victim)
        end = w.as_of + r.randint(20, 200)
        served = min(applied + r.randint(1, 5), w.as_of)
        otype = "DAPO" if dapo else "non_molestation"
        order = self.make_order(sid, otype, "interim", applied, applied, end, served,
                                MAGISTRATES if dapo else FAMILY)
        oid = order[0]
        nc = self.condition(sid, order, "no_contact", victim=victim)
        if dapo:
            self.condition(sid, order, "other")
        self.miss(sid, oid, nc, "no_contact", "offence", index, index_day, "before_order_start")
        got = self.planted_offence(sid, nc, applied, w.as_of, lambda: self.location(ONLINE),
                                   r.choice(("messages", "online_stalking")), victim)
        if got:
            self.expect(sid, nc, "offence", got[0])
            if dapo:
                self.breach(oid, nc, got[1], off=got[0], outcome="pending", summary=1)

    def not_in_force(self, refused: bool) -> None:
        w, r = self.w, self.r
        sid = self.subject()
        venue = self.location(NTE)
        applied = w.as_of - (r.randint(200, 900) if refused else r.randint(20, 200))
        for _ in range(2):  # the behaviour that led to the application
            self.report(sid, self.day_in(sid, applied - 300, applied - 30) or applied - 30,
                        venue, r.choice(("repeated_approaches", "out_of_context_nte")))
        order = self.make_order(sid, "SRO", "refused" if refused else "applied", applied,
                                NO_DATE, NO_DATE, NO_DATE, MAGISTRATES)
        oid = order[0]
        radius, _ = self.zone(venue, 200, 800)
        name = self.w.pools["place"][int(self.w.t["locations"]["name"][venue])]
        zone = self.condition(sid, order, "exclusion_zone",
                              f"Proposed: not to enter the area within {radius} m of {name}.",
                              centre=venue, radius=radius)

        def inside() -> int:
            return self.inside(venue, radius)

        got = self.planted_report(sid, zone, applied, w.as_of, inside, "loitering", want=False)
        if got:
            self.miss(sid, oid, zone, "exclusion_zone", "intelligence", got[0], got[1],
                      "order_not_in_force")
        got = self.planted_offence(sid, zone, applied, w.as_of, inside, "venue_assault",
                                   want=False)
        if got:
            self.miss(sid, oid, zone, "exclusion_zone", "offence", got[0], got[1],
                      "order_not_in_force")

    def ended(self, sid: int | None, discharged: bool) -> None:
        w, r = self.w, self.r
        venue = self.location(NTE)
        if discharged:
            start = w.as_of - r.randint(900, 2000)
            end = start + r.randint(400, 800)
        else:
            start = w.as_of - r.randint(1900, 2700)
            end = start + 5 * YEAR
        if sid is None:
            sid = self.new_offender(venue, start - r.randint(100, 300))
        applied = start - r.randint(0, 30)
        order = self.make_order(sid, "SHPO", "discharged" if discharged else "expired", applied,
                                start, end, start, CROWN)
        oid = order[0]
        radius, _ = self.zone(venue, 200, 2000)
        name = self.w.pools["place"][int(self.w.t["locations"]["name"][venue])]
        zone = self.condition(sid, order, "exclusion_zone",
                              f"Not to enter the area within {radius} m of {name}.",
                              centre=venue, radius=radius)

        def inside() -> int:
            return self.inside(venue, radius)

        got = self.planted_offence(sid, zone, start, end - 1, inside, "venue_assault")
        if got:
            self.expect(sid, zone, "offence", got[0])
        lo = end if self._boundary("ended") else end + 1  # the end day itself no longer counts
        got = self.planted_offence(sid, zone, lo, end if lo == end else w.as_of, inside,
                                   "venue_assault", want=False)
        if got:
            self.miss(sid, oid, zone, "exclusion_zone", "offence", got[0], got[1],
                      "after_order_end")


def _free_tier_subjects(w: World) -> list[int]:
    """Planted Tier 1/2 subjects of the generic kind (no named case) and never in custody."""
    in_case = {s["subject_id"].idx for c in w.truth.get("cases", []) for s in c["subjects"]}
    in_custody = set(w.t["custody"]["subj"].tolist())
    return sorted(
        sid for sid, (tier, _) in w.truth.get("_expected", {}).items()
        if tier in (1, 2) and sid not in in_case and sid not in in_custody
    )


def order_details(w: World, rng: np.random.Generator) -> None:
    """Status, applied/served dates, court and legal basis for orders that have none yet."""
    od = w.t["orders"]
    rows = np.flatnonzero(od["status"] == -1)
    rows = rows[rng.random(rows.size) >= LEGACY_SHARE]
    start, end, otype = od["start"][rows], od["end"][rows], od["otype"][rows].astype(np.int64)
    ended = (end != NO_DATE) & (end <= w.as_of)
    od["status"][rows] = np.where(ended, ORDER_STATUSES.index("expired"),
                                  ORDER_STATUSES.index("granted"))
    # Orders made at sentencing are applied for at conviction; bail is set on the day.
    at_sentence = np.isin(otype, [ORDER_TYPES.index(t) for t in ("SHPO", "restraining")])
    bail = otype == ORDER_TYPES.index("bail_conditions")
    lag = np.where(at_sentence, rng.integers(0, 60, rows.size), rng.integers(1, 30, rows.size))
    od["applied"][rows] = start - np.where(bail, 0, lag)
    served = start + rng.integers(0, 8, rows.size)
    od["served"][rows] = np.where(served <= w.as_of, served, NO_DATE)
    court = np.select(
        [at_sentence, np.isin(otype, [ORDER_TYPES.index("non_molestation")])],
        [CROWN, FAMILY], MAGISTRATES,
    )
    town = rng.integers(0, w.profile.towns, rows.size)
    od["court"][rows] = np.where(bail, -1, town * len(vocab.COURT_KINDS) + court)
    od["basis"][rows] = otype


def plant_orders(w: World, seed: int, rng: np.random.Generator) -> None:
    """Plant the orders scenarios, fill in every other order's details, record the truth.

    Sets ``w.truth["breach_near_misses"]`` and ``w.truth["_breaches"]`` (the planted possible
    breaches, checked against the complete list once public ids exist).
    """
    order_details(w, rng)
    p = OrderScenarios(w, seed, stream=3)
    w.pools.setdefault("condition", [])
    free = _free_tier_subjects(w)
    p.r.shuffle(free)
    n = max(2 * len(SCENARIOS), 2 * w.profile.escalations)  # each scenario both ways
    for k in range(n):
        kind = SCENARIOS[k % len(SCENARIOS)]
        turn = k // len(SCENARIOS)
        if kind == "shpo_zone":
            p.shpo_zone(free.pop() if free and turn % 2 == 0 else None)
        elif kind == "restraining":
            p.restraining()
        elif kind == "interim":
            p.interim(dapo=turn % 2 == 1)
        elif kind == "not_in_force":
            p.not_in_force(refused=turn % 2 == 1)
        else:
            p.ended(free.pop() if free and turn % 2 == 1 else None, discharged=turn % 2 == 0)
    w.truth["possible_breaches"] = []  # filled in by breach_truth once ids exist
    w.truth["breach_near_misses"] = p.near
    w.truth["_breaches"] = p.expected
