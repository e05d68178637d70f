"""A tiny growable column store and the World that holds every synthetic table.

Bulk generators append whole numpy arrays; planting code appends single rows.  Rows are
addressed by their integer position (the internal id); public ids are assigned only when
writing, so planted records are not recognisable by their id ranges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .config import Codes, Profile, Rule


class Table:
    """Columns of fixed dtypes that grow by arrays (`extend`) or by rows (`add`).

    Columns named in `defaults` may be left out of `extend` and `add` (they take the default).
    """

    def __init__(self, defaults: dict[str, Any] | None = None, **dtypes: str) -> None:
        self.dtypes = dtypes
        self.defaults = defaults or {}
        self._cols: dict[str, np.ndarray] = {k: np.empty(0, dtype=v) for k, v in dtypes.items()}
        self._parts: list[dict[str, np.ndarray]] = []
        self._rows: list[tuple[Any, ...]] = []

    def __len__(self) -> int:
        return (
            len(next(iter(self._cols.values())))
            + sum(len(next(iter(p.values()))) for p in self._parts)
            + len(self._rows)
        )

    def extend(self, **cols: Any) -> np.ndarray:
        """Append many rows; scalars broadcast. Returns the new rows' internal ids."""
        self._flush_rows()
        n = max(np.size(v) for v in cols.values() if np.ndim(v) > 0)
        start = len(self)
        part = {}
        for name, dtype in self.dtypes.items():
            v = np.asarray(cols[name] if name in cols else self.defaults[name])
            part[name] = np.full(n, v, dtype=dtype) if v.ndim == 0 else v.astype(dtype, copy=False)
        self._parts.append(part)
        return np.arange(start, start + n)

    def add(self, **vals: Any) -> int:
        """Append one row and return its internal id."""
        idx = len(self)
        self._rows.append(tuple(vals[k] if k in vals else self.defaults[k] for k in self.dtypes))
        return idx

    def _flush_rows(self) -> None:
        if self._rows:
            cols = list(zip(*self._rows, strict=True))
            self._parts.append(
                {
                    k: np.array(c, dtype=self.dtypes[k])
                    for k, c in zip(self.dtypes, cols, strict=True)
                }
            )
            self._rows = []

    def col(self, name: str) -> np.ndarray:
        """The full column; the returned array is the stored one, so edits stick."""
        self._flush_rows()
        if self._parts:
            self._cols = {
                k: np.concatenate([self._cols[k]] + [p[k] for p in self._parts])
                for k in self.dtypes
            }
            self._parts = []
        return self._cols[name]

    def __getitem__(self, name: str) -> np.ndarray:
        return self.col(name)


def _tables() -> dict[str, Table]:
    # Dates are int32 days since 1970-01-01; NO_DATE marks an empty date.  Small categorical
    # columns are int8 codes into the pools/vocabularies named in the writer.
    return {
        "subjects": Table(forename="i4", surname="i4", alias="i4", dob="i4", gender="i1", pnc="i8"),
        "victims": Table(forename="i4", surname="i4", dob="i4", gender="i1"),
        "offences": Table(
            code="i2",
            cfrom="i4",
            cto="i4",
            rep="i4",
            loc="i4",
            outcome="i1",
            domestic="?",
            minute="i2",
            mo="i2",
        ),
        "off_subj": Table(off="i4", subj="i4", role="i1", named="i4"),
        "off_vict": Table(off="i4", vict="i4"),
        "locations": Table(name="i4", address="i4", postcode="i4", lat="f8", lon="f8", vtype="i1"),
        "custody": Table(subj="i4", start="i4", end="i4", est="i1"),
        "intel": Table(subj="i4", loc="i4", rep="i4", grading="i1", behaviour="i1", summary="i1"),
        # Orders: status and court index ORDER_STATUSES and vocab.COURTS, basis an order type
        # whose legal basis applies (-1: empty, as in older exports).
        "orders": Table(
            defaults={"status": -1, "applied": NO_DATE, "served": NO_DATE, "court": -1,
                      "basis": -1},
            subj="i4", otype="i1", start="i4", end="i4", cond="i1",
            status="i1", applied="i4", served="i4", court="i2", basis="i1",
        ),
        # Conditions of orders: text indexes the "condition" pool; vict -1 and radius -1 empty.
        "conditions": Table(
            order="i4", kind="i1", text="i4", vict="i4", lat="f8", lon="f8", radius="i4",
            starts="i4", ends="i4",
        ),
        # Recorded breaches: cond, off and intel -1 when not given.
        "breaches": Table(
            order="i4", cond="i4", on="i4", off="i4", intel="i4", outcome="i1", summary="i1"
        ),
        "idents": Table(subj="i4", kind="i1", num="i8", owner="i4"),
        "assoc": Table(subj="i4", other="i4", kind="i1"),
    }


