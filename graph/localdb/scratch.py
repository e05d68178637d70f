"""A throw-away database for benchmarks and one-off jobs."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from graph.localdb.process import free_port, start, stop
from graph.settings import Neo4jSettings, settings

if TYPE_CHECKING:
    from graph.db import Database


@contextlib.contextmanager
def scratch_database(work_dir: str | os.PathLike[str],
                     data_dir: str | os.PathLike[str] | None = None) -> Iterator[Database]:
    """``NEO4J_URI``'s server if set, else a local Neo4j in ``work_dir/neo4j`` on a free port.

    The local one is stopped on exit (its data stays where it is).

    Args:
        work_dir: the job's working folder.
        data_dir: the local database's folder instead of ``work_dir/neo4j`` (a benchmark
            keeps a loaded database there for its next run).

    Yields:
        A :class:`graph.db.Database`, closed on exit.
    """
    # Imported here: graph.localdb is imported by graph.settings' fallback and must not load
    # the execution point (and the driver) just to be imported.
    from graph.db import Database

    local = None
    if settings().neo4j_uri:
        db = Database()
    else:
        local = Path(data_dir) if data_dir is not None else Path(work_dir) / "neo4j"
        info = start(local, bolt_port=free_port())
        db = Database(Neo4jSettings(info["uri"], info["user"], info["password"]))
    try:
        yield db
    finally:
        db.close()
        if local is not None:
            stop(local)
