"""The local Neo4j's files and settings: data folder, password, memory sizes, state file.

A data folder (default ``$LINKWATCH_DATA_DIR`` or ``<repo>/.linkwatch/neo4j``) holds::

    password        the neo4j user's password (mode 0600)
    launcher.json   pid, bolt_port, uri, started_at and state of the running launcher
    neo4j.log       launcher stdout/stderr (Neo4j's user log)
    logs/debug.log  Neo4j's debug log
    data/           store files and transaction logs
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from pathlib import Path
from typing import Any

from graph.settings import settings

DEFAULT_BOLT_PORT = 7687
USER = "neo4j"
#: The variable the launcher (Java) reads the password from; also the user's override.
PASSWORD_ENV = "LINKWATCH_NEO4J_PASSWORD"
HEAP_ENV = "LINKWATCH_NEO4J_HEAP"
PAGECACHE_ENV = "LINKWATCH_NEO4J_PAGECACHE"
MIN_PASSWORD_LENGTH = 8  # Neo4j's dbms.security.auth_minimum_password_length default

PASSWORD_FILE = "password"
INFO_FILE = "launcher.json"
LOG_FILE = "neo4j.log"

_SIZE_RE = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")


class LauncherError(RuntimeError):
    """The local Neo4j could not be built, started, stopped or found."""


def default_data_dir() -> Path:
    """``$LINKWATCH_DATA_DIR`` or ``<repo>/.linkwatch/neo4j``, read now."""
    return settings().data_dir


def resolve(data_dir: str | os.PathLike[str] | None) -> Path:
    """The absolute data folder; None means :func:`default_data_dir`."""
    return Path(default_data_dir() if data_dir is None else data_dir).expanduser().resolve()


def read_info(data_dir: Path) -> dict[str, Any] | None:
    """The launcher's state file, or None when missing or unreadable."""
    try:
        info = json.loads((data_dir / INFO_FILE).read_text())
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def write_info(data_dir: Path, info: dict[str, Any]) -> None:
    """Replace the launcher's state file atomically."""
    tmp = data_dir / (INFO_FILE + ".tmp")
    tmp.write_text(json.dumps(info, indent=2) + "\n")
    tmp.replace(data_dir / INFO_FILE)


def password(data_dir: Path) -> str:
    """Returns the neo4j password for ``data_dir``, creating/updating the 0600 password file.

    ``$LINKWATCH_NEO4J_PASSWORD`` overrides (and is then stored, so the file always holds the
    password in effect); otherwise the stored one is used, or a random one is generated.

    Raises:
        LauncherError: the password is too short or contains a line break.
    """
    path = data_dir / PASSWORD_FILE
    wanted = settings().local_password
    stored: str | None = None
    with contextlib.suppress(FileNotFoundError):
        stored = path.read_text().strip() or None
    value = wanted or stored or secrets.token_urlsafe(24)
    if len(value) < MIN_PASSWORD_LENGTH:
        raise LauncherError(
            f"the Neo4j password must be at least {MIN_PASSWORD_LENGTH} characters"
            f" (check ${PASSWORD_ENV} or {path})"
        )
    if "\n" in value or "\r" in value:
        raise LauncherError(
            f"the Neo4j password must not contain line breaks (check ${PASSWORD_ENV})"
        )
    if value != stored:
        tmp = data_dir / (PASSWORD_FILE + ".tmp")
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(value + "\n")
        tmp.replace(path)
    path.chmod(0o600)
    return value


def stored_password(data_dir: Path) -> str:
    """The password in ``data_dir``'s password file.

    Raises:
        LauncherError: no readable password file.
    """
    try:
        return (data_dir / PASSWORD_FILE).read_text().strip()
    except OSError as exc:
        raise LauncherError(f"no Neo4j password stored in {data_dir / PASSWORD_FILE}") from exc


def memory(heap: str | None, pagecache: str | None) -> tuple[str, str]:
    """The JVM heap and page cache sizes: the arguments, else the settings.

    Raises:
        LauncherError: a size that is not like ``512m`` or ``2g``.
    """
    config = settings()
    return (
        _size(heap or config.local_heap, HEAP_ENV),
        _size(pagecache or config.local_pagecache, PAGECACHE_ENV),
    )


def _size(value: str, env: str) -> str:
    size = value.strip()
    if not _SIZE_RE.match(size):
        raise LauncherError(f"invalid memory size {size!r} (use e.g. 512m or 2g; see ${env})")
    return size


def log_tail(path: Path, lines: int = 15) -> str:
    """The last ``lines`` lines of a log, for error messages."""
    try:
        text = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(text[-lines:])
