"""Beyond one machine: what a Neo4j cluster or Aura needs of the execution point.

Tested against the real local Neo4j: a routing URI (``neo4j://``) works against a single
server, reads are sent as reads (a server refuses a write sent that way), transient errors a
cluster raises (a deadlock, a leader switch, a lost member) are retried without opening the
breaker, a commit of unknown outcome is not, and bookmarks travel: per process outside a
request, per web session across two app instances.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from neo4j.exceptions import IncompleteCommit, Neo4jError, SessionExpired

from app import create_app
from app.extensions import BOOKMARKS
from graph import causal
from graph.db import Database, query_names, query_text
from graph.errors import DatabaseUnavailable, QueryFailed
from graph.settings import NEO4J_SCHEMES, Neo4jSettings, Settings, SettingsError
from tests.auth_fixtures import csrf_token, login, make_user

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[1]


def _routing(settings: Neo4jSettings) -> Neo4jSettings:
    """The same server behind a routing URI (``neo4j://``), as for a cluster or Aura."""
    return Neo4jSettings(settings.uri.replace("bolt://", "neo4j://", 1), settings.user,
                         settings.password, settings.database)


@pytest.mark.parametrize("scheme", NEO4J_SCHEMES)
def test_every_direct_and_routing_scheme_is_a_usable_neo4j_uri(scheme):
    uri = f"{scheme}://neo4j.force.example:7687"
    assert Settings.from_environment({"NEO4J_URI": uri}).neo4j_uri == uri
    Database(Neo4jSettings(uri, "neo4j", "secret")).close()  # the driver takes it, unopened


@pytest.mark.parametrize("uri", ["http://neo4j:7474", "neo4j.force.example:7687", "neo4j://"])
def test_a_uri_the_driver_cannot_use_is_refused_by_name(uri):
    with pytest.raises(SettingsError, match="NEO4J_URI"):
        Settings.from_environment({"NEO4J_URI": uri})


def test_a_routing_uri_against_one_server_reads_and_writes(db, neo4j_settings):
    routed = Database(_routing(neo4j_settings))
    try:
        routed.write_text("t/probe", "CREATE (:Probe {id: 'routed'})")
        assert routed.read_text("t/probe", "MATCH (p:Probe) RETURN p.id AS id") == [
            {"id": "routed"}]
    finally:
        routed.close()


@pytest.mark.parametrize("routing", [False, True], ids=["bolt", "neo4j"])
def test_a_write_sent_down_the_read_path_is_refused_by_the_server(db, neo4j_settings,
                                                                  routing):
    database = Database(_routing(neo4j_settings) if routing else neo4j_settings)
    try:
        with pytest.raises(QueryFailed, match="read access mode"):
            database.read_text("t/sneaky", "CREATE (:Probe {id: 'via-read'})")
        assert database.read_text("t/n", "MATCH (p:Probe) RETURN count(p) AS n") == [{"n": 0}]
    finally:
        database.close()


_CALL = re.compile(r"\.(read|write)\(\s*\"([a-z_/]+)\"")


def test_every_named_query_goes_down_the_path_its_cypher_needs(session_db):
    """A read sent as a write would load the leader; a write sent as a read fails on it."""
    query_type = {}
    for name in query_names():
        if "{{" in query_text(name):
            continue
        try:
            summary = session_db._driver.execute_query(
                "EXPLAIN " + query_text(name), routing_="r").summary
        except Neo4jError:
            continue  # one that does not compile fails test_schema's own test
        query_type[name] = summary.query_type
    wrong = []
    for path in [*ROOT.glob("app/**/*.py"), *ROOT.glob("graph/**/*.py")]:
        for how, name in _CALL.findall(path.read_text(encoding="utf-8")):
            if name not in query_type:
                continue
            if (how == "read") != (query_type[name] == "r"):
                wrong.append(f"{path.relative_to(ROOT)}: {how}({name!r}) is {query_type[name]}")
    assert len(query_type) > 100
    assert wrong == []


class _Flaky:
    """The driver's ``execute_query``, failing with ``errors`` first (one per call)."""

    def __init__(self, database: Database, *errors: Exception) -> None:
        self.real = database._driver.execute_query
        self.errors = list(errors)
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return self.real(*args, **kwargs)


def _neo4j_error(code: str) -> Neo4jError:
    return Neo4jError._hydrate_neo4j(code=code, message=f"injected {code}")


@pytest.mark.parametrize("error", [
    lambda: _neo4j_error("Neo.TransientError.Transaction.DeadlockDetected"),
    lambda: _neo4j_error("Neo.ClientError.Cluster.NotALeader"),
    lambda: SessionExpired("Failed to obtain connection towards 'WRITE' server."),
], ids=["deadlock", "leader-switch", "member-lost"])
def test_a_transient_cluster_error_is_retried_and_leaves_the_breaker_closed(
        db, monkeypatch, error):
    flaky = _Flaky(db, error())
    monkeypatch.setattr(db._driver, "execute_query", flaky)
    db.write_text("t/write", "CREATE (:Probe {id: 'once'})")
    assert flaky.calls == 2
    assert not db._breaker.is_open
    assert db.read_text("t/n", "MATCH (p:Probe) RETURN count(p) AS n") == [{"n": 1}]


def test_a_commit_of_unknown_outcome_is_not_sent_again(db, monkeypatch):
    flaky = _Flaky(db, IncompleteCommit("connection lost during commit"))
    monkeypatch.setattr(db._driver, "execute_query", flaky)
    with pytest.raises(DatabaseUnavailable, match="may or may not have happened"):
        db.write_text("t/write", "CREATE (:Probe {id: 'maybe'})")
    assert flaky.calls == 1


def test_queries_outside_a_request_follow_the_processes_own_bookmarks(db):
    before = set(db._driver.execute_query_bookmark_manager.get_bookmarks())
    db.write_text("t/write", "CREATE (:Probe {id: 'cli'})")
    after = set(db._driver.execute_query_bookmark_manager.get_bookmarks())
    assert after and after != before


def test_a_scope_carries_its_bookmarks_to_the_server_and_forgets_refused_ones(db, caplog):
    with causal.scope() as first:
        db.write_text("t/write", "CREATE (:Probe {id: 'scoped'})")
    assert first.changed and first.bookmarks
    with causal.scope(first.bookmarks) as second:  # the next request of the same user
        assert db.read_text("t/n", "MATCH (p:Probe) RETURN count(p) AS n") == [{"n": 1}]
    assert not second.changed
    with causal.scope(["FB:not-a-bookmark"]) as stale:  # e.g. a cookie older than a restore
        assert db.read_text("t/n", "MATCH (p:Probe) RETURN count(p) AS n") == [{"n": 1}]
    assert stale.changed and "FB:not-a-bookmark" not in stale.bookmarks
    assert "bookmarks refused (Neo.ClientError.Transaction.InvalidBookmark)" in caplog.text


def test_two_app_instances_share_a_users_bookmarks_through_the_session(db, neo4j_settings):
    """Behind a load balancer: sign in on one instance, carry on on the other."""
    make_user(db, "roaming-analyst", "analyst")
    instances = []
    for _ in range(2):  # each instance its own driver, so its own process-wide bookmarks
        database = Database(neo4j_settings)
        instances.append((database, create_app({
            "TESTING": True, "DATABASE": database, "APPLY_SCHEMA_ON_START": False,
            "SECRET_KEY": "one secret for every instance"})))
    try:
        first, second = instances[0][1].test_client(), instances[1][1].test_client()
        assert login(first, "roaming-analyst").status_code == 302  # writes the sign-in
        with first.session_transaction() as session:
            written = session[BOOKMARKS]
        assert written and all(b.startswith("FB:") for b in written)
        second.set_cookie("session", first.get_cookie("session").value)
        page = second.get("/")
        assert page.status_code == 200 and "roaming-analyst" in page.get_data(as_text=True)
        with second.session_transaction() as session:
            session[BOOKMARKS] = ["FB:not-a-bookmark"]
        assert second.get("/").status_code == 200  # refused bookmarks are dropped, not fatal
        with second.session_transaction() as session:
            assert "FB:not-a-bookmark" not in session[BOOKMARKS]
    finally:
        for database, _ in instances:
            database.close()


@pytest.mark.parametrize("hops, second_client", [(1, 200), (0, 429)],
                         ids=["proxy-trusted", "proxy-not-trusted"])
def test_behind_a_load_balancer_each_client_has_its_own_sign_in_limit(make_app, hops,
                                                                     second_client):
    """Every request arrives from the balancer's address; its X-Forwarded-For names the
    client. Trusted (LINKWATCH_PROXY_HOPS=1), one client's guesses do not lock out another."""
    client = make_app(PROXY_HOPS=hops, LOGIN_RATE_LIMIT="2 per minute").test_client()
    token = csrf_token(client)

    def attempt(username: str, address: str):
        return client.post("/login", environ_base={"REMOTE_ADDR": "10.0.0.2"},
                           headers={"X-Forwarded-For": address},
                           data={"username": username, "password": "wrong password guess",
                                 "csrf_token": token})

    assert [attempt(f"guess{i}", "203.0.113.7").status_code for i in range(3)] == [
        200, 200, 429]
    assert attempt("someone-else", "198.51.100.4").status_code == second_client


def test_proxy_hops_is_a_count():
    assert Settings.from_environment({"LINKWATCH_PROXY_HOPS": "2"}).proxy_hops == 2
    with pytest.raises(SettingsError, match="LINKWATCH_PROXY_HOPS"):
        Settings.from_environment({"LINKWATCH_PROXY_HOPS": "-1"})
