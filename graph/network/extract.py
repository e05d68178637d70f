"""Ego networks for the network view: extraction from Neo4j, shaped as vis-network JSON.

A network is everything within ``depth`` relationships (1-3) of a centre node in the raw
graph, over ``NAMED_IN``, ``VICTIM_OF``, ``OCCURRED_AT``, ``HAS_IDENTIFIER``,
``ASSOCIATE_OF`` and ``LIVES_AT``, with every relationship among the nodes kept. Offences
outside the date window (``reported_on``) or category are neither shown nor crossed. At
most ``cap`` nodes are kept, nearest first, and the answer says how many there were.

For roles that may not see who a victim is, pass a :class:`Pseudonyms`: victims become
"Victim A", "Victim B"... with ids that mean something only on one page, residential
addresses are reduced to their postcode district, and free-text notes are left out.

The functions take the database first and return plain dicts; Flask lives in ``app/``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import math
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from graph import classification
from graph.db import Database, render
from graph.tiers import rules as rules_mod
from graph.tiers.assess import decide
from graph.tiers.rules import RuleSet

#: The kinds of node a network shows, as URLs name them, and their labels (the whitelist
#: through which a kind from a URL reaches a query template).
KINDS: dict[str, str] = {
    "subject": "Subject",
    "offence": "Offence",
    "victim": "Victim",
    "location": "Location",
    "identifier": "Identifier",
}
_KIND_OF_LABEL = {label: kind for kind, label in KINDS.items()}

MAX_DEPTH = 3
#: Nodes drawn at most: vis-network settles 500 nodes in about a second on a modest laptop.
DEFAULT_CAP = 500
#: New nodes one double-click may add.
EXPAND_CAP = 200
#: Relationships per new node returned to tie an expansion to the rest of a page.
LINKS_PER_NODE = 100
#: Positions kept in one saved layout.
MAX_LAYOUT_NODES = 3000

#: Venue types of the canonical mapping, in legend order, with how people say them.
VENUE_TYPES: dict[str, str] = {
    "night_time_economy": "Night-time economy",
    "transport_hub": "Transport hub",
    "residential": "Residential",
    "education": "Education",
    "public_space": "Public space",
    "retail": "Retail",
    "workplace": "Workplace",
    "healthcare": "Healthcare",
    "online": "Online",
    "other": "Other / unknown",
}

#: Node styles: kind told apart by shape AND colour; offences coloured by seriousness and
#: locations by venue type. The page builds both vis-network's ``groups`` and its legend
#: from this table.
GROUPS: dict[str, dict[str, str]] = {
    "subject": {"legend": "Subject", "shape": "dot", "color": "#1f4e8c"},
    "offence_rape": {"legend": "Offence: rape", "shape": "diamond", "color": "#b3261e"},
    "offence_sexual": {"legend": "Offence: other sexual", "shape": "diamond",
                       "color": "#e8710a"},
    "offence_other": {"legend": "Offence: other", "shape": "diamond", "color": "#8a939e"},
    "victim": {"legend": "Victim", "shape": "triangle", "color": "#8e3fb0"},
    "identifier": {"legend": "Identifier (phone, vehicle, email)", "shape": "hexagon",
                   "color": "#7a6a55"},
    "location_night_time_economy": {"legend": "Location: night-time economy",
                                    "shape": "square", "color": "#1b7a3a"},
    "location_transport_hub": {"legend": "Location: transport hub", "shape": "square",
                               "color": "#00838f"},
    "location_residential": {"legend": "Location: residential", "shape": "square",
                             "color": "#9c7b3c"},
    "location_education": {"legend": "Location: education", "shape": "square",
                           "color": "#c2185b"},
    "location_public_space": {"legend": "Location: public space", "shape": "square",
                              "color": "#689f38"},
    "location_retail": {"legend": "Location: retail", "shape": "square", "color": "#5d4037"},
    "location_workplace": {"legend": "Location: workplace", "shape": "square",
                           "color": "#455a64"},
    "location_healthcare": {"legend": "Location: healthcare", "shape": "square",
                            "color": "#0277bd"},
    "location_online": {"legend": "Location: online platform", "shape": "square",
                        "color": "#5c6bc0"},
    "location_other": {"legend": "Location: other", "shape": "square", "color": "#78909c"},
}

def group_list() -> list[dict[str, str]]:
    """:data:`GROUPS` in legend order, each with its ``name`` (JSON objects lose order)."""
    return [{"name": name, **style} for name, style in GROUPS.items()]


#: Tier badges: a coloured ring round the subject and a "Tier N" line under the name.
TIER_RINGS: dict[int, str] = {1: "#d50000", 2: "#ff8f00", 3: "#6a1b9a"}

_CATEGORY_WORDS = {
    "rape": "Rape",
    "other_sexual": "Sexual offence",
    "stalking": "Stalking",
    "harassment": "Harassment",
    "coercive_control": "Coercive control",
    "assault": "Assault",
    "homicide": "Homicide",
    "unclassified": "Unclassified",
}
_REL_WORDS = {
    "NAMED_IN": "named in",
    "VICTIM_OF": "victim of",
    "OCCURRED_AT": "occurred at",
    "HAS_IDENTIFIER": "has identifier",
    "ASSOCIATE_OF": "associate of",
    "LIVES_AT": "lives at",
}
_SLUG = re.compile(r"^[a-z][a-z0-9_]{0,60}$")
_PAGE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class NotFound(LookupError):
    """No node of that kind with that id (or no such victim on that page)."""


@dataclass(frozen=True)
class Filters:
    """Which offences a network shows and crosses.

    Attributes:
        date_from: first reported date kept (inclusive), or None.
        date_to: last reported date kept (inclusive), or None.
        category: an offence category of the classification table, or ``"sexual"`` (rape
            and other sexual offences), or None for every offence.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    category: str | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("the from date is after the to date")
        if self.category is not None and not _SLUG.match(self.category):
            raise ValueError(f"unknown offence category {self.category!r}")

    def categories(self) -> list[str] | None:
        """The categories an offence may have, or None for any."""
        if self.category is None:
            return None
        if self.category == "sexual":
            table = classification.load()
            return sorted({c.category for c in table.values() if c.sexual})
        return [self.category]

    def params(self) -> dict[str, Any]:
        """The query parameters of these filters."""
        return {"from": self.date_from, "to": self.date_to, "categories": self.categories()}

    def as_json(self) -> dict[str, Any]:
        """The filters as the API echoes them."""
        return {"from": self.date_from and self.date_from.isoformat(),
                "to": self.date_to and self.date_to.isoformat(), "category": self.category}


