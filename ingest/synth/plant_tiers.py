"""Planted Operation Ratify subjects: generic Tier 1/2, named boundary cases and near misses.

Each planted subject records its expected tier; after generation the tiers are recomputed from
the data (rules.py) and must match, so truth.json can never drift from what the rules select.

No offence is committed inside its subject's custody: one that would be is moved to just
before the custody (or just after release, when it was reported after release), keeping its
reported date, so every count and recency the tier rules read is unchanged; its victim's date
of birth moves with it, so the victim's age on the day stays in the code's band.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import vocab
from .group_planter import GroupPlanter
from .planter import Ref
from .table import NO_DATE, OFFENDER, OTHER, World

NO_END = int(np.iinfo(np.int32).max)  # an open custody period's end, as a day number

# Offence specs: "<kind>:<when>[!flag]" where kind R=rape, S=other sexual, N=non-sexual; when is
# a Planter.day token; flags: other (role other), dup (link written twice), offender (role).
SIX = "R:recent S:old S:old S:old S:old S:old"
FOUR = "R:recent S:old S:old S:old"

# (name, description, expected tier, offences, custody periods as (start, end) offsets from
# as_of in days; None = no end date)
CASES: tuple[tuple[str, str, int | None, str, tuple[tuple[int, int | None], ...]], ...] = (
    (
        "tier1_exactly_six",
        "Named on exactly 6 sexual offences, exactly one rape, one recent",
        1,
        SIX,
        (),
    ),
    (
        "recency_exactly_18_months",
        "Last counted report exactly on as_of minus 18 months: still recent",
        1,
        "R:old S:old S:old S:old S:old S:cutoff",
        (),
    ),
    (
        "recency_one_day_too_old",
        "Last counted report one day before as_of minus 18 months; a recent assault and a recent "
        "role-other sexual offence do not count",
        None,
        "R:old S:old S:old S:old S:old S:pre_cutoff N:recent S:recent!other",
        (),
    ),
    (
        "released_before_as_of",
        "Tier 1 counts; custody ended well before as_of",
        1,
        SIX,
        ((-1200, -200),),
    ),
    (
        "released_on_as_of",
        "Tier 1 counts; custody end_date equals as_of, so not in custody",
        1,
        SIX,
        ((-900, 0),),
    ),
    (
        "custody_starts_day_after_as_of",
        "Tier 1 counts; custody starts the day after as_of",
        1,
        SIX,
        ((1, None),),
    ),
    (
        "in_custody_on_as_of",
        "Tier 1 counts but in custody on as_of (open custody): Tier 2",
        2,
        SIX,
        ((-400, None),),
    ),
    (
        "custody_starts_on_as_of",
        "Tier 1 counts; custody starts exactly on as_of: in custody",
        2,
        SIX,
        ((0, None),),
    ),
    (
        "custody_release_after_as_of",
        "Tier 1 counts; custody end_date (expected release) after as_of: in custody",
        2,
        SIX,
        ((-300, 30),),
    ),
    (
        "reported_exactly_on_as_of",
        "Only recent counted report is on as_of itself",
        1,
        "R:old S:old S:old S:old S:old S:as_of",
        (),
    ),
    (
        "historic_rape_recent_other",
        "The only rape is years old; recency comes from another sexual offence",
        1,
        "R:-3000 S:old S:old S:old S:old S:recent",
        (),
    ),
    ("tier2_exactly_four", "Named on exactly 4 sexual offences, one rape, one recent", 2, FOUR, ()),
    (
        "tier2_offender_role",
        "4 sexual offences all with role offender (counts like suspect)",
        2,
        "R:recent!offender S:old!offender S:old!offender S:old!offender",
        (),
    ),
    (
        "tier2_in_custody",
        "Tier 2 counts and in custody: Tier 2 with in_custody",
        2,
        FOUR,
        ((-100, None),),
    ),
    (
        "one_short_of_tier2",
        "3 sexual offences including a rape, recent",
        None,
        "R:recent S:old S:old",
        (),
    ),
    (
        "six_sexual_no_rape",
        "6 recent-enough sexual offences but no rape",
        None,
        "S:recent S:old S:old S:old S:old S:old",
        (),
    ),
    (
        "duplicate_link_five",
        "5 distinct sexual offences, one named twice (6 link rows): Tier 2",
        2,
        "R:recent S:old!dup S:old S:old S:old",
        (),
    ),
    (
        "duplicate_link_three",
        "3 distinct sexual offences, one named twice (4 link rows): none",
        None,
        "R:recent S:old!dup S:old",
        (),
    ),
    (
        "role_other_five",
        "5 as suspect plus 1 sexual offence with role other: Tier 2",
        2,
        "R:recent S:old S:old S:old S:old S:recent!other",
        (),
    ),
    (
        "role_other_three",
        "3 as suspect plus 1 sexual offence with role other: none",
        None,
        "R:recent S:old S:old S:recent!other",
        (),
    ),
    (
        "reported_after_as_of_five",
        "5 counted plus 1 reported after as_of (not counted): Tier 2",
        2,
        "R:recent S:old S:old S:old S:old S:after",
        (),
    ),
    (
        "only_recent_report_after_as_of",
        "6 old sexual offences; the only recent one is reported after as_of: none",
        None,
        "R:old S:old S:old S:old S:old S:old S:after",
        (),
    ),
)
TIER1_CASES = sum(1 for c in CASES if c[2] == 1) + 1  # +1: the co-named pair's first subject
TIER2_CASES = sum(1 for c in CASES if c[2] == 2) + 1


class TierPlanter(GroupPlanter):
    """Plants the tier population of one profile."""

    def __init__(self, w: World, seed: int, stream: int) -> None:
        super().__init__(w, seed, stream)
        self.periods: dict[int, list[tuple[int, int]]] = {}  # custody [start, end) per subject
        self.named_on: dict[int, list[int]] = {}  # offences per subject

    def offence(self, kind: str, when: str | int, subjects: list[int], **kw: Any) -> int:
        """Planter.offence, remembering which subjects it names."""
        oid = super().offence(kind, when, subjects, **kw)
        for sid in subjects:
            self.named_on.setdefault(sid, []).append(oid)
        return oid

    def expect(self, sid: int, tier: int | None, in_custody: bool = False) -> None:
        self.w.truth.setdefault("_expected", {})[sid] = (tier, in_custody)

    def custody(self, sid: int, start: int, end: int | None) -> None:
        w = self.w
        period = (w.as_of + start, NO_END if end is None else w.as_of + end)
        self.periods.setdefault(sid, []).append(period)
        w.t["custody"].add(
            subj=sid,
            start=period[0],
            end=NO_DATE if end is None else period[1],
            est=self.r.randrange(len(vocab.ESTABLISHMENTS)),
        )

    def run_spec(self, sid: int, spec: str) -> list[int]:
        """Add the offences of a spec for one subject; returns their internal ids."""
        out = []
        for item in spec.split():
            body, _, flag = item.partition("!")
            kind, when = body.split(":")
            day: str | int = int(when) if when.lstrip("-").isdigit() else when
            role = {"other": [OTHER], "offender": [OFFENDER]}.get(flag)
            out.append(self.offence(kind, day, [sid], roles=role, dup=flag == "dup"))
        return out

    def plant_cases(self) -> list[dict[str, Any]]:
        cases = []
        for name, desc, tier, spec, custody in CASES:
            sid = self.subject()
            offences = self.run_spec(sid, spec)
            for start, end in custody:
                self.custody(sid, start, end)
            in_custody = any(s <= 0 and (e is None or e > 0) for s, e in custody)
            self.expect(sid, tier, in_custody and tier == 2)
            cases.append(_case(name, desc, [(sid, tier, in_custody)], offences))
        cases.append(self._co_named())
        return cases

    def _co_named(self) -> dict[str, Any]:
        """Two subjects co-named on two sexual offences; both count them."""
        a, b = self.subject(), self.subject()
        shared = [self.offence("R", "recent", [a, b]), self.offence("S", "old", [a, b])]
        own_a = self.run_spec(a, "S:old S:old S:old S:old")
        own_b = self.run_spec(b, "S:old S:old")
        self.expect(a, 1)
        self.expect(b, 2)
        return _case(
            "co_named_offences",
            "Two subjects co-named on 2 sexual offences (one rape): 2+4=6 for the first "
            "(Tier 1), 2+2=4 for the second (Tier 2)",
            [(a, 1, False), (b, 2, False)],
            shared + own_a + own_b,
        )

    def plant_generic(self, n1: int, n2: int) -> None:
        """Ordinary Tier 1 and Tier 2 subjects with varied histories."""
        r = self.r
        for tier, n in ((1, n1), (2, n2)):
            for _ in range(n):
                sid = self.subject()
                total = r.randint(6, 14) if tier == 1 else r.randint(4, 5)
                rapes = r.randint(1, min(3, total - 1))
                recent = r.randint(1, 2)
                kinds = ["R"] * rapes + ["S"] * (total - rapes)
                r.shuffle(kinds)
                for i, k in enumerate(kinds):
                    self.offence(k, "recent" if i < recent else "old", [sid])
                for _ in range(r.randint(0, 4)):
                    self.offence("N", "any", [sid])
                in_custody = tier == 2 and r.random() < 0.15
                if in_custody:
                    self.custody(sid, -r.randint(10, 500), None)
                elif r.random() < 0.2:
                    self.custody(sid, -r.randint(1500, 3000), -r.randint(400, 1400))
                self.expect(sid, tier, in_custody)
                self.history(sid)

    def plant_near_misses(self, n: int) -> dict[str, list[Ref]]:
        """Subjects that look serious but do not meet Tier 2 (background realism)."""
        r = self.r
        out: dict[str, list[Ref]] = {"stale": [], "no_rape": [], "below_count": []}
        for _ in range(n):
            sid = self.subject()
            self.run_spec(sid, "R:old " + " ".join(["S:old"] * r.randint(5, 9)))
            out["stale"].append(Ref("subject", sid))
            sid = self.subject()
            self.run_spec(sid, "S:recent " + " ".join(["S:any"] * r.randint(5, 9)))
            out["no_rape"].append(Ref("subject", sid))
            sid = self.subject()
            self.run_spec(sid, "R:recent S:any S:any N:any")
            out["below_count"].append(Ref("subject", sid))
            for s in (o[-1].idx for o in out.values()):
                self.expect(s, None)
        return out

    def out_of_custody(self) -> None:
        """Move every planted offence committed inside its subject's custody out of it."""
        w = self.w
        off, ov = w.t["offences"], w.t["off_vict"]
        cfrom, rep = off["cfrom"], off["rep"]
        shift: dict[int, int] = {}
        for sid, periods in self.periods.items():
            for oid in self.named_on.get(sid, []):
                day = int(cfrom[oid])
                if _inside(day, periods):
                    new = self._free_day(day, int(rep[oid]), periods)
                    cfrom[oid] = new
                    shift[oid] = new - day
        if not shift:
            return
        rows = np.flatnonzero(np.isin(ov["off"], list(shift)))
        victims = ov["vict"][rows]
        if np.unique(victims).size != victims.size:
            raise RuntimeError("a moved planted offence shares its victim")
        dob = w.t["victims"]["dob"]
        dob[victims] += np.array([shift[int(o)] for o in ov["off"][rows]], dtype=dob.dtype)

    def _free_day(self, day: int, rep: int, periods: list[tuple[int, int]]) -> int:
        """The nearer of a day shortly before the custody holding `day` and, when the offence
        was reported after release, a day between release and the report."""
        start, end = next((a, b) for a, b in periods if a <= day < b)
        options = []
        if end <= rep:
            options.append(end + self.r.randint(0, min(rep - end, 30)))
        if start - 1 >= self.w.start:
            options.append(max(start - self.r.randint(1, 60), self.w.start))
        options = [d for d in options if not _inside(d, periods)]
        if not options:
            raise RuntimeError(f"no day outside custody for an offence reported on {rep}")
        return min(options, key=lambda d: abs(d - day))


def _inside(day: int, periods: list[tuple[int, int]]) -> bool:
    return any(a <= day < b for a, b in periods)


def _case(
    name: str, desc: str, subjects: list[tuple[int, int | None, bool]], offences: list[int]
) -> dict[str, Any]:
    return {
        "name": name,
        "description": desc,
        "subjects": [
            {"subject_id": Ref("subject", s), "expected_tier": t, "in_custody": c}
            for s, t, c in subjects
        ],
        "offence_ids": [Ref("offence", o) for o in offences],
    }


def plant_tiers(w: World, seed: int) -> None:
    """Plant all tier subjects, cases and near misses; record them in w.truth."""
    p = TierPlanter(w, seed, stream=1)
    w.truth["cases"] = p.plant_cases()
    p.plant_generic(max(0, w.profile.tier1 - TIER1_CASES), max(0, w.profile.tier2 - TIER2_CASES))
    w.truth["near_misses"] = p.plant_near_misses(w.profile.near_miss)
    p.out_of_custody()
