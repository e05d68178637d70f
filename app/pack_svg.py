"""Static pictures for the review pack, drawn server-side as SVG: the network and a timeline.

The network is the web view's drawing (:func:`app.chart.drawing`: the disclosure policy
already applied, victims as the pack's "Victim A") laid out by networkx (spring layout,
fixed seed, so the same network gives the same picture) with the web view's colours and
shapes (:data:`app.vocab.GROUPS`). Only presentation attributes are used (no ``style``), so
the page's Content-Security-Policy allows the SVG inline, and WeasyPrint draws it as it is.
"""

from __future__ import annotations

import datetime as dt
import math
from html import escape
from typing import Any

import networkx as nx

from app.vocab import GROUPS, TIER_RINGS

SEED = 7
FONT = "DejaVu Sans, sans-serif"
#: Up to this many nodes every node is labelled; up to LABEL_PLACES_UP_TO, every node but
#: offences (the timeline and its table say them); above, only subjects and victims.
LABEL_ALL_UP_TO = 20
LABEL_PLACES_UP_TO = 40


def _text(value: Any, limit: int = 30) -> str:
    text = str(value or "").replace("\n", " · ")
    return escape(text if len(text) <= limit else text[:limit - 1] + "…")


def _shape(shape: str, x: float, y: float, r: float, fill: str, stroke: str,
           width: float) -> str:
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{width:.1f}"'
    if shape == "dot":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {paint}/>'
    if shape == "square":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" '
                f'height="{2 * r:.1f}" {paint}/>')
    if shape == "diamond":
        points = [(x, y - r * 1.25), (x + r * 1.25, y), (x, y + r * 1.25), (x - r * 1.25, y)]
    elif shape == "triangle":
        points = [(x, y - r * 1.3), (x + r * 1.2, y + r * 0.9), (x - r * 1.2, y + r * 0.9)]
    else:  # hexagon
        points = [(x + r * math.cos(a), y + r * math.sin(a))
                  for a in (math.pi / 3 * i for i in range(6))]
    return (f'<polygon points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in points)}" '
            f'{paint}/>')


def positions(nodes: list[dict], edges: list[dict], centre: str | None
              ) -> dict[str, tuple[float, float]]:
    """Node positions in the unit square: networkx's spring layout with a fixed seed, on
    nodes and edges taken in a fixed order (same network, same picture)."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(n["id"] for n in nodes))
    graph.add_edges_from(sorted((e["from"], e["to"]) for e in edges))
    if not graph:
        return {}
    if len(graph) == 1:
        return {next(iter(graph)): (0.5, 0.5)}
    k = 1.6 / math.sqrt(len(graph))
    if centre in graph:
        pos = nx.spring_layout(graph, seed=SEED, k=k, iterations=200, pos={centre: (0, 0)},
                               fixed=[centre])
    else:
        pos = nx.spring_layout(graph, seed=SEED, k=k, iterations=200)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {n: ((p[0] - min(xs)) / span_x, (p[1] - min(ys)) / span_y) for n, p in pos.items()}


def network_svg(drawing: dict[str, Any], width: int = 680, height: int = 430) -> str:
    """The drawing as an SVG element: edges, then nodes by shape and colour, tier rings,
    labels for subjects and victims (and for more of a small network's nodes)."""
    nodes, edges = drawing["nodes"], drawing["edges"]
    pos = positions(nodes, edges, drawing.get("centre"))
    pad = 46
    at = {n: (pad + x * (width - 2 * pad), pad + y * (height - 2 * pad))
          for n, (x, y) in pos.items()}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="network" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="Network of {len(nodes)} nodes around the subject">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff" '
           f'stroke="#c9ced6"/>']
    for e in sorted(edges, key=lambda e: (e["from"], e["to"], e["type"])):
        if e["from"] in at and e["to"] in at:
            (x1, y1), (x2, y2) = at[e["from"]], at[e["to"]]
            dash = ' stroke-dasharray="4,3"' if e["type"] == "ASSOCIATE_OF" else ""
            out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                       f'stroke="#9aa3ad" stroke-width="0.8"{dash}/>')
    if len(nodes) <= LABEL_ALL_UP_TO:
        unlabelled: set[str] = set()
    elif len(nodes) <= LABEL_PLACES_UP_TO:
        unlabelled = {"offence"}
    else:
        unlabelled = {n["kind"] for n in nodes} - {"subject", "victim"}
    labels = []
    for n in sorted(nodes, key=lambda n: (n["kind"] in ("subject", "victim"), n["id"])):
        if n["id"] not in at:
            continue
        x, y = at[n["id"]]
        style = GROUPS.get(n.get("group") or "", GROUPS["location_other"])
        r = 9.0 if n.get("centre") else 6.5 if n["kind"] in ("subject", "victim") else 5.0
        ring = TIER_RINGS.get(n.get("tier") or 0)
        if ring:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 4:.1f}" fill="none" '
                       f'stroke="{ring}" stroke-width="2.5"/>')
        out.append(_shape(style["shape"], x, y, r, style["color"],
                          "#1b1b1b" if n.get("centre") else "#ffffff",
                          1.6 if n.get("centre") else 0.8))
        if n["kind"] not in unlabelled:
            labels.append(_label(n, x, y, r, width))
    out += labels  # labels over every shape
    out.append("</svg>")
    return "".join(out)