def category_choices() -> list[tuple[str, str]]:
    """(value, words) for a category filter: sexual offences, then each category in the table."""
    table = classification.load()
    seen = sorted({c.category for c in table.values()},
                  key=lambda c: (c != "rape", not _is_sexual_category(c, table), c))
    return [("sexual", "Sexual offences (rape and other sexual)")] + [
        (c, _CATEGORY_WORDS.get(c, c.replace("_", " ").capitalize())) for c in seen
    ]


def _is_sexual_category(category: str, table: dict) -> bool:
    return any(c.sexual for c in table.values() if c.category == category)


class Pseudonyms:
    """Per-page pseudonyms for victims, for roles that may not see who a victim is.

    A victim's id becomes an HMAC of the real id keyed by the app's secret and scoped to one
    user and one page, so the same victim keeps one id on one page (expanding a node finds
    her again) but ids cannot be compared across pages or users, nor reversed. Letters
    ("Victim A", "Victim B"...) follow the order victims first appear in a response.

    >>> p = Pseudonyms("secret", "alice|page1")
    >>> p.letter("V9"), p.letter("V2"), p.letter("V9")
    ('Victim A', 'Victim B', 'Victim A')
    >>> p.token("V9") == Pseudonyms("secret", "bob|page1").token("V9")
    False
    """

    def __init__(self, secret: str | bytes, scope: str) -> None:
        self._key = secret.encode() if isinstance(secret, str) else secret
        self._scope = scope.encode()
        self._letters: dict[str, str] = {}

    def token(self, victim_id: str) -> str:
        """The page-scoped pseudonymous id of a victim."""
        digest = hmac.new(self._key, self._scope + b"\x00" + victim_id.encode(), hashlib.sha256)
        return "v" + digest.hexdigest()[:20]

    def letter(self, victim_id: str) -> str:
        """"Victim A", "Victim B"... in first-seen order; "Victim AA" after "Victim Z"."""
        if victim_id not in self._letters:
            self._letters[victim_id] = "Victim " + letters(len(self._letters))
        return self._letters[victim_id]


def letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (spreadsheet column letters).

    >>> [letters(i) for i in (0, 25, 26, 27, 701, 702)]
    ['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']
    """
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def valid_page(value: str | None) -> bool:
    """Whether ``value`` can be a page scope (random text the page was given)."""
    return bool(value) and bool(_PAGE.match(value))


# --- extraction -------------------------------------------------------------------------


def ego_network(
    db: Database,
    kind: str,
    node_id: str,
    *,
    depth: int = 2,
    filters: Filters | None = None,
    cap: int = DEFAULT_CAP,
    as_of: dt.date | None = None,
    pseudonyms: Pseudonyms | None = None,
    rules: RuleSet | None = None,
) -> dict[str, Any]:
    """The network within ``depth`` relationships of one node, ready for vis-network.

    Args:
        db: the database.
        kind: the centre's kind, a key of :data:`KINDS` (``subject``, ``location``...).
        node_id: the centre's id.
        depth: 1 to 3 relationships from the centre.
        filters: offence dates and category; none by default.
        cap: the most nodes kept (the centre included), nearest first.
        as_of: the day the subjects' tiers are worked out for (today by default).
        pseudonyms: given for roles that may not see victims' identities.
        rules: the tier rule set; the configured one by default.

    Returns:
        ``{"centre", "depth", "filters", "as_of", "nodes", "edges", "total", "truncated",
        "message", "masked"}``; ``nodes`` and ``edges`` as vis-network items (see
        :func:`shape_node`), ``total`` the nodes the network really has.

    Raises:
        NotFound: no such node.
        ValueError: a kind or depth out of range.
    """
    result, _ = _build(db, _label(kind), node_id, depth, filters or Filters(), cap, as_of,
                       pseudonyms, rules)
    return result


def expand(
    db: Database,
    kind: str,
    node_id: str,
    *,
    filters: Filters | None = None,
    cap: int = EXPAND_CAP,
    as_of: dt.date | None = None,
    pseudonyms: Pseudonyms | None = None,
    rules: RuleSet | None = None,
) -> dict[str, Any]:
    """One node and its neighbours, plus how each neighbour ties to nodes outside them.

    Args:
        db: the database.
        kind: the node's kind (a key of :data:`KINDS`).
        node_id: its id (a victim's real id: see :func:`find_victim` for pseudonyms).
        filters: as :func:`ego_network`.
        cap: the most neighbours returned.
        as_of: as :func:`ego_network`.
        pseudonyms: as :func:`ego_network`; pass the page's own so that ids match.
        rules: as :func:`ego_network`.

    Returns:
        As :func:`ego_network` (depth 1), plus ``links``: edges from the neighbours to nodes
        outside this answer (up to :data:`LINKS_PER_NODE` each), which a page adds when it
        already shows the other end.

    Raises:
        NotFound: no such node.
    """
    result, vis_id = _build(db, _label(kind), node_id, 1, filters or Filters(), cap + 1,
                            as_of, pseudonyms, rules)
    neighbours = [e for e, v in vis_id.items() if v != result["centre"]]
    result["links"] = _links(db, neighbours, vis_id, pseudonyms)
    return result


def find_victim(db: Database, token: str, near_offence: str, pseudonyms: Pseudonyms) -> str:
    """The real id of the victim a page knows as ``token``, found from an offence beside her.

    Raises:
        NotFound: no victim of that offence has that pseudonymous id on this page.
    """
    for row in db.read("network/victims_of", offence_id=near_offence):
        if hmac.compare_digest(pseudonyms.token(row["victim_id"]), token):
            return row["victim_id"]
    raise NotFound("no such victim beside that offence on this page")


def centre(db: Database, kind: str, node_id: str) -> dict[str, Any]:
    """The centre node's own properties (for a page heading).

    Raises:
        NotFound: no such node.
    """
    label = _label(kind)
    rows = db.read_text("network/centre", render("network/centre", label=label), id=node_id)
    if not rows:
        raise NotFound(f"no {kind} {node_id!r}")
    return rows[0]["props"]


def tiers_for(
    db: Database, subject_ids: list[str], as_of: dt.date, rules: RuleSet | None = None
) -> dict[str, int]:
    """Tier 1, 2 or 3 of each of ``subject_ids`` that has one on ``as_of``.

    Counts as the trawl counts (``tiers/candidates``) and decides with the trawl's own
    :func:`graph.tiers.assess.decide`, for these subjects only, so that a network's badges
    do not cost a whole-force trawl. Tier 3 is an approved nomination.
    """
    if not subject_ids:
        return {}
    rules = rules or rules_mod.load()
    rows = db.read(
        "network/tiers",
        ids=list(subject_ids),
        as_of=as_of,
        sexual_codes=list(rules.sexual_codes),
        rape_codes=list(rules.rape_codes),
        roles=list(rules.counted_roles),
    )
    out: dict[str, int] = {}
    for r in rows:
        tier, _ = decide(r["sexual_offence_count"], r["rape_count"],
                         _date(r["last_reported_on"]), r["in_custody"], rules, as_of)
        if tier is not None:
            out[r["subject_id"]] = tier
    wanted = set(subject_ids)
    for r in db.read("tiers/approved_nominations", as_of=as_of):
        if r["subject_id"] in wanted and r["subject_id"] not in out:
            out[r["subject_id"]] = 3
    return out


def _label(kind: str) -> str:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown kind of node {kind!r}") from None


def _build(
    db: Database,
    label: str,
    node_id: str,
    depth: int,
    filters: Filters,
    cap: int,
    as_of: dt.date | None,
    pseudonyms: Pseudonyms | None,
    rules: RuleSet | None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """The network and the map from Neo4j element ids to the nodes' ids in it."""
    if not 1 <= int(depth) <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}")
    if cap < 1:
        raise ValueError("cap must be at least 1")
    reach = _reach(db, label, node_id, int(depth), filters, cap - 1)
    kept = [(reach["centre"], 0)] + [(k["element_id"], k["depth"]) for k in reach["kept"]]
    nodes, edges, vis_id = _subgraph(db, kept, as_of, pseudonyms, rules)
    total = reach["total"] + 1
    result = {
        "centre": nodes[0]["id"],
        "depth": int(depth),
        "filters": filters.as_json(),
        "as_of": (as_of or dt.date.today()).isoformat(),
        "nodes": nodes,
        "edges": edges,
        "total": total,
        "truncated": total > len(nodes),
        "message": _cap_message(len(nodes), total, int(depth)),
        "masked": pseudonyms is not None,
    }
    return result, vis_id


