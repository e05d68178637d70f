"""The national 3x5x2 intelligence grading: source 1-3, intelligence A-E, handling P or C.

College of Policing (2016): **source** 1 reliable, 2 untested, 3 not reliable; **intelligence**
A known directly to the source, B known indirectly but corroborated, C known indirectly, D not
known, E suspected to be false or malicious; **handling** P lawful sharing permitted, C
conditions apply (never to a partner without them).

A force sends either one ``grading`` string (``2B P``), the three columns ``source_grade``,
``intel_grade`` and ``handling``, or both. :func:`parse_grading` reads the string;
:func:`reconcile` decides what a record's three parts are, or why it cannot be loaded. An
older 5x5x5 grading (``B2``, ``B24``: letter first) is not a 3x5x2 one: it is kept as sent
and leaves the three parts empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SOURCE_GRADES = ("1", "2", "3")
INTEL_GRADES = ("A", "B", "C", "D", "E")
HANDLING = ("P", "C")
#: The grades that never raise an escalation flag on their own (see graph.intelligence.rules).
WEAK_SOURCE, WEAK_INTEL = "3", "E"

_SEPARATORS = re.compile(r"[\s\-/.,_|]+")
_WHOLE = re.compile(r"^([1-3])([A-E])([PC])$")
_OLD_5X5X5 = re.compile(r"^[A-E][1-5][1-5]?$")


class GradingError(ValueError):
    """A grading that cannot be read; the message says why (it becomes a quarantine reason)."""


@dataclass(frozen=True)
class Grading:
    """One record's 3x5x2 grade; any part may be ``None`` (not given)."""

    source: str | None = None
    intel: str | None = None
    handling: str | None = None

    @property
    def code(self) -> str | None:
        """The compact form (``2BP``) when all three parts are known."""
        if self.source and self.intel and self.handling:
            return f"{self.source}{self.intel}{self.handling}"
        return None

    @property
    def weak(self) -> bool:
        """Graded source 3 or intelligence E, or not graded 1-2 / A-D at all."""
        return (self.source not in ("1", "2")) or (self.intel not in ("A", "B", "C", "D"))


def compact(text: object) -> str:
    """A grading without separators, upper case.

    >>> compact(" 2 b / p "), compact(None)
    ('2BP', '')
    """
    return _SEPARATORS.sub("", str(text or "")).upper()


def is_old_5x5x5(text: object) -> bool:
    """Whether ``text`` is an older 5x5x5 grading (``B2``, ``B24``), kept as sent.

    >>> is_old_5x5x5("b2"), is_old_5x5x5("B 2 4"), is_old_5x5x5("2B")
    (True, True, False)
    """
    return bool(_OLD_5X5X5.match(compact(text)))


def parse_grading(text: object) -> Grading | None:
    """Read a 3x5x2 grading string; ``None`` when empty or an older 5x5x5 grading.

    Spacing, case and separators do not matter.

    >>> parse_grading("2B P")
    Grading(source='2', intel='B', handling='P')
    >>> parse_grading("2 b p") == parse_grading("2/B/P") == parse_grading("2bp")
    True
    >>> parse_grading(""), parse_grading("B2")
    (None, None)
    >>> try:
    ...     parse_grading("4B P")
    ... except GradingError as e:
    ...     print(e)
    grading '4B P' is not 3x5x2 (source 1-3, intelligence A-E, handling P or C, e.g. 2B P)
    """
    text_c = compact(text)
    if not text_c or _OLD_5X5X5.match(text_c):
        return None
    found = _WHOLE.match(text_c)
    if not found:
        raise GradingError(f"grading {str(text).strip()!r} is not 3x5x2 (source 1-3, "
                           "intelligence A-E, handling P or C, e.g. 2B P)")
    return Grading(*found.groups())


def _part(value: object, allowed: tuple[str, ...], name: str) -> str | None:
    text = compact(value)
    if not text:
        return None
    if text not in allowed:
        raise GradingError(f"{name} {str(value).strip()!r} is not one of {', '.join(allowed)}")
    return text


def reconcile(grading: object = "", source: object = "", intel: object = "",
              handling: object = "") -> Grading:
    """The three parts of a record from its ``grading`` string and its three columns.

    A part given both ways must agree; a part given one way is taken from it.

    >>> reconcile("2B P")
    Grading(source='2', intel='B', handling='P')
    >>> reconcile("", "1", "a", "c")
    Grading(source='1', intel='A', handling='C')
    >>> reconcile("2BP", "2", "", "")
    Grading(source='2', intel='B', handling='P')
    >>> reconcile("B2")
    Grading(source=None, intel=None, handling=None)
    >>> try:
    ...     reconcile("2BP", "3", "B", "P")
    ... except GradingError as e:
    ...     print(e)
    source_grade 3 disagrees with grading '2BP'
    """
    parsed = parse_grading(grading) or Grading()
    given = Grading(_part(source, SOURCE_GRADES, "source_grade"),
                    _part(intel, INTEL_GRADES, "intel_grade"),
                    _part(handling, HANDLING, "handling"))
    out = []
    for name, mine, theirs in (("source_grade", given.source, parsed.source),
                               ("intel_grade", given.intel, parsed.intel),
                               ("handling", given.handling, parsed.handling)):
        if mine and theirs and mine != theirs:
            raise GradingError(f"{name} {mine} disagrees with grading {str(grading).strip()!r}")
        out.append(mine or theirs)
    return Grading(*out)
