"""Intelligence fields of the canonical export: the 3x5x2 grading and the behaviour code.

Pure functions over a file's text columns; :func:`ingest.validate.convert` calls them for the
field types ``grading`` and ``behaviour``. Each returns one value per row (``None`` when
empty or refused) and, per row, the reason it was refused (empty when it was not).
"""

from __future__ import annotations

import pandas as pd

from graph.intelligence.grading import GradingError, compact, is_old_5x5x5, reconcile
from graph.intelligence.taxonomy import TaxonomyError
from graph.intelligence.taxonomy import load as load_taxonomy

#: The columns a grading is read from: the one string, then source, intelligence, handling.
GRADING_COLUMNS = ("grading", "source_grade", "intel_grade", "handling")
PARTS = ("whole", "source", "intel", "handling")


def _column(frame: pd.DataFrame, name: str) -> list[str]:
    if name not in frame.columns:
        return [""] * len(frame)
    return [str(v or "").strip() for v in frame[name]]


def grading_values(frame: pd.DataFrame, part: str, columns: tuple[str, ...] = GRADING_COLUMNS
                   ) -> tuple[list[object], list[str]]:
    """One part of each row's grading (``whole``: ``2BP``, or an older 5x5x5 grading as sent).

    Only the ``whole`` part reports refusals (one reason per row, not four); the other
    parts are ``None`` on a refused row, which is quarantined anyway.

    >>> f = pd.DataFrame({"grading": ["2B P", "b2", "", "2BP", "9Z"],
    ...                   "source_grade": ["", "", "1", "3", ""],
    ...                   "intel_grade": ["", "", "a", "", ""], "handling": ["", "", "C", "", ""]})
    >>> grading_values(f, "whole")[0], grading_values(f, "source")[0]
    (['2BP', 'B2', '1AC', None, None], ['2', None, '1', None, None])
    >>> [r[:30] for r in grading_values(f, "whole")[1]]
    ['', '', '', 'source_grade 3 disagrees with ', "grading '9Z' is not 3x5x2 (sou"]
    """
    cols = [_column(frame, c) for c in columns]
    values: list[object] = []
    reasons: list[str] = []
    for whole, source, intel, handling in zip(*cols, strict=True):
        try:
            g = reconcile(whole, source, intel, handling)
        except GradingError as exc:
            values.append(None)
            reasons.append(str(exc) if part == "whole" else "")
            continue
        if part == "whole":
            values.append(g.code or (compact(whole) if is_old_5x5x5(whole) else None))
        else:
            values.append({"source": g.source, "intel": g.intel, "handling": g.handling}[part])
        reasons.append("")
    return values, reasons


def behaviour_values(raw: pd.Series) -> tuple[list[object], list[str]]:
    """Each row's behaviour as its taxonomy code (aliases read as their code).

    >>> behaviour_values(pd.Series(["Loitering", "approaching groups", "", "juggling"]))[0]
    ['loitering', 'repeated_approaches', None, None]
    """
    taxonomy = load_taxonomy()
    values: list[object] = []
    reasons: list[str] = []
    for value in raw:
        try:
            values.append(taxonomy.code(value))
            reasons.append("")
        except TaxonomyError as exc:
            values.append(None)
            reasons.append(str(exc))
    return values, reasons