NO_DATE = np.iinfo(np.int32).min
ROLES = ("suspect", "offender", "other")
SUSPECT, OFFENDER, OTHER = 0, 1, 2
VENUE_TYPES = (
    "night_time_economy",
    "transport_hub",
    "residential",
    "education",
    "online",
    "public_space",
    "retail",
    "workplace",
    "healthcare",
)
NTE, TRANSPORT, RESIDENTIAL, EDUCATION, ONLINE, PUBLIC, RETAIL, WORKPLACE, HEALTHCARE = range(9)
ORDER_TYPES = (
    "SHPO",
    "SRO",
    "SPO",
    "DVPO",
    "restraining",
    "non_molestation",
    "bail_conditions",
    "DAPO",
    "notification",
)
ORDER_STATUSES = ("applied", "interim", "granted", "refused", "discharged", "expired")
CONDITION_KINDS = (
    "no_contact",
    "exclusion_zone",
    "curfew",
    "residence",
    "internet",
    "travel",
    "notification",
    "other",
)
BREACH_OUTCOMES = ("arrest", "charge", "warning", "nfa", "pending")
IDENT_KINDS = ("phone", "vehicle", "email")
PHONE, VEHICLE, EMAIL = 0, 1, 2
ASSOC_KINDS = ("co_accused", "family", "associate", "partner")
CO_ACCUSED, FAMILY, ASSOCIATE, PARTNER = 0, 1, 2, 3


@dataclass
class World:
    """Everything generated so far, plus what was planted (the truth)."""

    profile: Profile
    seed: int
    as_of: int
    cutoff: int  # first reported day that still counts as recent
    start: int  # first day of the ten-year window
    codes: Codes
    rule: Rule
    t: dict[str, Table] = field(default_factory=_tables)
    # String pools that pooled int columns index into (subject/victim names, aliases, places).
    pools: dict[str, list[str]] = field(default_factory=dict)
    pool_lookup: dict[str, dict[str, int]] = field(default_factory=dict)
    truth: dict[str, Any] = field(default_factory=dict)
    # Internal ids that planting reserves; bulk code keeps clear of them.
    reserved_locations: set[int] = field(default_factory=set)
    ident_counter: dict[int, int] = field(default_factory=lambda: {PHONE: 0, VEHICLE: 0, EMAIL: 0})
    # Shared working data between stages: homes of subjects, location ids by venue type.
    homes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    locs_by_type: dict[int, np.ndarray] = field(default_factory=dict)
    co_accused: list[np.ndarray] = field(default_factory=list)  # 2 x k arrays of subject pairs

    def pool_index(self, pool: str, value: str) -> int:
        """Index of a string in a pool, appending it if new (planted name variants)."""
        values = self.pools[pool]
        cache = self.pool_lookup.get(pool)
        if cache is None:
            cache = self.pool_lookup[pool] = {v: i for i, v in enumerate(values)}
        if value not in cache:
            cache[value] = len(values)
            values.append(value)
        return cache[value]

    def new_identifiers(self, kind: int, n: int) -> np.ndarray:
        """Fresh identifier numbers, never handed out before (so sharing is always planted)."""
        first = self.ident_counter[kind]
        self.ident_counter[kind] = first + n
        return np.arange(first, first + n, dtype=np.int64)
