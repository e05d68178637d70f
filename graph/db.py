"""The one execution point: owns the Neo4j driver and runs every query by name.

Each query lives in ``graph/queries/<name>.cypher`` and is sent as
``neo4j.Query(text, metadata={"query": name})`` so that Neo4j's own query log names it.
Reads are routed as reads. Driver errors become :mod:`graph.errors` exceptions here and
nowhere else (the pattern of Splink's ``database_api``).

When Neo4j is down, queries fail fast: connections give up after a few seconds
(``LINKWATCH_NEO4J_CONNECT_TIMEOUT``, ``LINKWATCH_NEO4J_ACQUIRE_TIMEOUT``), and after a
failure a :class:`Breaker` makes every query fail at once with
:class:`~graph.errors.DatabaseUnavailable` for ``LINKWATCH_NEO4J_RETRY_AFTER`` seconds; then
the next query tries the server again, so the app recovers by itself once Neo4j is back.

The same code runs against one server (``bolt://``, ``bolt+s://``) and a cluster or Aura
(``neo4j://``, ``neo4j+s://``): reads go with ``RoutingControl.READ`` (a cluster sends them to
secondaries; any server refuses a write sent that way), writes to the leader, and every query
carries the bookmarks of :mod:`graph.causal`'s current scope, so a user reads their own
writes on any secondary. Retrying is done here and only here (the driver's own retry is
off, so the two never stack): what the driver would retry (a deadlock, a leader switch,
``SessionExpired`` when a cluster member goes away) is retried with backoff and never opens
the breaker; only a server that does not answer twice in a row does.
"""

from __future__ import annotations