def _reach(db: Database, label: str, node_id: str, depth: int, filters: Filters,
           keep: int) -> dict[str, Any]:
    name = f"network/reach_{depth}"
    rows = db.read_text(name, render(name, label=label), id=node_id, cap=max(keep, 0),
                        **filters.params())
    if not rows:
        raise NotFound(f"no {_KIND_OF_LABEL[label]} {node_id!r}")
    return rows[0]


def _subgraph(
    db: Database,
    kept: list[tuple[str, int]],
    as_of: dt.date | None,
    pseudonyms: Pseudonyms | None,
    rules: RuleSet | None,
) -> tuple[list[dict], list[dict], dict[str, str]]:
    """Shape the kept nodes (centre first) and every relationship among them."""
    depth_of = dict(kept)
    rows = {r["element_id"]: r for r in db.read("network/subgraph", ids=[e for e, _ in kept])}
    ordered = [rows[e] for e, _ in kept if e in rows]
    subjects = [r["props"].get("id") for r in ordered if "Subject" in r["labels"]]
    tiers = tiers_for(db, subjects, as_of or dt.date.today(), rules)
    nodes, vis_id = [], {}
    for r in ordered:
        node = shape_node(r["labels"], r["props"], depth=depth_of[r["element_id"]],
                          degree=r["degree"], tiers=tiers, pseudonyms=pseudonyms)
        vis_id[r["element_id"]] = node["id"]
        nodes.append(node)
    if nodes:
        nodes[0]["centre"] = True
    edges = [
        shape_edge(o["type"], vis_id[r["element_id"]], vis_id[o["to"]], o.get("role"),
                   o.get("kind"))
        for r in ordered
        for o in r["out"]
        if o["to"] in vis_id
    ]
    return nodes, _dedupe(edges), vis_id


