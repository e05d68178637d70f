"""Plain records: Neo4j's temporal values as ``datetime`` values, and people's names."""

from __future__ import annotations

from typing import Any


def plain(value: Any) -> Any:
    """``value`` with Neo4j dates and datetimes (at any depth) as ``datetime`` values."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def full_name(row: dict[str, Any] | None) -> str:
    """``forename surname`` from a row, or an empty string.

    >>> full_name({"forename": "Ada", "surname": "Lovelace"}), full_name(None)
    ('Ada Lovelace', '')
    """
    if not row:
        return ""
    return " ".join(str(p) for p in (row.get("forename"), row.get("surname")) if p)
