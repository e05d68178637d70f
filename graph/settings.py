"""Connection settings for Neo4j, read from the environment.

``NEO4J_URI`` set: that server is used (a docker-compose Neo4j, a force's cluster,
Aura). Unset: the local embedded Neo4j started by ``linkwatch neo4j start``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect."""

    uri: str
    user: str
    password: str
    database: str | None = None

    @property
    def is_local(self) -> bool:
        """True when these settings point at the local launcher, not ``NEO4J_URI``."""
        return not os.environ.get("NEO4J_URI")


def from_environment() -> Neo4jSettings:
    """Build settings from ``NEO4J_*`` variables, falling back to the local Neo4j.

    Returns:
        The settings to open a driver with.

    Raises:
        graph.errors.DatabaseUnavailable: no ``NEO4J_URI`` and no local Neo4j running.
    """
    database = os.environ.get("NEO4J_DATABASE") or None
    uri = os.environ.get("NEO4J_URI")
    if uri:
        return Neo4jSettings(
            uri=uri,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=database,
        )
    from graph import local_neo4j
    from graph.errors import DatabaseUnavailable

    try:
        uri, user, password = local_neo4j.connection()
    except Exception as exc:  # the launcher raises its own error kinds
        raise DatabaseUnavailable(
            "no NEO4J_URI set and the local Neo4j is not running: "
            "run `linkwatch neo4j start` (or `make run`)"
        ) from exc
    return Neo4jSettings(uri=uri, user=user, password=password, database=database)
