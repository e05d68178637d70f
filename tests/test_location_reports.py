"""Public location reports: the clustering rule at its boundaries, the ingest (every row
loaded or quarantined with its row and reason; a re-run changes nothing), and a synthetic
force's planted reports clustered exactly as truth.json says.
"""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
import pytest

from graph.location_reports import after_ingest, assign, grid_cell, haversine_m
from graph.location_reports.cluster import M_PER_DEG
from ingest.pipeline import run_ingest
from tests.scenarios import write_folder

LAT, LON = 53.8, -1.9


def north(metres: float, lat: float = LAT) -> float:
    """The latitude ``metres`` due north of ``lat`` (a meridian arc: exact on the sphere)."""
    return lat + metres / M_PER_DEG


def cluster(reports: list[tuple[str, float, float]], places: list[tuple[str, float, float]],
            radius_m: float = 150, cell_m: float = 250) -> dict[str, tuple[str, str]]:
    got = assign(pd.DataFrame(reports, columns=["report_id", "lat", "lon"]),
                 pd.DataFrame(places, columns=["location_id", "lat", "lon"]),
                 radius_m=radius_m, cell_m=cell_m)
    return {r.report_id: (r.kind, r.target_id) for r in got.itertuples()}


# --- the rule ------------------------------------------------------------------------------


def test_a_report_149_m_from_a_place_joins_it_and_one_151_m_away_goes_to_its_grid_cell():
    place = ("L-BAR", LAT, LON)
    at_149, at_151 = north(149), north(151)
    assert round(haversine_m(LAT, LON, at_149, LON), 6) == 149
    got = cluster([("R149", at_149, LON), ("R151", at_151, LON), ("R150", north(150), LON)],
                  [place])
    assert got["R149"] == ("location", "L-BAR")
    assert got["R150"] == ("location", "L-BAR")  # the radius itself counts
    assert got["R151"] == ("cell", grid_cell(at_151, LON, 250).id)


def test_a_report_between_two_places_joins_the_nearer_and_a_tie_goes_to_the_smaller_id():
    places = [("L-NORTH", north(100), LON), ("L-SOUTH", north(-100), LON)]
    got = cluster([("R-NEARER-NORTH", north(10), LON), ("R-MIDDLE", LAT, LON)], places)
    assert got["R-NEARER-NORTH"] == ("location", "L-NORTH")
    assert got["R-MIDDLE"] == ("location", "L-NORTH")  # 100 m each way: smaller id
    reversed_ = cluster([("R-MIDDLE", LAT, LON)], places[::-1])
    assert reversed_["R-MIDDLE"] == ("location", "L-NORTH")  # input order does not matter


def test_reports_with_no_place_within_the_radius_share_a_cell_when_they_share_its_square():
    cell = grid_cell(LAT, LON, 250)
    inside = [(f"R{i}", cell.lat + d / M_PER_DEG, cell.lon) for i, d in enumerate((-100, 0, 100))]
    outside = ("R-NEXT", cell.lat + 130 / M_PER_DEG, cell.lon)  # past the cell's top edge
    got = cluster([*inside, outside], [("L-FAR", north(5000), LON)])
    assert {got[r[0]] for r in inside} == {("cell", cell.id)}
    assert got["R-NEXT"][0] == "cell" and got["R-NEXT"][1] != cell.id
    assert cluster([("R0", LAT, LON)], [])["R0"] == ("cell", cell.id)  # no places at all


# --- the ingest ----------------------------------------------------------------------------


def _places() -> list[dict]:
    return [
        {"location_id": "L-BAR", "name": "The Lantern Bar", "address": "1 Quay Street",
         "postcode": "ZZ1 1AA", "lat": f"{LAT:.6f}", "lon": f"{LON:.6f}",
         "venue_type": "night_time_economy"},
        {"location_id": "L-STATION", "name": "Fictionby Station", "address": "Station Road",
         "postcode": "ZZ1 2BB", "lat": f"{north(1000):.6f}", "lon": f"{LON:.6f}",
         "venue_type": "transport_hub"},
    ]


