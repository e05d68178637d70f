"""The canonical output files: which columns, built from which internal tables."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ingest.canonical import COLUMNS as CANONICAL

from . import vocab
from .config import from_days
from .planter import Ref
from .table import (
    ASSOC_KINDS,
    BREACH_OUTCOMES,
    CONDITION_KINDS,
    IDENT_KINDS,
    ORDER_STATUSES,
    ORDER_TYPES,
    ROLES,
    VENUE_TYPES,
    World,
)
from .writer import MINUTES, Ids, dates, identifier_values, ints, pnc_ids, pooled, write_csv

# The canonical contract, plus the time of day the synthetic force also records.
COLUMNS: dict[str, list[str]] = {
    **CANONICAL,
    "offences": [*CANONICAL["offences"], "committed_time"],
}
GENDERS = ("male", "female")
SORTED_LISTS = {
    "tier1",
    "tier2",
    "tier2_in_custody",
    "offence_ids",
    "intel_ids",
    "stale",
    "no_rape",
    "below_count",
}
SUMMARIES = tuple(s for pair in vocab.BEHAVIOUR_SUMMARIES for s in pair)
# The three parts of each grading, as the export's own columns (they agree with it).
GRADE_SOURCE = tuple(g[0] for g in vocab.GRADES)
GRADE_INTEL = tuple(g[1] for g in vocab.GRADES)
GRADE_HANDLING = tuple(g[-1] for g in vocab.GRADES)
CONDITIONS = tuple(c for t in ORDER_TYPES for c in vocab.ORDER_CONDITIONS[t])
COND_OFFSET = np.cumsum([0] + [len(vocab.ORDER_CONDITIONS[t]) for t in ORDER_TYPES])
LEGAL_BASES = tuple(vocab.LEGAL_BASES[t] for t in ORDER_TYPES)  # an order's basis is its type


def write_all(w: World, out: Path, ids: Ids) -> dict[str, int]:
    """Write every CSV; returns row counts per file name."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, (n, order, build) in _specs(w, ids).items():
        counts[f"{name}.csv"] = write_csv(out / f"{name}.csv", COLUMNS[name], n, build, order)
    return counts


