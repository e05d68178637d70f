"""The alerts scenario: one subject for each boundary, dated from today.

- ``A1`` Alfie Lapsington: six sexual offences (one a rape), the last reported on
  :data:`LAST_REPORTED`, so his recency lapses on :data:`LAPSES_ON`; adopted at Tier 1 by
  ``rasso1``, with a plan action due on :data:`ACTION_DUE`.
- ``C1`` Cyril Custodian: in custody until :data:`RELEASED_ON`, watched by ``analyst1``; holds
  an SHPO ending on :data:`ORDER_ENDS`.
- ``N1`` Nobody Watched: in custody until the same day, neither adopted nor watched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from graph import alerts, plans
from graph.tiers import lifecycle
from graph.tiers import rules as tier_rules
from ingest.pipeline import run_ingest
from tests.auth_fixtures import make_user
from tests.scenarios import write_folder

TODAY = dt.date.today()
LAST_REPORTED = TODAY - dt.timedelta(days=400)
LAPSES_ON = tier_rules.load().lapses_on(LAST_REPORTED)
RELEASED_ON = TODAY + dt.timedelta(days=100)
ORDER_ENDS = TODAY + dt.timedelta(days=200)
ACTION_DUE = TODAY + dt.timedelta(days=10)
VICTIM_NAME = ("Wilhelmina", "Alertsworth")


def load(db, folder: Path) -> None:
    """Ingest the scenario, adopt A1 (owner rasso1) with one plan action, watch C1."""
    codes = ["19C", "20A", "20A", "17A", "20A", "20A"]
    offences = [{"offence_id": f"O-A1-{i}", "ho_code": code,
                 "committed_from": (LAST_REPORTED - dt.timedelta(days=60 * i + 2)).isoformat(),
                 "reported_on": (LAST_REPORTED - dt.timedelta(days=60 * i)).isoformat(),
                 "location_id": "L-HOME", "domestic": "false", "outcome_code": "",
                 "mo_notes": "waited at the bus stop"} for i, code in enumerate(codes)]
    offences.append({"offence_id": "O-C1", "ho_code": "20A", "committed_from": "2024-01-01",
                     "reported_on": "2024-01-03", "location_id": "L-HOME", "domestic": "false",
                     "outcome_code": "", "mo_notes": ""})
    links = [{"offence_id": o["offence_id"], "subject_id": "A1", "role": "suspect"}
             for o in offences[:-1]] + [{"offence_id": "O-C1", "subject_id": "C1",
                                         "role": "suspect"}]
    write_folder(
        folder,
        subjects=[{"subject_id": "A1", "forename": "Alfie", "surname": "Lapsington"},
                  {"subject_id": "C1", "forename": "Cyril", "surname": "Custodian"},
                  {"subject_id": "N1", "forename": "Nobody", "surname": "Watched"}],
        victims=[{"victim_id": "V-AL-1", "forename": VICTIM_NAME[0], "surname": VICTIM_NAME[1],
                  "dob": "1990-02-03", "gender": "F"}],
        locations=[{"location_id": "L-HOME", "name": "9 Alert Row", "address": "9 Alert Row",
                    "postcode": "ZZ7 3AL", "venue_type": "residential"}],
        offences=offences, offence_subjects=links,
        offence_victims=[{"offence_id": "O-A1-0", "victim_id": "V-AL-1"}],
        custody=[{"subject_id": sid, "start_date": "2025-01-01",
                  "end_date": RELEASED_ON.isoformat(), "establishment": "HMP Fictionby"}
                 for sid in ("C1", "N1")],
        orders=[{"order_id": "ORD-AL", "subject_id": "C1", "order_type": "shpo",
                 "start_date": "2025-06-01", "end_date": ORDER_ENDS.isoformat(),
                 "conditions": "", "status": "granted"}],
    )
    summary = run_ingest(folder, db=db, quarantine_dir=folder / "q", progress=False)
    assert summary["totals"]["quarantined"] == 0, summary
    for name, role in (("rasso1", "rasso_officer"), ("analyst1", "analyst"), ("admin1", "admin")):
        make_user(db, name, role)
    lifecycle.adopt(db, "A1", tier=1, owner="rasso1", by="analyst1", reason="TCG: Tier 1")
    plans.add_action(db, "A1", {"pillar": "prevent", "tactic": "shpo_application",
                                "description": "Apply for an SHPO", "owner": "rasso1",
                                "due_on": ACTION_DUE.isoformat(), "rationale": "repeat",
                                "evidence": ["O-A1-0"]}, by="rasso1")
    alerts.watch(db, {"kind": "subject", "target_id": "C1"}, username="analyst1",
                 role="analyst")


def kinds_of(db, as_of: dt.date, subject_id: str | None = None) -> dict[str, list[dict]]:
    """Run the rules on ``as_of``; the alerts (of ``subject_id``) by kind."""
    alerts.run(db, as_of)
    out: dict[str, list[dict]] = {}
    for a in alerts.listing(db, username="t", role="analyst", everything=True):
        if subject_id is None or a.get("subject_id") == subject_id:
            out.setdefault(a["kind"], []).append(a)
    return out


def sentinel_alerts(db, subject_id: str) -> list[str]:
    """For the disclosure walk: a watch on ``subject_id`` set long ago (so his offences, with
    their victims and scenes, are watched activity), the rules run; the alerts' ids."""
    alerts.watch(db, {"kind": "subject", "target_id": subject_id}, username="disclosure-watch",
                 role="analyst")
    db.write_text("tests/alerts_watch_backdate", "MATCH (w:Watch {target_id: $id}) "
                  "SET w.created_at = datetime('2000-01-01T00:00:00Z')", id=subject_id)
    alerts.run(db, TODAY)
    rows = alerts.listing(db, username="-", role="analyst", everything=True)
    return [a["id"] for a in rows if a["kind"] == "watched_activity"][:2] + [
        a["id"] for a in rows if a["kind"] != "watched_activity"][:2]
