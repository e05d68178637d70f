"""The offence classification table: Home Office offence codes to categories.

The table is configuration, not code (forces differ): a CSV with ``ho_code``,
``description``, ``category``, ``sexual``, ``rape`` and ``vawg``. Point
``LINKWATCH_CLASSIFICATION`` at a force's own file to replace the shipped one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.settings import settings

DEFAULT_FILE = Path(__file__).parent / "config" / "offence_classification.csv"
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class OffenceClass:
    """What one Home Office code means for linkwatch's rules."""

    ho_code: str
    description: str
    category: str
    sexual: bool
    rape: bool
    vawg: bool


def _flag(value: str) -> bool:
    return value.strip().lower() in ("true", "yes", "y", "1")


def normalise_code(code: str | None) -> str:
    """Codes compare upper-case without spaces: ``" 19c"`` is ``"19C"``."""
    return (code or "").replace(" ", "").upper()


@lru_cache(maxsize=4)
def load(path: str | None = None) -> dict[str, OffenceClass]:
    """Read the classification table.

    Args:
        path: a CSV file; defaults to ``LINKWATCH_CLASSIFICATION`` or the shipped table.

    Returns:
        Classes keyed by normalised Home Office code.
    """
    source = Path(path or settings().classification or DEFAULT_FILE)
    with source.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        normalise_code(r["ho_code"]): OffenceClass(
            ho_code=normalise_code(r["ho_code"]),
            description=r["description"].strip(),
            category=r["category"].strip(),
            sexual=_flag(r["sexual"]),
            rape=_flag(r["rape"]),
            vawg=_flag(r["vawg"]),
        )
        for r in rows
    }


def classify(code: str | None, table: dict[str, OffenceClass] | None = None) -> OffenceClass | None:
    """The class of one code, or ``None`` when the table does not know it."""
    return (table if table is not None else load()).get(normalise_code(code))
