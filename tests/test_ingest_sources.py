"""Real public data sets through their mappings: POLE and data.police.uk street crime."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from ingest.pipeline import run_ingest
from tests.conftest import DATA

POLE = DATA / "pole"
POLICE_UK = DATA / "police_uk"


def _rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.neo4j
def test_pole_arrives_whole_node_and_relationship_counts_equal_the_files(db, tmp_path):
    summary = run_ingest(POLE, "pole", db=db, quarantine_dir=tmp_path / "q", batch_size=10000)

    node_rows = sum(len(_rows(p)) for p in POLE.glob("crime-investigation.nodes.*.csv"))
    rel_rows = sum(len(_rows(p)) for p in POLE.glob("crime-investigation.relationships.*.csv"))
    assert (node_rows, rel_rows) == (61521, 105840)  # as the data set's README states
    assert summary["totals"]["quarantined"] == 0
    # Beside the records: the run itself and the alerts' snapshot (alerts run after an ingest).
    counts = db.read_text("t", "MATCH (n) WHERE NOT n:IngestRun AND NOT n:AlertState "
                          "RETURN count(n) AS n")[0]["n"]
    rels = db.read_text("t", "MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    assert (counts, rels) == (node_rows, rel_rows)
    # Persons, crimes, locations, phones and vehicles are there under our model's names.
    by_label = {
        r["label"]: r["n"]
        for r in db.read_text(
            "t", "MATCH (n) WHERE NOT n:IngestRun RETURN labels(n)[0] AS label, count(*) AS n"
        )
    }
    assert by_label["Subject"] == len(_rows(POLE / "crime-investigation.nodes.Person.csv"))
    assert by_label["Offence"] == len(_rows(POLE / "crime-investigation.nodes.Crime.csv"))
    assert by_label["Location"] == len(_rows(POLE / "crime-investigation.nodes.Location.csv"))
    vehicles = db.read_text("t", "MATCH (i:Identifier {kind: 'vehicle'}) RETURN count(i) AS n")
    assert vehicles[0]["n"] == len(_rows(POLE / "crime-investigation.nodes.Vehicle.csv"))
    # PARTY_TO: the person is named in the crime.
    party = _rows(POLE / "crime-investigation.relationships.PARTY_TO.csv")
    named = db.read_text(
        "t",
        "MATCH (s:Subject)-[r:NAMED_IN]->(o:Offence) "
        "RETURN count(r) AS n, count(DISTINCT s) AS people",
    )[0]
    assert named == {"n": len(party), "people": len({r[":START_ID"] for r in party})}
    # Crime types and dates survive: the busiest type matches the file.
    crimes = _rows(POLE / "crime-investigation.nodes.Crime.csv")
    top_type, top_n = Counter(c["type"] for c in crimes).most_common(1)[0]
    got = db.read_text(
        "t",
        "MATCH (o:Offence {offence_type: $t}) RETURN count(o) AS n , min(o.reported_on) AS first",
        t=top_type,
    )[0]
    assert got["n"] == top_n and str(got["first"]).startswith("2017-08")


@pytest.mark.neo4j
def test_police_uk_keeps_every_row(db, tmp_path):
    summary = run_ingest(POLICE_UK, "police_uk", db=db, quarantine_dir=tmp_path / "q")

    files = sorted(POLICE_UK.glob("*-street.csv"))
    rows = [r for f in files for r in _rows(f)]
    assert summary["totals"]["rows_read"] == len(rows)
    assert summary["totals"]["loaded"] == len(rows) and summary["totals"]["quarantined"] == 0
    # Independently: a row is its own offence unless it repeats an earlier row word for word
    # (ASB rows have no Crime ID and are never merged).
    distinct = {
        tuple(r.values()) if r["Crime ID"] else (f.name, i)
        for f in files
        for i, r in enumerate(_rows(f))
    }
    offences = db.read_text("t", "MATCH (o:Offence) RETURN count(o) AS n")[0]["n"]
    assert offences == len(distinct)
    # "No Location" rows are kept, without a location.
    no_location = sum(1 for r in rows if r["Location"] == "No Location")
    unplaced = db.read_text(
        "t", "MATCH (o:Offence) WHERE NOT (o)-[:OCCURRED_AT]->() RETURN count(o) AS n"
    )[0]["n"]
    assert no_location > 0 and unplaced == no_location - _identical_repeats(rows, "No Location")
    # A repeated Crime ID whose rows disagree keeps both, marked.
    repeated = db.read_text("t", "MATCH (o:Offence) WHERE o.repeated_id RETURN count(o) AS n")[0][
        "n"
    ]
    assert repeated > 0
    violence = sum(1 for r in rows if r["Crime type"] == "Violence and sexual offences")
    loaded = db.read_text(
        "t", "MATCH (o:Offence {category: 'violence_and_sexual'}) RETURN count(o) AS n"
    )[0]["n"]
    assert violence - loaded == _identical_repeats(rows, None, "Violence and sexual offences")


def _identical_repeats(
    rows: list[dict], location: str | None, crime_type: str | None = None
) -> int:
    """Rows that repeat an earlier row exactly (merged into it), optionally of one kind."""
    seen, repeats = set(), 0
    for r in rows:
        if not r["Crime ID"]:
            continue
        key = tuple(r.values())
        wanted = (location is None or r["Location"] == location) and (
            crime_type is None or r["Crime type"] == crime_type
        )
        if key in seen and wanted:
            repeats += 1
        seen.add(key)
    return repeats
