"""The behaviour taxonomy: what a ``behaviour`` on an intelligence record may be.

Configuration, not code (forces differ): ``graph/config/behaviours.yaml``, or a force's own
file named by ``LINKWATCH_BEHAVIOURS``. The ten codes of seed 000 (plus suspected spiking) are
fixed, because forces and outside checks produce them; a force may add its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from graph.settings import settings

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "config" / "behaviours.yaml"
#: The codes every taxonomy must hold.
FIXED = ("sexual_gestures", "sexual_comments", "abuse_after_rejection", "catcalling",
         "brushing_past", "out_of_context_nte", "loitering", "repeated_approaches",
         "targeting_vulnerable", "suspected_spiking")


class TaxonomyError(ValueError):
    """A taxonomy file is malformed, or a value is not in it."""


@dataclass(frozen=True)
class Behaviour:
    """One behaviour: its code, label, category, contact flag and severity (1-5)."""

    code: str
    label: str
    category: str
    contact: bool
    severity: int


@dataclass(frozen=True)
class Taxonomy:
    """Every behaviour, by code, with the spellings read as each code."""

    behaviours: dict[str, Behaviour]
    categories: dict[str, str]
    aliases: dict[str, str]

    def code(self, value: object) -> str | None:
        """The code a spelling stands for; ``None`` for an empty value.

        Raises:
            TaxonomyError: a value that is not a behaviour of this taxonomy.
        """
        key = _key(value)
        if not key:
            return None
        found = self.aliases.get(key)
        if found is None:
            raise TaxonomyError(f"behaviour {str(value).strip()!r} is not in the taxonomy "
                                f"({', '.join(self.behaviours)})")
        return found

    def options(self) -> list[dict[str, object]]:
        """The behaviours as plain data, grouped by category, for forms and JSON."""
        return [{"code": b.code, "label": b.label, "category": b.category,
                 "category_label": self.categories.get(b.category, b.category),
                 "contact": b.contact, "severity": b.severity}
                for b in self.behaviours.values()]


def _key(value: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())


def parse(raw: dict) -> Taxonomy:
    """A :class:`Taxonomy` from a YAML document; raises :class:`TaxonomyError`.

    >>> t = parse({"behaviours": {c: {"label": c, "category": "x", "contact": False,
    ...                               "severity": 1} for c in FIXED}})
    >>> t.code("Loitering"), t.code(""), t.behaviours["brushing_past"].contact
    ('loitering', None, False)
    """
    items = (raw or {}).get("behaviours") or {}
    missing = [c for c in FIXED if c not in items]
    if missing:
        raise TaxonomyError(f"the taxonomy lacks the fixed behaviours {', '.join(missing)}")
    behaviours, aliases = {}, {}
    for code, spec in items.items():
        spec = spec or {}
        severity = int(spec.get("severity", 1))
        if not 1 <= severity <= 5 or _key(code) != code:
            raise TaxonomyError(f"behaviour {code!r}: a lower_case code and severity 1-5")
        behaviours[code] = Behaviour(code, str(spec.get("label") or code),
                                     str(spec.get("category") or "other"),
                                     bool(spec.get("contact", False)), severity)
        for spelling in [code, *(spec.get("aliases") or [])]:
            aliases[_key(spelling)] = code
    return Taxonomy(behaviours, dict((raw or {}).get("categories") or {}), aliases)


@lru_cache(maxsize=4)
def _load(path: str) -> Taxonomy:
    with open(path, encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))


def load(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy from ``path``, ``LINKWATCH_BEHAVIOURS`` or the shipped file."""
    return _load(str(path or settings().behaviours or DEFAULT_FILE))
