"""The network area: ego networks around a subject or a place, and users' saved layouts.

``filters`` (kinds of node, offence filters), ``extract`` (from Neo4j, raw), ``communities``
(groups of a large network), ``layouts`` (saved positions and pinned notes). Drawing a
network is presentation: ``app/chart.py``.
"""

from graph.network.communities import COMMUNITIES_FROM, community_of
from graph.network.extract import (
    DEFAULT_CAP,
    EXPAND_CAP,
    MAX_DEPTH,
    centre,
    ego_extract,
    neighbours_extract,
    tiers_of,
    victims_beside,
)
from graph.network.filters import KINDS, Filters, categories, kind_of, label_of
from graph.network.layouts import (
    MAX_LAYOUT_NODES,
    MAX_NOTE_CHARS,
    MAX_NOTES,
    clean_notes,
    clean_positions,
    delete_layout,
    layout_key,
    load_layout,
    save_layout,
)

__all__ = [
    "COMMUNITIES_FROM", "DEFAULT_CAP", "EXPAND_CAP", "KINDS", "MAX_DEPTH", "MAX_LAYOUT_NODES",
    "MAX_NOTES", "MAX_NOTE_CHARS", "Filters", "categories", "centre", "clean_notes",
    "clean_positions", "community_of", "delete_layout", "ego_extract", "kind_of", "label_of",
    "layout_key", "load_layout", "neighbours_extract", "save_layout", "tiers_of",
    "victims_beside",
]
