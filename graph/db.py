"""The one execution point: owns the Neo4j driver and runs every query by name.

Each query lives in ``graph/queries/<name>.cypher`` and is sent as
``neo4j.Query(text, metadata={"query": name})`` so that Neo4j's own query log names it.
Reads are routed as reads. Driver errors become :mod:`graph.errors` exceptions here and
nowhere else (the pattern of Splink's ``database_api``).
"""

from __future__ import annotations

import atexit
import logging
import re
import time
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
    QueryFailed,
    QueryNotFound,
)
from graph.settings import Neo4jSettings, neo4j_settings

log = logging.getLogger("linkwatch.db")

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
        )

    def close(self) -> None:
        """Close the driver and its connection pool."""
        self._driver.close()

    def verify(self) -> None:
        """Raise :class:`DatabaseUnavailable` unless the server answers."""
        try:
            self._driver.verify_connectivity()
        except (ServiceUnavailable, SessionExpired, AuthError, OSError) as exc:
            raise DatabaseUnavailable(
                f"Neo4j at {self.settings.uri} is not answering ({exc.__class__.__name__}): "
                "start it with `linkwatch neo4j start` or check NEO4J_URI/NEO4J_PASSWORD"
            ) from exc

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
        try:
            with self._driver.session(database=self.settings.database) as session:
                summary = session.run(neo4j.Query(text, metadata={"query": name}), params).consume()
        except Neo4jError as exc:
            raise QueryFailed(f"{name}: {exc.message}") from exc
        except (ServiceUnavailable, SessionExpired) as exc:
            raise DatabaseUnavailable(f"Neo4j at {self.settings.uri} is not answering") from exc
        log.debug("query %s took %.1f ms", name, (time.perf_counter() - started) * 1000)
        c = summary.counters
        return {"nodes_created": c.nodes_created, "relationships_created": c.relationships_created,
                "properties_set": c.properties_set}

    def _run(
        self, name: str, text: str, params: dict[str, Any], routing: neo4j.RoutingControl
    ) -> tuple[list[dict[str, Any]], dict[str, int]]:
        started = time.perf_counter()
        try:
            result = self._driver.execute_query(
                neo4j.Query(text, metadata={"query": name}),
                params,
                routing_=routing,
                database_=self.settings.database,
            )
        except ConstraintError as exc:
            raise ConstraintViolation(f"{name}: {exc.message}") from exc
        except (ServiceUnavailable, SessionExpired, AuthError) as exc:
            raise DatabaseUnavailable(
                f"Neo4j at {self.settings.uri} is not answering while running {name!r}: "
                "start it with `linkwatch neo4j start` or check NEO4J_URI"
            ) from exc
        except Neo4jError as exc:
            raise QueryFailed(f"{name}: {exc.message}") from exc
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
