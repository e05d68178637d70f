"""Profiles, tier-rule thresholds, the offence classification and date helpers."""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

# A fixed default so that the same seed always produces the same bytes.
DEFAULT_AS_OF = date(2026, 11, 1)
YEARS_OF_DATA = 10
EPOCH = date(1970, 1, 1)

CLASSIFICATION_CSV = (
    Path(__file__).resolve().parents[2] / "graph" / "config" / ("offence_classification.csv")
)

# Categories of the classification file that belong in a VAWG/RASSO extract.
VAWG_CATEGORIES = ("rape", "other_sexual", "stalking", "harassment", "coercive_control", "assault")


@dataclass(frozen=True)
class Profile:
    """Sizes of one synthetic data set; planted counts scale with the offence volume."""

    name: str
    offences: int
    tier1: int
    tier2: int
    near_miss: int  # per kind of near miss (stale, no rape, below count)
    groups: int  # co-offending groups
    shared_victims: int
    shared_identifiers: int
    duplicates: int
    escalations: int
    repeat_venues: int
    towns: int


PROFILES: dict[str, Profile] = {
    "demo": Profile("demo", 2_000, 13, 15, 2, 2, 2, 3, 2, 2, 3, 1),
    "force": Profile("force", 300_000, 60, 120, 30, 20, 20, 30, 20, 20, 12, 6),
    "national": Profile("national", 3_000_000, 600, 1200, 300, 200, 200, 300, 200, 200, 60, 20),
}


@dataclass(frozen=True)
class Rule:
    """Operation Ratify thresholds (configuration: forces differ)."""

    tier1_count: int = 6
    tier2_count: int = 4
    min_rape: int = 1
    recency_months: int = 18
    counted_roles: tuple[str, ...] = ("suspect", "offender")

    def as_dict(self, codes: Codes) -> dict:
        """Thresholds plus the code lists they were applied with, for truth.json."""
        d = asdict(self)
        d["counted_roles"] = list(self.counted_roles)
        d["sexual_codes"] = sorted(codes.code[codes.sexual].tolist())
        d["rape_codes"] = sorted(codes.code[codes.rape].tolist())
        d["in_custody"] = "start_date <= as_of and (end_date empty or end_date > as_of)"
        d["recency"] = "reported_on >= as_of minus recency_months calendar months"
        return d


@dataclass(frozen=True)
class Codes:
    """The Home Office offence classification, as arrays indexed by code number."""

    code: np.ndarray
    description: np.ndarray
    category: np.ndarray
    sexual: np.ndarray
    rape: np.ndarray

    def idx(self, code: str) -> int:
        """Index of one Home Office code."""
        return int(np.flatnonzero(self.code == code)[0])

    def in_category(self, category: str) -> np.ndarray:
        """Indices of all codes of one category."""
        return np.flatnonzero(self.category == category)


def load_codes(path: Path = CLASSIFICATION_CSV) -> Codes:
    """Read the classification CSV (the single source of which codes are sexual or rape)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)

    def flag(col: str) -> np.ndarray:
        return df[col].str.strip().str.lower().eq("true").to_numpy()

    return Codes(
        code=df["ho_code"].str.strip().to_numpy(dtype=object),
        description=df["description"].to_numpy(dtype=object),
        category=df["category"].str.strip().to_numpy(dtype=object),
        sexual=flag("sexual"),
        rape=flag("rape"),
    )


def to_days(d: date) -> int:
    """Days since 1970-01-01 (the integer form all dates take inside the generator)."""
    return (d - EPOCH).days


def from_days(n: int) -> date:
    """Inverse of to_days."""
    return date.fromordinal(EPOCH.toordinal() + int(n))


def months_before(d: date, months: int) -> date:
    """Same day `months` calendar months earlier, clipped to the month's last day."""
    total = d.year * 12 + (d.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def parse_as_of(text: str | date | None) -> date:
    """Accept a date, an ISO string, `today` or None (the fixed default)."""
    if text is None:
        return DEFAULT_AS_OF
    if isinstance(text, date):
        return text
    if text.strip().lower() == "today":
        return date.today()
    return date.fromisoformat(text.strip())
