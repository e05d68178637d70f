"""Our own exceptions, so callers never depend on the driver's.

The execution point in :mod:`graph.db` translates Neo4j driver errors into these at
the boundary (as in Neo4j GraphAcademy's ``app-python``).
"""

from __future__ import annotations


class GraphError(Exception):
    """Base class for every database-facing error linkwatch raises."""


class DatabaseUnavailable(GraphError):
    """Neo4j cannot be reached: not started, wrong URI or credentials."""


class QueryNotFound(GraphError):
    """A named query has no ``.cypher`` file."""


class ConstraintViolation(GraphError):
    """A write broke a uniqueness or existence constraint."""


class QueryFailed(GraphError):
    """Any other error Neo4j reported while running a named query."""


class NotFound(LookupError):
    """No record of that kind with that id (the app answers 404)."""


class Conflict(Exception):
    """A request the current state of a record does not allow (the app answers 409)."""