def _specs(w: World, ids: Ids) -> dict[str, tuple[int, np.ndarray, Callable]]:
    t, p, codes = w.t, w.pools, w.codes
    s, o, os_, v, ov = (t[k] for k in ("subjects", "offences", "off_subj", "victims", "off_vict"))
    loc, cu, it, od, idn, asc = (
        t[k] for k in ("locations", "custody", "intel", "orders", "idents", "assoc")
    )
    oc, br = t["conditions"], t["breaches"]
    sn, on, vn, ln = (ids.num[k] for k in ("subject", "offence", "victim", "location"))
    fore, sur = p["forename"], p["surname"]

    def by(*keys: np.ndarray) -> np.ndarray:
        return np.lexsort(keys[::-1])

    # Associations: lower public id first, so each pair reads the same way in every run.
    a_sub, a_oth = asc["subj"], asc["other"]
    swap = sn[a_sub] > sn[a_oth]
    a_lo, a_hi = np.where(swap, a_oth, a_sub), np.where(swap, a_sub, a_oth)
    id_kind, id_num, id_owner = idn["kind"], idn["num"], idn["owner"]

    return {
        "subjects": (
            len(s),
            np.argsort(sn),
            lambda r: {
                "subject_id": ids.fmt("subject", r),
                "forename": pooled(fore, s["forename"][r]),
                "surname": pooled(sur, s["surname"][r]),
                "aliases": pooled(p["alias"], s["alias"][r]),
                "dob": dates(s["dob"][r]),
                "gender": pooled(GENDERS, s["gender"][r]),
                "pnc_id": pnc_ids(s["pnc"][r]),
            },
        ),
        "offences": (
            len(o),
            np.argsort(on),
            lambda r: {
                "offence_id": ids.fmt("offence", r),
                "ho_code": pooled(codes.code, o["code"][r]),
                "offence_type": pooled(codes.description, o["code"][r]),
                "committed_from": dates(o["cfrom"][r]),
                "committed_to": dates(o["cto"][r]),
                "reported_on": dates(o["rep"][r]),
                "location_id": ids.fmt("location", o["loc"][r]),
                "outcome_code": ints(o["outcome"][r], o["outcome"][r] == 0),
                "domestic": pooled(("false", "true"), o["domestic"][r].astype(np.int8)),
                "mo_notes": pooled(p["mo"], o["mo"][r]),
                "committed_time": MINUTES.take(pa.array(o["minute"][r])),
            },
        ),
        "offence_subjects": (
            len(os_),
            by(on[os_["off"]], sn[os_["subj"]], os_["role"], os_["named"]),
            lambda r: {
                "offence_id": ids.fmt("offence", os_["off"][r]),
                "subject_id": ids.fmt("subject", os_["subj"][r]),
                "role": pooled(ROLES, os_["role"][r]),
                "named_on": dates(os_["named"][r]),
            },
        ),
        "victims": (
            len(v),
            np.argsort(vn),
            lambda r: {
                "victim_id": ids.fmt("victim", r),
                "forename": pooled(fore, v["forename"][r]),
                "surname": pooled(sur, v["surname"][r]),
                "dob": dates(v["dob"][r]),
                "gender": pooled(GENDERS, v["gender"][r]),
            },
        ),
        "offence_victims": (
            len(ov),
            by(on[ov["off"]], vn[ov["vict"]]),
            lambda r: {
                "offence_id": ids.fmt("offence", ov["off"][r]),
                "victim_id": ids.fmt("victim", ov["vict"][r]),
            },
        ),
        "locations": (len(loc), np.argsort(ln), lambda r: _locations(w, ids, r)),
        "custody": (
            len(cu),
            by(sn[cu["subj"]], cu["start"]),
            lambda r: {
                "subject_id": ids.fmt("subject", cu["subj"][r]),
                "start_date": dates(cu["start"][r]),
                "end_date": dates(cu["end"][r]),
                "establishment": pooled(vocab.ESTABLISHMENTS, cu["est"][r]),
            },
        ),
        "intelligence": (
            len(it),
            np.argsort(ids.num["intel"]),
            lambda r: {
                "intel_id": ids.fmt("intel", r),
                "subject_id": ids.fmt("subject", it["subj"][r]),
                "location_id": ids.fmt("location", it["loc"][r]),
                "reported_on": dates(it["rep"][r]),
                "grading": pooled(vocab.GRADES, it["grading"][r]),
                "source_grade": pooled(GRADE_SOURCE, it["grading"][r]),
                "intel_grade": pooled(GRADE_INTEL, it["grading"][r]),
                "handling": pooled(GRADE_HANDLING, it["grading"][r]),
                "behaviour": pooled(vocab.BEHAVIOURS, it["behaviour"][r]),
                "summary": pooled(SUMMARIES, it["behaviour"][r] * 2 + it["summary"][r]),
            },
        ),
        "orders": (
            len(od),
            np.argsort(ids.num["order"]),
            lambda r: {
                "order_id": ids.fmt("order", r),
                "subject_id": ids.fmt("subject", od["subj"][r]),
                "order_type": pooled(ORDER_TYPES, od["otype"][r]),
                "start_date": dates(od["start"][r]),
                "end_date": dates(od["end"][r]),
                "conditions": pooled(CONDITIONS, COND_OFFSET[od["otype"][r]] + od["cond"][r]),
                "status": pooled(ORDER_STATUSES, od["status"][r]),
                "applied_on": dates(od["applied"][r]),
                "served_on": dates(od["served"][r]),
                "court": pooled(vocab.COURTS, od["court"][r]),
                "legal_basis": pooled(LEGAL_BASES, od["basis"][r]),
            },
        ),
        "order_conditions": (
            len(oc),
            np.argsort(ids.num["condition"]),
            lambda r: {
                "condition_id": ids.fmt("condition", r),
                "order_id": ids.fmt("order", oc["order"][r]),
                "kind": pooled(CONDITION_KINDS, oc["kind"][r]),
                "text": pooled(p.setdefault("condition", []), oc["text"][r]),
                "protected_victim_id": ids.fmt("victim", oc["vict"][r]),
                "lat": _six_decimals(oc["lat"][r]),
                "lon": _six_decimals(oc["lon"][r]),
                "radius_m": ints(oc["radius"][r], oc["radius"][r] < 0),
                "starts_on": dates(oc["starts"][r]),
                "ends_on": dates(oc["ends"][r]),
            },
        ),
        "breaches": (
            len(br),
            np.argsort(ids.num["breach"]),
            lambda r: {
                "breach_id": ids.fmt("breach", r),
                "order_id": ids.fmt("order", br["order"][r]),
                "condition_id": ids.fmt("condition", br["cond"][r]),
                "occurred_on": dates(br["on"][r]),
                "offence_id": ids.fmt("offence", br["off"][r]),
                "intelligence_id": ids.fmt("intel", br["intel"][r]),
                "outcome": pooled(BREACH_OUTCOMES, br["outcome"][r]),
                "summary": pooled(vocab.BREACH_SUMMARIES, br["summary"][r]),
            },
        ),
        "identifiers": (
            len(idn),
            by(sn[idn["subj"]], id_kind, id_num),
            lambda r: {
                "subject_id": ids.fmt("subject", idn["subj"][r]),
                "kind": pooled(IDENT_KINDS, id_kind[r]),
                "value": identifier_values(
                    id_kind[r],
                    id_num[r],
                    pooled(fore, s["forename"][id_owner[r]]),
                    pooled(sur, s["surname"][id_owner[r]]),
                ),
            },
        ),
        "associations": (
            len(asc),
            by(sn[a_lo], sn[a_hi]),
            lambda r: {
                "subject_id": ids.fmt("subject", a_lo[r]),
                "other_subject_id": ids.fmt("subject", a_hi[r]),
                "kind": pooled(ASSOC_KINDS, asc["kind"][r]),
            },
        ),
    }


