"""The network drawing: an extracted network (:mod:`graph.network`) as vis-network items.

What each node may show comes from the one disclosure policy (:mod:`graph.disclosure`),
applied to each record's raw properties before it is shaped: victims become the reader's
pseudonyms ("Victim A" is the same victim as on the subject's profile), residential
addresses their postcode district, MO notes are withheld. Text is data, never markup: the
page puts it on the canvas or into elements with ``textContent``.

Each node has two labels, both made here from what the reader may see: ``label`` in full
(tooltips, the details pane, the review pack's picture) and ``short`` for the canvas
("Adam T.", "Rape 2024-03"), so that a chart of a few hundred nodes stays readable.
Offences carry their reported ``date`` (the page's time slider hides and shows them without
asking the server again) and, in a large network, every node its ``community`` (the page
folds each into one node).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any
from urllib.parse import quote

from app.vocab import ORDER_TYPES, REL_WORDS, VENUE_TYPES, category_words
from graph import classification, disclosure
from graph.disclosure import Audience, Pseudonyms


def drawing(extract: dict[str, Any], audience: Audience, names: Pseudonyms) -> dict[str, Any]:
    """An extracted network as the page draws it.

    Args:
        extract: :func:`graph.network.ego_extract` or :func:`~graph.network.neighbours_extract`.
        audience: the reader.
        names: the reader's pseudonyms for this page.

    Returns:
        ``{"centre", "depth", "filters", "as_of", "nodes", "edges", "total", "truncated",
        "message", "masked"}`` (and ``links`` for an expansion): ``nodes`` and ``edges`` as
        vis-network items (see :func:`shape_node`).
    """
    victims = [n["id"] for n in extract["nodes"] if n["kind"] == "victim"]
    if not audience.victim_identity:
        names.load(victims + [link["other_id"] for link in extract.get("links", [])
                              if link["other_kind"] == "victim"])
    vis_id: dict[str, str] = {}
    nodes = []
    community = extract.get("communities") or {}
    for n in extract["nodes"]:
        node = shape_node(n["kind"], n["props"], audience, names, depth=n["depth"],
                          degree=n["degree"], tiers=extract["tiers"])
        if n["element_id"] in community:
            node["community"] = community[n["element_id"]]
        vis_id[n["element_id"]] = node["id"]
        nodes.append(node)
    if nodes:
        nodes[0]["centre"] = True
    edges = [shape_edge(e["type"], vis_id[e["from"]], vis_id[e["to"]], e["role"], e["kind"])
             for e in extract["edges"]]
    total, depth = extract["total"], extract["depth"]
    out = {
        "centre": nodes[0]["id"] if nodes else None,
        "depth": depth,
        "filters": extract["filters"].as_json(),
        "as_of": extract["as_of"].isoformat(),
        "nodes": nodes,
        "edges": _dedupe(edges),
        "total": total,
        "truncated": total > len(nodes),
        "message": _cap_message(len(nodes), total, depth),
        "masked": not audience.victim_identity,
    }
    if "links" in extract:
        out["links"] = _dedupe([
            shape_edge(link["type"],
                       *((vis_id[link["from"]], other) if link["outgoing"]
                         else (other, vis_id[link["from"]])),
                       link["role"], link["kind"])
            for link in extract["links"]
            for other in [vis_node_id(link["other_kind"], link["other_id"], audience, names)]
        ])
    return out


#: The protective marking drawn on every exported picture of a network (as on the packs).
MARKING = "OFFICIAL-SENSITIVE"


def export_lines(*, depth: int | None, filters: Any, as_of: dt.date,
                 slider: tuple[str | None, str | None] = (None, None),
                 drawn: tuple[int | None, int | None] = (None, None),
                 grouped: str | None = None) -> list[str]:
    """What an exported picture says about how it was drawn, one line each.

    Args:
        depth: relationships from the centre, if given.
        filters: the offence filters (:class:`graph.network.Filters`).
        as_of: the day subjects' tiers were worked out for.
        slider: the time slider's first and last month (``YYYY-MM``) when narrowed.
        drawn: offences drawn and offences sent, when the time slider hid some.
        grouped: ``"kind"`` or ``"community"`` when the drawing was grouped.

    >>> from graph.network import Filters
    >>> for line in export_lines(depth=2, filters=Filters(category="rape"),
    ...                          as_of=dt.date(2026, 11, 1), slider=("2024-03", None),
    ...                          drawn=(12, 30)):
    ...     print(line)
    Depth 2 · offences reported at any time · Rape
    Time slider: reported 2024-03 to the latest (12 of 30 offences drawn)
    Tiers as of 2026-11-01
    """
    first, last = filters.date_from, filters.date_to
    when = ("reported at any time" if not (first or last) else
            f"reported {first or 'the earliest'} to {last or 'the latest'}")
    what = ("all categories" if filters.category is None else
            "Sexual offences (rape and other sexual)" if filters.category == "sexual" else
            category_words(filters.category))
    lines = [" · ".join(([f"Depth {depth}"] if depth else []) + [f"offences {when}", what])]
    if slider[0] or slider[1]:
        counted = (f" ({drawn[0]} of {drawn[1]} offences drawn)"
                   if drawn[0] is not None and drawn[1] is not None else "")
        lines.append(f"Time slider: reported {slider[0] or 'the earliest'} to "
                     f"{slider[1] or 'the latest'}{counted}")
    if grouped:
        lines.append(f"Grouped by {'kind and venue' if grouped == 'kind' else 'community'}: "
                     "a group stands for its members")
    lines.append(f"Tiers as of {as_of.isoformat()}")
    return lines


def vis_node_id(kind: str, node_id: str, audience: Audience, names: Pseudonyms) -> str:
    """A node's id on the page: ``kind:id``, a victim's page-scoped token when masked."""
    if kind == "victim" and not audience.victim_identity:
        return "victim:" + names.token(node_id)
    return f"{kind}:{node_id}"


def shape_node(kind: str, props: dict[str, Any], audience: Audience, names: Pseudonyms, *,
               depth: int = 0, degree: int = 0, tiers: dict[str, int] | None = None
               ) -> dict[str, Any]:
    """One node as the page draws it.

    Only the properties listed here leave the server (never provenance), and only after the
    disclosure policy has taken what the reader may not see.

    Returns:
        ``{"id", "kind", "group", "label", "short", "depth", "degree", "details" ([name,
        value] pairs), "url" (a page about the node, or None), "tier" (subjects), "masked",
        "date" (an offence's reported date, ISO, or "")}``.
    """
    node_id = str(props.get("id", ""))
    node = {"id": vis_node_id(kind, node_id, audience, names), "kind": kind, "depth": depth,
            "degree": degree, "url": None, "tier": None, "masked": False, "centre": False}
    if kind == "victim":
        node.update(_victim(disclosure.victim({**props, "kind": "victim"}, audience, names)))
    elif kind == "location":
        node.update(_location(node_id, disclosure.location(props, audience)))
    elif kind == "offence":
        node.update(_offence(node_id, disclosure.offence(props, audience)))
    elif kind == "subject":
        node.update(_subject(node_id, props, tiers or {}))
    elif kind == "order":
        node.update(_order(node_id, disclosure.disclose({**props, "record": "order"}, audience,
                                                        names)))
    else:
        node.update(_identifier(node_id, props))
    node["details"] = [[k, _text(v)] for k, v in node["details"] if _text(v)]
    node.setdefault("short", _clip(node["label"].split("\n")[0], SHORT_CHARS))
    return node


def shape_edge(rel_type: str, source: str, target: str, role: str | None = None,
               kind: str | None = None) -> dict[str, Any]:
    """One relationship as the page draws it.

    ``label`` is drawn on the edge: the association's kind, or a role other than suspect
    (the usual one, which would only clutter a chart); ``words`` says it all, for tooltips.
    """
    qualifier = role if rel_type == "NAMED_IN" else kind if rel_type == "ASSOCIATE_OF" else None
    words = REL_WORDS.get(rel_type, rel_type.lower())
    drawn = "" if rel_type == "NAMED_IN" and role == "suspect" else qualifier
    return {
        "id": f"{rel_type}|{source}|{target}|{qualifier or ''}",
        "from": source,
        "to": target,
        "type": rel_type,
        "label": (drawn or "").replace("_", " "),
        "words": words + (f" ({qualifier.replace('_', ' ')})" if qualifier else ""),
    }


def _name(props: dict[str, Any]) -> str:
    return " ".join(str(p) for p in (props.get("forename"), props.get("surname")) if p)


def _subject(node_id: str, p: dict, tiers: dict[str, int]) -> dict:
    name = _name(p) or node_id
    tier = tiers.get(node_id)
    return {
        "group": "subject",
        "label": name + (f"\nTier {tier}" if tier else ""),
        "short": _short_name(p, node_id) + (f"\nTier {tier}" if tier else ""),
        "tier": tier,
        "url": "/subjects/" + quote(node_id, safe=""),
        "details": [
            ("Subject", node_id), ("Name", name), ("Aliases", p.get("aliases")),
            ("Date of birth", p.get("dob")), ("Gender", p.get("gender")),
            ("PNC", p.get("pnc_id")), ("Tier", f"Tier {tier}" if tier else "none"),
            ("Status", p.get("lifecycle_status")),
            ("Same person as", ", ".join(p.get("same_person_as") or []) or None),
        ],
    }


def _offence(node_id: str, p: dict) -> dict:
    category = p.get("category") or classification.UNCLASSIFIED
    if p.get("rape") or category == "rape":
        group = "offence_rape"
    elif p.get("sexual"):
        group = "offence_sexual"
    else:
        group = "offence_other"
    words = category_words(category)
    reported = _text(p.get("reported_on"))
    known = classification.classify(p.get("ho_code"))
    short = f"{SHORT_CATEGORIES.get(category, words)} {reported[:7]}".strip()
    return {"group": group, "label": f"{words}\n{reported}".strip(), "short": short,
            "date": reported, "details": [
        ("Crime reference", p.get("crime_ref") or node_id),
        ("Offence", p.get("offence_type") or (known.description if known else None)),
        ("Home Office code", p.get("ho_code")), ("Category", words),
        ("Committed", p.get("committed_from")), ("Reported", reported),
        ("Outcome", p.get("outcome_code")), ("Domestic abuse", p.get("domestic")),
        ("MO notes", p.get("mo_notes")),
    ]}


def _victim(p: dict) -> dict:
    if p.get("masked"):
        return {"group": "victim", "label": p["label"], "masked": True,
                "details": [("Victim", p["label"]),
                            ("Identity", "protected: your role sees that a victim links "
                                         "offences, not who she or he is")]}
    name = _name(p) or p.get("id")
    return {"group": "victim", "label": name, "short": _short_name(p, p.get("id")),
            "details": [("Victim", p.get("id")), ("Name", name), ("Date of birth", p.get("dob")),
                        ("Gender", p.get("gender"))]}


def _location(node_id: str, p: dict) -> dict:
    venue = p.get("venue_type") if p.get("venue_type") in VENUE_TYPES else "other"
    name = p.get("name") or p.get("address") or node_id
    return {
        "group": f"location_{venue}",
        "label": _clip(name, 40),
        "short": _clip(name, SHORT_CHARS + 4),
        "url": "/locations/" + quote(node_id, safe=""),
        "details": [("Location", node_id), ("Name", name), ("Address", p.get("address")),
                    ("Postcode", p.get("postcode")),
                    ("Venue type", VENUE_TYPES.get(p.get("venue_type") or "other"))],
    }


def _order(node_id: str, p: dict) -> dict:
    words = ORDER_TYPES.get(str(p.get("order_type") or "other").lower(), "Order")
    start, end = _text(p.get("start_date")), _text(p.get("end_date"))
    kind = str(p.get("order_type") or "order").upper()
    return {"group": "order", "label": f"{kind}\n{start or 'applied'}",
            "short": _clip(f"{kind} {start[:7] or 'applied'}", SHORT_CHARS),
            "details": [("Order", words), ("Reference", node_id), ("Status", p.get("status")),
                        ("From", start), ("To", end or ("until further order" if start else "")),
                        ("Court", p.get("court")), ("Conditions", p.get("conditions"))]}


def _identifier(node_id: str, p: dict) -> dict:
    kind = p.get("kind") or "identifier"
    value = p.get("value") or node_id
    return {"group": "identifier", "label": f"{kind}: {value}",
            "details": [("Identifier", kind), ("Value", value)]}


#: Characters of a label on the canvas.
SHORT_CHARS = 22
#: Offence categories in a word or two, for the canvas.
SHORT_CATEGORIES = {"other_sexual": "Sexual", "coercive_control": "Coercive ctrl",
                    "unclassified": "Offence"}


def _short_name(p: dict, fallback: Any) -> str:
    """First name and initial ("Adam T."): the surname alone, or the id, when that is all."""
    forename, surname = str(p.get("forename") or "").strip(), str(p.get("surname") or "").strip()
    if forename and surname:
        return _clip(forename, SHORT_CHARS - 3) + f" {surname[0]}."
    return _clip(forename or surname or str(fallback or ""), SHORT_CHARS)


def _clip(text: str, most: int) -> str:
    """``text`` cut to ``most`` characters, with an ellipsis when cut.

    >>> _clip("The Fictional Arms and Function Rooms", 22)
    'The Fictional Arms an…'
    """
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def _dedupe(edges: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for e in edges:
        seen.setdefault(e["id"], e)
    return list(seen.values())


def _cap_message(shown: int, total: int, depth: int) -> str | None:
    if total <= shown:
        return None
    hint = "narrow the dates or category" + (", or lower the depth" if depth > 1 else "")
    return f"Showing {shown:,} of {total:,} nodes: {hint}."


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value if v not in (None, ""))
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value)
