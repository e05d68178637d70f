"""What a network may contain: the kinds of node (the label whitelist) and offence filters."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from graph import classification

#: The kinds of node a network shows, as URLs name them, and their labels (the whitelist
#: through which a kind from a URL reaches a query template).
KINDS: dict[str, str] = {
    "subject": "Subject",
    "offence": "Offence",
    "victim": "Victim",
    "location": "Location",
    "identifier": "Identifier",
    "order": "Order",
}
_KIND_OF_LABEL = {label: kind for kind, label in KINDS.items()}
_SLUG = re.compile(r"^[a-z][a-z0-9_]{0,60}$")


def label_of(kind: str) -> str:
    """The label of a kind of node.

    Raises:
        ValueError: not a kind a network shows.
    """
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown kind of node {kind!r}") from None


def kind_of(labels: list[str]) -> str | None:
    """The kind of a node with these labels, or None.

    >>> kind_of(["Offence"]), kind_of(["Officer"])
    ('offence', None)
    """
    for label in labels:
        if label in _KIND_OF_LABEL:
            return _KIND_OF_LABEL[label]
    return None


@dataclass(frozen=True)
class Filters:
    """Which offences a network shows and crosses.

    Attributes:
        date_from: first reported date kept (inclusive), or None.
        date_to: last reported date kept (inclusive), or None.
        category: an offence category of the classification table, or ``"sexual"`` (rape
            and other sexual offences), or None for every offence.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    category: str | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("the from date is after the to date")
        if self.category is not None and not _SLUG.match(self.category):
            raise ValueError(f"unknown offence category {self.category!r}")

    def categories(self) -> list[str] | None:
        """The categories an offence may have, or None for any."""
        if self.category is None:
            return None
        if self.category == "sexual":
            return sexual_categories()
        return [self.category]

    def params(self) -> dict[str, Any]:
        """The query parameters of these filters."""
        return {"from": self.date_from, "to": self.date_to, "categories": self.categories()}

    def as_json(self) -> dict[str, Any]:
        """The filters as the API echoes them."""
        return {"from": self.date_from and self.date_from.isoformat(),
                "to": self.date_to and self.date_to.isoformat(), "category": self.category}


def sexual_categories() -> list[str]:
    """The categories of the classification table that are sexual offences."""
    return sorted({c.category for c in classification.load().values() if c.sexual})


def categories() -> list[str]:
    """Every category of the classification table: rape, other sexual ones, then the rest."""
    sexual = set(sexual_categories())
    seen = {c.category for c in classification.load().values()}
    return sorted(seen, key=lambda c: (c != "rape", c not in sexual, c))