import atexit
import logging
import random
import re
import threading
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import neo4j
from neo4j.exceptions import (
    AuthError,
    ConstraintError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import causal, model
from graph.breaker import Breaker
from graph.errors import (
    ConstraintViolation,
    DatabaseUnavailable,
    GraphError,
    QueryFailed,
    QueryNotFound,
)
from graph.settings import Neo4jSettings, neo4j_settings

log = logging.getLogger("linkwatch.db")

#: How long a query is retried after transient errors (deadlocks between ingest writers).
TRANSIENT_RETRY_SECONDS = 30.0

QUERY_DIR = Path(__file__).with_name("queries")
_SLOT = re.compile(r"\{\{(\w+)\}\}")


@cache
def query_text(name: str) -> str:
    """Load the Cypher text of a named query.

    Args:
        name: path below ``graph/queries`` without ``.cypher``, e.g. ``"home/counts"``.

    Returns:
        The query text.

    Raises:
        QueryNotFound: no such file, or a name that tries to leave the folder.
    """
    path = (QUERY_DIR / f"{name}.cypher").resolve()
    if QUERY_DIR.resolve() not in path.parents or not path.is_file():
        raise QueryNotFound(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    """Every named query, for the test that EXPLAINs them all."""
    return sorted(
        p.relative_to(QUERY_DIR).with_suffix("").as_posix() for p in QUERY_DIR.rglob("*.cypher")
    )


def render(
    name: str,
    *,
    label: str | None = None,
    rel_type: str | None = None,
    from_label: str | None = None,
    to_label: str | None = None,
) -> str:
    """Fill a query template's ``{{label}}``-style slots from the model's whitelists.

    Only node labels and relationship types can be filled, and only names from
    :mod:`graph.model`; every value still travels as a Cypher parameter.
    """
    slots = {
        "label": label and model.checked_label(label),
        "rel_type": rel_type and model.checked_rel_type(rel_type),
        "from_label": from_label and model.checked_label(from_label),
        "to_label": to_label and model.checked_label(to_label),
    }

    def fill(match: re.Match[str]) -> str:
        value = slots.get(match.group(1))
        if value is None:
            raise ValueError(f"query {name!r} needs a value for {match.group(0)}")
        return value

    return _SLOT.sub(fill, query_text(name))


class Database:
    """A Neo4j driver plus the named-query execution point."""

    def __init__(self, settings: Neo4jSettings | None = None) -> None:
        self.settings = settings or neo4j_settings()
        self._driver = neo4j.GraphDatabase.driver(
            self.settings.uri,
            auth=(self.settings.user, self.settings.password),
            max_connection_lifetime=600,
            # Schema hints such as "property does not exist yet" are noise in logs.
            notifications_min_severity="OFF",
            # Fail fast when the server is down: the driver's defaults wait up to a minute.
            connection_timeout=self.settings.connect_timeout,
            connection_acquisition_timeout=max(
                self.settings.acquire_timeout, self.settings.connect_timeout
            ),
            # One attempt per call: _call retries transient errors itself, and a lost
            # connection only once, so that a server that is down is not retried for 30 s
            # (and the driver's retry loop never runs inside ours).
            max_transaction_retry_time=0,
        )
        self._breaker = Breaker(self.settings.retry_after)
        self._pinging: threading.Thread | None = None

    def close(self) -> None:
        """Close the driver and its connection pool."""
        self._driver.close()

    def verify(self) -> None:
        """Raise :class:`DatabaseUnavailable` unless the server answers."""
        try:
            self._probe()
        except DatabaseUnavailable as exc:
            self._breaker.trip(str(exc))
            raise
        self._breaker.reset()

    def _probe(self) -> None:
        try:
            self._driver.verify_connectivity()
        except (ServiceUnavailable, SessionExpired, AuthError, OSError) as exc:
            raise DatabaseUnavailable(
                f"Neo4j at {self.settings.uri} is not answering ({exc.__class__.__name__}): "
                "start it with `linkwatch neo4j start` or check NEO4J_URI/NEO4J_PASSWORD"
            ) from exc

    def responds(self, name: str, timeout: float) -> bool:
        """Whether the named read query answers within ``timeout`` seconds (``/healthz``).

        Never waits longer: while the breaker is open the answer is False at once, and a
        query still running at the deadline counts as a failure (the breaker opens) and is
        left to finish in the background; a second one is not started meanwhile.
        """
        if self._pinging is not None and self._pinging.is_alive():
            return False
        outcome: list[bool] = []

        def ping() -> None:
            try:
                self.read(name)
                outcome.append(True)
            except GraphError:
                outcome.append(False)

        thread = threading.Thread(target=ping, name="linkwatch-ping", daemon=True)
        self._pinging = thread
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            self._breaker.trip(
                f"Neo4j at {self.settings.uri} did not answer {name!r} within {timeout:g} s"
            )
            return False
        return bool(outcome and outcome[0])

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run a named read query and return its records as dicts."""
        return self._run(name, query_text(name), params, neo4j.RoutingControl.READ)[0]

    def write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run a named write query and return its records as dicts."""
        return self._run(name, query_text(name), params, neo4j.RoutingControl.WRITE)[0]

    def read_text(self, name: str, text: str, **params: Any) -> list[dict[str, Any]]:
        """Run a rendered template (see :func:`render`) as a read."""
        return self._run(name, text, params, neo4j.RoutingControl.READ)[0]

    def write_text(self, name: str, text: str, **params: Any) -> tuple[list[dict], dict]:
        """Run a rendered template (see :func:`render`) as a write.

        Returns:
            The records and the summary counters as a dict.
        """
        return self._run(name, text, params, neo4j.RoutingControl.WRITE)

    def run_autocommit(self, name: str, text: str, **params: Any) -> dict[str, int]:
        """Run one statement in an implicit transaction (what ``CALL {...} IN TRANSACTIONS``
        and ``LOAD CSV`` need); returns the summary counters."""
        started = time.perf_counter()

        def run() -> Any:
            with self._driver.session(
                database=self.settings.database, bookmark_manager=self._bookmarks()
            ) as session:
                return session.run(neo4j.Query(text, metadata={"query": name}), params).consume()

        summary = self._call(name, run)
        log.debug("query %s took %.1f ms", name, (time.perf_counter() - started) * 1000)
        c = summary.counters
        return {"nodes_created": c.nodes_created, "relationships_created": c.relationships_created,
                "properties_set": c.properties_set}

    def _bookmarks(self) -> neo4j.api.BookmarkManager:
        """The bookmark manager of the current causal scope, else the driver's own."""
        scope = causal.current()
        return scope.manager if scope else self._driver.execute_query_bookmark_manager

    def _call(self, name: str, attempt: Callable[[], Any]) -> Any:
        """Run one driver call: through the breaker, retried where that helps, errors ours.

        A deadlock, a leader switch or another transient error, and ``SessionExpired`` (a
        cluster member went away; only routing URIs raise it) are retried with backoff for
        up to :data:`TRANSIENT_RETRY_SECONDS` without touching the breaker; a lost
        connection once, at once (a pooled connection the server closed when it
        restarted); a server that does not answer opens the breaker and raises
        :class:`DatabaseUnavailable` (whose message, with the URI and the query's name, is
        for logs and the command line, not for web pages). A commit whose outcome is
        unknown (``IncompleteCommit``) is never retried: it may have written. Bookmarks the
        server cannot use are forgotten and the query sent again without them.
        """
        self._breaker.admit(self._probe)
        reconnected = False
        transient_since: float | None = None
        delay = 0.5
        while True:
            try:
                return attempt()
            except ConstraintError as exc:
                raise ConstraintViolation(f"{name}: {exc.message}") from exc
            except IncompleteCommit as exc:
                raise DatabaseUnavailable(
                    f"{name}: the connection to Neo4j at {self.settings.uri} was lost while "
                    "committing; the write may or may not have happened"
                ) from exc
            except (ServiceUnavailable, AuthError) as exc:
                if not reconnected and not isinstance(exc, AuthError):
                    reconnected = True
                    continue
                detail = (
                    f"Neo4j at {self.settings.uri} is not answering while running {name!r} "
                    f"({exc.__class__.__name__}): start it with `linkwatch neo4j start` or "
                    "check NEO4J_URI"
                )
                self._breaker.trip(detail)
                raise DatabaseUnavailable(detail) from exc
            except (Neo4jError, SessionExpired) as exc:
                scope = causal.current()
                if getattr(exc, "code", None) in causal.UNUSABLE_BOOKMARK_CODES and scope \
                        and scope.bookmarks:
                    log.warning("query %s: bookmarks refused (%s); dropped", name, exc.code)
                    scope.forget()
                    continue
                now = time.monotonic()
                transient_since = transient_since or now
                if not exc.is_retryable() or now - transient_since > TRANSIENT_RETRY_SECONDS:
                    if isinstance(exc, SessionExpired):
                        self._breaker.trip(f"Neo4j at {self.settings.uri}: {exc}")
                        raise DatabaseUnavailable(f"{name}: {exc}") from exc
                    raise QueryFailed(f"{name}: {exc.message}") from exc
                log.info("query %s: %s; retrying in %.1f s", name,
                         getattr(exc, "code", None) or exc.__class__.__name__, delay)
                time.sleep(delay * random.uniform(0.8, 1.2))  # jittered, as the driver does
                delay = min(delay * 2, 8.0)

    def _run(
        self, name: str, text: str, params: dict[str, Any], routing: neo4j.RoutingControl
    ) -> tuple[list[dict[str, Any]], dict[str, int]]:
        started = time.perf_counter()
        result = self._call(
            name,
            lambda: self._driver.execute_query(
                neo4j.Query(text, metadata={"query": name}),
                params,
                routing_=routing,
                database_=self.settings.database,
                bookmark_manager_=self._bookmarks(),
            ),
        )
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.debug("query %s took %.1f ms", name, elapsed_ms)
        counters = result.summary.counters
        return [r.data() for r in result.records], {
            k: getattr(counters, k)
            for k in (
                "nodes_created",
                "nodes_deleted",
                "relationships_created",
                "relationships_deleted",
                "properties_set",
            )
        }


_shared: Database | None = None


def get_db() -> Database:
    """The process-wide :class:`Database`, created on first use and closed at exit."""
    global _shared
    if _shared is None:
        _shared = Database()
        atexit.register(_shared.close)
    return _shared
