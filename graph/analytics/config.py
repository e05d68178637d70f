"""Link types, their weights and the relationship types that express them.

The weights are configuration (``graph/config/link_weights.yaml``, or the file named by
``LINKWATCH_LINK_WEIGHTS``): forces tune them. Link-type names coming from users are
checked here against :data:`LINK_TYPES`; nothing else ever reaches a query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from graph.settings import settings

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "config" / "link_weights.yaml"

#: Every link type, in the order tables list them.
LINK_TYPES: tuple[str, ...] = (
    "co_offending",
    "shared_victim",
    "same_location",
    "shared_identifier",
    "shared_address",
    "association",
)

#: The relationship types a path may use to express each link type (fixed lists: the
#: whitelist that user-chosen types map through before they reach the path query).
REL_TYPES_BY_LINK: dict[str, tuple[str, ...]] = {
    "co_offending": ("NAMED_IN",),
    "shared_victim": ("NAMED_IN", "VICTIM_OF"),
    "same_location": ("NAMED_IN", "OCCURRED_AT"),
    "shared_identifier": ("HAS_IDENTIFIER",),
    "shared_address": ("LIVES_AT",),
    "association": ("ASSOCIATE_OF",),
}

#: What the count of each link type is over (the key of one evidence item).
EVIDENCE_KEY: dict[str, str] = {
    "co_offending": "offence_id",
    "shared_victim": "victim_id",
    "same_location": "location_id",
    "shared_identifier": "identifier_id",
    "shared_address": "location_id",
    "association": "kind",
}


@dataclass(frozen=True)
class LinkConfig:
    """Weights per link type, the roles that count, and the default time window."""

    weights: dict[str, float] = field(default_factory=dict)
    roles: tuple[str, ...] = ("suspect", "offender")
    window_days: int = 365

    def weight(self, link_type: str) -> float:
        """The weight of ``link_type`` (0 when the file leaves it out)."""
        return float(self.weights.get(link_type, 0.0))


@lru_cache(maxsize=4)
def load_config(path: str | None = None) -> LinkConfig:
    """Read the link weights file.

    Args:
        path: a YAML file; defaults to ``LINKWATCH_LINK_WEIGHTS`` or the shipped file.

    Returns:
        The parsed configuration.

    Raises:
        ValueError: the file names a link type linkwatch does not know.
    """
    source = Path(path or settings().link_weights or DEFAULT_FILE)
    raw = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    weights = {str(k): float(v) for k, v in (raw.get("weights") or {}).items()}
    unknown = sorted(set(weights) - set(LINK_TYPES))
    if unknown:
        raise ValueError(f"{source}: unknown link types {', '.join(unknown)}")
    return LinkConfig(
        weights=weights,
        roles=tuple(raw.get("roles") or ("suspect", "offender")),
        window_days=int(raw.get("window_days", 365)),
    )


def parse_types(
    types: str | Iterable[str] | None, exclude: str | Iterable[str] | None = None
) -> tuple[str, ...]:
    """Check user-chosen link types against :data:`LINK_TYPES`.

    Args:
        types: names (a list, or one comma-separated string); empty or None means all.
        exclude: names to leave out.

    Returns:
        The chosen types in :data:`LINK_TYPES` order.

    Raises:
        ValueError: an unknown name, or nothing left to link by.

    >>> parse_types("association,co_offending")
    ('co_offending', 'association')
    """
    chosen = _names(types) or list(LINK_TYPES)
    left_out = _names(exclude)
    unknown = sorted(set(chosen + left_out) - set(LINK_TYPES))
    if unknown:
        raise ValueError(
            f"unknown link type {', '.join(unknown)}; choose from {', '.join(LINK_TYPES)}"
        )
    result = tuple(t for t in LINK_TYPES if t in chosen and t not in left_out)
    if not result:
        raise ValueError("no link types left to link by")
    return result


def rel_types_for(types: Iterable[str]) -> list[str]:
    """The relationship types that express ``types`` (already checked), for path search."""
    return sorted({rel for t in parse_types(list(types)) for rel in REL_TYPES_BY_LINK[t]})


def _names(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [str(v).strip() for v in items if str(v).strip()]
