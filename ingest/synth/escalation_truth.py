"""Every escalation flag in the generated data on as_of: truth.json's ``escalations``.

The rules' meaning is graph/intelligence/rules.py (and the README); this is a second, separate
implementation over the synth's own tables, so a test that compares the app's flags with this
list checks the ingest, the Cypher reads and the rules together. It finds the planted cases
and any that arise by chance (background reports are random), as breach_truth.py does.

- behaviour reports: every intelligence row (all carry a behaviour), dated on or before as_of;
- qualifying: graded source 1-2 and intelligence A-D; every flag needs one among its reports;
- repeat_behaviour: 3 reports within a 90-day span; contact_escalation: a contact report
  after a non-contact one; multiple_nte_venues: 2 distinct NTE venues within a 30-day span;
  escalated_to_offending: a sexual offence naming him as suspect or offender, committed
  (else reported) 0-365 days after a report.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import vocab
from .planter import Ref
from .table import NO_DATE, NTE, OFFENDER, SUSPECT, World

RULES = ("repeat_behaviour", "contact_escalation", "multiple_nte_venues",
         "escalated_to_offending")


def _reports(w: World) -> pd.DataFrame:
    it = w.t["intel"]
    grade = np.array(vocab.GRADES)[it["grading"]]
    df = pd.DataFrame({"subj": it["subj"], "day": it["rep"], "loc": it["loc"],
                       "contact": np.isin(np.array(vocab.BEHAVIOURS)[it["behaviour"]],
                                          sorted(vocab.CONTACT_BEHAVIOURS)),
                       "good": np.isin([g[0] for g in grade], ["1", "2"])
                       & np.isin([g[1] for g in grade], list("ABCD")),
                       "nte": w.t["locations"]["vtype"][it["loc"]] == NTE})
    return df[df["day"] <= w.as_of].sort_values(["subj", "day"], kind="stable")


def _offences(w: World, subjects: np.ndarray) -> pd.DataFrame:
    links, off = w.t["off_subj"], w.t["offences"]
    o = links["off"]
    day = np.where(off["cfrom"][o] != NO_DATE, off["cfrom"][o], off["rep"][o])
    keep = (np.isin(links["role"], [SUSPECT, OFFENDER]) & w.codes.sexual[off["code"][o]]
            & np.isin(links["subj"], subjects) & (day <= w.as_of))
    return pd.DataFrame({"subj": links["subj"][keep], "day": day[keep]}).drop_duplicates()


def _span(days: np.ndarray, good: np.ndarray, span: int, need: int,
          key: np.ndarray | None = None) -> bool:
    """Whether some run of reports within ``span`` days has ``need`` (distinct ``key``s, or
    reports) and a qualifying one."""
    for i in range(days.size):
        j = np.searchsorted(days, days[i] + span, side="right")
        count = np.unique(key[i:j]).size if key is not None else j - i
        if count >= need and good[i:j].any():
            return True
    return False


def flags(w: World) -> dict[str, list[int]]:
    """Rule -> the internal ids of the subjects it flags on as_of."""
    reports = _reports(w)
    crimes = _offences(w, reports["subj"].unique())
    by_subject = dict(tuple(crimes.groupby("subj")["day"]))
    out: dict[str, list[int]] = {r: [] for r in RULES}
    for sid, r in reports.groupby("subj"):
        day, good, contact = r["day"].to_numpy(), r["good"].to_numpy(), r["contact"].to_numpy()
        if _span(day, good, 90, 3):
            out["repeat_behaviour"].append(int(sid))
        if any((~contact & (day < d)).any() and (good[~contact & (day < d)].any() or g)
               for d, g in zip(day[contact], good[contact], strict=True)):
            out["contact_escalation"].append(int(sid))
        nte = r["nte"].to_numpy()
        if _span(day[nte], good[nte], 30, 2, r["loc"].to_numpy()[nte]):
            out["multiple_nte_venues"].append(int(sid))
        crime_days = by_subject.get(sid, pd.Series(dtype=np.int64)).to_numpy()
        if any(good[(day <= d) & (day >= d - 365)].any() for d in crime_days):
            out["escalated_to_offending"].append(int(sid))
    return {k: sorted(v) for k, v in out.items()}


def escalation_truth(w: World) -> dict[str, Any]:
    """truth.json's ``escalations``: the flags per rule, the planted cases and near misses."""
    planted = w.truth.pop("_escalations", {"planted": [], "near_misses": []})
    found = flags(w)
    return {
        "as_of": Ref("date", w.as_of),
        "rules": {rule: [Ref("subject", s) for s in sids] for rule, sids in found.items()},
        "planted": planted["planted"] + w.truth.pop("_venue_escalations", []),
        "near_misses": planted["near_misses"],
    }
