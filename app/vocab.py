"""Presentation tables: how people say outcomes, order types, venue types, offence categories
and relationships, and how the network drawing colours and shapes each kind of node."""

from __future__ import annotations

from graph.network import filters

#: Home Office outcome types (the 15 and 16 "evidential difficulties" matter to RASSO work).
OUTCOMES: dict[int, str] = {
    1: "charged or summonsed",
    2: "caution (youth)",
    3: "caution (adult)",
    4: "taken into consideration",
    5: "offender died",
    6: "penalty notice for disorder",
    7: "cannabis or khat warning",
    8: "community resolution",
    9: "prosecution not in the public interest (CPS)",
    10: "formal action not in the public interest (police)",
    11: "prosecution prevented: suspect under age",
    12: "prosecution prevented: suspect too ill",
    13: "prosecution prevented: victim or key witness dead or too ill",
    14: "evidential difficulties: suspect not identified, victim does not support",
    15: "evidential difficulties: suspect identified, victim supports",
    16: "evidential difficulties: victim does not support",
    17: "prosecution time limit expired",
    18: "investigation complete: no suspect identified",
    20: "action by another body or agency",
    21: "further investigation not in the public interest",
    22: "diversionary, educational or intervention activity",
}

#: Order types as the canonical mapping stores them, as people say them.
ORDER_TYPES: dict[str, str] = {
    "shpo": "Sexual Harm Prevention Order",
    "sro": "Sexual Risk Order",
    "spo": "Stalking Protection Order",
    "dvpo": "Domestic Violence Protection Order",
    "dvpn": "Domestic Violence Protection Notice",
    "restraining": "Restraining order",
    "non_molestation": "Non-molestation order",
    "bail_conditions": "Bail conditions",
    "dapn": "Domestic Abuse Protection Notice",
    "dapo": "Domestic Abuse Protection Order",
    "notification": "Sex offender notification requirements",
    "other": "Other order",
}

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
    "order": {"legend": "Order (SHPO, SRO, restraining...)", "shape": "star",
              "color": "#00695c"},
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

#: Offence categories as people say them.
CATEGORY_WORDS = {
    "rape": "Rape",
    "other_sexual": "Sexual offence",
    "stalking": "Stalking",
    "harassment": "Harassment",
    "coercive_control": "Coercive control",
    "assault": "Assault",
    "homicide": "Homicide",
    "unclassified": "Unclassified",
}
#: Relationship types as people say them.
REL_WORDS = {
    "NAMED_IN": "named in",
    "VICTIM_OF": "victim of",
    "OCCURRED_AT": "occurred at",
    "HAS_IDENTIFIER": "has identifier",
    "ASSOCIATE_OF": "associate of",
    "LIVES_AT": "lives at",
    "HAS_ORDER": "holds order",
    "PROTECTS": "protects (no contact)",
}


def category_words(category: str) -> str:
    """An offence category as people say it."""
    return CATEGORY_WORDS.get(category, category.replace("_", " ").capitalize())


def category_choices() -> list[tuple[str, str]]:
    """(value, words) for a category filter: sexual offences, then each category in the table."""
    return [("sexual", "Sexual offences (rape and other sexual)")] + [
        (c, category_words(c)) for c in filters.categories()
    ]


def venue_colours() -> dict[str, str]:
    """The map's marker colour per venue type (the drawing's location colours)."""
    return {venue: GROUPS[f"location_{venue}"]["color"] for venue in VENUE_TYPES}
