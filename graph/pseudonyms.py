"""Victims' pseudonyms: stable per subject, page-scoped ids (the disclosure policy's tool).

"Victim A" is the first victim (in the order of his offences) of the subject a page is
about, on every page, in the network and in every export; a victim of someone else is
"Victim B of S000456". :mod:`graph.disclosure` decides who receives them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Iterable
from typing import Any

from graph.db import Database

#: Names shorter than this are not replaced in free text (too likely to be other words).
_MIN_NAME = 3


def letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (spreadsheet column letters).

    >>> [letters(i) for i in (0, 25, 26, 27, 701, 702)]
    ['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']
    """
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def victim_order(appearances: Iterable[tuple[Any, str, str]]) -> list[str]:
    """A subject's victims in the order they first appear in his offences.

    Args:
        appearances: ``(date, offence id, victim id)`` for each victim of each of the
            subject's offences; the date is when it was committed (or else reported).

    Returns:
        Victim ids, first appearance first (ties: offence id, then victim id).

    >>> victim_order([(None, "O3", "V9"), (dt.date(2024, 1, 2), "O2", "V5"),
    ...               (dt.date(2024, 1, 1), "O1", "V7"), (dt.date(2024, 1, 2), "O2", "V7")])
    ['V7', 'V5', 'V9']
    """
    ordered = sorted(appearances, key=lambda a: (a[0] is None, a[0] or dt.date.min, a[1], a[2]))
    return list(dict.fromkeys(victim for _, _, victim in ordered))


class Pseudonyms:
    """Victims as an audience without victim identity knows them, for one response.

    Labels are stable per subject (see the module docstring). Ids are an HMAC of the real id
    keyed by the app's secret and scoped to one user and one page, so a page can find the
    same victim again (expanding her in the network) while ids cannot be compared across
    pages or users, nor reversed.

    Args:
        db: the execution point (labels need the subjects' offences).
        secret: the app's secret key.
        scope: user and page, e.g. ``"alice|p4ge"``.
        subject_id: the subject the page is about, whose victims are plain "Victim A".
    """

    def __init__(self, db: Database | None, secret: str | bytes, scope: str,
                 subject_id: str | None = None) -> None:
        self.db = db
        self.subject_id = subject_id
        self._key = secret.encode() if isinstance(secret, str) else secret
        self._scope = scope.encode()
        self._labels: dict[str, str] = {}
        self._unlinked = 0
        self._names: list[tuple[re.Pattern[str], str]] | None = None
        self._own: dict[str, tuple[str | None, str | None, str | None]] | None = None

    def token(self, victim_id: str) -> str:
        """The page-scoped pseudonymous id of a victim."""
        digest = hmac.new(self._key, self._scope + b"\x00" + str(victim_id).encode(),
                          hashlib.sha256)
        return "v" + digest.hexdigest()[:20]

    def load(self, victim_ids: Iterable[str]) -> None:
        """Work out the labels of these victims (one query for all of them)."""
        wanted = sorted({str(v) for v in victim_ids} - self._labels.keys())
        if not wanted or self.db is None:
            return
        rows = self.db.read("disclosure/victim_subjects", victim_ids=wanted,
                            context=self.subject_id)
        for row in rows:
            order = victim_order((_native(a["date"]), a["offence"], a["victim"])
                                 for a in row["order"])
            letter = letters(order.index(row["victim_id"]))
            own = row["subject_id"] == self.subject_id
            self._labels[row["victim_id"]] = (
                f"Victim {letter}" if own else f"Victim {letter} of {row['subject_id']}")
            if own and self._names is None:  # the page's subject's victims, all of them
                self._own = {a["victim"]: (a.get("forename"), a.get("surname"), letters(i))
                             for a in row["order"]
                             for i in [order.index(a["victim"])]}

    def scrub(self, text: str) -> str:
        """``text`` with every name of the page's subject's victims replaced by her label.

        Full names first, then each forename and surname of three letters or more, as whole
        words, whatever their case.
        """
        if self._names is None:
            self._names = []
            if self._own is None:
                rows = (self.db.read("disclosure/victim_names", subject_id=self.subject_id)
                        if self.db is not None and self.subject_id else [])
                self._own = {r["victim_id"]: (r["forename"], r["surname"], None) for r in rows}
            names = []
            for victim_id, (forename, surname, letter) in self._own.items():
                label = f"Victim {letter}" if letter else self.label(victim_id)
                parts = [p for p in (forename, surname) if p]
                if len(parts) == 2:
                    names.append((" ".join(parts), label))
                names += [(p, label) for p in parts if len(p) >= _MIN_NAME]
            names.sort(key=lambda n: -len(n[0]))
            self._names = [(re.compile(r"\b" + re.escape(n) + r"\b", re.IGNORECASE), label)
                           for n, label in names]
        for pattern, label in self._names:
            text = pattern.sub(label, text)
        return text

    def label(self, victim_id: Any) -> str:
        """The victim's label ("Victim A", "Victim B of S000456", "Unlinked victim A")."""
        key = str(victim_id)
        if key not in self._labels:
            self.load([key])
        if key not in self._labels:  # a victim on no offence with a named subject
            self._labels[key] = "Unlinked victim " + letters(self._unlinked)
            self._unlinked += 1
        return self._labels[key]


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value
