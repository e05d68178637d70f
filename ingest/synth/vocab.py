"""Word pools for synthetic records.

Every surname, street, town, venue and platform is built from obviously fictional parts so that
no generated record can be mistaken for a real person or place.  Forenames are ordinary, on
purpose: analysts test name matching on realistic forenames (and their spelling variants).
"""

from __future__ import annotations

from .mo_vocab import notes_by_category

MALE_FORENAMES: tuple[str, ...] = tuple(
    "James John Michael David Daniel Thomas Ryan Liam Connor Jack Harry Callum Kyle Lee Mark "
    "Paul Steven Craig Dean Jamie Adam Aaron Ben Chris Gary Jason Karl Luke Matthew Nathan "
    "Oliver Robert Sam Scott Shane Wayne Ashley Mohammed Ahmed Tomasz Piotr Darius Kieran "
    "Philip Shaun Andrew Tyler Reece".split()
)
FEMALE_FORENAMES: tuple[str, ...] = tuple(
    "Emma Sophie Chloe Jessica Hannah Lucy Amy Laura Rebecca Sarah Megan Olivia Grace Ella Mia "
    "Aisha Zara Priya Natalia Kayleigh Leanne Gemma Charlotte Holly Abigail Katie Jade Nicola "
    "Amber Shannon Paige Danielle Lauren Ellie Ruby Maya Fatima Agnieszka".split()
)
# Spelling variants that a second record of the same person might carry.
FORENAME_VARIANTS: dict[str, str] = {
    "John": "Jon",
    "Steven": "Stephen",
    "Mohammed": "Muhammad",
    "Lee": "Leigh",
    "Mark": "Marc",
    "Chris": "Kris",
    "Karl": "Carl",
    "Aaron": "Aron",
    "Matthew": "Mathew",
    "Philip": "Phillip",
    "Shaun": "Sean",
    "Tomasz": "Thomas",
    "Jamie": "Jaime",
    "Ashley": "Ashleigh",
}
NICKNAMES: dict[str, str] = {
    "James": "Jim",
    "John": "Johnny",
    "Michael": "Mick",
    "David": "Dave",
    "Daniel": "Danny",
    "Thomas": "Tom",
    "Steven": "Steve",
    "Robert": "Rob",
    "Matthew": "Matt",
    "Andrew": "Andy",
    "Christopher": "Chris",
    "Samuel": "Sam",
    "Nathan": "Nate",
    "Benjamin": "Ben",
    "Philip": "Phil",
}

_SURNAME_HEADS: tuple[str, ...] = tuple(
    "Test Sample Mock Dummy Fiction Stub Proxy Pretend Decoy Phantom Faux Ersatz Example "
    "Specimen Template Token Widget Gadget Foobar Lorem".split()
)
_SURNAME_TAILS: tuple[str, ...] = tuple(
    "erton ford ley wood field son well ham worth bridge shaw more dale stone croft by hurst "
    "gate ington ridge".split()
)
SURNAMES: tuple[str, ...] = tuple(h + t for h in _SURNAME_HEADS for t in _SURNAME_TAILS)

TOWNS: tuple[str, ...] = tuple(
    "Fictionby Sampleton Testford Mockbury Exampleham Dummington Stubley Placeholme Proxwich "
    "Notreal-on-Sea Madeupton Pretendon Fakeley Decoyster Nonesuch Lorembridge Widgetby "
    "Gadgetford Foobarham Ipsumworth".split()
)
STREET_HEADS: tuple[str, ...] = tuple(
    "Example Sample Test Placeholder Mock Fiction Imaginary Nowhere Notional Hypothetical "
    "Pretend Stub Dummy Specimen Template".split()
)
STREET_TAILS: tuple[str, ...] = tuple(
    "Lane Road Street Close Avenue Way Crescent Drive Gardens Terrace Grove Place".split()
)
HOUSES_PER_STREET = 300