def _report(rid: str, lat: float | str, lon: float | str = LON, factors: str = "harassment",
            on: str = "2025-06-01", text: str = "Followed from the bar") -> dict:
    return {"report_id": rid, "reported_on": on,
            "lat": lat if isinstance(lat, str) else f"{lat:.6f}",
            "lon": lon if isinstance(lon, str) else f"{lon:.6f}",
            "factors": factors, "free_text": text}


REPORTS = [
    _report("PR1", north(40), factors="harassment;following"),  # row 2: the bar
    _report("PR2", north(1020), factors="no_cctv; Isolated"),  # row 3: the station (case, spaces)
    _report("PR3", north(3000), factors="poor_lighting;overgrown"),  # row 4: a grid cell
    _report("PR4", "91.5"),  # row 5: latitude out of range
    _report("PR5", north(40), lon="west"),  # row 6: not a number
    _report("PR6", north(40), factors="harassment;litter"),  # row 7: unknown factor
    _report("PR7", north(40), on="2025-13-01"),  # row 8: not a date
    _report("PR8", north(40), on="2999-01-01"),  # row 9: the future
    _report("PR9", "", factors=""),  # row 10: no latitude
    _report("PR10", north(60), factors="", text="Nothing ticked, only words"),  # row 11: fine
]
EXPECTED = {5: "lat", 6: "lon", 7: "factors", 8: "reported_on", 9: "reported_on", 10: "lat"}


def _quarantine(summary: dict) -> dict[int, tuple[str, str]]:
    with open(summary["quarantine_file"], encoding="utf-8") as handle:
        return {int(r["row"]): (r["column"], r["reason"]) for r in csv.DictReader(handle)
                if r["file"] == "location_reports.csv"}


def _clusters(db) -> dict[str, str]:
    rows = db.read_text("tests/report_clusters",
                        "MATCH (r:LocationReport)-[:CLUSTERED_TO]->(t) RETURN r.id AS r, t.id AS t")
    return {r["r"]: r["t"] for r in rows}


@pytest.mark.neo4j
def test_reports_load_or_are_quarantined_with_row_and_reason_and_cluster_to_places(db, tmp_path):
    folder = write_folder(tmp_path / "in", locations=_places(), location_reports=REPORTS)
    summary = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q", progress=False)
    file = summary["files"]["location_reports.csv"]
    assert (file["rows_read"], file["loaded"], file["quarantined"]) == (10, 4, 6)
    found = _quarantine(summary)
    assert {row: column for row, (column, _) in found.items()} == EXPECTED
    assert "unknown value 'litter'" in found[7][1] and "poor_lighting" in found[7][1]
    assert "outside the range" in found[5][1] and "in the future" in found[9][1]
    assert _clusters(db) == {"PR1": "L-BAR", "PR2": "L-STATION", "PR10": "L-BAR",
                             "PR3": grid_cell(round(north(3000), 6), LON, 250).id}
    assert summary["location_reports"]["to_cell"] == 1
    node = db.read_text("tests/report_node", "MATCH (r:LocationReport {id: 'PR2'}) "
                        "RETURN r.factors AS f, toString(r.reported_on) AS d")[0]
    assert node == {"f": ["no_cctv", "isolated"], "d": "2025-06-01"}
    people = db.read_text("tests/report_people", "MATCH (n) WHERE n:Subject OR n:Victim "
                          "RETURN count(n) AS n")[0]["n"]
    assert people == 0  # anonymous: no person is made

    again = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q", progress=False)
    assert again["totals"]["nodes_created"] == again["totals"]["nodes_updated"] == 0
    assert again["location_reports"]["unchanged"] == 4
    assert again["location_reports"]["to_location"] == again["location_reports"]["to_cell"] == 0


