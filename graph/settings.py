"""Every setting linkwatch reads from the environment, in one frozen dataclass.

Each field of :class:`Settings` names its environment variable, its default and what it
does; nothing else in ``app/``, ``graph/`` or ``ingest/`` reads a setting from
``os.environ`` (the local launcher only hands its environment on to the Java process).
:func:`settings` reads the environment at call time (so tests can monkeypatch it); an empty
variable counts as unset. ``tests/test_docs.py`` fails when a field is missing from the
README's settings table, or the table names a variable that is not a field.

``NEO4J_URI`` set: that server is used (a docker-compose Neo4j, a force's cluster, Aura).
Unset: the local Neo4j started by ``linkwatch neo4j start`` (:mod:`graph.localdb`).

This module imports nothing from linkwatch at import time except :mod:`graph.errors`, so
that every other module, :mod:`graph.localdb` included, can depend on it without a cycle.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from graph.errors import DatabaseUnavailable

REPO_ROOT = Path(__file__).resolve().parents[1]

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


class SettingsError(RuntimeError):
    """An environment variable holds a value its setting cannot use."""


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in _TRUE + _FALSE:
        raise ValueError(f"use one of {', '.join(_TRUE + _FALSE)}")
    return value in _TRUE


def _writers(raw: str) -> int:
    return max(1, int(raw))


def _hops(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError("must be a whole number, 0 or more")
    return value


def _positive(raw: str) -> float:
    value = float(raw)
    if not value > 0:
        raise ValueError("must be above 0")
    return value


#: The URI schemes the Neo4j driver speaks: one server (``bolt``) or a cluster's routing
#: (``neo4j``, Aura's ``neo4j+s``); ``+s`` TLS with a CA-signed certificate, ``+ssc`` TLS
#: with a self-signed one.
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _neo4j_uri(raw: str) -> str:
    scheme, sep, rest = raw.strip().partition("://")
    if not sep or scheme.lower() not in NEO4J_SCHEMES or not rest:
        raise ValueError(f"use <scheme>://host[:port] with a scheme of {', '.join(NEO4J_SCHEMES)}")
    return raw.strip()


def _field_limit(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError("must be a whole number of characters, at least 1")
    return value


#: Fail fast when Neo4j is down (seconds): connect, wait for a pooled connection, and how
#: long requests fail at once after a failure before one of them tries the server again.
CONNECT_TIMEOUT = 3.0
ACQUIRE_TIMEOUT = 5.0
RETRY_AFTER = 5.0


def _setting(
    env: str,
    default: Any,
    doc: str,
    parse: Callable[[str], Any] = str,
    config_key: str | None = None,
) -> Any:
    """A :class:`Settings` field: its variable, default, one-line meaning and parser.

    ``config_key`` names the Flask config key the web app reads the value from.
    """
    return field(
        default=default,
        metadata={"env": env, "doc": doc, "parse": parse, "config_key": config_key},
    )


@dataclass(frozen=True)
class Settings:
    """Every setting, one field each; see :func:`settings`."""

    # The Neo4j server.
    neo4j_uri: str | None = _setting(
        "NEO4J_URI", None,
        "the Neo4j server or cluster to use (bolt://, bolt+s://, neo4j://, neo4j+s://); "
        "unset: the local Neo4j", _neo4j_uri,
    )
    neo4j_user: str = _setting("NEO4J_USER", "neo4j", "user name on NEO4J_URI's server")
    neo4j_password: str = _setting("NEO4J_PASSWORD", "", "password on NEO4J_URI's server")
    neo4j_database: str | None = _setting(
        "NEO4J_DATABASE", None, "database on NEO4J_URI's server; unset: its default"
    )
    neo4j_connect_timeout: float = _setting(
        "LINKWATCH_NEO4J_CONNECT_TIMEOUT", CONNECT_TIMEOUT,
        "seconds to open a connection to Neo4j before giving up", _positive,
    )
    neo4j_acquire_timeout: float = _setting(
        "LINKWATCH_NEO4J_ACQUIRE_TIMEOUT", ACQUIRE_TIMEOUT,
        "seconds a query waits for a connection from the pool (opening one included)",
        _positive,
    )
    neo4j_retry_after: float = _setting(
        "LINKWATCH_NEO4J_RETRY_AFTER", RETRY_AFTER,
        "after Neo4j failed to answer, seconds during which queries fail at once before "
        "the next one tries the server again", _positive,
    )
    # The local Neo4j (graph.localdb).
    data_dir: Path = _setting(
        "LINKWATCH_DATA_DIR", REPO_ROOT / ".linkwatch" / "neo4j",
        "the local Neo4j's data folder", Path,
    )
    local_heap: str = _setting("LINKWATCH_NEO4J_HEAP", "1g", "the local Neo4j's JVM heap")
    local_pagecache: str = _setting(
        "LINKWATCH_NEO4J_PAGECACHE", "512m", "the local Neo4j's page cache"
    )
    local_password: str | None = _setting(
        "LINKWATCH_NEO4J_PASSWORD", None, "the local Neo4j's password; unset: generated"
    )
    # The web app (Flask config keys).
    secret_key: str | None = _setting(
        "LINKWATCH_SECRET_KEY", None, "signs the session cookie; unset: random at each start",
        config_key="SECRET_KEY",
    )
    session_cookie_secure: bool = _setting(
        "LINKWATCH_SESSION_COOKIE_SECURE", False, "send the session cookie over HTTPS only",
        _bool, "SESSION_COOKIE_SECURE",
    )
    session_lifetime_hours: float = _setting(
        "LINKWATCH_SESSION_LIFETIME_HOURS", 8.0, "how long a sign-in lasts",
        float, "SESSION_LIFETIME_HOURS",
    )
    proxy_hops: int = _setting(
        "LINKWATCH_PROXY_HOPS", 0,
        "proxies (load balancer, TLS terminator) in front of the app whose X-Forwarded-For "
        "and X-Forwarded-Proto are trusted; 0: none", _hops, "PROXY_HOPS",
    )
    login_rate_limit: str = _setting(
        "LINKWATCH_LOGIN_RATE_LIMIT", "10 per minute",
        "failed sign-ins allowed per address and per username", config_key="LOGIN_RATE_LIMIT",
    )
    map_tile_url: str = _setting(
        "LINKWATCH_MAP_TILE_URL", "", "a tile server for the repeat-locations map",
        config_key="MAP_TILE_URL",
    )
    map_tile_attribution: str = _setting(
        "LINKWATCH_MAP_TILE_ATTRIBUTION", "", "the attribution the tile server requires",
        config_key="MAP_TILE_ATTRIBUTION",
    )
    # Configuration files a force replaces (unset: the file shipped in graph/config).
    classification: Path | None = _setting(
        "LINKWATCH_CLASSIFICATION", None, "a force's own offence classification (CSV)", Path
    )
    ruleset: Path | None = _setting(
        "LINKWATCH_RULESET", None, "a force's own tier rule set (YAML)", Path
    )
    resolution: Path | None = _setting(
        "LINKWATCH_RESOLUTION", None, "a force's own person-resolution training set-up (YAML)",
        Path,
    )
    resolution_model: Path = _setting(
        "LINKWATCH_RESOLUTION_MODEL", Path(".linkwatch/resolution/model.json"),
        "where `linkwatch resolve` keeps the trained person-resolution (Splink) model", Path,
    )
    link_weights: Path | None = _setting(
        "LINKWATCH_LINK_WEIGHTS", None, "a force's own link weights (YAML)", Path
    )
    plan_tactics: Path | None = _setting(
        "LINKWATCH_PLAN_TACTICS", None, "a force's own 4P tactics per pillar (YAML)", Path
    )
    plan_suggestions: Path | None = _setting(
        "LINKWATCH_PLAN_SUGGESTIONS", None, "a force's own suggested-action rules (YAML)", Path
    )
    behaviours: Path | None = _setting(
        "LINKWATCH_BEHAVIOURS", None,
        "a force's own behaviour taxonomy for intelligence (YAML)", Path
    )
    escalation_rules: Path | None = _setting(
        "LINKWATCH_ESCALATION_RULES", None, "a force's own escalation rules (YAML)", Path
    )
    # Ingest and the CLI.
    quarantine_dir: Path = _setting(
        "LINKWATCH_QUARANTINE_DIR", Path("quarantine"),
        "where ingest quarantine reports go", Path,
    )
    work_dir: Path = _setting(
        "LINKWATCH_WORK_DIR", Path(".linkwatch"),
        "where `linkwatch demo` writes its export and the demo users' passwords", Path,
    )
    ingest_writers: int = _setting(
        "LINKWATCH_INGEST_WRITERS", 2, "write transactions in flight during an ingest", _writers
    )
    ingest_chunk_rows: int = _setting(
        "LINKWATCH_INGEST_CHUNK_ROWS", 50_000,
        "records an ingest reads, settles and writes at a time (memory stays flat)", _writers
    )
    ingest_field_limit: int = _setting(
        "LINKWATCH_INGEST_FIELD_LIMIT", 100_000,
        "the longest value (characters) an ingest accepts in one field; a longer one "
        "quarantines its row", _field_limit,
    )
    # Public location reports and problem profiles.
    location_factors: Path | None = _setting(
        "LINKWATCH_LOCATION_FACTORS", None,
        "a force's own factors for public location reports (YAML)", Path,
    )
    report_radius_m: float = _setting(
        "LINKWATCH_REPORT_RADIUS_M", 150.0,
        "a public report clusters to the nearest known place within this many metres",
        _positive,
    )
    report_cell_m: float = _setting(
        "LINKWATCH_REPORT_CELL_M", 250.0,
        "the grid cell size (metres) for public reports with no known place that near",
        _positive,
    )
    problem_comparison_m: float = _setting(
        "LINKWATCH_PROBLEM_COMPARISON_M", 1000.0,
        "a problem profile's surrounding comparison area: this many metres round its places",
        _positive,
    )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every setting from ``environ`` (default ``os.environ``), now.

        Args:
            environ: the variables to read; empty values count as unset.

        Returns:
            The settings, defaults filled in.

        Raises:
            SettingsError: a variable's value cannot be parsed (the message names it).
        """
        source = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = source.get(f.metadata["env"])
            if not raw:
                continue
            try:
                values[f.name] = f.metadata["parse"](raw)
            except ValueError as exc:
                raise SettingsError(f"{f.metadata['env']}={raw!r} is not usable: {exc}") from exc
        return cls(**values)

    def app_config(self) -> dict[str, Any]:
        """The web app's settings as Flask config keys (``SECRET_KEY`` only when set)."""
        config = {}
        for f in fields(self):
            key = f.metadata["config_key"]
            value = getattr(self, f.name)
            if key and value is not None:
                config[key] = value
        return config


