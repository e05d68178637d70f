"""Every possible breach in the generated data: truth.json's ``possible_breaches``.

The definition (graph/orders implements the same in Cypher):

- An order or condition is **active** on a day D when it has started (start <= D) and has not
  ended (no end, or end > D). A condition is active only while its order is: without its own
  start it starts with its order, without its own end it ends with it.
- Only orders with status granted, interim or none (older exports) are in force; discharged
  and expired ones count up to their end date; applied and refused ones never.
- ``exclusion_zone``: an offence naming the subject (any role), or intelligence about him, at
  a location within ``radius_m`` metres of the zone's centre (great-circle distance, haversine,
  Earth radius 6,371,008.8 m, over the six-decimal coordinates as written) on a day the
  condition is active: an offence's committed_from (else its reported_on), a report's
  reported_on. Locations without coordinates (online) are never inside a zone.
- ``no_contact``: an offence naming the subject whose victim is the protected victim, on a
  day the condition is active.
- ``recorded``: a breach row names the order, the condition (or no condition) and the offence
  or intelligence as its evidence.

One pandas pass over the generated tables, so the list is complete: planted breaches and those
that arise by chance from the planted subjects' other offences and intelligence alike.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .planter import Ref
from .table import CONDITION_KINDS, NO_DATE, ORDER_STATUSES, World
from .writer import Ids

EARTH_RADIUS_M = 6_371_008.8
INF = int(np.iinfo(np.int32).max)  # "no end" as a day number
IN_FORCE = (-1,) + tuple(ORDER_STATUSES.index(s) for s in
                         ("granted", "interim", "discharged", "expired"))
ZONE, NO_CONTACT = CONDITION_KINDS.index("exclusion_zone"), CONDITION_KINDS.index("no_contact")
OFFENCE, INTELLIGENCE = 0, 1
KEY = ["cond", "ek", "ev"]


def haversine_m(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in metres between points given in degrees (numpy-vectorised).

    >>> round(float(haversine_m(53.8, -1.9, 53.801, -1.9)), 1)
    111.2
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(
        np.radians(np.asarray(lon2) - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))


def six_decimals(x: np.ndarray) -> np.ndarray:
    """Coordinates exactly as the CSV gives them back (written with ``%.6f``).

    n / 1e6 is the double nearest the decimal n/10**6, which is what reading "%.6f" gives,
    as long as rint picked the right n: it can err only within a hair of a half, where the
    formatter itself decides.

    >>> six_decimals(np.array([53.8000004999, -1.9000005001, np.nan])).tolist()
    [53.8, -1.900001, nan]
    """
    x = np.asarray(x, dtype=np.float64)
    scaled = x * 1e6
    out = np.rint(scaled) / 1e6
    tie = np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) < 1e-6
    if tie.any():
        out[tie] = [float(f"{v:.6f}") for v in x[tie]]
    return out


def _conditions(w: World) -> pd.DataFrame:
    """Zone and no-contact conditions of orders in force, with their active days."""
    oc, od = w.t["conditions"], w.t["orders"]
    order = oc["order"]
    start, end = od["start"][order], od["end"][order]
    starts, ends = oc["starts"], oc["ends"]
    keep = (
        np.isin(od["status"][order], IN_FORCE)
        & (start != NO_DATE)
        & np.isin(oc["kind"], [ZONE, NO_CONTACT])
    )
    return pd.DataFrame({
        "cond": np.flatnonzero(keep),
        "order": order[keep],
        "subj": od["subj"][order][keep],
        "kind": oc["kind"][keep],
        "vict": oc["vict"][keep],
        "lat": oc["lat"][keep],
        "lon": oc["lon"][keep],
        "radius": oc["radius"][keep],
        "from": np.maximum(start, np.where(starts == NO_DATE, start, starts))[keep],
        "to": np.minimum(np.where(end == NO_DATE, INF, end),
                         np.where(ends == NO_DATE, INF, ends))[keep],
    })


def _evidence(w: World, subjects: np.ndarray) -> pd.DataFrame:
    """Offences naming, and intelligence about, the given subjects: day and place."""
    links, off, it = w.t["off_subj"], w.t["offences"], w.t["intel"]
    m = np.isin(links["subj"], subjects)
    offences = pd.DataFrame({"subj": links["subj"][m], "ev": links["off"][m]}).drop_duplicates()
    ev = offences["ev"].to_numpy()
    cfrom = off["cfrom"][ev]
    offences = offences.assign(ek=OFFENCE, on=np.where(cfrom != NO_DATE, cfrom, off["rep"][ev]),
                               loc=off["loc"][ev])
    m = np.isin(it["subj"], subjects)
    reports = pd.DataFrame({"subj": it["subj"][m], "ev": np.flatnonzero(m), "ek": INTELLIGENCE,
                            "on": it["rep"][m], "loc": it["loc"][m]})
    return pd.concat([offences, reports], ignore_index=True)


def find(w: World) -> pd.DataFrame:
    """Every possible breach: cond, order, subj, kind, ek (0 offence, 1 intelligence), ev
    (the evidence's internal id), on (day) and recorded."""
    cols = ["cond", "order", "subj", "kind", "ek", "ev", "on", "recorded"]
    cond = _conditions(w)
    if cond.empty:
        return pd.DataFrame(columns=cols)
    ev = _evidence(w, cond["subj"].unique())
    both = cond.merge(ev, on="subj")
    both = both[(both["on"] >= both["from"]) & (both["on"] < both["to"])]
    zones = both[both["kind"] == ZONE]
    loc = w.t["locations"]
    places = zones["loc"].to_numpy()
    dist = haversine_m(zones["lat"].to_numpy(), zones["lon"].to_numpy(),
                       six_decimals(loc["lat"][places]), six_decimals(loc["lon"][places]))
    zones = zones[dist <= zones["radius"].to_numpy()]  # NaN (online) is never inside
    contact = both[(both["kind"] == NO_CONTACT) & (both["ek"] == OFFENCE)]
    ov = w.t["off_vict"]
    m = np.isin(ov["off"], contact["ev"].unique())
    victims = pd.DataFrame({"ev": ov["off"][m], "vict": ov["vict"][m]}).drop_duplicates()
    contact = contact.merge(victims, on=["ev", "vict"])
    found = pd.concat([zones, contact])[cols[:-1]].drop_duplicates(KEY)
    b = w.t["breaches"]
    rec = pd.DataFrame({"order": b["order"], "bcond": b["cond"], "off": b["off"],
                        "intel": b["intel"]})
    rec = pd.concat([
        rec[rec["off"] >= 0].assign(ek=OFFENCE, ev=rec["off"]),
        rec[rec["intel"] >= 0].assign(ek=INTELLIGENCE, ev=rec["intel"]),
    ])[["order", "bcond", "ek", "ev"]]
    hits = found.merge(rec, on=["order", "ek", "ev"])
    hits = hits[(hits["bcond"] == -1) | (hits["bcond"] == hits["cond"])]
    keys = set(zip(hits["cond"], hits["ek"], hits["ev"], strict=True))
    found["recorded"] = [k in keys for k in zip(found["cond"], found["ek"], found["ev"],
                                                  strict=True)]
    return found.reset_index(drop=True)


def _check_planted(w: World, found: pd.DataFrame) -> None:
    """Raise if a planted breach is missing or a near miss counts after all."""
    got = set(zip(found["cond"], found["ek"], found["ev"], strict=True))
    by_subject = set(zip(found["subj"], found["ek"], found["ev"], strict=True))
    problems = [
        f"planted breach of condition {c} by {kind} {e} (subject {s}) does not count"
        for s, c, kind, e in w.truth.get("_breaches", [])
        if (c, OFFENCE if kind == "offence" else INTELLIGENCE, e) not in got
    ]
    problems += [
        f"near miss {m['reason']} ({m['evidence_kind']} {m['_key'][2]}) counts as a breach"
        for m in w.truth.get("breach_near_misses", [])
        if (m["_key"][0], OFFENCE if m["_key"][1] == "offence" else INTELLIGENCE, m["_key"][2])
        in by_subject
    ]
    late = found[found["on"] > w.as_of]
    problems += [f"possible breach dated after as_of: evidence {e}" for e in late["ev"]]
    if problems:
        raise RuntimeError("planted orders do not match the breach rules:\n"
                           + "\n".join(problems))


def possible_breaches(w: World, ids: Ids) -> None:
    """Fill ``w.truth["possible_breaches"]`` (by day, order, condition and evidence id),
    after checking what was planted; tidy ``breach_near_misses`` into the same order."""
    found = find(w)
    _check_planted(w, found)
    ev, is_offence = found["ev"].to_numpy(dtype=np.int64), found["ek"].to_numpy() == OFFENCE
    number = np.zeros(len(found), dtype=np.int64)
    number[is_offence] = ids.num["offence"][ev[is_offence]]
    number[~is_offence] = ids.num["intel"][ev[~is_offence]]
    found = found.assign(
        o=ids.num["order"][found["order"].to_numpy(dtype=np.int64)],
        c=ids.num["condition"][found["cond"].to_numpy(dtype=np.int64)],
        n=number,
    ).sort_values(["on", "o", "c", "ek", "n"])
    w.truth["possible_breaches"] = [
        {
            "order_id": Ref("order", int(r.order)),
            "condition_id": Ref("condition", int(r.cond)),
            "subject_id": Ref("subject", int(r.subj)),
            "kind": CONDITION_KINDS[int(r.kind)],
            "evidence_kind": "offence" if r.ek == OFFENCE else "intelligence",
            "evidence_id": Ref("offence" if r.ek == OFFENCE else "intel", int(r.ev)),
            "on": Ref("date", int(r.on)),
            "recorded": bool(r.recorded),
        }
        for r in found.itertuples(index=False)
    ]
    near = w.truth.get("breach_near_misses", [])
    near.sort(key=lambda m: (m["on"].idx, ids.num["order"][m["order_id"].idx],
                             ids.num["condition"][m["condition_id"].idx], m["evidence_kind"],
                             ids.num[m["evidence_id"].kind][m["evidence_id"].idx]))
    for m in near:
        m.pop("_key", None)
