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
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import model
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


class Breaker:
    """Fail fast while the server is down (a circuit breaker).

    Closed, every query goes through. :meth:`trip` (a query found the server down) opens it:
    for ``retry_after`` seconds :meth:`admit` refuses at once. After that the next caller
    probes the server; if it answers the breaker closes, if not it stays open for another
    ``retry_after`` seconds. One caller probes at a time; the others are refused meanwhile.

    >>> now = [0.0]
    >>> b = Breaker(5.0, clock=lambda: now[0])
    >>> b.trip("down"); b.is_open
    True
    >>> b.admit(lambda: None)
    Traceback (most recent call last):
    graph.errors.DatabaseUnavailable: down
    >>> now[0] = 6.0; b.admit(lambda: None); b.is_open
    False
    """

    def __init__(self, retry_after: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.retry_after = retry_after
        self._clock = clock
        self._lock = threading.Lock()
        self._open_until: float | None = None
        self._probing = False
        self._detail = ""

    @property
    def is_open(self) -> bool:
        """Whether queries are being refused (or a probe is under way)."""
        return self._open_until is not None

    def admit(self, probe: Callable[[], None]) -> None:
        """Return when a query may go to the server; else raise at once.

        Args:
            probe: called (outside the lock) when the cool-down is over; raises
                :class:`DatabaseUnavailable` when the server still does not answer.

        Raises:
            DatabaseUnavailable: the breaker is open, or the probe failed.
        """
        with self._lock:
            if self._open_until is None:
                return
            if self._probing or self._clock() < self._open_until:
                raise DatabaseUnavailable(self._detail)
            self._probing = True
        try:
            probe()
        except DatabaseUnavailable as exc:
            self.trip(str(exc))
            raise
        except BaseException:
            with self._lock:
                self._probing = False
            raise
        self.reset()

    def trip(self, detail: str) -> None:
        """Open the breaker: refuse queries for ``retry_after`` seconds from now."""
        with self._lock:
            if self._open_until is None:
                log.warning("%s; refusing queries for %g s", detail, self.retry_after)
            self._open_until = self._clock() + self.retry_after
            self._probing = False
            self._detail = detail

    def reset(self) -> None:
        """Close the breaker: the server answers."""
        with self._lock:
            if self._open_until is not None:
                log.warning("Neo4j answers again")
            self._open_until = None
            self._probing = False


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
            # connection only once, so that a server that is down is not retried for 30 s.
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
            with self._driver.session(database=self.settings.database) as session:
                return session.run(neo4j.Query(text, metadata={"query": name}), params).consume()

        summary = self._call(name, run)
        log.debug("query %s took %.1f ms", name, (time.perf_counter() - started) * 1000)
        c = summary.counters
        return {"nodes_created": c.nodes_created, "relationships_created": c.relationships_created,
                "properties_set": c.properties_set}

    def _call(self, name: str, attempt: Callable[[], Any]) -> Any:
        """Run one driver call: through the breaker, retried where that helps, errors ours.

        A deadlock or another transient error is retried with backoff for up to
        :data:`TRANSIENT_RETRY_SECONDS`; a lost connection once, at once (a pooled connection
        the server closed when it restarted); a server that does not answer opens the
        breaker and raises :class:`DatabaseUnavailable` (whose message, with the URI and
        the query's name, is for logs and the command line, not for web pages).
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
            except (ServiceUnavailable, SessionExpired, AuthError) as exc:
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
            except Neo4jError as exc:
                now = time.monotonic()
                transient_since = transient_since or now
                if not exc.is_retryable() or now - transient_since > TRANSIENT_RETRY_SECONDS:
                    raise QueryFailed(f"{name}: {exc.message}") from exc
                log.info("query %s: %s; retrying in %.1f s", name, exc.code, delay)
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