@pytest.mark.neo4j
def test_a_place_added_later_takes_over_the_reports_of_its_grid_cell(db, tmp_path):
    run_ingest(write_folder(tmp_path / "a", locations=_places(), location_reports=REPORTS[:3]),
               db=db, quarantine_dir=tmp_path / "q", progress=False)
    cells = db.read_text("tests/cells", "MATCH (g:GridCell) RETURN count(g) AS n")[0]["n"]
    assert cells == 1
    park = {"location_id": "L-PARK", "name": "Mill Lane Park", "address": "Mill Lane",
            "postcode": "ZZ1 3CC", "lat": f"{north(3010):.6f}", "lon": f"{LON:.6f}",
            "venue_type": "public_space"}
    summary = run_ingest(write_folder(tmp_path / "b", locations=[park]), db=db,
                         quarantine_dir=tmp_path / "q", progress=False)
    assert summary["location_reports"]["to_location"] == 1
    assert _clusters(db)["PR3"] == "L-PARK"
    assert db.read_text("tests/cells", "MATCH (g:GridCell) RETURN count(g) AS n")[0]["n"] == 0
    # A smaller radius sends the report back to a cell (it is 10 m from the park).
    assert after_ingest(db, radius_m=5)["to_cell"] >= 1


# --- the synthetic force -------------------------------------------------------------------


@pytest.mark.neo4j
def test_a_synthetic_forces_reports_cluster_where_truth_json_says(db, tmp_path):
    from ingest.synth import generate

    out = tmp_path / "force"
    generate(out, profile="demo", seed=3, as_of="2026-06-30")
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))["location_reports"]
    names = {"locations.csv", "location_reports.csv"}
    small = tmp_path / "small"
    small.mkdir()
    for name in names:
        (small / name).write_bytes((out / name).read_bytes())
    summary = run_ingest(small, db=db, quarantine_dir=tmp_path / "q", progress=False)
    assert summary["files"]["location_reports.csv"]["quarantined"] == 0
    expected = {r["report_id"]: r["expected"] for r in truth["reports"]}
    assert _clusters(db) == expected
    planted = {r["planted"] for r in truth["reports"]}
    assert planted == {"repeat_venue", "no_offences", "scattered"}
    assert all(r["kind"] == "cell" for r in truth["reports"] if r["planted"] == "no_offences")
    offences_at_cells = db.read_text(
        "tests/cell_offences", "MATCH (g:GridCell) OPTIONAL MATCH (o:Offence)-[:OCCURRED_AT]->"
        "(l:Location) WHERE point.distance(point({latitude: l.lat, longitude: l.lon}), "
        "point({latitude: g.lat, longitude: g.lon})) < 150 RETURN count(o) AS n")[0]["n"]
    assert offences_at_cells == 0


# --- the ranking and the map -----------------------------------------------------------------


@pytest.mark.neo4j
def test_the_ranking_counts_reports_and_intelligence_beside_offences_and_the_map_has_a_layer(
        db, tmp_path, client_as):
    offences = [{"offence_id": f"O{i}", "ho_code": "20A", "committed_from": "2025-05-0" + str(i),
                 "reported_on": "2025-05-09", "location_id": "L-BAR", "domestic": "false"}
                for i in (1, 2)]
    intel = [{"intel_id": "INT1", "location_id": "L-BAR", "reported_on": "2025-05-20",
              "grading": "2BP", "behaviour": "loitering", "summary": "Loitering by the door"}]
    folder = write_folder(tmp_path / "in", locations=_places(), offences=offences,
                          intelligence=intel, location_reports=REPORTS[:3] + REPORTS[-1:])
    run_ingest(folder, db=db, quarantine_dir=tmp_path / "q", progress=False)
    client = client_as("analyst")
    rows = client.get("/api/locations?period=all").get_json()["locations"]
    bar = next(r for r in rows if r["location_id"] == "L-BAR")
    assert (bar["offences"], bar["intelligence"], bar["reports"]) == (2, 1, 2)
    in_may = client.get("/api/locations?from=2025-05-01&to=2025-05-31").get_json()["locations"]
    assert next(r for r in in_may if r["location_id"] == "L-BAR")["reports"] == 0  # June
    page = client.get("/locations?period=all").get_data(as_text=True)
    assert "Public reports" in page and "Intelligence" in page
    layer = json.loads(re.search(r"data-reports='([^']*)'", page).group(1).replace("&#34;", '"'))
    by_id = {p["id"]: p for p in layer}
    assert by_id["L-BAR"]["reports"] == 2 and by_id["L-STATION"]["reports"] == 1
    cell = next(p for p in layer if p["kind"] == "cell")
    assert cell["reports"] == 1 and {f["factor"] for f in cell["factors"]} == {
        "poor_lighting", "overgrown"}
