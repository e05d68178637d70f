"""The versioned tier rule set: thresholds, window, counted roles and offence classes.

Nothing about the rules is code: a force changes ``graph/config/ruleset.yaml`` (or points
``LINKWATCH_RULESET`` at its own file) and every result names the version it used.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from graph import classification
from graph.settings import settings

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "config" / "ruleset.yaml"


@dataclass(frozen=True)
class TierRule:
    """What one tier needs."""

    tier: int
    min_sexual: int
    min_rape: int
    recent: bool = True
    not_in_custody: bool = False


@dataclass(frozen=True)
class RuleSet:
    """A whole rule set, as loaded from its file."""

    version: str
    name: str
    digest: str
    sexual_codes: tuple[str, ...]
    rape_codes: tuple[str, ...]
    counted_roles: tuple[str, ...]
    recency_months: int
    tiers: tuple[TierRule, ...]

    def tier(self, number: int) -> TierRule:
        """The rule for tier ``number``."""
        return next(t for t in self.tiers if t.tier == number)

    @property
    def lowest_count(self) -> int:
        """The smallest sexual-offence count any tier accepts (the trawl's first cut)."""
        return min(t.min_sexual for t in self.tiers)

    def recent_from(self, as_of: dt.date) -> dt.date:
        """The first report date that still gives recency on ``as_of``."""
        return months_before(as_of, self.recency_months)

    def lapses_on(self, last_reported: dt.date) -> dt.date:
        """The first as-of date on which an offence reported on ``last_reported`` is too old.

        ``dt.date.max`` when that day would lie beyond the last representable date.
        """
        day = last_reported
        # The window test is reported_on >= as_of - N months; find the first as_of failing it.
        candidate = months_after(last_reported, self.recency_months)
        while candidate < dt.date.max and months_before(candidate, self.recency_months) <= day:
            candidate += dt.timedelta(days=1)
        return candidate


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier, clipped to the month's last day.

    Clipped to ``dt.date.min`` / ``dt.date.max`` at the ends of the calendar, so that no
    date a caller passes makes the arithmetic fail (the app accepts 1900-2100 only, see
    :mod:`graph.limits`; this keeps the rules total whoever calls them).

    >>> months_before(dt.date(2026, 8, 31), 18)
    datetime.date(2025, 2, 28)
    >>> months_before(dt.date(1, 6, 30), 18), months_before(dt.date(9999, 12, 1), -1)
    (datetime.date(1, 1, 1), datetime.date(9999, 12, 31))
    """
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later, clipped to the month's last day."""
    return months_before(day, -months)


def load(path: str | os.PathLike[str] | None = None) -> RuleSet:
    """Read a rule set and the classification it names.

    Args:
        path: the YAML file; defaults to ``LINKWATCH_RULESET`` or the shipped rule set.

    Returns:
        The rule set with its sexual and rape code lists resolved.
    """
    source = Path(path or settings().ruleset or DEFAULT_FILE)
    text = source.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    table_path = Path(raw.get("classification", classification.DEFAULT_FILE))
    if not table_path.is_absolute():
        table_path = source.parent / table_path
    table = classification.load(str(table_path))
    digest = hashlib.sha256(text.encode() + table_path.read_bytes()).hexdigest()[:12]
    rape = tuple(classification.normalise_code(c) for c in raw["rape_codes"])
    sexual = tuple(sorted({code for code, c in table.items() if c.sexual} | set(rape)))
    tiers = tuple(
        TierRule(
            tier=int(number),
            min_sexual=int(spec["min_sexual"]),
            min_rape=int(spec.get("min_rape", 0)),
            recent=bool(spec.get("recent", True)),
            not_in_custody=bool(spec.get("not_in_custody", False)),
        )
        for number, spec in sorted(raw["tiers"].items())
    )
    return RuleSet(
        version=str(raw["version"]),
        name=str(raw.get("name", raw["version"])),
        digest=digest,
        sexual_codes=sexual,
        rape_codes=rape,
        counted_roles=tuple(raw.get("counted_roles", ["suspect", "offender"])),
        recency_months=int(raw.get("recency_months", 18)),
        tiers=tiers,
    )
