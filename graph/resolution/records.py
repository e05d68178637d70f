"""The records Splink compares: one row per subject, its names, birth date and graph facts.

Pure pandas, so the same function serves the graph (``extract.py`` reads the tables from
Neo4j) and the benchmark (which reads the synthetic force's CSV files).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

#: The columns of the Splink input table, in order.
COLUMNS = (
    "unique_id", "forename", "surname", "full_name", "aliases", "dob", "gender", "pnc_id",
    "identifiers", "addresses", "victims", "offences",
)
#: Graph facts, each a table of (subject_id, value) pairs, compared as sets.
FACTS = ("identifiers", "addresses", "victims", "offences")


def _clean(values: pd.Series) -> pd.Series:
    """Lower-cased, single-spaced text; empty strings become None."""
    text = values.fillna("").astype(str).str.strip().str.lower()
    text = text.str.replace(r"\s+", " ", regex=True)
    return pd.Series([v or None for v in text], index=values.index, dtype=object)


def _aliases(values: pd.Series) -> pd.Series:
    def split(raw: object) -> list[str] | None:
        if isinstance(raw, list | tuple):
            parts = [str(p) for p in raw]
        else:
            parts = str(raw or "").split(";")
        names = sorted({" ".join(p.lower().split()) for p in parts if p and p.strip()})
        return names or None

    return values.map(split)


def subject_records(
    subjects: pd.DataFrame, facts: Mapping[str, pd.DataFrame] | None = None
) -> pd.DataFrame:
    """One Splink record per subject.

    Args:
        subjects: ``subject_id, forename, surname, aliases`` (``;``-separated text or a
            list), ``dob`` (ISO date text or a date), ``gender``, ``pnc_id``.
        facts: for each name in :data:`FACTS`, a table ``subject_id, value`` (a phone or
            email the subject holds, an address, a victim of his offences, an offence
            naming him). Missing tables count as no facts.

    Returns:
        The columns of :data:`COLUMNS`; empty text and empty sets are null (Splink's null
        level: no evidence either way).

    >>> s = pd.DataFrame([{"subject_id": "S1", "forename": " Jon ", "surname": "Smyth",
    ...     "aliases": "John Smith;", "dob": "1990-01-02", "gender": "male", "pnc_id": ""}])
    >>> r = subject_records(s, {"identifiers": pd.DataFrame(
    ...     [{"subject_id": "S1", "value": "phone:07700 900001"}])}).iloc[0]
    >>> r["full_name"], r["aliases"], r["pnc_id"], r["identifiers"], r["victims"]
    ('jon smyth', ['john smith'], None, ['phone:07700 900001'], None)
    """
    facts = facts or {}
    out = pd.DataFrame({"unique_id": subjects["subject_id"].astype(str).to_numpy()})
    out["forename"] = _clean(subjects["forename"]).to_numpy()
    out["surname"] = _clean(subjects["surname"]).to_numpy()
    out["full_name"] = _clean(out["forename"].fillna("") + " " + out["surname"].fillna(""))
    # An alias that is the record's own name (a nickname rule that leaves "Lee" as "Lee")
    # says nothing more than the name does.
    out["aliases"] = [
        ([a for a in names if a != own] or None) if names else None
        for names, own in zip(_aliases(subjects["aliases"]), out["full_name"], strict=True)
    ]
    dob = subjects["dob"].map(lambda d: str(d)[:10] if d is not None and str(d) else None)
    out["dob"] = _clean(dob).to_numpy()
    out["gender"] = _clean(subjects["gender"]).to_numpy()
    out["pnc_id"] = _clean(subjects["pnc_id"]).to_numpy()
    for name in FACTS:
        table = facts.get(name)
        if table is None or table.empty:
            out[name] = None
            continue
        grouped = (
            table.dropna().astype(str).drop_duplicates()
            .groupby("subject_id")["value"].agg(lambda v: sorted(v))
        )
        out[name] = out["unique_id"].map(grouped).map(
            lambda v: v if isinstance(v, list) else None
        )
    return out[list(COLUMNS)]
