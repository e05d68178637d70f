"""The Operation Ratify tier rules over the generator's in-memory tables.

Used to derive truth.json's tier lists from the data actually generated (and to check them
against what was planted).  The test suite has its own independent implementation over the CSVs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .table import NO_DATE, ROLES, World


def tier_table(w: World) -> pd.DataFrame:
    """Per counted subject: sexual count, rape count, last counted report, custody, tier."""
    links, off, cust = w.t["off_subj"], w.t["offences"], w.t["custody"]
    counted_roles = [ROLES.index(r) for r in w.rule.counted_roles]
    df = pd.DataFrame({"off": links["off"], "subj": links["subj"]})
    df = df[np.isin(links["role"], counted_roles)].drop_duplicates()
    code = off["code"][df["off"].to_numpy()]
    rep = off["rep"][df["off"].to_numpy()]
    df = df.assign(rape=w.codes.rape[code], rep=rep)[w.codes.sexual[code] & (rep <= w.as_of)]
    g = df.groupby("subj").agg(count=("off", "size"), rape=("rape", "sum"), last=("rep", "max"))
    start, end = cust["start"], cust["end"]
    inside = (start <= w.as_of) & ((end == NO_DATE) | (end > w.as_of))
    g["in_custody"] = g.index.isin(cust["subj"][inside])
    base = (g["rape"] >= w.rule.min_rape) & (g["last"] >= w.cutoff)
    t1 = base & (g["count"] >= w.rule.tier1_count) & ~g["in_custody"]
    t2 = base & (g["count"] >= w.rule.tier2_count) & ~t1
    g["tier"] = np.where(t1, 1, np.where(t2, 2, 0))
    return g


def check_expected(w: World, g: pd.DataFrame) -> None:
    """Raise if the tiers the rules select differ from what planting intended."""
    expected = w.truth.get("_expected", {})
    selected = g[g["tier"] > 0]
    problems = []
    for sid, tier in selected["tier"].items():
        exp = expected.get(int(sid), (None, False))[0]
        if exp != tier:
            problems.append(f"subject {sid}: rules give tier {tier}, planted {exp}")
    for sid, (tier, in_custody) in expected.items():
        got = int(g["tier"].get(sid, 0)) or None
        if got != tier:
            problems.append(f"subject {sid}: planted tier {tier}, rules give {got}")
        elif tier == 2 and bool(g["in_custody"].get(sid, False)) != in_custody:
            problems.append(f"subject {sid}: planted in_custody {in_custody}")
    if problems:
        raise RuntimeError("planted truth does not match the tier rules:\n" + "\n".join(problems))