def _links(db: Database, element_ids: list[str], vis_id: dict[str, str],
           pseudonyms: Pseudonyms | None) -> list[dict]:
    """Edges from ``element_ids`` to nodes outside ``vis_id``, named as a page names them."""
    if not element_ids:
        return []
    out = []
    for r in db.read("network/links", from_ids=element_ids, ids=list(vis_id),
                     per_node=LINKS_PER_NODE):
        here = vis_id[r["element_id"]]
        for link in r["links"]:
            kind = _kind_of(link["other_labels"])
            if kind is None or link["other_id"] is None:
                continue
            other = _vis_id(kind, str(link["other_id"]), pseudonyms)
            ends = (here, other) if link["outgoing"] else (other, here)
            out.append(shape_edge(link["type"], *ends, link.get("role"), link.get("kind")))
    return _dedupe(out)


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


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    return value.to_native() if hasattr(value, "to_native") else value


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


# --- shaping ----------------------------------------------------------------------------


def shape_node(
    labels: list[str],
    props: dict[str, Any],
    *,
    depth: int = 0,
    degree: int = 0,
    tiers: dict[str, int] | None = None,
    pseudonyms: Pseudonyms | None = None,
) -> dict[str, Any]:
    """One node as the page draws it.

    Only the properties listed here leave the server (never provenance, never a masked
    victim's name, date of birth or id). Text is data, never markup: the page puts it on
    the canvas or into elements with ``textContent``.

    Returns:
        ``{"id", "kind", "group", "label", "depth", "degree", "details" ([name, value]
        pairs), "url" (a page about the node, or None), "tier" (subjects), "masked"}``.
    """
    kind = _kind_of(labels) or "identifier"
    node_id = str(props.get("id", ""))
    shaper = _SHAPERS[kind]
    node = {"id": _vis_id(kind, node_id, pseudonyms), "kind": kind, "depth": depth,
            "degree": degree, "url": None, "tier": None, "masked": False, "centre": False}
    node.update(shaper(node_id, props, tiers or {}, pseudonyms))
    node["details"] = [[k, _text(v)] for k, v in node["details"] if _text(v)]
    return node


def shape_edge(rel_type: str, source: str, target: str, role: str | None = None,
               kind: str | None = None) -> dict[str, Any]:
    """One relationship as the page draws it.

    ``label`` is drawn on the edge: the association's kind, or a role other than suspect
    (the usual one, which would only clutter a chart); ``words`` says it all, for tooltips.
    """
    qualifier = role if rel_type == "NAMED_IN" else kind if rel_type == "ASSOCIATE_OF" else None
    words = _REL_WORDS.get(rel_type, rel_type.lower())
    drawn = "" if rel_type == "NAMED_IN" and role == "suspect" else qualifier
    return {
        "id": f"{rel_type}|{source}|{target}|{qualifier or ''}",
        "from": source,
        "to": target,
        "type": rel_type,
        "label": (drawn or "").replace("_", " "),
        "words": words + (f" ({qualifier.replace('_', ' ')})" if qualifier else ""),
    }