# Venue name patterns by venue type; "{h}" is a street head, "{t}" the town.
VENUE_NAMES: dict[str, tuple[str, ...]] = {
    "night_time_economy": (
        "The {h} Arms",
        "The {h} Tavern",
        "Bar {h}",
        "Club {h}",
        "The {h} Lounge",
        "The {h} Inn",
        "{h} Social",
        "{h} Nightclub",
        "The {h} Vaults",
        "{h} Cocktail Bar",
    ),
    "transport_hub": (
        "{t} Central Station",
        "{t} Bus Station",
        "{h} Road bus stop",
        "{t} Interchange",
        "{h} Street tram stop",
        "{t} Parkway Station",
        "{h} Lane taxi rank",
    ),
    "public_space": (
        "{h} Park",
        "{h} Road underpass",
        "{h} Recreation Ground",
        "{t} Market Square",
        "{h} Canal Towpath",
        "{h} Woods footpath",
        "{t} Riverside Walk",
    ),
    "retail": ("{h} Shopping Centre", "{h} Retail Park", "{h} Supermarket", "{t} Arcade"),
    "education": ("{t} College", "{h} Academy", "University of {t} campus", "{h} Sixth Form"),
    "workplace": (
        "{h} Business Park",
        "{h} Distribution Centre",
        "{t} Call Centre",
        "{h} Road Depot",
        "{h} House offices",
    ),
    "healthcare": (
        "{t} General Hospital",
        "{h} Medical Centre",
        "{h} Health Centre",
        "{t} Walk-in Centre",
    ),
}
ONLINE_PLATFORMS: tuple[str, ...] = (
    "Fictbook",
    "Chatterbox messenger",
    "Snapsample",
    "Datefake app",
    "PhotoMock",
    "Stubgram",
    "Placeholder Forum",
    "Decoy Dating",
    "Mockmail",
    "Testtok",
    "Lorem Live",
    "Gadget Games chat",
)
# The kind of each platform (same order as ONLINE_PLATFORMS): online MO notes follow it.
ONLINE_PLATFORM_KINDS: tuple[str, ...] = (
    "social",
    "messaging",
    "social",
    "dating",
    "social",
    "social",
    "forum",
    "dating",
    "email",
    "video",
    "video",
    "gaming",
)

ESTABLISHMENTS: tuple[str, ...] = (
    "HMP Fictionby",
    "HMP Sampleton",
    "HMYOI Testford",
    "HMP Mockmoor",
    "HMP Exampleham",
    "HMP Stubley",
    "HMP Dummington",
)

#: Behaviour codes from the taxonomy (graph/config/behaviours.yaml); the first four are the
#: commonest in the background.
BEHAVIOURS: tuple[str, ...] = (
    "loitering",
    "repeated_approaches",
    "targeting_vulnerable",
    "sexual_comments",
    "out_of_context_nte",
    "catcalling",
    "sexual_gestures",
    "suspected_spiking",
    "abuse_after_rejection",
    "brushing_past",
)
#: Behaviours that touch the person (the taxonomy's contact flag).
CONTACT_BEHAVIOURS: frozenset[str] = frozenset({"brushing_past", "suspected_spiking"})
# One summary per behaviour (same order as BEHAVIOURS); the venue is a separate column.
BEHAVIOUR_SUMMARIES: tuple[tuple[str, ...], ...] = (
    (
        "Male seen loitering for long periods watching lone women leave.",
        "Repeatedly seen loitering outside the toilets at closing time.",
    ),
    (
        "Repeatedly approaching groups of young women, asking to join them.",
        "Approached several groups with propositions, became persistent when refused.",
    ),
    (
        "Seen steering intoxicated women away from friends.",
        "Targeting lone women who appear intoxicated or lost.",
    ),
    (
        "Making sexual comments to staff and customers.",
        "Unwanted sexual remarks to women waiting for transport.",
    ),
    (
        "Out of place in the venue: not drinking, watching lone women all evening.",
        "Followed women from the venue towards the car park, no reason to be there.",
    ),
    (
        "Wolf-whistling and shouting at women passing the queue.",
        "Cat-calling women leaving the venue alone.",
    ),
    (
        "Making sexual gestures at women in the queue.",
        "Obscene gestures towards female staff behind the bar.",
    ),
    (
        "Door staff concerned he was adding something to drinks.",
        "Report of drink tampering concerns involving this male.",
    ),
    (
        "Became abusive and belittling when a woman turned down his advances.",
        "Shouted insults at a woman who ignored his sexual comments.",
    ),
    (
        "Repeatedly brushing past women at the bar, getting physically close.",
        "Pressed against a woman in the crowd; she moved away and he followed.",
    ),
)
#: 3x5x2 gradings (source 1-3, intelligence A-E, handling P/C) as forces send them.
#: The last two are drawn only for planted escalation near misses (weight 0 in the background).
GRADES: tuple[str, ...] = ("1A P", "1B P", "2B P", "2C P", "2B C", "2C C", "2D P", "3C C",
                           "3E C", "2A P", "2E P", "1E C")