def settings() -> Settings:
    """The settings in effect now: read from the environment at each call."""
    return Settings.from_environment()


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect, and how soon to give up when the server is down."""

    uri: str
    user: str
    password: str
    database: str | None = None
    connect_timeout: float = CONNECT_TIMEOUT
    acquire_timeout: float = ACQUIRE_TIMEOUT
    retry_after: float = RETRY_AFTER


def neo4j_settings(config: Settings | None = None) -> Neo4jSettings:
    """The Neo4j connection: ``NEO4J_*`` if ``NEO4J_URI`` is set, else the local Neo4j.

    Args:
        config: the settings to use; default :func:`settings`.

    Returns:
        The settings to open a driver with.

    Raises:
        graph.errors.DatabaseUnavailable: no ``NEO4J_URI`` and no local Neo4j running.
    """
    config = config or settings()
    timeouts = {
        "connect_timeout": config.neo4j_connect_timeout,
        "acquire_timeout": config.neo4j_acquire_timeout,
        "retry_after": config.neo4j_retry_after,
    }
    if config.neo4j_uri:
        return Neo4jSettings(
            uri=config.neo4j_uri,
            user=config.neo4j_user,
            password=config.neo4j_password,
            database=config.neo4j_database,
            **timeouts,
        )
    # Imported here, not at the top: the launcher is development tooling a server deployment
    # never loads, and graph.localdb itself imports this module for its defaults.
    from graph import localdb

    try:
        uri, user, password = localdb.connection(config.data_dir)
    except (localdb.LauncherError, OSError) as exc:
        raise DatabaseUnavailable(
            "no NEO4J_URI set and the local Neo4j is not running: "
            "run `linkwatch neo4j start` (or `make run`)"
        ) from exc
    return Neo4jSettings(
        uri=uri, user=user, password=password, database=config.neo4j_database, **timeouts
    )
