"""The README keeps up with the code (as Datasette's ``tests/test_docs.py``).

Every field of :class:`graph.settings.Settings` is a row of the README's settings table,
matched by its backticked variable name, and the table names no variable that is not one.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from graph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
#: The settings table is the first table under this heading.
SETTINGS_HEADING = "## Neo4j: local by default, any server with `NEO4J_URI`"
_VARIABLE = re.compile(r"`([A-Z][A-Z0-9_]*)`")

SETTINGS = {f.metadata["env"]: f for f in fields(Settings)}


def _settings_table() -> list[str]:
    """The rows of the first table under :data:`SETTINGS_HEADING`."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(SETTINGS_HEADING)
    rows: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append(line)
        elif rows:
            break  # the table ended
    assert rows, f"no table under {SETTINGS_HEADING!r} in README.md"
    return rows[2:]  # without the header and the |---| line


@pytest.fixture(scope="module")
def documented() -> set[str]:
    """Variables named (backticked) in the first column of the README's settings table."""
    return {
        name for row in _settings_table() for name in _VARIABLE.findall(row.split("|")[1])
    }


@pytest.mark.parametrize("variable", sorted(SETTINGS))
def test_setting_is_documented_in_the_readme(documented: set[str], variable: str) -> None:
    assert variable in documented, f"add `{variable}` to the README's settings table"


def test_the_readme_documents_only_real_settings(documented: set[str]) -> None:
    assert documented - set(SETTINGS) == set(), "the README names settings that do not exist"


@pytest.mark.parametrize("variable", sorted(SETTINGS))
def test_setting_has_a_description(variable: str) -> None:
    assert SETTINGS[variable].metadata["doc"].strip()


def test_only_the_settings_module_reads_the_environment() -> None:
    # graph/localdb/process.py hands the environment on to the Java child process: that
    # is not reading a setting.
    allowed = {"graph/settings.py", "graph/localdb/process.py"}
    reads = re.compile(r"\bos\.environ\b|\bgetenv\(|\bfrom os import .*\benviron\b")
    offenders = sorted(
        path.relative_to(ROOT).as_posix()
        for folder in ("app", "graph", "ingest")
        for path in (ROOT / folder).rglob("*.py")
        if path.relative_to(ROOT).as_posix() not in allowed
        and reads.search(path.read_text(encoding="utf-8"))
    )
    assert offenders == [], "read settings through graph.settings.settings()"
