"""A named scenario for the MAPPA review pack: "a Tier 1 subject under an SHPO, adopted with a
4P plan, whose intelligence is graded for different handling".

It is :mod:`tests.sentinel_scenario` (S-SENT-1 Oswin Treadgold, his three victims and two
homes, MO notes and an intelligence summary that are sentinels), plus, as a force's export
would carry them:

- MAPPA category 2, level 2 on S-SENT-1 (extra columns of ``subjects.csv``).
- Three more intelligence reports, one per handling: ``INT-PACK-SHARE`` graded 1AP (3x5x2,
  P: lawful sharing permitted), ``INT-PACK-COND`` graded 2BC (C: conditions apply) and
  ``INT-PACK-LOCAL`` graded B24 (5x5x5 handling 4: not beyond the force). The sentinel
  scenario's ``INT-SENT-1`` is graded B2: no handling code, so "unknown".
- An SHPO (``ORD-PACK-1``) from 200 days ago: no contact with V-SENT-1 (the condition's text
  names her), an exclusion zone of 500 m round the scene (17 Xylophone Crescent), and one
  recorded breach evidenced by offence O-SENT-5 (its summary names her too).
- The TCG adopted him at Tier 1, owned by ``pack-owner`` (a RASSO officer), with a plan: an
  arrest (done), a safeguarding referral resting on V-SENT-1 and the scene (its description
  names her), a partner briefing (overdue), an SHPO variation (prevent); and this month's
  update, which names another victim.

:data:`SINCE` is the last review: O-SENT-7 and the intelligence reported after it are new.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from graph import plans
from graph.db import Database
from graph.tiers import lifecycle
from ingest.pipeline import run_ingest
from tests.auth_fixtures import make_user
from tests.scenarios import write_folder
from tests.sentinel_scenario import (
    CO_OFFENDER,
    HOME,
    HOMES,
    SUBJECT,
    TODAY,
    VICTIM,
    VICTIM_FORENAME,
    VICTIM_SURNAME,
    load_sentinel_scenario,
)

OWNER = "pack-owner"
SINCE = TODAY - dt.timedelta(days=70)
ORDER = "ORD-PACK-1"
#: Intelligence id -> grading, and whether a partner agency may receive it.
INTEL = {
    "INT-PACK-SHARE": ("1AP", True),
    "INT-PACK-COND": ("2BC", False),
    "INT-PACK-LOCAL": ("B24", False),
    "INT-SENT-1": ("B2", False),
}
#: Offences of the scenario (all of S-SENT-1's), and the associate every pack lists.
ASSOCIATE_NAME = "Percival Hollowmere"


def _day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def pack_folder(folder: Path) -> Path:
    """The additions above, as a canonical export folder for a second load."""
    _, _, _, lat, lon = HOMES[0]
    return write_folder(
        folder,
        subjects=[
            {"subject_id": SUBJECT, "forename": "Oswin", "surname": "Treadgold", "aliases": "",
             "dob": "1979-04-21", "gender": "M", "pnc_id": "79/99S", "mappa_category": "2",
             "mappa_level": "2"},
        ],
        intelligence=[
            {"intel_id": intel_id, "subject_id": SUBJECT, "location_id": "L-SENT-BAR",
             "reported_on": _day(-20 - i), "grading": grading, "behaviour": "approaching_groups",
             "summary": f"SENTINEL-INTEL-Pemberton {intel_id}: followed women to the taxi rank"}
            for i, (intel_id, (grading, _)) in enumerate(INTEL.items())
            if intel_id != "INT-SENT-1"
        ],
        orders=[{"order_id": ORDER, "subject_id": SUBJECT, "order_type": "shpo",
                 "start_date": _day(-200), "end_date": "", "status": "granted",
                 "court": "Exampleton Crown Court",
                 "conditions": f"Not to contact {VICTIM_FORENAME} {VICTIM_SURNAME}"}],
        order_conditions=[
            {"condition_id": "COND-PACK-1", "order_id": ORDER, "kind": "no_contact",
             "text": f"No contact, direct or indirect, with {VICTIM_FORENAME} {VICTIM_SURNAME}",
             "protected_victim_id": VICTIM},
            {"condition_id": "COND-PACK-2", "order_id": ORDER, "kind": "exclusion_zone",
             "text": "Not to enter the zone round the scene", "lat": lat, "lon": lon,
             "radius_m": "500"},
        ],
        breaches=[{"breach_id": "BR-PACK-1", "order_id": ORDER, "condition_id": "COND-PACK-1",
                   "occurred_on": _day(-140), "outcome": "arrest", "offence_id": "O-SENT-5",
                   "summary": f"Contacted {VICTIM_FORENAME} at her door"}],
    )


def load_pack_scenario(db: Database, folder: Path) -> None:
    """Load the sentinel scenario, the additions, the adoption and the plan."""
    load_sentinel_scenario(db, folder / "sentinel")
    summary = run_ingest(pack_folder(folder / "pack"), db=db, quarantine_dir=folder / "q",
                         progress=False)
    assert summary["totals"]["quarantined"] == 0, summary
    make_user(db, OWNER, "rasso_officer")
    lifecycle.adopt(db, SUBJECT, tier=1, owner=OWNER, by="tcg-chair",
                    reason="TCG adopts S-SENT-1 at Tier 1")

    def act(pillar: str, tactic: str, description: str, opened: int, due: int, **extra):
        return plans.add_action(db, SUBJECT, {
            "pillar": pillar, "tactic": tactic, "description": description, "owner": OWNER,
            "opened_on": _day(opened), "due_on": _day(due), **extra}, by=OWNER, today=TODAY)

    arrest = act("pursue", "arrest", "Arrest for O-SENT-7 at the Gilded Pangolin", -60, -30,
                 evidence=["O-SENT-7"])
    plans.set_status(db, arrest["id"], {"status": "done", "outcome": "arrest"}, by=OWNER,
                     today=TODAY)
    act("protect", "safeguarding_referral",
        f"Safeguarding review for {VICTIM_FORENAME} {VICTIM_SURNAME} at her home", -50, 20,
        evidence=[VICTIM, HOME])
    act("prepare", "partner_briefing", f"Brief probation on {CO_OFFENDER}", -40, -5)
    act("prevent", "home_visit", "Unannounced home visits under the SHPO", -30, 40)
    plans.add_update(db, SUBJECT, {"month": TODAY.strftime("%Y-%m"),
                                   "summary": "Arrested; Marigoldine Fennimore-Quill now "
                                              "supported by an ISVA."}, by=OWNER)
