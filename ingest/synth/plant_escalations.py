"""Escalating persons for each escalation rule, and their near misses (truth.json ``escalations``).

Each case is a fresh subject whose only records are the ones planted here (dates exact, in
days, relative to a base day at least 400 days before as_of):

- ``repeat_behaviour``: three non-contact reports on days 0, 40 and 90 at public places;
  near misses: the third on day 91; three reports all graded intelligence E.
- ``contact_escalation``: cat-calling, then brushing past 100 days later; near miss: the
  same move with both reports graded E or source 3.
- ``multiple_nte_venues``: reports at two night-time-economy venues 30 days apart; near miss:
  31 days apart.
- ``escalated_to_offending``: one report, then a sexual offence committed (and reported) on
  day 365; near misses: on day 366; 30 days after a report graded E.

Reports are graded 1-2 / A-D unless the case says otherwise. The rules themselves are
graph/config/escalation_rules.yaml; escalation_truth.py finds every flag in the final data.
"""

from __future__ import annotations

from typing import Any

from . import vocab
from .planter import Planter, Ref
from .table import NTE, PUBLIC, TRANSPORT, World

GOOD = ("2B P", "2C P", "1B P", "2B C", "1A P")
WEAK = ("2E P", "3E C", "1E C")
NON_CONTACT = ("loitering", "repeated_approaches", "sexual_comments", "out_of_context_nte",
               "targeting_vulnerable")


class EscalationPlanter(Planter):
    """Plants the escalation cases of one profile."""

    def _report(self, sid: int, day: int, behaviour: str, grade: str, vtype: int) -> int:
        return self.w.t["intel"].add(
            subj=sid, loc=self.location(vtype), rep=day, grading=vocab.GRADES.index(grade),
            behaviour=vocab.BEHAVIOURS.index(behaviour), summary=self.r.randrange(2))

    def _offence(self, sid: int, day: int) -> int:
        oid = self.offence("S", day - self.w.as_of, [sid])
        self.w.t["offences"]["cfrom"][oid] = day  # committed on exactly that day
        return oid

    def _case(self, rule: str, plan: list[tuple[int, str, str, int]], offence_day: int | None,
              reason: str | None = None) -> dict[str, Any]:
        """One subject: reports (day offset, behaviour, grade, venue type), maybe an offence."""
        sid = self.subject()
        self.w.truth.setdefault("_expected", {})[sid] = (None, False)
        base = self.w.as_of - self.r.randint(400, 900)
        intel = [self._report(sid, base + d, b, g, vt) for d, b, g, vt in plan]
        offences = [self._offence(sid, base + offence_day)] if offence_day is not None else []
        out: dict[str, Any] = {"rule": rule, "subject_id": Ref("subject", sid),
                               "intel_ids": [Ref("intel", i) for i in intel],
                               "offence_ids": [Ref("offence", o) for o in offences]}
        if reason:
            out["reason"] = reason
        return out

    def _nc(self) -> str:
        return self.r.choice(NON_CONTACT)

    def _good(self) -> str:
        return self.r.choice(GOOD)

    def planted(self, n: int) -> list[dict[str, Any]]:
        """``n`` subjects per rule that the rule must flag."""
        out = []
        for _ in range(n):
            out.append(self._case("repeat_behaviour", [
                (d, self._nc(), self._good(), PUBLIC) for d in (0, 40, 90)], None))
            out.append(self._case("contact_escalation", [
                (0, "catcalling", self._good(), TRANSPORT),
                (100, "brushing_past", self._good(), TRANSPORT)], None))
            out.append(self._case("multiple_nte_venues", [
                (0, self._nc(), self._good(), NTE), (30, self._nc(), self._good(), NTE)], None))
            out.append(self._case("escalated_to_offending", [
                (0, self._nc(), self._good(), PUBLIC)], 365))
        return out

    def near_misses(self) -> list[dict[str, Any]]:
        """One subject per boundary that no rule may flag."""
        return [
            self._case("repeat_behaviour", [
                (d, self._nc(), self._good(), PUBLIC) for d in (0, 40, 91)], None, "day_91"),
            self._case("repeat_behaviour", [
                (d, self._nc(), g, PUBLIC) for d, g in ((0, "2E P"), (20, "1E C"), (40, "3E C"))],
                None, "grade_e_alone"),
            self._case("contact_escalation", [
                (0, "loitering", "2E P", TRANSPORT), (60, "suspected_spiking", "3C C", TRANSPORT)],
                None, "grade_e_alone"),
            self._case("multiple_nte_venues", [
                (0, self._nc(), self._good(), NTE), (31, self._nc(), self._good(), NTE)], None,
                "day_31"),
            self._case("escalated_to_offending", [(0, self._nc(), self._good(), PUBLIC)], 366,
                       "day_366"),
            self._case("escalated_to_offending", [(0, self._nc(), self.r.choice(WEAK), PUBLIC)],
                       30, "grade_e_alone"),
        ]


def plant_escalations(w: World, seed: int) -> None:
    """Plant the cases; ``w.truth["_escalations"]`` keeps them until the truth is computed."""
    p = EscalationPlanter(w, seed, stream=6)
    w.truth["_escalations"] = {
        "planted": p.planted(max(1, w.profile.escalations // 3)),
        "near_misses": p.near_misses(),
    }
