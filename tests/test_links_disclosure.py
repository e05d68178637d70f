"""Link evidence names places: a home two subjects offended at reaches the MAPPA panel only
as "Residential address (district)", in the links API as everywhere else."""

from __future__ import annotations

import json

import pytest

from ingest.pipeline import run_ingest
from tests.scenarios import write_folder

pytestmark = pytest.mark.neo4j


def _offence(oid: str, day: str, location: str) -> dict:
    return {"offence_id": oid, "ho_code": "20A", "committed_from": day, "reported_on": day,
            "location_id": location, "domestic": "false", "outcome_code": "", "mo_notes": ""}


@pytest.fixture
def two_subjects_at_one_home(db, tmp_path):
    folder = write_folder(
        tmp_path / "home",
        subjects=[{"subject_id": "S1", "forename": "Arthur", "surname": "Linkedsome"},
                  {"subject_id": "S2", "forename": "Basil", "surname": "Linkedsome"}],
        locations=[{"location_id": "L-HOME", "name": "80 Dummy Grove, Fictionby",
                    "address": "80 Dummy Grove", "postcode": "ZZ8 4DG",
                    "venue_type": "residential"},
                   {"location_id": "L-PUB", "name": "The Quiet Anchor", "address": "Quay",
                    "postcode": "ZZ8 1QA", "venue_type": "night_time_economy"}],
        offences=[_offence("O1", "2026-03-01", "L-HOME"), _offence("O2", "2026-03-20", "L-HOME"),
                  _offence("O3", "2026-04-01", "L-PUB"), _offence("O4", "2026-04-05", "L-PUB")],
        offence_subjects=[{"offence_id": o, "subject_id": s, "role": "suspect"}
                          for o, s in (("O1", "S1"), ("O2", "S2"), ("O3", "S1"), ("O4", "S2"))],
    )
    assert run_ingest(folder, db=db, quarantine_dir=folder / "q", progress=False)[
        "totals"]["quarantined"] == 0
    return db


def test_the_panel_reads_same_place_links_without_the_homes_street(two_subjects_at_one_home,
                                                                    client_as):
    body = client_as("mappa_panel").get("/api/subjects/S1/links?window_days=365")
    text = body.get_data(as_text=True)
    assert body.status_code == 200
    assert "Dummy Grove" not in text and "ZZ8 4DG" not in text
    evidence = body.get_json()["links"][0]["evidence"]["same_location"]
    places = {e["location"] for e in evidence}
    assert places == {"Residential address (postcode withheld)", "The Quiet Anchor"}
    analyst = json.dumps(client_as("analyst").get("/api/subjects/S1/links?window_days=365")
                         .get_json())
    assert "80 Dummy Grove, Fictionby" in analyst
