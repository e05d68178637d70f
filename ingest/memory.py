"""What a streaming run remembers of the chunks it has settled, in a few bytes per record.

A run is settled chunk by chunk, but duplicates and references span the whole run: a
subject on row 9 of one chunk and again on row 70,000 of the next is one node (or, with
different values, a quarantined duplicate), and a link in a later file must find the
offence an earlier chunk loaded. This keeps, for every node and relationship the run has
loaded so far, a 64-bit fingerprint of its identity with its content hash, the file and
row that first loaded it and whether it is new to the database: about 30 bytes a record,
in sorted numpy arrays (a log-structured set of runs), rather than the records themselves.
Ten million records take about 300 MB; the records would take gigabytes.

Identity fingerprints are 64-bit hashes: two different ids share one with a chance of
about n^2 / 2^65 (one in 300,000 for ten million records).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Flags kept per record.
FRESH = 1  # a node the database did not hold when the run started


def fingerprints(keys: list[str]) -> np.ndarray:
    """64-bit fingerprints of identity strings (fixed hash key: the same in every run)."""
    if not keys:
        return np.empty(0, dtype=np.uint64)
    return pd.util.hash_pandas_object(pd.Series(keys, dtype=object), index=False).to_numpy()


def content_hashes(texts: list[str]) -> np.ndarray:
    """Records' 16-hex-digit property hashes as numbers, all at once."""
    if not texts:
        return np.empty(0, dtype=np.uint64)
    return np.frombuffer(bytes.fromhex("".join(texts)), dtype=">u8").astype(np.uint64)


@dataclass
class Found:
    """What :meth:`Memory.find` found, per fingerprint asked (``hit`` False: not held)."""

    hit: np.ndarray  # bool
    content: np.ndarray  # uint64
    file: np.ndarray  # uint16
    row: np.ndarray  # uint32
    flags: np.ndarray  # uint8


@dataclass
class _Run:
    keys: np.ndarray  # uint64, sorted
    content: np.ndarray  # uint64
    file: np.ndarray  # uint16 index into Memory.files
    row: np.ndarray  # uint32
    flags: np.ndarray  # uint8

    def __len__(self) -> int:
        return len(self.keys)


class Memory:
    """A set of identity fingerprints with what the run recorded for each."""

    def __init__(self) -> None:
        self.runs: list[_Run] = []
        self.files: list[str] = []
        self._file_index: dict[str, int] = {}

    def __len__(self) -> int:
        return sum(len(r) for r in self.runs)

    def _file(self, name: str) -> int:
        if name not in self._file_index:
            self._file_index[name] = len(self.files)
            self.files.append(name)
        return self._file_index[name]

    def find(self, keys: np.ndarray) -> Found:
        """For each fingerprint, whether it is held and what was recorded with it first."""
        n = len(keys)
        out = Found(np.zeros(n, dtype=bool), np.zeros(n, dtype=np.uint64),
                    np.zeros(n, dtype=np.uint16), np.zeros(n, dtype=np.uint32),
                    np.zeros(n, dtype=np.uint8))
        for run in self.runs:
            if not n or not len(run.keys):
                continue
            pos = np.searchsorted(run.keys, keys)
            pos[pos >= len(run.keys)] = 0
            hit = (run.keys[pos] == keys) & ~out.hit
            where = pos[hit]
            out.hit |= hit
            out.content[hit] = run.content[where]
            out.file[hit] = run.file[where]
            out.row[hit] = run.row[where]
            out.flags[hit] = run.flags[where]
        return out

    def file_name(self, index: int) -> str:
        """The file recorded under ``index`` (see :class:`Found`)."""
        return self.files[index]

    def add(self, keys: np.ndarray, content: np.ndarray, files: list[str], rows: list[int],
            flags: list[int]) -> None:
        """Record new fingerprints (none of them already held, none repeated)."""
        if not len(keys):
            return
        order = np.argsort(keys, kind="stable")
        run = _Run(
            keys[order],
            content[order],
            np.asarray([self._file(f) for f in files], dtype=np.uint16)[order],
            np.asarray(rows, dtype=np.uint32)[order],
            np.asarray(flags, dtype=np.uint8)[order],
        )
        self.runs.append(run)
        # Merge runs of similar size, so a lookup searches O(log n) runs.
        while len(self.runs) > 1 and len(self.runs[-2]) <= 2 * len(self.runs[-1]):
            b, a = self.runs.pop(), self.runs.pop()
            self.runs.append(_merge(a, b))


def _merge(a: _Run, b: _Run) -> _Run:
    keys = np.concatenate([a.keys, b.keys])
    order = np.argsort(keys, kind="stable")
    return _Run(
        keys[order],
        np.concatenate([a.content, b.content])[order],
        np.concatenate([a.file, b.file])[order],
        np.concatenate([a.row, b.row])[order],
        np.concatenate([a.flags, b.flags])[order],
    )