def _kind_of(labels: list[str]) -> str | None:
    for label in labels:
        if label in _KIND_OF_LABEL:
            return _KIND_OF_LABEL[label]
    return None


def _vis_id(kind: str, node_id: str, pseudonyms: Pseudonyms | None) -> str:
    if kind == "victim" and pseudonyms is not None:
        return "victim:" + pseudonyms.token(node_id)
    return f"{kind}:{node_id}"


def _name(props: dict[str, Any]) -> str:
    return " ".join(str(p) for p in (props.get("forename"), props.get("surname")) if p)


def _subject(node_id: str, p: dict, tiers: dict[str, int], pseudonyms) -> dict:
    name = _name(p) or node_id
    tier = tiers.get(node_id)
    return {
        "group": "subject",
        "label": name + (f"\nTier {tier}" if tier else ""),
        "tier": tier,
        "url": "/subjects/" + quote(node_id, safe=""),
        "details": [
            ("Subject", node_id), ("Name", name), ("Aliases", p.get("aliases")),
            ("Date of birth", p.get("dob")), ("Gender", p.get("gender")),
            ("PNC", p.get("pnc_id")), ("Tier", f"Tier {tier}" if tier else "none"),
            ("Status", p.get("lifecycle_status")),
        ],
    }


def _offence(node_id: str, p: dict, tiers, pseudonyms) -> dict:
    category = p.get("category") or classification.UNCLASSIFIED
    if p.get("rape") or category == "rape":
        group = "offence_rape"
    elif p.get("sexual"):
        group = "offence_sexual"
    else:
        group = "offence_other"
    words = _CATEGORY_WORDS.get(category, category.replace("_", " ").capitalize())
    reported = _text(p.get("reported_on"))
    known = classification.classify(p.get("ho_code"))
    details = [
        ("Crime reference", p.get("crime_ref") or node_id),
        ("Offence", p.get("offence_type") or (known.description if known else None)),
        ("Home Office code", p.get("ho_code")), ("Category", words),
        ("Committed", p.get("committed_from")), ("Reported", reported),
        ("Outcome", p.get("outcome_code")), ("Domestic abuse", p.get("domestic")),
    ]
    if pseudonyms is None:  # free text may name a victim
        details.append(("MO notes", p.get("mo_notes")))
    return {"group": group, "label": f"{words}\n{reported}".strip(), "details": details}


def _victim(node_id: str, p: dict, tiers, pseudonyms: Pseudonyms | None) -> dict:
    if pseudonyms is not None:
        letter = pseudonyms.letter(node_id)
        return {"group": "victim", "label": letter, "masked": True,
                "details": [("Victim", letter),
                            ("Identity", "protected: your role sees that a victim links "
                                         "offences, not who she or he is")]}
    name = _name(p) or node_id
    return {"group": "victim", "label": name,
            "details": [("Victim", node_id), ("Name", name), ("Date of birth", p.get("dob")),
                        ("Gender", p.get("gender"))]}


def _location(node_id: str, p: dict, tiers, pseudonyms: Pseudonyms | None) -> dict:
    p = mask_location(p) if pseudonyms is not None else p
    venue = p.get("venue_type") if p.get("venue_type") in VENUE_TYPES else "other"
    name = p.get("name") or p.get("address") or node_id
    return {
        "group": f"location_{venue}",
        "label": name if len(name) <= 40 else name[:39] + "…",
        "url": "/locations/" + quote(node_id, safe=""),
        "details": [("Location", node_id), ("Name", name), ("Address", p.get("address")),
                    ("Postcode", p.get("postcode")),
                    ("Venue type", VENUE_TYPES.get(p.get("venue_type") or "other"))],
    }


def _identifier(node_id: str, p: dict, tiers, pseudonyms) -> dict:
    kind = p.get("kind") or "identifier"
    value = p.get("value") or node_id
    return {"group": "identifier", "label": f"{kind}: {value}",
            "details": [("Identifier", kind), ("Value", value)]}