def _locations(w: World, ids: Ids, r: np.ndarray) -> dict[str, pa.Array]:
    loc, p = w.t["locations"], w.pools
    address = pooled(p["address"], loc["address"][r])
    name = pooled(p["place"], loc["name"][r])
    lat, lon = loc["lat"][r], loc["lon"][r]
    return {
        "location_id": ids.fmt("location", r),
        "name": pc.coalesce(name, address),  # a home is named by its address
        "address": address,
        "postcode": pooled(p["postcode"], loc["postcode"][r]),
        "lat": _six_decimals(lat),
        "lon": _six_decimals(lon),
        "venue_type": pooled(VENUE_TYPES, loc["vtype"][r]),
    }


def _six_decimals(x: np.ndarray) -> pa.Array:
    text = np.char.mod("%.6f", np.nan_to_num(x))
    return pa.array(text.astype(object), mask=np.isnan(x), type=pa.string())


def resolve(obj: Any, w: World, ids: Ids) -> Any:
    """Turn Refs inside a truth structure into public ids and ISO dates."""
    if isinstance(obj, dict):
        out = {k: resolve(v, w, ids) for k, v in obj.items()}
        # Id lists whose order carries no meaning are sorted, for easy reading and diffing.
        return {k: sorted(v) if k in SORTED_LISTS else v for k, v in out.items()}
    if isinstance(obj, list | tuple):
        return [resolve(v, w, ids) for v in obj]
    if not isinstance(obj, Ref):
        return obj
    if obj.kind == "date":
        return from_days(obj.idx).isoformat()
    if obj.kind.startswith("ident:"):
        kind = int(obj.kind.split(":")[1])
        idn, s, p = w.t["idents"], w.t["subjects"], w.pools
        row = np.flatnonzero((idn["kind"] == kind) & (idn["num"] == obj.idx))[:1]
        owner = idn["owner"][row]
        return identifier_values(
            np.array([kind]),
            np.array([obj.idx]),
            pooled(p["forename"], s["forename"][owner]),
            pooled(p["surname"], s["surname"][owner]),
        )[0].as_py()
    return ids.fmt(obj.kind, np.array([obj.idx]))[0].as_py()


def write_truth(path: Path, truth: dict[str, Any]) -> None:
    """truth.json with stable key order and formatting (part of the byte-identical output)."""
    path.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
