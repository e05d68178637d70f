"""Settings: one frozen dataclass read from the environment at call time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from graph import localdb
from graph.settings import REPO_ROOT, Settings, SettingsError, neo4j_settings, settings

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_when_nothing_is_set():
    config = Settings.from_environment({})
    assert config == Settings()
    assert config.neo4j_uri is None and config.neo4j_user == "neo4j"
    assert config.data_dir == REPO_ROOT / ".linkwatch" / "neo4j"
    assert config.ingest_writers == 2 and config.session_cookie_secure is False


def test_values_are_parsed_and_empty_ones_count_as_unset():
    config = Settings.from_environment({
        "NEO4J_URI": "bolt://db:7687",
        "NEO4J_DATABASE": "",
        "LINKWATCH_SESSION_COOKIE_SECURE": "yes",
        "LINKWATCH_SESSION_LIFETIME_HOURS": "12",
        "LINKWATCH_INGEST_WRITERS": "0",
        "LINKWATCH_QUARANTINE_DIR": "/tmp/q",
    })
    assert config.neo4j_uri == "bolt://db:7687" and config.neo4j_database is None
    assert config.session_cookie_secure is True and config.session_lifetime_hours == 12.0
    assert config.ingest_writers == 1  # at least one writer, as before
    assert config.quarantine_dir == Path("/tmp/q")


@pytest.mark.parametrize("variable, value", [
    ("LINKWATCH_SESSION_COOKIE_SECURE", "ture"),
    ("LINKWATCH_INGEST_WRITERS", "two"),
    ("LINKWATCH_SESSION_LIFETIME_HOURS", "a shift"),
])
def test_an_unusable_value_names_its_variable(variable, value):
    with pytest.raises(SettingsError, match=variable):
        Settings.from_environment({variable: value})


def test_settings_are_read_at_each_call(monkeypatch):
    monkeypatch.setenv("LINKWATCH_WORK_DIR", "/tmp/one")
    assert settings().work_dir == Path("/tmp/one")
    monkeypatch.setenv("LINKWATCH_WORK_DIR", "/tmp/two")
    assert settings().work_dir == Path("/tmp/two")


def test_the_server_settings_win_over_the_local_neo4j():
    config = Settings.from_environment({
        "NEO4J_URI": "bolt://db:7687", "NEO4J_USER": "app", "NEO4J_PASSWORD": "s3cret-pass",
    })
    found = neo4j_settings(config)
    assert (found.uri, found.user, found.password) == ("bolt://db:7687", "app", "s3cret-pass")


def test_no_server_and_no_local_neo4j_says_what_to_do(tmp_path):
    from graph.errors import DatabaseUnavailable

    config = Settings.from_environment({"LINKWATCH_DATA_DIR": str(tmp_path)})
    with pytest.raises(DatabaseUnavailable, match="linkwatch neo4j start"):
        neo4j_settings(config)


def test_the_app_takes_its_settings_defaults_then_environment_then_overrides(monkeypatch):
    monkeypatch.setenv("LINKWATCH_MAP_TILE_URL", "https://tiles.example/{z}/{x}/{y}.png")
    monkeypatch.setenv("LINKWATCH_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("LINKWATCH_NOT_A_SETTING", "ignored")
    app = create_app({"TESTING": True, "APPLY_SCHEMA_ON_START": False,
                      "SECRET_KEY": "from-the-test"})
    assert app.config["MAP_TILE_URL"] == "https://tiles.example/{z}/{x}/{y}.png"
    assert app.config["SECRET_KEY"] == "from-the-test"
    assert app.config["LOGIN_RATE_LIMIT"] == "10 per minute"
    assert "NOT_A_SETTING" not in app.config
    monkeypatch.delenv("LINKWATCH_SECRET_KEY")
    assert len(create_app({"APPLY_SCHEMA_ON_START": False}).config["SECRET_KEY"]) == 64


def test_the_launcher_uses_the_data_dir_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("LINKWATCH_DATA_DIR", str(tmp_path / "neo4j"))
    assert localdb.default_data_dir() == tmp_path / "neo4j"
    assert localdb.status() is None  # nothing runs there


@pytest.mark.parametrize("first, never", [
    ("graph.db", "graph.localdb"),
    ("graph.localdb", "graph.db"),
    ("graph.settings", "graph.localdb"),
])
def test_no_import_cycle_between_the_database_settings_and_the_launcher(first, never):
    code = (
        f"import sys, {first}\n"
        f"assert {never!r} not in sys.modules, sorted(m for m in sys.modules if 'graph' in m)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