def _label(node: dict[str, Any], x: float, y: float, r: float, width: int) -> str:
    """A node's label on a white backing (so crossing edges do not hide it): beside the
    node, or centred under it for the centre."""
    text = _text(node.get("label"))
    size = 9.0 if node.get("centre") else 8.0
    wide = len(text) * size * 0.56 + 4  # DejaVu Sans is about 0.55 em per character
    if node.get("centre"):
        anchor, tx, ty = "middle", x, y + r + 6 + size
        left = tx - wide / 2
    elif x < width - 150:
        anchor, tx, ty = "start", x + r + 3, y + size / 2 - 1
        left = tx - 2
    else:
        anchor, tx, ty = "end", x - r - 3, y + size / 2 - 1
        left = tx - wide + 2
    weight = ' font-weight="bold"' if node.get("centre") else ""
    return (f'<rect x="{left:.1f}" y="{ty - size + 1:.1f}" width="{wide:.1f}" '
            f'height="{size + 2:.1f}" fill="#ffffff" fill-opacity="0.85"/>'
            f'<text x="{tx:.1f}" y="{ty:.1f}" font-family="{FONT}" font-size="{size:g}" '
            f'text-anchor="{anchor}" fill="#1b1b1b"{weight}>{text}</text>')


def legend_items(drawing: dict[str, Any]) -> list[dict[str, str]]:
    """The legend entries of the groups this drawing uses, in the web view's order, each
    with a small SVG swatch."""
    used = {n.get("group") for n in drawing["nodes"]}
    out = []
    for name, style in GROUPS.items():
        if name in used:
            mark = _shape(style["shape"], 7, 7, 4.5, style["color"], "#ffffff", 0.5)
            swatch = (f'<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" '
                      f'viewBox="0 0 14 14">{mark}</svg>')
            out.append({"name": name, "legend": style["legend"], "swatch": swatch})
    return out


def tier_rings() -> list[dict[str, str]]:
    """The tier rings' legend entries."""
    return [{"legend": f"Tier {tier}", "swatch": (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" viewBox="0 0 14 14">'
        f'<circle cx="7" cy="7" r="5" fill="none" stroke="{colour}" stroke-width="2.5"/></svg>')}
        for tier, colour in TIER_RINGS.items()]


def _group(entry: dict[str, Any]) -> str:
    if entry.get("rape") or entry.get("category") == "rape":
        return "offence_rape"
    return "offence_sexual" if entry.get("sexual") else "offence_other"


def _ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Axis ticks: quarters across up to three years, else years (at most about twelve).

    >>> [w for _, w in _ticks(dt.date(2026, 1, 1), dt.date(2026, 12, 1))]
    ['Jan 2026', 'Apr', 'Jul', 'Oct']
    """
    if (end - start).days <= 3 * 366:
        out = []
        for month in range(start.month, (end.year - start.year) * 12 + end.month + 1, 3):
            year, mon = start.year + (month - 1) // 12, (month - 1) % 12 + 1
            day = dt.date(year, mon, 1)
            if start <= day <= end:
                out.append((day, day.strftime("%b %Y" if mon == 1 or not out else "%b")))
        return out
    years = range(start.year, end.year + 1)
    return [(dt.date(y, 1, 1), str(y))
            for y in years[::max(1, math.ceil(len(years) / 12))]]


def timeline_svg(timeline: list[dict[str, Any]], as_of: dt.date, since: dt.date | None,
                 width: int = 680, height: int = 120) -> str:
    """Offences (diamonds, coloured as in the network) and intelligence (circles) on a time
    axis from the first record to the as-of date; the last review as a dashed line."""
    dated = [e for e in timeline if isinstance(e.get("date"), dt.date)]
    first = min([e["date"] for e in dated] + [since or as_of, as_of])
    start = dt.date(first.year, 1, 1)
    end = as_of + dt.timedelta(days=1)
    left, right, top = 70, width - 12, 14
    lanes = {"offence": top + 22, "intelligence": top + 56}
    axis = top + 78

    def x_of(day: dt.date) -> float:
        return left + (day - start).days / max((end - start).days, 1) * (right - left)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="Timeline of {len(dated)} records">',
           f'<line x1="{left}" y1="{axis}" x2="{right}" y2="{axis}" stroke="#555" '
           f'stroke-width="0.8"/>']
    for lane, y in lanes.items():
        out.append(f'<text x="4" y="{y + 3}" font-family="{FONT}" font-size="8.5" '
                   f'fill="#333">{"Offences" if lane == "offence" else "Intelligence"}</text>'
                   f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="#e3e6ea" '
                   f'stroke-width="0.6"/>')
    for day, words in _ticks(start, end):
        x = x_of(day)
        out.append(f'<line x1="{x:.1f}" y1="{axis}" x2="{x:.1f}" y2="{axis + 4}" '
                   f'stroke="#555" stroke-width="0.8"/><text x="{x + 2:.1f}" '
                   f'y="{axis + 13}" font-family="{FONT}" font-size="8" fill="#333">{words}'
                   f'</text>')
    if since and since >= start:
        x = x_of(since)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{axis}" stroke="#1f4e8c" '
                   f'stroke-width="1" stroke-dasharray="3,2"/><text x="{x - 3:.1f}" '
                   f'y="{top - 3}" font-family="{FONT}" font-size="8" fill="#1f4e8c" '
                   f'text-anchor="end">last review {since.isoformat()}</text>')
    for e in sorted(dated, key=lambda e: (e["date"], e["kind"])):
        x = x_of(e["date"])
        if e["kind"] == "offence":
            style = GROUPS[_group(e)]
            out.append(_shape("diamond", x, lanes["offence"], 4.2, style["color"], "#ffffff",
                              0.6))
        else:
            out.append(f'<circle cx="{x:.1f}" cy="{lanes["intelligence"]}" r="3.6" '
                       f'fill="#7a6a55" stroke="#ffffff" stroke-width="0.6"/>')
    out.append("</svg>")
    return "".join(out)
