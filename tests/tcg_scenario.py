"""A named scenario for the TCG's meeting pack and the oversight board: "a force a month after
the last TCG".

- T1 Ivor Ownley: Tier 1 (six sexual offences, one a rape, reported 60 days ago); an SHPO
  granted five days ago; victim V-TCG-1 (Honoria Blackwaite) on two of his offences.
- T2 Gideon Twyford, T3 Hamish Thorne: Tier 2 (four each, one a rape, 60 days ago); T2's SRO
  ends in 30 days.
- T4 Lionel Newcombe: Tier 1 on offences reported ten days ago, so not a candidate at the
  last meeting (28 days ago) and new since.
- T5 Rupert Oldcastle: Tier 2 since 60 days ago: a candidate already at the last meeting.
- rasso1, a RASSO officer, owns whoever is adopted at Tier 1.

Lifecycle events are written "now", so a pack's period runs from :data:`SINCE` to today.
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

TODAY = dt.date.today()
#: The last meeting.
SINCE = TODAY - dt.timedelta(days=28)
MONTH = TODAY.strftime("%Y-%m")
#: What the MAPPA panel must never receive: the victim's name, date of birth and id.
VICTIM_SECRETS = ("Honoria", "Blackwaite", "1990-03-04", "V-TCG-1")
NAMES = {"T1": ("Ivor", "Ownley"), "T2": ("Gideon", "Twyford"), "T3": ("Hamish", "Thorne"),
         "T4": ("Lionel", "Newcombe"), "T5": ("Rupert", "Oldcastle")}


def day(days: int) -> str:
    """Today plus ``days``, as YYYY-MM-DD."""
    return (TODAY + dt.timedelta(days=days)).isoformat()


def load_tcg_force(db: Database, folder: Path) -> None:
    """Write and ingest the force in the module docstring, and the user rasso1."""
    counts = {"T1": (6, -60), "T2": (4, -60), "T3": (4, -60), "T4": (6, -10), "T5": (4, -60)}
    offences, links = [], []
    for sid, (n, reported) in counts.items():
        for i in range(n):
            oid = f"O-{sid}-{i}"
            offences.append({"offence_id": oid, "ho_code": "19C" if i == 0 else "20A",
                             "committed_from": day(reported - 30), "reported_on": day(reported),
                             "domestic": "false", "mo_notes": ""})
            links.append({"offence_id": oid, "subject_id": sid, "role": "suspect"})
    write_folder(
        folder,
        subjects=[{"subject_id": s, "forename": f, "surname": n} for s, (f, n) in NAMES.items()],
        victims=[{"victim_id": "V-TCG-1", "forename": "Honoria", "surname": "Blackwaite",
                  "dob": "1990-03-04", "gender": "F"}],
        offences=offences, offence_subjects=links,
        offence_victims=[{"offence_id": "O-T1-0", "victim_id": "V-TCG-1"},
                         {"offence_id": "O-T1-1", "victim_id": "V-TCG-1"}],
        orders=[{"order_id": "ORD-T1", "subject_id": "T1", "order_type": "shpo",
                 "start_date": day(-5), "end_date": "", "conditions": ""},
                {"order_id": "ORD-T2", "subject_id": "T2", "order_type": "sro",
                 "start_date": day(-700), "end_date": day(30), "conditions": ""}],
    )
    summary = run_ingest(folder, db=db, quarantine_dir=folder / "q", progress=False)
    assert summary["totals"]["quarantined"] == 0, summary
    make_user(db, "rasso1", "rasso_officer")


def adopt(db: Database, sid: str, tier: int) -> None:
    """The TCG adopts ``sid`` at ``tier`` today (owned by rasso1 at Tier 1)."""
    lifecycle.adopt(db, sid, tier=tier, owner="rasso1" if tier == 1 else None, by="tcg-chair",
                    reason=f"TCG adopts {sid} at Tier {tier}")


def action(db: Database, sid: str, pillar: str, tactic: str, *, opened: int = 0,
           due: int = 30) -> dict:
    """rasso1 adds an action opened ``opened`` days from today, due ``due`` days from today."""
    return plans.add_action(db, sid, {
        "pillar": pillar, "tactic": tactic, "description": f"{tactic} for {sid}",
        "owner": "rasso1", "opened_on": day(opened), "due_on": day(due)},
        by="rasso1", today=TODAY)


def close(db: Database, found: dict, outcome: str) -> None:
    """rasso1 marks the action done today with ``outcome``."""
    plans.set_status(db, found["id"], {"status": "done", "outcome": outcome}, by="rasso1",
                     today=TODAY)
