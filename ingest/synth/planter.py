"""Row-at-a-time helpers for planting known patterns on top of the background.

Planting uses Python's `random.Random` (fast for scalar draws) seeded from the run's seed, and
buffered single-row appends; it touches only subjects, victims and offences that it creates,
except where a planter deliberately re-uses background records (repeat venues).
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

import numpy as np

from . import mix, vocab
from .config import VAWG_CATEGORIES
from .people import DAYS_PER_YEAR, add_subject, victim_profiles
from .table import (
    NO_DATE,
    NTE,
    OFFENDER,
    ORDER_TYPES,
    PHONE,
    PUBLIC,
    RESIDENTIAL,
    SUSPECT,
    TRANSPORT,
    World,
)


@dataclass(frozen=True)
class Ref:
    """A reference to a record by internal id; the writer turns it into the public id."""

    kind: str  # subject, offence, victim, location, intel
    idx: int


class Planter:
    """Creates planted subjects, offences, victims and links, and records expectations."""

    def __init__(self, w: World, seed: int, stream: int) -> None:
        self.w = w
        self.r = random.Random(seed * 1_000 + stream)
        self.codes_by_kind = {
            "R": self._weighted_codes("rape"),
            "S": self._weighted_codes("other_sexual"),
            "N": self._weighted_codes("stalking", "harassment", "assault", "coercive_control"),
        }
        self.cat_of_code = mix.category_ids(w.codes)
        self.v_lo, self.v_hi, self.v_male = victim_profiles(w.codes)
        _, self.mo_where = mix.mo_pool()
        reserved = np.array(sorted(w.reserved_locations), dtype=np.int64)
        self.locs = {vt: np.setdiff1d(ids, reserved) for vt, ids in w.locs_by_type.items()}
        self.homes: dict[int, int] = {}
        self.loc_vtype = w.t["locations"]["vtype"]
        self.hours = {vt: list(accumulate(h.tolist())) for vt, h in mix.HOUR_WEIGHTS.items()}

    # ---- small random helpers -------------------------------------------------------------
    def _weighted_codes(self, *cats: str) -> tuple[list[int], list[float]]:
        # Category share times the code's weight within its category, as for the background.
        codes = self.w.codes
        idx: list[int] = []
        weights: list[float] = []
        for cat in cats:
            members = [int(i) for i in codes.in_category(cat)]
            within = [mix.CODE_WEIGHT.get(codes.code[i], 1.0) for i in members]
            idx += members
            weights += [mix.CATEGORY_SHARE[cat] * x / sum(within) for x in within]
        return idx, list(accumulate(weights))

    def pick_code(self, kind: str) -> int:
        """A Home Office code index: R rape, S other sexual, N non-sexual VAWG offence."""
        idx, cum = self.codes_by_kind[kind]
        return idx[bisect(cum, self.r.random() * cum[-1])]

    def day(self, when: str | int) -> int:
        """Resolve a date token (or an offset from as_of in days) to a day number."""
        w, r = self.w, self.r
        if isinstance(when, int):
            return w.as_of + when
        return {
            "recent": lambda: r.randint(w.cutoff, w.as_of),
            "old": lambda: r.randint(w.start + 60, w.cutoff - 1),
            "cutoff": lambda: w.cutoff,
            "pre_cutoff": lambda: w.cutoff - 1,
            "as_of": lambda: w.as_of,
            "after": lambda: w.as_of + r.randint(1, 10),
            "any": lambda: r.randint(w.start + 60, w.as_of),
        }[when]()

    def location(self, vtype: int) -> int:
        ids = self.locs[vtype]
        return int(ids[self.r.randrange(ids.size)])

    def minute(self, vtype: int) -> int:
        cum = self.hours[vtype]
        return bisect(cum, self.r.random() * cum[-1]) * 60 + self.r.randrange(60)

    # ---- records ----------------------------------------------------------------------------
    def subject(self, **kw: object) -> int:
        sid = add_subject(self.w, self.r, **kw)  # type: ignore[arg-type]
        self.homes[sid] = self.location(RESIDENTIAL)
        if self.r.random() < 0.7:
            self.identifier(PHONE, [sid])
        return sid

    def victim(self, code: int, day: int) -> int:
        male = self.r.random() < self.v_male[code]
        age = self.v_lo[code] + self.r.random() * (self.v_hi[code] - self.v_lo[code])
        names = vocab.MALE_FORENAMES if male else vocab.FEMALE_FORENAMES
        w = self.w
        return w.t["victims"].add(
            forename=w.pool_index("forename", names[self.r.randrange(len(names))]),
            surname=self.r.randrange(len(vocab.SURNAMES)),
            dob=day - int(age * DAYS_PER_YEAR),
            gender=int(not male),
        )

    def offence(
        self,
        kind: str,
        when: str | int,
        subjects: list[int],
        roles: list[int] | None = None,
        victims: list[int] | None = None,
        vtype: int | None = None,
        loc: int | None = None,
        dup: bool = False,
    ) -> int:
        """Add one offence naming `subjects` (roles default from the outcome)."""
        w, r = self.w, self.r
        code = self.pick_code(kind)
        rep = self.day(when)
        sexual = kind in "RS"
        lag = r.choice((0, 0, 1, 2, 7, 30, 90, 400)) if sexual else r.choice((0, 0, 1, 3, 14))
        cfrom = max(rep - lag, w.start)
        cat = VAWG_CATEGORIES[self.cat_of_code[code]]
        domestic = r.random() < mix.DOMESTIC_SHARE[cat]
        if loc is None:
            if vtype is None:
                vtype = RESIDENTIAL if domestic else self._venue(cat)
            loc = self.homes.get(subjects[0]) if (vtype == RESIDENTIAL and subjects) else None
            loc = loc if loc is not None else self.location(vtype)
        vtype = int(self.loc_vtype[loc]) if vtype is None else vtype
        outcome = 0
        if rep <= w.as_of - 120 or r.random() < 0.2:
            dist = mix.OUTCOMES[mix.outcome_family(cat)]
            choices = [o for o in dist if o not in mix.NO_SUSPECT_OUTCOMES]
            outcome = r.choices(choices, weights=[dist[o] for o in choices])[0]
        if rep > w.as_of:
            outcome = 0
        off_at, cnt = self.mo_where[cat]
        oid = w.t["offences"].add(
            code=code,
            cfrom=cfrom,
            cto=NO_DATE,
            rep=rep,
            loc=loc,
            outcome=outcome,
            domestic=domestic,
            minute=self.minute(vtype),
            mo=off_at + r.randrange(cnt),
        )
        default_role = OFFENDER if outcome in mix.OFFENDER_OUTCOMES else SUSPECT
        for i, sid in enumerate(subjects):
            role = roles[i] if roles else default_role
            # Named after the report but never after as_of (or, for a report after as_of, on the
            # report day), so no date lies further in the future than needed.
            named = min(rep + r.choice((0, 0, 1, 5, 20)), max(w.as_of, rep))
            for _ in range(2 if dup else 1):
                w.t["off_subj"].add(off=oid, subj=sid, role=role, named=named)
        for vid in victims or [self.victim(code, cfrom)]:
            w.t["off_vict"].add(off=oid, vict=vid)
        return oid

    def _venue(self, cat: str) -> int:
        options = mix.VENUE_MIX[cat]
        kinds = [k for k in options if options[k] > 0 and self.locs[k].size]
        return self.r.choices(kinds, weights=[options[k] for k in kinds])[0]

    def history(self, sid: int) -> None:
        """Intelligence reports and orders around a planted subject (never tier-relevant)."""
        w, r = self.w, self.r
        for _ in range(r.randint(0, 3)):
            w.t["intel"].add(
                subj=sid,
                loc=self.location(r.choice((NTE, TRANSPORT, PUBLIC))),
                rep=self.day("any"),
                grading=r.randrange(len(vocab.GRADES)),
                behaviour=r.randrange(len(vocab.BEHAVIOURS)),
                summary=r.randrange(2),
            )
        if r.random() < 0.35:
            start = w.as_of - r.randint(60, 2500)
            self.order(sid, "SHPO", start, NO_DATE if r.random() < 0.3 else start + 5 * 365)
        if r.random() < 0.3:
            start = w.as_of - r.randint(5, 150)
            self.order(sid, "bail_conditions", start, start + 90)

    def order(self, sid: int, kind: str, start: int, end: int) -> None:
        """One civil or criminal order."""
        self.w.t["orders"].add(
            subj=sid,
            otype=ORDER_TYPES.index(kind),
            start=start,
            end=end,
            cond=self.r.randrange(len(vocab.ORDER_CONDITIONS[kind])),
        )

    def identifier(self, kind: int, subjects: list[int]) -> int:
        """One fresh identifier value held by all the given subjects; returns its number."""
        num = int(self.w.new_identifiers(kind, 1)[0])
        for sid in subjects:
            self.w.t["idents"].add(subj=sid, kind=kind, num=num, owner=subjects[0])
        return num
