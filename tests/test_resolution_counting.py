"""Counting a confirmed person once on the profile, the links, the paths and the MAPPA pack.

The scenario of tests/resolution_scenario.py (S-JOHN and S-JON, one man under two records,
3 sexual offences each), with S-JON also named on S-JOHN's first offence (so a sum of the two
records would count it twice) and a co-offender, S-CO, on one of S-JON's offences. The pack
is the sentinel scenario's (tests/sentinel_scenario.py) with a second record of its subject.
No Splink here: the analyst's decisions are made directly.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from graph import subjects
from graph.analytics import service as analytics
from graph.db import Database
from graph.resolution import service
from ingest.pipeline import run_ingest
from tests.resolution_scenario import A, B, one_man_two_records
from tests.sentinel_scenario import (
    FREE_TEXT_SENTINELS,
    RESIDENTIAL_SENTINELS,
    SUBJECT,
    TODAY,
    VICTIM_SENTINELS,
    load_sentinel_scenario,
)

pytestmark = pytest.mark.neo4j

CO = "S-CO"
SHARED = f"O-{A}-0"
ANALYST = "analyst1"


@pytest.fixture
def scene(db: Database, tmp_path: Path) -> Database:
    run_ingest(one_man_two_records(tmp_path / "export"), db=db, progress=False)
    db.write_text(
        "tests/resolution_counting",
        "MATCH (a:Subject {id: $b}), (o:Offence {id: $shared}) MERGE (a)-[:NAMED_IN "
        "{role: 'suspect'}]->(o) "
        "WITH a MATCH (o2:Offence {id: $co_offence}) "
        "CREATE (c:Subject {id: $co, forename: 'Carl', surname: 'Colbourne'}) "
        "CREATE (c)-[:NAMED_IN {role: 'suspect'}]->(o2)",
        b=B, shared=SHARED, co=CO, co_offence=f"O-{B}-1")
    return db


def _offences(db: Database, subject_id: str) -> list[dict]:
    found = subjects.profile(db, subject_id)
    return [e for e in found["timeline"] if e["kind"] == "offence"]


def test_a_confirmed_pairs_profile_lists_each_offence_once_and_names_both_records(
    scene: Database, client_as,
) -> None:
    assert len(_offences(scene, A)) == 3 and len(_offences(scene, B)) == 4
    service.decide(scene, "confirm", [A, B], "Same phone, DOB day and month swapped", ANALYST)
    offences = _offences(scene, A)
    ids = [o["offence_id"] for o in offences]
    assert sorted(ids) == sorted({*(f"O-{A}-{i}" for i in range(3)),
                                  *(f"O-{B}-{i}" for i in range(3))})
    assert len(ids) == len(set(ids)) == 6
    assert next(o for o in offences if o["offence_id"] == SHARED)["records"] == [A, B]
    found = subjects.profile(scene, A)
    assert found["assessment"].tier == 1 and found["assessment"].sexual_offence_count == 6
    assert found["person"]["records"] == [A, B]
    assert found["person"]["confirmed_by"] == [ANALYST]

    page = client_as("analyst").get(f"/subjects/{A}").get_data(as_text=True)
    person = page[page.index('id="person"'):page.index('id="tier"')]
    assert f'href="/subjects/{B}"' in person and "Jon Smithhers" in person
    assert ANALYST in person and "Same phone" in person
    timeline = page[page.index('id="timeline"'):page.index('id="victims"')]
    assert timeline.count(f'id="o-{SHARED}"') == 1
    assert "6 offences" in timeline


def test_a_split_restores_the_separate_profile_counts(scene: Database, client_as) -> None:
    service.decide(scene, "confirm", [A, B], "same phone", ANALYST)
    assert len(_offences(scene, B)) == 6
    service.decide(scene, "split", [B], "different fathers named on the records", ANALYST)
    assert len(_offences(scene, A)) == 3 and len(_offences(scene, B)) == 4
    found = subjects.profile(scene, A)
    assert found["person"]["others"] == [] and found["assessment"].combined == []
    page = client_as("analyst").get(f"/subjects/{A}").get_data(as_text=True)
    assert 'id="person"' not in page


def test_a_rejected_confirmation_restores_separate_links(scene: Database) -> None:
    before = {lk["target"] for lk in analytics.subject_links(scene, A)["links"]}
    assert B in before and CO not in before
    service.decide(scene, "confirm", [A, B], "same phone", ANALYST)
    after = analytics.subject_links(scene, A)
    assert after["records"] == [A, B]
    targets = {lk["target"]: lk for lk in after["links"]}
    assert B not in targets and CO in targets
    assert targets[CO]["types"] == ["co_offending"]
    service.decide(scene, "reject", [A, B], "checked the custody photos", ANALYST)
    assert {lk["target"] for lk in analytics.subject_links(scene, A)["links"]} == before


def test_paths_between_two_people_treat_a_confirmed_pair_as_one(scene: Database,
                                                                client_as) -> None:
    before = analytics.paths_between(scene, A, CO)
    assert before["paths"][0]["length"] == 2
    assert before["paths"][0]["subjects"] == [A, B, CO]
    service.decide(scene, "confirm", [A, B], "same phone", ANALYST)
    after = analytics.paths_between(scene, A, CO)
    assert after["paths"][0]["length"] == 1
    assert after["paths"][0]["subjects"] == [A, CO]
    response = client_as("analyst").get(f"/api/paths?from={A}&to={B}")
    assert response.status_code == 400
    assert "one person" in response.get_json()["error"]
    service.decide(scene, "split", [A], "not him", ANALYST)
    assert analytics.paths_between(scene, A, CO)["paths"][0]["length"] == 2


# --- the MAPPA pack -------------------------------------------------------------------------

SECOND = "S-SENT-1B"
EXTRA = "O-SENT-8"


@pytest.fixture
def pack_scene(db: Database, tmp_path: Path) -> Database:
    """The sentinel subject under a second record: named on O-SENT-2 too (co-named) and on
    one offence of its own, O-SENT-8 (a copy of O-SENT-6: the same victim and place)."""
    load_sentinel_scenario(db, tmp_path)
    db.write_text(
        "tests/resolution_counting_pack",
        "MATCH (o2:Offence {id: 'O-SENT-2'}), (o6:Offence {id: 'O-SENT-6'}) "
        "CREATE (b:Subject {id: $second, forename: 'Oswyn', surname: 'Treadgould', "
        "dob: date('1979-04-21'), gender: 'M'}) "
        "CREATE (b)-[:NAMED_IN {role: 'suspect'}]->(o2) "
        "CREATE (o8:Offence {id: $extra}) SET o8 += o6 {.*, id: $extra, crime_ref: $extra} "
        "CREATE (b)-[:NAMED_IN {role: 'suspect'}]->(o8) "
        "WITH o6, o8 MATCH (v:Victim)-[:VICTIM_OF]->(o6) CREATE (v)-[:VICTIM_OF]->(o8) "
        "WITH o6, o8 MATCH (o6)-[:OCCURRED_AT]->(l) MERGE (o8)-[:OCCURRED_AT]->(l)",
        second=SECOND, extra=EXTRA)
    return db


def _pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def test_the_mappa_pack_of_a_confirmed_pair_counts_the_clusters_offences_once_and_names_the_confirming_analyst(  # noqa: E501
    pack_scene: Database, client_as,
) -> None:
    client = client_as("analyst")
    query = f"audience=panel&as_of={TODAY.isoformat()}"
    html = client.get(f"/subjects/{SUBJECT}/pack?{query}").get_data(as_text=True)
    assert "Records combined" not in html and "7 offences in all" in html
    service.decide(pack_scene, "confirm", [SUBJECT, SECOND], "same DOB, one letter apart",
                   "analyst-ada")
    html = client.get(f"/subjects/{SUBJECT}/pack?{query}").get_data(as_text=True)
    response = client.get(f"/subjects/{SUBJECT}/pack.pdf?{query}")
    assert response.status_code == 200
    for text in (re.sub(r"<[^>]+>", " ", html), _pdf_text(response.data)):
        flat = " ".join(text.split())
        assert "8 offences in all" in flat  # O-SENT-1..7 and O-SENT-8; O-SENT-2 once
        assert "Records combined" in flat
        assert SECOND in flat and "Oswyn Treadgould" in flat
        assert "Confirmed by analyst-ada" in flat
        low = flat.lower()
        leaked = [f"{what} {value!r}" for what, value in
                  VICTIM_SENTINELS + RESIDENTIAL_SENTINELS + FREE_TEXT_SENTINELS
                  if value.lower() in low]
        assert leaked == []
    service.decide(pack_scene, "split", [SECOND], "a different man after all", "analyst-ada")
    html = client.get(f"/subjects/{SUBJECT}/pack?{query}").get_data(as_text=True)
    assert "Records combined" not in html and "7 offences in all" in html
