"""The paths page's chart: every shortest path between two ends, laid out in columns.

Presentation only. The input is a paths answer (:func:`graph.analytics.service.paths_between`
or ``paths_to_place``) that has already been through the disclosure policy; the output is
plain positions, words and colours that ``paths.html`` draws as an inline SVG with
presentation attributes only (no ``style``, so the Content-Security-Policy allows it), text
escaped by the template.

On a shortest path every subject stands at a fixed distance from the start, so column ``i``
holds the subjects ``i`` links away: the routes read left to right, and a subject shared by
several routes is drawn once.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from app.vocab import GROUPS

#: Link types as people say them.
LINK_WORDS: dict[str, str] = {
    "co_offending": "co-offending",
    "shared_victim": "shared victim",
    "same_location": "same place",
    "shared_identifier": "shared phone, vehicle or email",
    "shared_address": "shared address",
    "association": "recorded association",
    "place": "tied to the place",
}
#: Short words for the chart's edge labels.
SHORT_WORDS: dict[str, str] = {**LINK_WORDS, "shared_identifier": "shared identifier",
                               "association": "association", "place": "at the place"}
#: How a subject is tied to a place, as people say it.
HOW_WORDS: dict[str, str] = {"offence_here": "named in an offence here",
                             "lives_here": "lives here",
                             "intelligence_here": "intelligence reported here"}
#: A colour per link type, from the network drawing's own (vocab.GROUPS): a shared victim is
#: the victims' purple, a same-place link the places' green, and so on.
LINK_COLOURS: dict[str, str] = {
    "co_offending": GROUPS["offence_rape"]["color"],
    "shared_victim": GROUPS["victim"]["color"],
    "same_location": GROUPS["location_night_time_economy"]["color"],
    "shared_identifier": GROUPS["identifier"]["color"],
    "shared_address": GROUPS["location_residential"]["color"],
    "association": GROUPS["subject"]["color"],
    "place": "#5b6775",
}

COLUMN = 230
ROW = 92
MARGIN_X = 115
MARGIN_TOP = 26
NAME_CHARS = 25


def _clip(text: Any, limit: int = NAME_CHARS) -> str:
    text = str(text or "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: How a subject is tied to a place, in the chart's few words.
HOW_SHORT: dict[str, str] = {"offence_here": "offence here", "lives_here": "lives here",
                             "intelligence_here": "intelligence here"}


def _edge_words(hop: dict[str, Any]) -> str:
    if hop["type"] == "place":
        return " + ".join(HOW_SHORT.get(h, h) for h in hop.get("how") or []) or "at the place"
    words = SHORT_WORDS.get(hop["type"], hop["type"])
    if hop["type"] == "same_location" and hop.get("days_apart") is not None:
        words += f", {hop['days_apart']} d"
    extra = len(hop.get("links") or []) - 1
    return words + (f" +{extra}" if extra > 0 else "")


def layout(result: dict[str, Any]) -> dict[str, Any] | None:
    """Positions and words for the chart of ``result``'s paths; None when there are none.

    Returns:
        ``{"width", "height", "nodes", "edges", "legend"}``: each node ``{"id", "x", "y",
        "kind" ("subject" or "place"), "end", "name", "colour", "href"}``; each edge ``{"x1",
        "y1", "x2", "y2", "mx", "my", "colour", "dashed", "words", "width"}``; the legend the
        link types drawn, ``(words, colour)``.
    """
    paths = result.get("paths") or []
    if not paths:
        return None
    columns: list[list[str]] = []
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    ends = {paths[0]["subjects"][0], *(p["hops"][-1]["to"] for p in paths)}
    for path in paths:
        for index, hop in enumerate(path["hops"]):
            for position, (node_id, name) in enumerate(
                    ((hop["from"], hop.get("from_name")), (hop["to"], hop.get("to_name")))):
                if node_id in nodes:
                    continue
                column = index + position
                while len(columns) <= column:
                    columns.append([])
                columns[column].append(node_id)
                is_place = hop["type"] == "place" and position == 1
                place = hop["via"] if is_place else {}
                nodes[node_id] = {
                    "id": node_id, "column": column, "row": len(columns[column]) - 1,
                    "kind": "place" if is_place else "subject", "end": node_id in ends,
                    "name": _clip(place.get("name") if is_place else name),
                    "colour": GROUPS.get(f"location_{place.get('venue_type') or 'other'}",
                                         GROUPS["location_other"])["color"]
                    if is_place else GROUPS["subject"]["color"],
                    "href": ("/locations/" if is_place else "/subjects/") + quote(node_id),
                }
            edges.setdefault((hop["from"], hop["to"]), {
                "type": hop["type"], "words": _edge_words(hop)})
    rows = max(len(c) for c in columns)
    height = MARGIN_TOP + (rows - 1) * ROW + 72  # the last row's two lines of label
    for node in nodes.values():
        offset = (rows - len(columns[node["column"]])) * ROW / 2
        node["x"] = MARGIN_X + node["column"] * COLUMN
        node["y"] = MARGIN_TOP + offset + node["row"] * ROW + 14
    drawn = []
    for (a, b), edge in edges.items():
        start, end = nodes[a], nodes[b]
        drawn.append({
            "x1": start["x"], "y1": start["y"], "x2": end["x"], "y2": end["y"],
            "mx": (start["x"] + end["x"]) / 2, "my": (start["y"] + end["y"]) / 2,
            "colour": LINK_COLOURS.get(edge["type"], "#5b6775"),
            "dashed": edge["type"] in ("association", "place"),
            "words": edge["words"], "width": 7 * len(edge["words"]) + 12,
        })
    kinds = list(dict.fromkeys(e["type"] for e in edges.values()))
    return {
        "width": MARGIN_X * 2 + (len(columns) - 1) * COLUMN, "height": height,
        "nodes": sorted(nodes.values(), key=lambda n: (n["column"], n["row"])),
        "edges": drawn,
        "legend": [(LINK_WORDS.get(k, k), LINK_COLOURS.get(k, "#5b6775")) for k in kinds],
    }
