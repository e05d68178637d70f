"""Fixtures: a real Neo4j for the whole session, wiped before each test that uses it.

The local launcher starts Neo4j Community in its own temporary data folder on a free port.
With ``NEO4J_URI`` set, the tests use that server instead (its data is wiped: never point
it at a real force's database). A Neo4j that cannot be started fails the tests; it is
never a skip.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import localdb, schema
from graph.db import Database
from graph.settings import Neo4jSettings

pytest_plugins = ["tests.auth_fixtures", "tests.browser_fixtures"]

# The public data sets the tests load (POLE, data.police.uk), kept in the repository.
DATA = Path(__file__).with_name("data")
FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Neo4jSettings]:
    """Connection settings of the session's Neo4j (started here unless NEO4J_URI is set)."""
    if os.environ.get("NEO4J_URI"):
        yield Neo4jSettings(
            uri=os.environ["NEO4J_URI"],
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE") or None,
        )
        return
    data_dir = Path(tempfile.mkdtemp(prefix="linkwatch-test-neo4j-"))
    info = localdb.start(data_dir, bolt_port=localdb.free_port())
    try:
        yield Neo4jSettings(uri=info["uri"], user=info["user"], password=info["password"])
    finally:
        localdb.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def session_db(neo4j_settings: Neo4jSettings) -> Iterator[Database]:
    """One driver for the session, with the schema applied once."""
    database = Database(neo4j_settings)
    database.verify()
    schema.apply(database)
    yield database
    database.close()


def wipe(database: Database) -> None:
    """Delete every node and relationship in small transactions (the schema stays).

    One big DETACH DELETE of a loaded POLE or police.uk graph exceeds the transaction
    memory pool; relationships first, then nodes, 10,000 at a time, does not.
    """
    database.run_autocommit(
        "tests/wipe_rels", "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"
    )
    database.run_autocommit(
        "tests/wipe_nodes", "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS"
    )


@pytest.fixture
def db(session_db: Database) -> Database:
    """The session's database, emptied of data (the schema stays)."""
    wipe(session_db)
    return session_db


@pytest.fixture
def neo4j_env(neo4j_settings: Neo4jSettings, monkeypatch: pytest.MonkeyPatch) -> Neo4jSettings:
    """Point NEO4J_* at the session's Neo4j, for code that reads the environment (CLI, app)."""
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    return neo4j_settings
