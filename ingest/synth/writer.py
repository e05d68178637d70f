"""Public ids and the canonical CSV folder (plus truth.json).

Columns are built with pyarrow compute (fast, vectorised) in chunks and written through
``graph.csvout`` (pandas' CSV writer, which quotes only fields that need it, with formulas
defused).  Row order is fixed (by public id), so the same seed always gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graph import csvout

from .table import NO_DATE, PHONE, VEHICLE, World

CHUNK = 400_000
_PLATE_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"  # no I or Q, as on real plates
_PNC_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
MINUTES = pa.array([f"{m // 60:02d}:{m % 60:02d}" for m in range(1440)])


class Ids:
    """Public id numbers per record kind.

    Subjects, victims and locations get a random permutation (so planted records are not
    recognisable by id range); offences, intelligence and orders are numbered in date order,
    like crime references.
    """

    PREFIX = {
        "subject": ("S", 6),
        "offence": ("O", 7),
        "victim": ("V", 6),
        "location": ("L", 5),
        "intel": ("INT", 7),
        "order": ("ORD", 6),
        "condition": ("OC", 6),
        "breach": ("BR", 6),
    }

    def __init__(self, w: World, rng: np.random.Generator) -> None:
        t = w.t
        self.num = {
            "subject": rng.permutation(len(t["subjects"])) + 1,
            "victim": rng.permutation(len(t["victims"])) + 1,
            "location": rng.permutation(len(t["locations"])) + 1,
            "offence": _rank(t["offences"]["rep"], t["offences"]["cfrom"]),
            "intel": _rank(t["intel"]["rep"], t["intel"]["rep"]),
            "order": _rank(t["orders"]["start"], t["orders"]["subj"]),
        }
        # Conditions follow their order's number; breaches are numbered in date order.
        cond, breach = t["conditions"], t["breaches"]
        self.num["condition"] = _rank(self.num["order"][cond["order"]], np.arange(len(cond)))
        self.num["breach"] = _rank(breach["on"], self.num["order"][breach["order"]])
        self.width = {k: max(self.PREFIX[k][1], len(str(v.size))) for k, v in self.num.items()}

    def fmt(self, kind: str, idx: np.ndarray) -> pa.Array:
        """Formatted public ids for internal ids (negative internal id -> empty)."""
        prefix = self.PREFIX[kind][0]
        nums = self.num[kind][np.maximum(idx, 0)] if self.num[kind].size else np.zeros_like(idx)
        arr = pa.array(nums, mask=np.asarray(idx) < 0).cast(pa.string())
        padded = pc.utf8_lpad(arr, width=self.width[kind], padding="0")
        return pc.binary_join_element_wise(prefix, padded, "")


def _rank(primary: np.ndarray, secondary: np.ndarray) -> np.ndarray:
    order = np.lexsort((np.arange(primary.size), secondary, primary))
    num = np.empty(primary.size, dtype=np.int64)
    num[order] = np.arange(1, primary.size + 1)
    return num


def dates(days: np.ndarray) -> pa.Array:
    """ISO dates; NO_DATE becomes empty."""
    days = np.asarray(days)
    arr = pa.array(days.astype(np.int32), mask=days == NO_DATE).cast(pa.date32())
    return arr.cast(pa.string())


def pooled(pool: list[str] | tuple[str, ...], idx: np.ndarray) -> pa.Array:
    """Strings from a pool by index; -1 becomes empty."""
    idx = np.asarray(idx)
    return pa.array(list(pool), type=pa.string()).take(pa.array(np.maximum(idx, 0), mask=idx < 0))


def ints(values: np.ndarray, empty: np.ndarray | None = None) -> pa.Array:
    """Integers as text, empty where `empty` is true."""
    return pa.array(values, mask=empty).cast(pa.string())


def _lpad(values: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(pa.array(values).cast(pa.string()), width=width, padding="0")


def pnc_ids(num: np.ndarray) -> pa.Array:
    """Police National Computer style ids (YY/NNNNNNNL) from a counter; -1 -> empty."""
    n = np.maximum(num, 0)
    serial = (n * 7919 + 12345) % 10_000_000  # a bijection on the counter: ids never collide
    out = pc.binary_join_element_wise(
        _lpad((n * 7 + 90) % 100, 2),
        "/",
        _lpad(serial, 7),
        pooled(tuple(_PNC_LETTERS), n % len(_PNC_LETTERS)),
        "",
    )
    return pc.if_else(pa.array(num < 0), pa.nulls(len(num), pa.string()), out)


def identifier_values(
    kind: np.ndarray, num: np.ndarray, owner_fore: pa.Array, owner_sur: pa.Array
) -> pa.Array:
    """Phone numbers (Ofcom drama-style 07700), ZZ plates and example.com emails."""
    if (num >= 1_000_000).any():
        raise ValueError("identifier counter beyond the fictional number space")
    phone = pc.binary_join_element_wise("07700 ", _lpad((num * 7919 + 4241) % 1_000_000, 6), "")
    v = (num * 104_729 + 999) % (100 * 24**3)
    letters = pa.array(tuple(_PLATE_LETTERS))
    plate = pc.binary_join_element_wise(
        "ZZ",
        _lpad(v % 100, 2),
        " ",
        letters.take(pa.array((v // 100) // 576 % 24)),
        letters.take(pa.array((v // 100) // 24 % 24)),
        letters.take(pa.array((v // 100) % 24)),
        "",
    )
    email = pc.utf8_lower(
        pc.binary_join_element_wise(
            owner_fore, ".", owner_sur, pa.array(num).cast(pa.string()), "@example.com", ""
        )
    )
    kinds = pa.array(kind)
    return pc.if_else(
        pc.equal(kinds, PHONE), phone, pc.if_else(pc.equal(kinds, VEHICLE), plate, email)
    )


def write_csv(
    path: Path,
    columns: list[str],
    n: int,
    chunk: Callable[[np.ndarray], dict[str, pa.Array]],
    order: np.ndarray,
) -> int:
    """Write rows `order` (internal ids) in chunks; returns the number of rows."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(columns) + "\n")
        for lo in range(0, n, CHUNK):
            cols = chunk(order[lo : lo + CHUNK])
            table = pa.table({c: cols[c] for c in columns})
            csvout.write_table(f, table, header=False, lineterminator="\n")
    return n
