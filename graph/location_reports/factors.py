"""The factors a public location report may name: configuration, by group.

``graph/config/location_factors.yaml`` (or ``LINKWATCH_LOCATION_FACTORS``) lists them under
``groups`` (``environmental``, ``behavioural``, or a force's own group), id -> label. The
canonical mapping reads the ids from here (``values: config:location_factors``), so a factor
added to the file is accepted by the next ingest.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from graph.settings import settings

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "config" / "location_factors.yaml"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@cache
def _load(path: str) -> dict[str, dict[str, str]]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    groups = raw.get("groups") or {}
    out: dict[str, dict[str, str]] = {}
    for group, items in groups.items():
        for key in items or {}:
            if not _ID.match(str(key)):
                raise ValueError(f"{path}: factor id {key!r} must be lower case, no spaces")
        out[str(group)] = {str(k): str(v) for k, v in (items or {}).items()}
    if not any(out.values()):
        raise ValueError(f"{path}: no factors under groups")
    return out


def factor_groups() -> dict[str, dict[str, str]]:
    """``{group: {factor_id: label}}`` as configured.

    >>> sorted(factor_groups())[:2]
    ['behavioural', 'environmental']
    """
    return _load(str(settings().location_factors or DEFAULT_FILE))


def factor_names() -> tuple[str, ...]:
    """Every configured factor id, in the file's order."""
    return tuple(k for items in factor_groups().values() for k in items)


def factor_label(factor: str) -> str:
    """A factor as people say it (its id when it is no longer configured).

    >>> factor_label("poor_lighting"), factor_label("unheard_of")
    ('Poor lighting', 'unheard_of')
    """
    for items in factor_groups().values():
        if factor in items:
            return items[factor]
    return factor
