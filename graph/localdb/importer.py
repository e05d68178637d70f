"""Run Neo4j's offline importer (``neo4j-admin database import full``) on the local database.

The importer ships in the jars the launcher already runs (``neo4j-import-tool`` and
``neo4j-command-line``, declared in ``launcher/pom.xml``): its entry point
``org.neo4j.cli.AdminTool`` runs with the launcher's classpath, ``NEO4J_HOME`` set to the
data folder (the embedded server's home, so the store lands where the server looks for it).
It writes a new store while the server is stopped; the caller stops and starts the server.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import time
from pathlib import Path

from graph.localdb import config
from graph.localdb.build import MAIN_CLASS, ensure_built
from graph.localdb.config import LauncherError
from graph.localdb.process import child_environment, status

ADMIN_CLASS = "org.neo4j.cli.AdminTool"
DATABASE = "neo4j"


def store_exists(data_dir: str | os.PathLike[str] | None = None,
                 database: str = DATABASE) -> bool:
    """True when the data folder holds store files for ``database`` (empty or not)."""
    return (config.resolve(data_dir) / "data" / "databases" / database).is_dir()


def run_import(
    data_dir: str | os.PathLike[str] | None,
    arguments: list[str],
    work_dir: Path,
    *,
    database: str = DATABASE,
    heap: str | None = None,
    off_heap: str = "25%",
    timeout: float = 6 * 3600,
) -> str:
    """Import CSV files into ``database`` of the stopped local Neo4j, replacing its store.

    Args:
        data_dir: the local database's folder; default ``$LINKWATCH_DATA_DIR``.
        arguments: the importer's options naming the files (``--nodes=...`` and so on),
            relative to ``work_dir`` or absolute.
        work_dir: the folder of the files; the importer's report and log go there.
        database: the database to import into.
        heap: the importer's JVM heap; default the local Neo4j's heap setting.
        off_heap: the importer's ``--max-off-heap-memory`` (it shares the machine).
        timeout: seconds before the import is given up.

    Returns:
        The importer's output (its last lines carry the counts).

    Raises:
        LauncherError: the server is running on ``data_dir``, or the import failed (the
            message carries the importer's last lines).
    """
    path = config.resolve(data_dir)
    heap_size, _ = config.memory(heap, None)
    path.mkdir(parents=True, exist_ok=True)
    conf = work_dir / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").touch()
    command = ensure_built()
    command[command.index(MAIN_CLASS)] = ADMIN_CLASS
    command = [command[0], f"-Xmx{heap_size}", *command[1:]]
    command += ["database", "import", "full", *arguments,
                f"--max-off-heap-memory={off_heap}", "--overwrite-destination=true",
                f"--report-file={work_dir / 'import.report'}", database]
    env = child_environment(NEO4J_HOME=str(path), NEO4J_CONF=str(conf))
    log_path = work_dir / "import.log"
    with open(path / ".launcher.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # no start() while the store is being replaced
        try:
            if status(path) is not None:
                raise LauncherError(f"the local Neo4j is running on {path}: stop it first")
            started = time.monotonic()
            with log_path.open("w", encoding="utf-8") as log:
                try:
                    result = subprocess.run(  # fixed argv, no shell
                        command, cwd=work_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL, timeout=timeout, check=False,
                    )
                except subprocess.TimeoutExpired as exc:
                    raise LauncherError(
                        f"neo4j-admin import did not finish in {timeout:.0f} s") from exc
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    output = log_path.read_text(encoding="utf-8", errors="replace")
    if result.returncode != 0:
        raise LauncherError(
            f"neo4j-admin import failed (exit {result.returncode}) after "
            f"{time.monotonic() - started:.0f} s; log {log_path}:\n{config.log_tail(log_path)}"
        )
    return output
