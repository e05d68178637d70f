"""Score typed, evidenced links between subjects from a link-evidence table.

Pure functions: they take the evidence DataFrame that
:func:`graph.analytics.extract.link_evidence` returns (one row per piece of evidence) and
return plain data. A link's score is the sum of its parts, one part per link type:
``weight x count``, where count is the number of distinct things the link type is over
(offences, victims, locations, identifiers, association kinds), each part reported with its
weight and count so the number can be explained to a panel.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from graph.analytics.config import EVIDENCE_KEY, LINK_TYPES, LinkConfig, load_config

#: Link types whose evidence is a place (its venue type goes with it).
PLACE_TYPES = frozenset({"same_location", "shared_address"})
_DETAIL_KEY = {
    "co_offending": "category",
    "same_location": "location",
    "shared_identifier": "identifier",
    "shared_address": "address",
    "association": "rel_type",
}


def score_parts(counts: dict[str, int], config: LinkConfig) -> tuple[float, list[dict]]:
    """The score and its parts for counts per link type.

    >>> score_parts({"co_offending": 2}, LinkConfig(weights={"co_offending": 5}))
    (10.0, [{'type': 'co_offending', 'weight': 5.0, 'count': 2, 'points': 10.0}])
    """
    parts = []
    for link_type in LINK_TYPES:
        count = int(counts.get(link_type, 0))
        if count:
            weight = config.weight(link_type)
            parts.append({"type": link_type, "weight": weight, "count": count,
                          "points": weight * count})
    return float(sum(p["points"] for p in parts)), parts


def evidence_item(row: dict[str, Any]) -> dict[str, Any]:
    """One evidence row as the item an analyst reads (keys named after what they are)."""
    link_type = row["type"]
    item: dict[str, Any] = {EVIDENCE_KEY[link_type]: row["via"]}
    for key in ("offence_id", "other_offence_id", "date", "other_date", "days_apart", "pairs"):
        value = row.get(key)
        if value is not None and not (isinstance(value, float) and pd.isna(value)):
            item[key] = int(value) if key in ("days_apart", "pairs") else value
    detail = row.get("detail")
    if detail is not None and not (isinstance(detail, float) and pd.isna(detail)):
        item[_DETAIL_KEY.get(link_type, "detail")] = detail
    if link_type in PLACE_TYPES:  # a place: the disclosure policy masks homes by venue type
        venue = row.get("venue_type")
        item["venue_type"] = venue if isinstance(venue, str) else None
    return item


def score_links(evidence: pd.DataFrame, config: LinkConfig | None = None) -> list[dict[str, Any]]:
    """Group evidence into one scored link per (source, target) pair.

    Args:
        evidence: rows with at least source, target, type and via (see
            :data:`graph.analytics.extract.EVIDENCE_COLUMNS`).
        config: weights; None for the configured file.

    Returns:
        Links sorted by score (highest first), then target id. Each is
        ``{"source", "target", "target_name", "types", "score", "parts", "evidence"}`` where
        ``parts`` lists ``{"type", "weight", "count", "points"}`` and ``evidence`` maps each
        link type to its evidence items.
    """
    config = config or load_config()
    # One pass over plain records: a groupby per linked subject costs ~1 ms each, too slow
    # for a subject offending at a busy venue (a thousand same-location links).
    grouped: dict[tuple, dict[str, Any]] = {}
    for row in evidence.to_dict("records"):
        link = grouped.setdefault((row["source"], row["target"]), {
            "name": None, "via": {}, "items": {}})
        if link["name"] is None and isinstance(row.get("target_name"), str):
            link["name"] = row["target_name"]
        link["via"].setdefault(row["type"], set()).add(row["via"])
        link["items"].setdefault(row["type"], []).append(evidence_item(row))
    result = []
    for (source, target), link in grouped.items():
        score, parts = score_parts({t: len(v) for t, v in link["via"].items()}, config)
        result.append({
            "source": source,
            "target": target,
            "target_name": link["name"],
            "types": [p["type"] for p in parts],
            "score": score,
            "parts": parts,
            "evidence": {t: link["items"][t] for t in LINK_TYPES if t in link["items"]},
        })
    result.sort(key=lambda item: (-item["score"], item["target"]))
    return result


def link_edges(evidence: pd.DataFrame, config: LinkConfig | None = None) -> pd.DataFrame:
    """Undirected network edges from evidence gathered in either direction.

    Evidence found from A to B and from B to A is the same evidence: counts are of distinct
    ``via`` values per unordered pair and link type, so it is not counted twice.

    Args:
        evidence: the link-evidence table.
        config: weights; None for the configured file.

    Returns:
        A DataFrame with source < target, ``score``, ``types`` (list) and one
        ``<type>`` count column per link type, sorted by score then ids.
    """
    config = config or load_config()
    columns = ["source", "target", "score", "types", *LINK_TYPES]
    if evidence.empty:
        return pd.DataFrame(columns=columns)
    frame = evidence[["source", "target", "type", "via"]].copy()
    swap = frame["source"] > frame["target"]
    frame.loc[swap, ["source", "target"]] = frame.loc[swap, ["target", "source"]].to_numpy()
    counts = (
        frame.drop_duplicates()
        .groupby(["source", "target", "type"])["via"]
        .nunique()
        .unstack("type", fill_value=0)
        .reindex(columns=list(LINK_TYPES), fill_value=0)
        .reset_index()
    )
    weights = pd.Series({t: config.weight(t) for t in LINK_TYPES})
    counts["score"] = counts[list(LINK_TYPES)].mul(weights, axis=1).sum(axis=1).astype(float)
    counts["types"] = [
        [t for t in LINK_TYPES if row[t]] for row in counts[list(LINK_TYPES)].to_dict("records")
    ]
    counts = counts.sort_values(["score", "source", "target"], ascending=[False, True, True])
    return counts[columns].reset_index(drop=True)
