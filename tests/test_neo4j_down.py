"""When Neo4j stops: every request fails fast with a plain message, and the app recovers.

A dedicated local Neo4j is started for this module (the session's one is shared by every
other test and must not be stopped), the app is built against it, then the database is
stopped under the running app and started again.

Before: each request waited 30-66 s (the driver's connection and retry defaults) before its
503, and the page, anonymous visitors included, showed the Bolt URI and the query's name.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import create_app
from graph import localdb, schema
from graph.db import Database, query_names
from graph.settings import Neo4jSettings
from tests.auth_fixtures import csrf_token, login, make_user

pytestmark = pytest.mark.neo4j

PLAIN = "The database is not answering; try again in a minute."


@pytest.fixture(scope="module")
def own_neo4j() -> Iterator[tuple[Path, int, dict]]:
    """A Neo4j of this module's own, which the test may stop and start."""
    data_dir = Path(tempfile.mkdtemp(prefix="linkwatch-down-neo4j-"))
    port = localdb.free_port()
    info = localdb.start(data_dir, bolt_port=port)
    try:
        yield data_dir, port, info
    finally:
        localdb.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    response = call()
    return time.perf_counter() - started, response


def _no_details(text: str) -> None:
    assert "bolt://" not in text and "neo4j://" not in text
    assert [name for name in query_names() if name in text] == []


def test_a_stopped_database_fails_fast_says_so_plainly_and_recovers(own_neo4j, caplog):
    data_dir, port, info = own_neo4j
    database = Database(Neo4jSettings(info["uri"], info["user"], info["password"]))
    schema.apply(database)
    make_user(database, "down-analyst", "analyst")
    app = create_app({"TESTING": True, "DATABASE": database, "APPLY_SCHEMA_ON_START": False})
    signed_in = app.test_client()
    assert login(signed_in, "down-analyst").status_code == 302
    assert signed_in.get("/").status_code == 200
    anonymous = app.test_client()
    token = csrf_token(anonymous)

    localdb.stop(data_dir)
    caplog.set_level(logging.WARNING)

    seconds, health = _timed(lambda: app.test_client().get("/healthz"))
    assert seconds < 2 and health.status_code == 503
    assert health.get_json() == {"ok": False, "database": "down"}

    seconds, posted = _timed(lambda: anonymous.post(
        "/login", data={"username": "someone", "password": "a password", "csrf_token": token}))
    assert seconds < 3 and posted.status_code == 503
    page = posted.get_data(as_text=True)
    assert PLAIN in page
    _no_details(page)

    seconds, home = _timed(lambda: signed_in.get("/"))
    assert seconds < 3 and home.status_code == 503
    assert PLAIN in home.get_data(as_text=True)
    _no_details(home.get_data(as_text=True))

    seconds, api = _timed(lambda: signed_in.get("/api/tiers"))
    assert seconds < 3 and api.status_code == 503
    assert api.get_json() == {"ok": False, "error": PLAIN, "status": 503}

    # The details are for the log: where the database is, and which query failed.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert info["uri"] in logged

    localdb.start(data_dir, bolt_port=port)
    deadline = time.monotonic() + 60
    while app.test_client().get("/healthz").status_code != 200:
        assert time.monotonic() < deadline, "the app did not recover within a minute"
        time.sleep(0.5)
    assert signed_in.get("/").status_code == 200  # same app, same session: no restart
    database.close()
