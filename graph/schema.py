"""Apply the schema in ``schema.yaml`` idempotently, and describe what exists.

Index and constraint statements cannot take parameters for names, labels or
properties, so they are built here only from whitelisted, pattern-checked names.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from graph import model
from graph.db import Database

SCHEMA_FILE = Path(__file__).with_name("schema.yaml")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _name(value: str) -> str:
    if not _NAME.match(value):
        raise ValueError(f"bad schema name {value!r}")
    return value


def load_schema(path: Path = SCHEMA_FILE) -> dict[str, Any]:
    """Read the schema file."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def statements(schema: dict[str, Any] | None = None) -> list[str]:
    """Every ``CREATE ... IF NOT EXISTS`` statement the schema asks for.

    Args:
        schema: parsed ``schema.yaml``; read from disk when omitted.

    Returns:
        Cypher statements, constraints first.
    """
    schema = schema or load_schema()
    out = [
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
        f"FOR (n:{model.checked_label(label)}) REQUIRE n.id IS UNIQUE"
        for label in model.LABELS
    ]
    for ix in schema.get("indexes", []):
        out.append(
            f"CREATE INDEX {_name(ix['name'])} IF NOT EXISTS "
            f"FOR (n:{model.checked_label(ix['label'])}) ON (n.{_name(ix['property'])})"
        )
    for ix in schema.get("relationship_indexes", []):
        out.append(
            f"CREATE INDEX {_name(ix['name'])} IF NOT EXISTS "
            f"FOR ()-[r:{model.checked_rel_type(ix['type'])}]-() ON (r.{_name(ix['property'])})"
        )
    for ix in schema.get("fulltext", []):
        props = ", ".join(f"n.{_name(p)}" for p in ix["properties"])
        out.append(
            f"CREATE FULLTEXT INDEX {_name(ix['name'])} IF NOT EXISTS "
            f"FOR (n:{model.checked_label(ix['label'])}) ON EACH [{props}]"
        )
    return out


def apply(db: Database) -> int:
    """Create every constraint and index that does not exist yet, then wait for them.

    Returns:
        How many statements were sent (all are no-ops when the schema exists).
    """
    stmts = statements()
    for i, text in enumerate(stmts):
        db.write_text(f"schema/statement_{i}", text)
    db.write_text("schema/await_indexes", "CALL db.awaitIndexes(300)")
    return len(stmts)


def existing(db: Database) -> dict[str, set[str]]:
    """Names of the constraints and indexes present in the database."""
    return {
        "constraints": {r["name"] for r in db.read("schema/show_constraints")},
        "indexes": {r["name"] for r in db.read("schema/show_indexes")},
    }
