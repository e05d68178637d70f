"""Planted links between people: co-offending groups, shared victims, shared identifiers,
duplicate records of one person, and escalation from intelligence to offending.

All planted people here are new subjects kept below Tier 2, so these patterns never change the
tier lists.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from . import vocab
from .config import to_days
from .group_planter import GroupPlanter
from .planter import Ref
from .table import (
    CO_ACCUSED,
    EMAIL,
    IDENT_KINDS,
    NTE,
    PHONE,
    VEHICLE,
    World,
)

#: The kinds of planted duplicate record, in the order they cycle (truth.json `variant`).
DUPLICATE_VARIANTS = ("spelling", "swapped", "nickname", "year_typo")
#: Male forenames that have a nickname in the vocabulary.
NICKNAMED = tuple(f for f in vocab.MALE_FORENAMES if f in vocab.NICKNAMES)


class LinkPlanter(GroupPlanter):
    """Plants the network patterns of one profile."""

    def expect_none(self, *sids: int) -> None:
        for sid in sids:
            self.w.truth.setdefault("_expected", {})[sid] = (None, False)

    def groups(self, n: int) -> list[dict[str, Any]]:
        """3-5 subjects named together on 3-5 offences (at most 3 sexual)."""
        out = []
        for _ in range(n):
            members = [self.subject() for _ in range(self.r.randint(3, 5))]
            victims = [self.victim(self.pick_code("S"), self.day("any")) for _ in range(2)]
            kinds = ["S", "R", "N", "S", "N"][: self.r.randint(3, 5)]
            offences = [
                self.offence(k, "any", members, victims=[victims[i % 2]], vtype=NTE)
                for i, k in enumerate(kinds)
            ]
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    self.w.t["assoc"].add(subj=a, other=b, kind=CO_ACCUSED)
            self.expect_none(*members)
            out.append(
                {
                    "subject_ids": [Ref("subject", s) for s in members],
                    "offence_ids": [Ref("offence", o) for o in offences],
                }
            )
        return out

    def shared_victims(self, n: int) -> list[dict[str, Any]]:
        """One victim harmed by 2-4 otherwise unconnected subjects (the first group: three)."""
        out = []
        for i in range(n):
            size = 3 if i == 0 else self.r.randint(2, 4)
            victim = self.victim(self.pick_code("S"), self.day("old"))
            subjects, offences = [], []
            for k in ("S", "N", "N", "S")[:size]:
                sid = self.subject()
                subjects.append(sid)
                offences.append(self.offence(k, "any", [sid], victims=[victim]))
            self.expect_none(*subjects)
            out.append(
                {
                    "description": f"{size} subjects sharing one victim",
                    "victim_id": Ref("victim", victim),
                    "subject_ids": [Ref("subject", s) for s in subjects],
                    "offence_ids": [Ref("offence", o) for o in offences],
                }
            )
        return out

    def shared_identifiers(self, n: int) -> list[dict[str, Any]]:
        """2-3 subjects linked only by one phone, vehicle or email."""
        out = []
        for i in range(n):
            kind = (PHONE, VEHICLE, EMAIL)[i % 3]
            subjects = [self.subject() for _ in range(self.r.randint(2, 3))]
            for sid in subjects:
                self.offence("N", "any", [sid])
            num = self.identifier(kind, subjects)
            self.expect_none(*subjects)
            out.append(
                {
                    "kind": IDENT_KINDS[kind],
                    "value": Ref(f"ident:{kind}", num),
                    "subject_ids": [Ref("subject", s) for s in subjects],
                }
            )
        return out

    def duplicates(self, n: int) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """One person recorded twice, sharing a phone; the second record has no PNC id.

        The variants cycle through the ways one person comes to have two records:
        ``spelling`` (forename variant, mis-keyed surname, day and month transposed),
        ``swapped`` (forename and surname swapped), ``nickname`` (a nickname as forename,
        the full name as an alias, one digit of the day mis-keyed) and ``year_typo``
        (the same name, the year of birth one out).
        """
        out, split_case = [], None
        for i in range(n):
            kind = DUPLICATE_VARIANTS[i % len(DUPLICATE_VARIANTS)]
            (fore, sur, dob), (fore2, sur2, dob2, alias) = self._variant(kind, i)
            a = self.subject(forename=fore, surname=sur, dob=dob)
            b = self.subject(forename=fore2, surname=sur2, dob=dob2, aliases=alias, no_pnc=True)
            if i == 0:  # split record: 3 + 3 sexual offences, neither record reaches Tier 2
                offences = self._run(a, "RSS") + self._run(b, "SSS")
                split_case = {
                    "name": "split_duplicate_person",
                    "description": "One person under two records with 3 sexual offences each "
                    "(incl. a rape): per-record counts stay below Tier 2",
                    "subjects": [
                        {
                            "subject_id": Ref("subject", s),
                            "expected_tier": None,
                            "in_custody": False,
                        }
                        for s in (a, b)
                    ],
                    "offence_ids": [Ref("offence", o) for o in offences],
                }
            else:
                self._run(a, "N")
                self._run(b, "N")
            num = self.identifier(PHONE, [a, b])
            self.expect_none(a, b)
            out.append(
                {
                    "subject_ids": [Ref("subject", a), Ref("subject", b)],
                    "variant": kind,
                    "names": [f"{fore} {sur}", f"{fore2} {sur2}"],
                    "dobs": [Ref("date", dob), Ref("date", dob2)],
                    "shared": {"kind": "phone", "value": Ref(f"ident:{PHONE}", num)},
                }
            )
        return out, split_case

    def _variant(self, kind: str, i: int) -> tuple[tuple, tuple]:
        """(forename, surname, dob) of the first record and (forename, surname, dob, alias)
        of the second, for one kind of duplicate."""
        sur = vocab.SURNAMES[self.r.randrange(len(vocab.SURNAMES))]
        day, month = self.r.randint(1, 12), self.r.randint(1, 12)
        if day == month:
            month = month % 12 + 1
        year = self.r.randint(1975, 2002)
        dob = _days(year, month, day)
        if kind == "spelling":
            variants = list(vocab.FORENAME_VARIANTS.items())
            fore, fore2 = variants[(i // len(DUPLICATE_VARIANTS)) % len(variants)]
            # day and month transposed on the second record
            return (fore, sur, dob), (fore2, _surname_variant(sur), _days(year, day, month), None)
        if kind == "swapped":
            fore = vocab.MALE_FORENAMES[self.r.randrange(len(vocab.MALE_FORENAMES))]
            return (fore, sur, dob), (sur, fore, dob, None)
        if kind == "nickname":
            fore = NICKNAMED[self.r.randrange(len(NICKNAMED))]
            typo = day + 1 if day % 10 != 9 else day - 1  # one digit of the day mis-keyed
            return (fore, sur, dob), (
                vocab.NICKNAMES[fore], sur, _days(year, month, typo), f"{fore} {sur}"
            )
        fore = vocab.MALE_FORENAMES[self.r.randrange(len(vocab.MALE_FORENAMES))]
        year2 = year + 1 if year % 10 != 9 else year - 1  # one digit of the year mis-keyed
        return (fore, sur, dob), (fore, sur, _days(year2, month, day), None)

    def _run(self, sid: int, kinds: str) -> list[int]:
        return [self.offence(k, "recent" if i == 0 else "old", [sid]) for i, k in enumerate(kinds)]

    def escalations(self, n: int) -> list[dict[str, Any]]:
        """Behaviour intelligence at a venue, then a sexual offence there by the same subject."""
        out = []
        steps = [
            vocab.BEHAVIOURS.index(b)
            for b in ("loitering", "repeated_approaches", "sexual_comments")
        ]
        for _ in range(n):
            sid = self.subject()
            venue = self.location(NTE)
            first = self.day("old")
            intel = []
            day = first
            for b in steps:
                intel.append(
                    self.w.t["intel"].add(
                        subj=sid,
                        loc=venue,
                        rep=day,
                        grading=vocab.GRADES.index("2B P"),
                        behaviour=b,
                        summary=self.r.randrange(2),
                    )
                )
                day += self.r.randint(20, 90)
            off = self.offence(
                "S", min(day, self.w.as_of) - self.w.as_of, [sid], loc=venue, vtype=NTE
            )
            # Committed when reported, so it comes after the behaviour (escalated_to_offending).
            self.w.t["offences"]["cfrom"][off] = self.w.t["offences"]["rep"][off]
            self.expect_none(sid)
            out.append(
                {
                    "rule": "escalated_to_offending",
                    "subject_id": Ref("subject", sid),
                    "location_id": Ref("location", venue),
                    "intel_ids": [Ref("intel", i) for i in intel],
                    "offence_ids": [Ref("offence", off)],
                }
            )
        return out


def _surname_variant(s: str) -> str:
    """A plausible mis-keying of a surname (ton/son swap, dropped or doubled letter)."""
    if s.endswith("ton"):
        return s[:-3] + "son"
    if s.endswith("ley"):
        return s[:-3] + "ly"
    return s[:3] + s[2] + s[3:]


def _days(year: int, month: int, day: int) -> int:
    return to_days(date(year, month, day))


def plant_links(w: World, seed: int) -> None:
    """Plant the network patterns and record them in w.truth."""
    p = LinkPlanter(w, seed, stream=2)
    prof = w.profile
    w.truth["co_offending_groups"] = p.groups(prof.groups)
    w.truth["shared_victims"] = p.shared_victims(prof.shared_victims)
    w.truth["shared_identifiers"] = p.shared_identifiers(prof.shared_identifiers)
    dups, split_case = p.duplicates(prof.duplicates)
    w.truth["duplicate_persons"] = dups
    if split_case:
        w.truth["cases"].append(split_case)
    # Kept until escalation_truth.py lists them among the planted escalation cases.
    w.truth["_venue_escalations"] = p.escalations(prof.escalations)
