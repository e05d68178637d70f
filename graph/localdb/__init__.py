"""The local Neo4j for development and tests: Community 5.26 LTS, embedded, Bolt on 127.0.0.1.

Development tooling, not a domain module: ``make run``, ``linkwatch neo4j start|stop|status``,
the test fixtures and the benchmarks use it; a deployment sets ``NEO4J_URI`` and never loads
it. The database runs in a small JVM launcher (``launcher/``, class
``linkwatch.Neo4jLauncher``) whose jars Maven resolves from Maven Central. To the official
Python driver it is an ordinary Neo4j server, so pointing ``NEO4J_URI`` at a real server
needs no code change.

- :mod:`graph.localdb.config`: the data folder, its password file and state file, memory sizes.
- :mod:`graph.localdb.build`: the Maven build of the launcher and its cache.
- :mod:`graph.localdb.process`: start, stop, status of the detached launcher process.
- :mod:`graph.localdb.scratch`: a throw-away database for benchmarks.

This package never imports :mod:`graph.db` at import time (only
:func:`scratch_database` does, when called), so ``graph.settings`` can fall back to it
without an import cycle.

Typical use (pytest fixture)::

    info = start(tmp_path / "neo4j", free_port())
    ...
    stop(tmp_path / "neo4j")
"""

from __future__ import annotations

from graph.localdb.build import ensure_built
from graph.localdb.config import (
    DEFAULT_BOLT_PORT,
    PASSWORD_FILE,
    LauncherError,
    default_data_dir,
)
from graph.localdb.process import connection, free_port, start, status, stop
from graph.localdb.scratch import scratch_database

__all__ = [
    "DEFAULT_BOLT_PORT",
    "PASSWORD_FILE",
    "LauncherError",
    "connection",
    "default_data_dir",
    "ensure_built",
    "free_port",
    "scratch_database",
    "start",
    "status",
    "stop",
]