GRADE_WEIGHTS: tuple[float, ...] = (0.03, 0.07, 0.28, 0.2, 0.12, 0.14, 0.06, 0.05, 0.03, 0.02,
                                    0.0, 0.0)

ORDER_CONDITIONS: dict[str, tuple[str, ...]] = {
    "SHPO": (
        "Not to contact females under 18; devices available for inspection.",
        "Not to enter licensed premises in the town centre after 21:00.",
    ),
    "SRO": (
        "Not to approach lone women in the night-time economy area.",
        "Notify police of any new relationship within 3 days.",
    ),
    "SPO": ("Not to contact the victim by any means; not to enter her street.",),
    "DVPO": ("Not to enter the victim's address or come within 100 metres.",),
    "restraining": ("Not to contact the victim directly or indirectly.",),
    "non_molestation": ("Not to use or threaten violence; not to harass or pester.",),
    "bail_conditions": (
        "Not to contact prosecution witnesses; reside at home address.",
        "Curfew 21:00-06:00; not to enter the town centre.",
    ),
    "DAPO": ("Not to contact the victim; not to enter the shared home; attend a programme.",),
    "notification": ("Notification requirements: name, address and foreign travel.",),
}
# Where an order's power comes from, by order type (the synthetic force's legal_basis column).
LEGAL_BASES: dict[str, str] = {
    "SHPO": "Sentencing Act 2020, Part 11 Chapter 2",
    "SRO": "Sexual Offences Act 2003, s.122A",
    "SPO": "Stalking Protection Act 2019, s.2",
    "DVPO": "Crime and Security Act 2010, s.28",
    "restraining": "Sentencing Act 2020, Part 11 Chapter 3",
    "non_molestation": "Family Law Act 1996, s.42",
    "bail_conditions": "Bail Act 1976, s.3(6)",
    "DAPO": "Domestic Abuse Act 2021, Part 3",
    "notification": "Sexual Offences Act 2003, Part 2",
}
COURT_KINDS: tuple[str, ...] = ("Magistrates' Court", "Crown Court", "Family Court")
COURTS: tuple[str, ...] = tuple(f"{t} {k}" for t in TOWNS for k in COURT_KINDS)
BREACH_SUMMARIES: tuple[str, ...] = (
    "Seen inside the exclusion zone; arrested nearby.",
    "Contacted the protected person despite the order.",
    "Not at his home address at a curfew check.",
    "Failed to notify police of a change of address within 3 days.",
    "Found with an internet-enabled device not made available for inspection.",
)

# Modus operandi notes of each offence category (templates by MO group and venue in mo_vocab.py).
MO_NOTES: dict[str, tuple[str, ...]] = notes_by_category()