_SHAPERS = {"subject": _subject, "offence": _offence, "victim": _victim,
            "location": _location, "identifier": _identifier}


def mask_location(props: dict[str, Any]) -> dict[str, Any]:
    """A location as roles without victims' identities see it.

    A residential address where an offence happened is very often the victim's home, so
    such roles see only that it is residential and its postcode district (``ZZ3``); other
    venues (a bar, a station) are places, not people, and stay as they are.

    >>> mask_location({"id": "L1", "name": "1 Any Road", "postcode": "ZZ3 6XG",
    ...                "venue_type": "residential", "lat": 53.7})["name"]
    'Residential address (ZZ3)'
    """
    if props.get("venue_type") != "residential":
        return props
    district = str(props.get("postcode") or "").split(" ")[0] or "postcode withheld"
    return {"id": props.get("id"), "venue_type": "residential",
            "name": f"Residential address ({district})", "address": None,
            "postcode": district, "lat": None, "lon": None, "masked": True}


# --- saved layouts ----------------------------------------------------------------------


def layout_key(username: str, kind: str, node_id: str) -> str:
    """The id of one user's saved layout for one centre."""
    _label(kind)
    return f"{username}|{kind}:{node_id}"


def save_layout(db: Database, username: str, kind: str, node_id: str,
                positions: Any) -> dict[str, Any]:
    """Keep ``positions`` (``{node id: {"x": .., "y": ..}}``) for this user and centre.

    Raises:
        ValueError: positions that are not a mapping of node ids to finite x and y.
    """
    clean = clean_positions(positions)
    rows = db.write("network/layout_save", id=layout_key(username, kind, node_id),
                    username=username, centre_kind=kind, centre_id=node_id,
                    positions=json.dumps(clean, separators=(",", ":")), nodes=len(clean))
    return {"saved_at": rows[0]["saved_at"], "nodes": len(clean)}


def load_layout(db: Database, username: str, kind: str, node_id: str) -> dict[str, Any] | None:
    """This user's saved layout for this centre: ``{"positions", "nodes", "saved_at"}``."""
    rows = db.read("network/layout_get", id=layout_key(username, kind, node_id))
    if not rows:
        return None
    return {"positions": json.loads(rows[0]["positions"]), "nodes": rows[0]["nodes"],
            "saved_at": rows[0]["saved_at"]}


def delete_layout(db: Database, username: str, kind: str, node_id: str) -> bool:
    """Forget this user's saved layout for this centre; whether there was one."""
    rows = db.write("network/layout_delete", id=layout_key(username, kind, node_id))
    return bool(rows and rows[0]["deleted"])


def clean_positions(positions: Any) -> dict[str, dict[str, float]]:
    """Validate positions from a page: at most :data:`MAX_LAYOUT_NODES` short ids, finite x/y.

    >>> clean_positions({"subject:S1": {"x": 1, "y": -2.5}})
    {'subject:S1': {'x': 1.0, 'y': -2.5}}
    """
    if not isinstance(positions, dict) or not positions:
        raise ValueError("positions must be an object of node ids to {x, y}")
    if len(positions) > MAX_LAYOUT_NODES:
        raise ValueError(f"at most {MAX_LAYOUT_NODES} positions can be saved")
    out = {}
    for key, value in positions.items():
        if not isinstance(key, str) or not 0 < len(key) <= 200:
            raise ValueError("node ids must be text of 1 to 200 characters")
        try:
            x, y = float(value["x"]), float(value["y"])
        except (TypeError, KeyError, ValueError):
            raise ValueError(f"position of {key!r} needs numbers x and y") from None
        if not (math.isfinite(x) and math.isfinite(y) and abs(x) < 1e7 and abs(y) < 1e7):
            raise ValueError(f"position of {key!r} is out of range")
        out[key] = {"x": round(x, 1), "y": round(y, 1)}
    return out
