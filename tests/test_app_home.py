"""The web app's home page shows live counts from Neo4j; one JSON error shape."""

from __future__ import annotations

import pytest

from app import create_app
from ingest.pipeline import run_ingest
from tests.auth_fixtures import login, make_user
from tests.scenarios import three_subjects_sharing_one_victim

pytestmark = pytest.mark.neo4j


@pytest.fixture
def client(db):
    app = create_app({"TESTING": True, "DATABASE": db, "APPLY_SCHEMA_ON_START": False})
    client = app.test_client()
    password = make_user(db, "home-analyst", "analyst")
    assert login(client, "home-analyst", password).status_code == 302  # every page needs a user
    return client


def test_the_home_page_counts_what_the_database_holds(client, db, tmp_path):
    run_ingest(three_subjects_sharing_one_victim(tmp_path / "x"), db=db,
               quarantine_dir=tmp_path / "q")
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-label="Subject">\n    <span class="count">3</span>' in html
    assert 'data-label="Offence">\n    <span class="count">3</span>' in html
    assert "canonical" in html and "completed" in html  # the ingest run is listed
    data = client.get("/api/overview").get_json()
    assert data["counts"]["Victim"] == 1 and data["runs"][0]["rows_read"] == 19


def test_health_says_whether_the_database_answers(client):
    assert client.get("/healthz").get_json() == {"ok": True, "database": "up"}


def test_api_errors_have_one_shape(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.get_json() == {"ok": False, "error": response.get_json()["error"],
                                   "status": 404}


def test_pages_carry_security_headers(client):
    headers = client.get("/healthz").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_an_empty_database_counts_zero_not_nothing(db):
    rows = {r["label"]: r["count"] for r in db.read("home/counts")}
    assert rows == {label: 0 for label in ("Subject", "Offence", "Victim", "Location",
                                           "Intelligence", "Order", "Custody", "Identifier")}
