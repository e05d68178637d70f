"""The demo's 4P actions for one adopted subject, worked out from his own record.

Pure functions: :func:`tier1_steps` and :func:`tier2_steps` take what the graph holds about
the subject (a :class:`Record`) and return the actions as they happened (:class:`Step`),
with their dates, moves and the sentences the monthly updates quote. Nothing here writes;
:mod:`ingest.synth.plans` lays the steps through :mod:`graph.plans`.

The ``variant`` (0-3) of a Tier 1 subject decides how far each action has got, so that a
cohort of four shows every state the TCG meets: done with an outcome, in progress, due
soon (amber), overdue (red) and cancelled. Every Tier 1 plan has one overdue action.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Move:
    """A status change on a date; ``note`` is also what the monthly update says of it."""

    on: dt.date
    status: str
    outcome: str | None = None
    note: str | None = None


@dataclass
class Step:
    """One action as it happened (``accept`` names the suggestion rule it was accepted from;
    ``by`` who recorded it, when not its owner)."""

    pillar: str
    tactic: str
    description: str
    opened: dt.date
    due: dt.date
    owner: str
    said: str
    agency: str = "Police"
    rationale: str = ""
    evidence: list[str] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    accept: str | None = None
    by: str | None = None


@dataclass
class Record:
    """What the demo needs to know about one subject (read by :mod:`ingest.synth.plans`).

    ``offences`` maps offence id to ``crime_ref``, ``reported_on``, ``victims`` (ids);
    ``counted`` and ``rapes`` are the sexual offences (and rapes) the tier rules count on
    the adoption date, oldest first; ``orders`` and ``victims`` as the subject profile
    gives them; ``suggestions`` the plan suggestions found on the adoption date, the first
    of each rule by rule id.
    """

    subject_id: str
    adopted_on: dt.date
    tier: int
    owner: str
    offences: dict[str, dict[str, Any]]
    counted: list[str]
    rapes: list[str]
    orders: list[dict[str, Any]]
    victims: list[dict[str, Any]]
    suggestions: dict[str, dict[str, Any]]


def dm(day: dt.date) -> str:
    """A date as officers write it in a log.

    >>> dm(dt.date(2026, 9, 14))
    '14/09'
    """
    return day.strftime("%d/%m")


def settle(steps: list[Step], adopted: dt.date, today: dt.date) -> list[Step]:
    """The steps in date order, every date between the adoption and ``today`` (moves before
    it, each on or after the one before) and every due date on or after its opening."""
    out = []
    for s in steps:
        opened = min(max(s.opened, adopted), today)
        moves, last = [], opened
        for m in s.moves:
            last = min(max(m.on, last), today - DAY) if today - DAY >= last else last
            moves.append(dataclasses.replace(m, on=last))
        out.append(dataclasses.replace(s, opened=opened, due=max(s.due, opened), moves=moves))
    return sorted(out, key=lambda s: (s.opened, s.pillar, s.tactic))


class _Tier1:
    """One Tier 1 plan being worked out: the subject, his variant, the day it is read on."""

    def __init__(self, r: Record, variant: int, today: dt.date, analyst: str,
                 rng: random.Random) -> None:
        self.r, self.v, self.today, self.analyst, self.rng = r, variant, today, analyst, rng
        self.a, self.me = r.adopted_on, r.owner
        self.rape = r.rapes[-1]
        self.rape_ref = r.offences[self.rape]["crime_ref"]
        self.arrested: dt.date | None = None
        self.charged: dt.date | None = None

    def days(self, lo: int, hi: int) -> dt.timedelta:
        return self.rng.randint(lo, hi) * DAY

    def cap(self, day: dt.date, after: dt.date) -> dt.date:
        """``day``, but not before ``after`` nor after yesterday."""
        return max(min(day, self.today - DAY), after)

    def refs(self, ids: list[str], most: int = 4) -> str:
        refs = [self.r.offences[i]["crime_ref"] for i in ids[:most]]
        return ", ".join(refs) + (f" and {len(ids) - most} more" if len(ids) > most else "")

    def steps(self) -> list[Step]:
        return [*self.pursue(), *self.prevent(), *self.protect(), *self.prepare()]

    def pursue(self) -> list[Step]:
        """Review the linked offences, arrest for the latest rape, the phone, the charge file."""
        a, me, r, v = self.a, self.me, self.r, self.v
        counted = r.counted
        review = Step("pursue", "evidence_review",
                      f"The {len(counted)} linked sexual offences: outstanding lines of enquiry "
                      "(forensics, phone downloads, CCTV, witnesses)",
                      a + 2 * DAY, a + 30 * DAY, me,
                      f"Evidence review of {len(counted)} linked sexual offences opened "
                      f"({self.refs(counted)}).",
                      rationale="Tier 1: named on every offence reviewed", evidence=list(counted))
        done = self.cap(a + self.days(18, 28), review.opened)
        review.moves += [Move(review.opened + DAY, "in_progress", None,
                              "Case files recalled for the evidence review."),
                         Move(done, "done", "intelligence",
                              f"Review complete {dm(done)}: lines of enquiry on "
                              f"{min(3, len(counted))} offences; digital download requested.")]
        arrest = Step("pursue", "arrest", f"On suspicion of rape ({self.rape_ref}); interview",
                      done + DAY, done + 21 * DAY, me,
                      f"Arrest for rape ({self.rape_ref}) planned.", evidence=[self.rape])
        if v == 2:  # not found: wanted, and overdue
            arrest.due = min(arrest.opened + 14 * DAY, self.today - 3 * DAY)
            first = self.cap(arrest.opened + 3 * DAY, arrest.opened)
            arrest.moves.append(Move(first, "in_progress", None,
                                     f"Not at his home address on {dm(first)} and "
                                     f"{dm(self.cap(first + 4 * DAY, first))}; circulated as "
                                     "wanted on PNC."))
            return [review, arrest]
        arrested = self.arrested = self.cap(arrest.opened + self.days(4, 12), arrest.opened)
        after = ("released under investigation" if v == 3
                 else "bailed with conditions (no contact with the victim)")
        arrest.moves.append(Move(arrested, "done", "arrest",
                                 f"Arrested {dm(arrested)} on suspicion of rape "
                                 f"({self.rape_ref}); interviewed; {after}; phone seized for "
                                 "download."))
        phone = Step("pursue", "digital_forensics",
                     f"Download of the phone seized on arrest ({self.rape_ref})",
                     arrested + DAY, self.today + self.days(10, 30), me,
                     "Phone seized on arrest sent for download.",
                     agency="Police (digital forensics unit)", evidence=[self.rape])
        phone.moves.append(Move(arrested + 2 * DAY, "in_progress", None,
                                "Phone download queued with the digital forensics unit."))
        if v in (0, 1):
            read = self.cap(arrested + self.days(20, 35) if v == 0  # v1: read last week
                            else self.today - self.days(6, 16), phone.opened)
            phone.due = max(read, arrested + 42 * DAY)
            phone.moves.append(Move(read, "done", "intelligence",
                                    f"Phone download complete {dm(read)}; material reviewed "
                                    "and added to the file."))
        charge = Step("pursue", "charge_file",
                      f"Rape ({self.rape_ref}): file to CPS for a charging decision",
                      arrested + 2 * DAY, arrested + 44 * DAY, me, "Charge file to CPS opened.",
                      agency="Police and CPS", evidence=[self.rape])
        charged = arrested + self.days(25, 40)
        if v == 0 and charged < self.today - 2 * DAY:
            self.charged = charged
            charge.moves += [Move(charge.opened + DAY, "in_progress", None,
                                  "Charge file sent to CPS for early advice."),
                             Move(charged, "done", "charge",
                                  f"CPS authorised charge {dm(charged)}: rape ({self.rape_ref}); "
                                  "bailed to appear at the Crown Court.")]
        elif v in (0, 1):
            charge.due = self.today + self.days(4, 12)
            charge.moves.append(Move(self.cap(charge.opened + 5 * DAY, charge.opened),
                                     "in_progress", None,
                                     "Charge file with CPS; decision awaited."))
        else:
            charge.due = self.today + self.days(25, 40)
            charge.rationale = "Awaiting the phone download before the file goes to CPS"
        return [review, arrest, phone, charge]

    def prevent(self) -> list[Step]:
        """An SHPO if he holds no order, compliance visits if he does; a warning letter."""
        a, me, r, v, today = self.a, self.me, self.r, self.v, self.today
        out = []
        order = next((o for o in r.orders  # one he held on the day: not merely applied for
                      if str(o["order_type"]).lower() in ("shpo", "sro")
                      and o.get("status") not in ("applied", "refused")
                      and o.get("start_date") and o["start_date"] <= a
                      and (o.get("end_date") is None or o["end_date"] >= a)), None)
        if order:
            kind, ref = str(order["order_type"]).upper(), order["order_id"]
            visit = Step("prevent", "home_visit",
                         f"Unannounced: compliance with {kind} {ref} "
                         f"({order.get('conditions') or 'conditions on file'})",
                         a + 4 * DAY, a + 28 * DAY, me,
                         f"Compliance visits under {kind} {ref} started.",
                         agency="Police (offender management)", evidence=[ref])
            seen = self.cap(a + self.days(10, 20), visit.opened)
            visit.moves.append(Move(seen, "done", "disruption",
                                    f"Home visit {dm(seen)}: devices inspected, no breach "
                                    "found; conditions explained again."))
            out.append(visit)
            if v == 1:  # his overdue action
                out.append(Step("prevent", "home_visit",
                                f"Second unannounced compliance visit under {ref}",
                                today - self.days(35, 45), today - self.days(3, 8), me,
                                "Second compliance visit due.", evidence=[ref]))
        else:
            shpo = Step("prevent", "shpo_application",
                        f"To the magistrates' court: {len(r.counted)} sexual offences on record, "
                        "no order held",
                        a + self.days(7, 12), a, me, "SHPO application opened with legal services.",
                        accept="order_for_sexual_history", evidence=list(r.counted))
            shpo.due = shpo.opened + 42 * DAY
            drafting = Move(shpo.opened + 2 * DAY, "in_progress", None,
                            "SHPO application being drafted with legal services.")
            lodged = self.cap(shpo.opened + self.days(20, 35), drafting.on)
            if v in (0, 2):
                shpo.moves += [drafting, Move(lodged, "done", "order_applied",
                                              "SHPO application lodged at the magistrates' "
                                              f"court {dm(lodged)}; hearing listed.")]
            elif v == 1:  # his overdue action
                shpo.due = min(shpo.opened + 30 * DAY, today - 4 * DAY)
                shpo.moves.append(dataclasses.replace(
                    drafting, note="SHPO draft with legal services; awaiting the OIC's statement."))
            else:
                shpo.due = today + self.days(20, 40)
                shpo.moves.append(drafting)
            out.append(shpo)
        if v == 2:
            letter = Step("prevent", "warning_letter",
                          "Setting out the conduct that will lead to an order application",
                          a + 6 * DAY, a + 20 * DAY, me, "Warning letter considered.")
            stop = self.cap(a + self.days(8, 14), letter.opened)
            letter.moves.append(Move(stop, "cancelled", None,
                                     f"Warning letter cancelled {dm(stop)}: a letter now would "
                                     "alert him to the arrest enquiry; revisit after arrest."))
            out.append(letter)
        if v == 3:
            out.append(Step("prevent", "home_visit",
                            "With the neighbourhood team: confirm his address and household",
                            today - self.days(5, 12), today + self.days(3, 10), me,
                            "Home visit with the neighbourhood team planned.",
                            agency="Police (neighbourhood team)"))
        return out

    def protect(self) -> list[Step]:
        """The victim (a safeguarding referral, liaison) and the address where she was harmed."""
        a, me, r, v, today = self.a, self.me, self.r, self.v, self.today
        out = []
        victim = _victim(r, a + 3 * DAY)
        if victim:
            person, offs, why = victim
            age = _age(person.get("dob"), a)
            agency = ("Children's social care" if age is not None and age < 18
                      else "Adult social care and ISVA service")
            refer = Step("protect", "safeguarding_referral",
                         f"For the victim of {self.refs(offs)} ({why})", a + self.days(3, 6), a,
                         me, f"Safeguarding referral opened for the victim of {self.refs(offs)} "
                         f"({why}).", agency=agency, evidence=[person["id"], *offs])
            refer.due = refer.opened + 14 * DAY
            sent = self.cap(refer.opened + self.days(3, 9), refer.opened)
            refer.moves.append(Move(sent, "done", "referral",
                                    f"Safeguarding referral made {dm(sent)} ({agency}); ISVA "
                                    "support offered and accepted."))
            out.append(refer)
            if v == 1:
                out.append(Step("protect", "victim_liaison",
                                f"Update the victim of {self.refs(offs)} on the investigation "
                                "and bail conditions", today - self.days(10, 20),
                                today + self.days(3, 12), me, "Victim liaison visit planned.",
                                evidence=[person["id"]]))
        rape_victim = r.offences[self.rape]["victims"][:1]
        if v == 0 and self.charged:
            out.append(Step("protect", "victim_liaison",
                            f"Keep the victim of {self.rape_ref} informed: charge, bail "
                            "conditions and court dates", self.charged + 3 * DAY,
                            today + self.days(5, 12), me,
                            f"Victim liaison for the victim of {self.rape_ref} opened.",
                            evidence=[*rape_victim, self.rape]))
        if v == 2:
            out.append(Step("protect", "victim_liaison",
                            f"Keep the victim of {self.rape_ref} informed while he is wanted",
                            today - self.days(60, 80), today + self.days(5, 12), me,
                            f"Victim liaison for the victim of {self.rape_ref} opened.",
                            evidence=[*rape_victim, self.rape]))
        if "residential_scene_marker" in r.suggestions and v != 1:  # v1 dismisses it
            marker = Step("protect", "harms_marker",
                          "On the residential address where offences against victims took place",
                          a + self.days(12, 18), a, me, "HARMS marker requested.",
                          accept="residential_scene_marker")
            marker.due = marker.opened + 14 * DAY
            placed = self.cap(marker.opened + self.days(2, 6), marker.opened)
            if v == 3:  # a recent request, not placed yet
                marker.opened = today - self.days(5, 15)
                marker.due = today + self.days(4, 12)
            else:
                marker.moves.append(Move(placed, "done", "intelligence",
                                         f"HARMS marker placed on the address {dm(placed)}."))
            out.append(marker)
        return out

    def prepare(self) -> list[Step]:
        """The PNC flag, partners briefed, and what intelligence is still missing."""
        a, me, r, v, today = self.a, self.me, self.r, self.v, self.today
        pnc = Step("prepare", "pnc_flag", "Flag his PNC record as a serial VAWG perpetrator",
                   a + DAY, a + 7 * DAY, me, "PNC serial-VAWG flag requested.")
        flagged = self.cap(a + 2 * DAY, pnc.opened)
        pnc.moves.append(Move(flagged, "done", "intelligence",
                              f"PNC serial-VAWG flag added {dm(flagged)}."))
        brief = Step("prepare", "partner_briefing",
                     "Probation and the MAPPA coordinator: the plan and his risk",
                     a + self.days(8, 14), a, me, "Partner briefing arranged.",
                     agency="Probation Service")
        brief.due = brief.opened + 21 * DAY
        if v == 3:  # his overdue action
            brief.due = today - self.days(3, 8)
            brief.rationale = "MAPPA meeting postponed; re-book"
        else:
            met = self.cap(brief.opened + self.days(5, 14), brief.opened)
            brief.moves.append(Move(met, "done", "intelligence",
                                    f"Probation and the MAPPA coordinator briefed {dm(met)}; "
                                    "MAPPA referral under consideration."))
        ask = Step("prepare", "intelligence_requirement",
                   "Current address, vehicles and online accounts; approaches to women at "
                   "night-time venues", a + self.days(15, 25), a, self.analyst,
                   "Intelligence requirement set.", agency="Police (intelligence unit)", by=me)
        co = r.suggestions.get("co_offender_intelligence")
        if co:
            other = next(e["id"] for e in co["evidence"] if e["kind"] == "subject")
            ask.description = (f"Co-offender {other}: current contact, shared phones and "
                               "vehicles, venues")
            ask.said = f"Intelligence requirement set on co-offender {other}."
            ask.accept = "co_offender_intelligence"
        if v == 0:  # his overdue action
            ask.due = today - self.days(4, 12)
        else:
            ask.due = today + self.days(15, 40)
            ask.moves.append(Move(self.cap(ask.opened + 3 * DAY, ask.opened), "in_progress",
                                  None, "Intelligence requirement tasked to the source unit "
                                  "and the digital team."))
        return [pnc, brief, ask]


def _victim(r: Record, before: dt.date) -> tuple[dict[str, Any], list[str], str] | None:
    """The victim a safeguarding referral is for, her offences with him, and why her.

    A repeat victim first (named on two or more of his offences, or harmed by another
    subject too); else the victim at the residential address the HARMS suggestion names;
    else the victim of his latest counted sexual offence. Only offences reported by
    ``before``.
    """
    seen = {i for i, o in r.offences.items() if o["reported_on"] <= before}
    mine = [(v, [o for o in v["offences"] if o in seen]) for v in r.victims]
    mine = [(v, offs) for v, offs in mine if offs]

    def latest(pair: tuple[dict[str, Any], list[str]]) -> dt.date:
        return max(r.offences[o]["reported_on"] for o in pair[1])

    for v, offs in mine:
        if len(offs) > 1 or v["linked_subjects"]:
            return v, offs, "a repeat victim"
    scene = r.suggestions.get("residential_scene_marker")
    at = {e["id"] for e in scene["evidence"] if e["kind"] == "offence"} if scene else set()
    near = [(v, offs) for v, offs in mine if set(offs) & at]
    if near:
        v, offs = max(near, key=latest)
        return v, offs, "harmed at a residential address"
    counted = [(v, offs) for v, offs in mine if set(offs) & set(r.counted)]
    if counted:
        v, offs = max(counted, key=latest)
        return v, offs, "the victim of his latest sexual offence"
    return None


def _age(dob: dt.date | None, on: dt.date) -> int | None:
    if dob is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def tier1_steps(r: Record, variant: int, today: dt.date, analyst: str,
                rng: random.Random) -> list[Step]:
    """The 4P plan of one Tier 1 subject, from his adoption to ``today``.

    Args:
        r: the subject's record.
        variant: 0-3, how far the plan has got (see the module docstring).
        today: the day the plan is read on; every move lies before it.
        analyst: who owns the intelligence requirement.
        rng: this subject's random numbers (seeded by the caller).

    Returns:
        The steps in date order (:func:`settle`).
    """
    return settle(_Tier1(r, variant, today, analyst, rng).steps(), r.adopted_on, today)


def tier2_steps(r: Record, today: dt.date, rng: random.Random) -> list[Step]:
    """A Tier 2 subject's short plan, kept by the analyst who monitors him."""
    a, me = r.adopted_on, r.owner
    pnc = Step("prepare", "pnc_flag", "Flag his PNC record as a serial VAWG perpetrator",
               a + DAY, a + 7 * DAY, me, "PNC serial-VAWG flag requested.")
    pnc.moves.append(Move(a + 3 * DAY, "done", "intelligence", "PNC serial-VAWG flag added."))
    ask = Step("prepare", "intelligence_requirement",
               "Current address, associates and any new reports", a + 5 * DAY,
               today + rng.randint(30, 60) * DAY, me, "Intelligence requirement set.",
               agency="Police (intelligence unit)")
    co = r.suggestions.get("co_offender_intelligence")
    if co:
        other = next(e["id"] for e in co["evidence"] if e["kind"] == "subject")
        ask.description = f"Co-offender {other}: current contact"
        ask.said = f"Intelligence requirement set on co-offender {other}."
        ask.accept = "co_offender_intelligence"
    ask.moves.append(Move(a + 8 * DAY, "in_progress", None,
                          "Intelligence requirement tasked to the source unit."))
    letter = Step("prevent", "warning_letter",
                  "Setting out the conduct that will lead to an order application",
                  today - rng.randint(10, 20) * DAY, today + rng.randint(20, 40) * DAY, me,
                  "Warning letter drafted.")
    return settle([pnc, ask, letter], a, today)
