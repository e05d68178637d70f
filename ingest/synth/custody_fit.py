"""No offence is committed inside the custody of anyone named on it.

Background custody (``extras._custody``) is a prison term after a conviction, drawn before
repeat venues move offences and blind to the subject's other offences.  ``fit_custody`` ends
each background term shortly before the subject's next offence committed after it started
(released up to six weeks before it) and drops a term that would then last under
``MIN_TERM_DAYS``.  Planted custody is exact by design (a boundary case's dates are its
point), so its planters keep their offences out of it; here it is only checked.  Offences
planted as happening in prison would need an MO note that says so: none are planted, so the
check admits no exception.
"""

from __future__ import annotations

import numpy as np

from .table import NO_DATE, Table, World

MIN_TERM_DAYS = 14
NO_END = int(np.iinfo(np.int32).max)  # an open term's end, as a day number


def _next_offence(w: World, subj: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Per custody row, the first committed_from of its subject's offences on or after its
    start (any role); NO_END when there is none."""
    links, cfrom = w.t["off_subj"], w.t["offences"]["cfrom"]
    day = cfrom[links["off"]].astype(np.int64)
    base = int(min(day.min(initial=0), start.min(initial=0))) - 1
    span = int(max(day.max(initial=0), start.max(initial=0))) - base + 2
    keys = np.sort(links["subj"].astype(np.int64) * span + (day - base))
    want = subj.astype(np.int64) * span + (start.astype(np.int64) - base)
    i = np.searchsorted(keys, want)
    hit = i < keys.size
    found = keys[np.minimum(i, keys.size - 1)]
    same = hit & (found // span == subj)
    return np.where(same, found % span + base, NO_END)


def fit_custody(w: World, background_rows: int, rng: np.random.Generator) -> int:
    """End or drop background custody at its subject's next offence, then check all custody.

    Args:
        w: the world, with every offence and custody row generated.
        background_rows: custody rows [0, background_rows) are background (adjustable).
        rng: draws how long before his next offence a subject was released.

    Returns:
        How many background terms were ended early or dropped.

    Raises:
        RuntimeError: a planted offence lies inside its subject's planted custody.
    """
    cust = w.t["custody"]
    subj, start, end = cust["subj"], cust["start"], cust["end"]
    bg = np.arange(len(cust)) < background_rows
    nxt = _next_offence(w, subj, start)
    open_end = np.where(end == NO_DATE, NO_END, end.astype(np.int64))
    clash = bg & (nxt < open_end)
    term = nxt - start
    early = np.minimum(rng.integers(0, 43, term.size), np.maximum(term - MIN_TERM_DAYS, 0))
    end[clash] = (nxt - early)[clash]
    drop = clash & (term < MIN_TERM_DAYS)
    if drop.any():
        keep = np.flatnonzero(~drop)
        fresh = Table(**cust.dtypes)
        fresh.extend(**{k: cust[k][keep] for k in cust.dtypes})
        w.t["custody"] = fresh
    bad = offences_in_custody(w)
    if bad.size:
        raise RuntimeError(f"{bad.size} offences committed inside custody, e.g. {bad[:5]}")
    return int(clash.sum())


def offences_in_custody(w: World) -> np.ndarray:
    """Internal ids of offences committed inside the custody of a subject named on them."""
    cust = w.t["custody"]
    nxt = _next_offence(w, cust["subj"], cust["start"])
    end = np.where(cust["end"] == NO_DATE, NO_END, cust["end"].astype(np.int64))
    rows = np.flatnonzero(nxt < end)
    if not rows.size:
        return rows
    links, cfrom = w.t["off_subj"], w.t["offences"]["cfrom"]
    subj = set(cust["subj"][rows].tolist())
    mine = np.flatnonzero(np.isin(links["subj"], list(subj)))
    out = set()
    for i in mine.tolist():
        s, o = int(links["subj"][i]), int(links["off"][i])
        day = int(cfrom[o])
        for r in rows[cust["subj"][rows] == s].tolist():
            if cust["start"][r] <= day < (NO_END if cust["end"][r] == NO_DATE else cust["end"][r]):
                out.add(o)
    return np.array(sorted(out), dtype=np.int64)
