"""Modus operandi templates by MO group (a refinement of the offence category) and venue.

A note is a template whose slots are filled from small vocabularies: the place slots
(``{crowd}``, ``{quiet}``, ``{at}``, ``{there}``) from the venue type where the offence
happened, the online slots (``{over}``, ``{contact}``) from the kind of platform.  Every
combination of slot values is one note, so the vocabulary of a (group, venue) cell is a
finite, checkable set.

A group's cell for a physical venue other than a home is its ``any`` templates plus the
templates under that venue's name; homes take only ``residential``, platforms only ``online``.
A template starting ``D:`` is used only for domestic offences, ``S:`` only for the others.

Notes are short, in police register, and never name or gender anyone: victim and suspect are
"victim" and "suspect" (or a relationship: partner, family member, colleague), so a note
fits a male victim or a female suspect as well.

This module is pure data plus the expansion; ``mo.py`` maps offences onto it.
"""

from __future__ import annotations

from itertools import product
from string import Formatter

# MO group -> the classification category its codes belong to (mo.group_of picks the group).
GROUP_CATEGORY: dict[str, str] = {
    "rape": "rape",
    "rape_child": "rape",
    "sexual_assault": "other_sexual",
    "child_sexual": "other_sexual",
    "grooming": "other_sexual",
    "exposure": "other_sexual",
    "exploitation": "other_sexual",
    "trust": "other_sexual",
    "stalking": "stalking",
    "harassment": "harassment",
    "communications": "harassment",
    "coercive": "coercive_control",
    "assault": "assault",
    "homicide": "homicide",
}

# Place slots per physical venue type (table.VENUE_TYPES names).
PLACES: dict[str, dict[str, tuple[str, ...]]] = {
    "night_time_economy": {
        "crowd": ("on a crowded dance floor", "at the bar while the venue was busy",
                  "in the queue to get in"),
        "quiet": ("in the venue's toilets", "in a yard behind the venue at closing time",
                  "in a side alley near the venue"),
        "at": ("at the venue", "outside the venue at closing time"),
        "there": ("on a night out", "at the venue with friends"),
    },
    "transport_hub": {
        "crowd": ("in a crowd of passengers at rush hour", "in the crowded waiting area",
                  "while victim boarded a crowded service"),
        "quiet": ("in a deserted waiting area late at night",
                  "in a secluded spot nearby after the last service"),
        "at": ("where victim caught transport", "on victim's journey home"),
        "there": ("waiting for transport", "travelling home"),
    },
    "public_space": {
        "crowd": ("in a crowd at an outdoor event", "on a busy path"),
        "quiet": ("on a quiet footpath", "away from the path in bushes",
                  "in an unlit area off the path"),
        "at": ("on victim's regular route", "near victim's regular walk"),
        "there": ("out walking", "on the way home"),
    },
    "retail": {
        "crowd": ("in a busy aisle", "in a queue at the tills"),
        "quiet": ("in a quiet corner of the car park", "in a stairwell to the car park"),
        "at": ("at the shops victim used", "in the car park while victim was shopping"),
        "there": ("out shopping", "at work in a shop"),
    },
    "education": {
        "crowd": ("in a crowded corridor between classes", "at a busy student event"),
        "quiet": ("in an empty classroom", "in a campus stairwell after classes"),
        "at": ("on the campus", "outside victim's classes"),
        "there": ("in class", "on the campus"),
    },
    "workplace": {
        "crowd": ("on a busy shift", "at a staff social event"),
        "quiet": ("in a store room at work", "in an empty office after a shift"),
        "at": ("at victim's workplace", "in the staff car park"),
        "there": ("at work", "on a shift"),
    },
    "healthcare": {
        "crowd": ("in a busy waiting area", "in the queue at reception"),
        "quiet": ("in a side room", "in an empty corridor at night"),
        "at": ("at the clinic victim attended", "in the hospital car park"),
        "there": ("at a medical appointment", "visiting a relative in hospital"),
    },
}
RESIDENTIAL = "residential"
ONLINE = "online"

# Online slots per kind of platform (vocab.ONLINE_PLATFORM_KINDS maps each platform to one).
PLATFORMS: dict[str, dict[str, tuple[str, ...]]] = {
    "social": {"over": ("over a social media app",),
               "contact": ("after adding victim as a friend", "after following victim's account")},
    "messaging": {"over": ("over a messaging app",),
                  "contact": ("after getting victim's number from a group chat",)},
    "dating": {"over": ("over a dating app",), "contact": ("after matching with victim",)},
    "email": {"over": ("by email",), "contact": ("after finding victim's email address online",)},
    "gaming": {"over": ("through an online game's chat",),
               "contact": ("after befriending victim in a game",)},
    "forum": {"over": ("on an online forum",), "contact": ("after victim replied to a post",)},
    "video": {"over": ("over a video-sharing app",),
              "contact": ("after commenting on victim's videos",)},
}

TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "rape": {
        "any": ("Raped victim {quiet}.", "S:Raped intoxicated victim {quiet}.",
                "S:Followed victim and raped victim {quiet}.",
                "D:Ex-partner; followed victim and raped victim {quiet}."),
        "night_time_economy": ("S:Bought victim drinks, then raped victim {quiet}.",
                               "S:Offered victim a lift home from the venue; raped victim in "
                               "the vehicle."),
        "transport_hub": ("S:Offered to walk victim home after late-night transport; raped "
                          "victim on the way.",),
        "public_space": ("S:Offered to walk intoxicated victim home; raped victim {quiet}.",),
        "education": ("S:Fellow student; raped victim {quiet} after a social event.",),
        "workplace": ("S:Colleague; raped victim {quiet}.",),
        "healthcare": ("S:Raped victim, a patient, {quiet}.",),
        "residential": ("D:Partner; raped victim at home after an argument.",
                        "D:Partner; raped victim while victim was asleep.",
                        "D:Ex-partner; came to the address to collect belongings, then raped "
                        "victim.",
                        "S:Met victim in a bar, offered to walk victim home, raped victim at "
                        "the address.",
                        "S:Victim intoxicated; taken back to suspect's flat and raped.",
                        "S:Raped victim in a bedroom at a house party."),
        "online": ("Contacted victim {over} {contact}; raped victim at their first meeting.",
                   "D:Ex-partner; arranged a meeting {over}, then raped victim."),
    },
    "rape_child": {
        "any": ("Raped victim {quiet} after gaining victim's trust over several weeks.",
                "S:Approached victim, a child out alone, and raped victim {quiet}.",
                "D:Family member; took victim out and raped victim {quiet}."),
        "education": ("S:Older pupil; raped victim {quiet}.",),
        "residential": ("D:Family member; raped victim at the family home.",
                        "D:Mother's partner; raped victim at the family home while caring "
                        "for victim.",
                        "S:Family friend; raped victim while babysitting.",
                        "S:Raped victim at an address where young people gathered, after "
                        "giving victim alcohol."),
        "online": ("Groomed victim {over} {contact}; arranged to meet and raped victim.",),
    },
    "sexual_assault": {
        "any": ("Touched victim over clothing {crowd}.", "Groped victim {crowd}.",
                "Grabbed victim and touched victim sexually {quiet}.",
                "S:Kissed victim and touched victim sexually without consent {quiet}.",
                "D:Ex-partner; grabbed victim and touched victim sexually {quiet}."),
        "night_time_economy": ("S:Followed victim from the dance floor and touched victim "
                               "sexually {quiet}.",),
        "transport_hub": ("S:Pressed against victim and touched victim sexually {crowd}.",),
        "residential": ("D:Partner; touched victim sexually after being told to stop.",
                        "D:Ex-partner; forced sexual touching at the address.",
                        "S:Touched victim sexually while victim slept at a house party.",
                        "S:Visitor at victim's address; grabbed victim and touched victim "
                        "sexually."),
        "online": ("Contacted victim {over} {contact}; touched victim sexually without consent "
                   "at their first meeting.",),
    },
    "child_sexual": {
        "any": ("Touched victim sexually {quiet}.",
                "S:Approached victim, a child out alone, and touched victim sexually {quiet}.",
                "D:Family member; touched victim sexually {quiet}."),
        "education": ("S:Older pupil; touched victim sexually {crowd}.",),
        "residential": ("D:Family member; sexually touched victim at the family home.",
                        "D:Mother's partner; sexual activity with victim at the family home.",
                        "S:Family friend; sexually touched victim while babysitting.",
                        "S:Neighbour; invited victim in and touched victim sexually."),
        "online": ("Contacted victim {over} {contact}; incited victim to send sexual images.",
                   "Sent sexual messages to victim {over} {contact}, then incited sexual "
                   "activity on camera."),
    },
    "grooming": {
        "any": ("Befriended victim {at} with gifts and cigarettes, then arranged to meet "
                "alone.",
                "S:Gave victim alcohol {at} and arranged further meetings alone."),
        "residential": ("S:Neighbour; groomed victim with gifts and invitations to the "
                        "address.",
                        "D:Family member; groomed victim with gifts and secrets at the family "
                        "home.",
                        "S:Gave victim alcohol at the address and asked for sexual images."),
        "online": ("Sent sexual messages to victim {over} {contact}.",
                   "Groomed victim {over} {contact}, asking for indecent images.",
                   "Posed as a teenager in messages {over} and arranged to meet victim."),
    },
    "exposure": {
        "any": ("Exposed genitals to victim {quiet}.", "Masturbated in view of victim {quiet}.",
                "Filmed under victim's clothing {crowd}.",
                "Took sexual photographs of victim without consent {crowd}."),
        "residential": ("Watched victim through a window at victim's address.",
                        "Exposed genitals to victim at victim's front door.",
                        "D:Partner; filmed victim undressing without consent.",
                        "S:Filmed victim in the bathroom with a hidden camera."),
        "online": ("Sent unsolicited sexual images to victim {over} {contact}.",
                   "Shared sexual images of victim {over} without consent.",
                   "D:Ex-partner; threatened {over} to share intimate images of victim."),
    },
    "exploitation": {
        "any": ("Recruited victim {at} with gifts and alcohol; victim then sexually exploited "
                "by others.",
                "Arranged for victim to be sexually exploited by others {quiet}."),
        "residential": ("Victim held at an address and made to have sex with others for money.",
                        "Victim taken to an address with alcohol and drugs and sexually "
                        "exploited by several adults."),
        "online": ("Recruited victim {over} {contact} with promises of work; victim then "
                   "sexually exploited.",
                   "Advertised victim for sex {over}."),
    },
    "trust": {
        "any": ("Used a position of trust to engage victim in sexual activity {quiet}.",),
        "workplace": ("Manager; used a position of trust to engage victim in sexual activity "
                      "{quiet}.",),
        "education": ("Member of staff; sexual messages to a student, then sexual activity "
                      "{quiet}.",),
        "healthcare": ("Carer; sexual activity with a vulnerable patient {quiet}.",),
        "residential": ("Carer; sexual activity with victim during care visits at victim's "
                        "home.",
                        "Sports coach; sexual activity with victim at suspect's address.",
                        "Support worker; sexual activity with a vulnerable adult at victim's "
                        "home."),
        "online": ("Used a position of trust to send sexual messages to victim {over}.",),
    },
    "stalking": {
        "any": ("Turned up {at} day after day and watched victim.",
                "D:Repeatedly waited for victim {at} after the relationship ended.",
                "S:Became fixated on victim after one meeting; repeatedly followed victim "
                "{at}."),
        "workplace": ("D:Repeatedly attended victim's workplace after relationship ended.",),
        "residential": ("Left unwanted gifts and notes at victim's address.",
                        "D:Ex-partner; repeatedly turned up at the address and watched the "
                        "house.",
                        "D:Ex-partner; fitted a tracker to victim's car and turned up wherever "
                        "victim went.",
                        "S:Neighbour; watched and photographed victim coming and going from "
                        "the address."),
        "online": ("Created multiple accounts to contact victim after being blocked.",
                   "Monitored victim online and sent messages {over} about victim's daily "
                   "movements.",
                   "D:Ex-partner; kept contacting victim {over} from new accounts after being "
                   "blocked."),
    },
    "harassment": {
        "any": ("Shouted abuse at victim {at} on several occasions.",
                "D:Ex-partner; repeatedly confronted victim {at}.",
                "S:Repeatedly approached victim {at} despite being told to stop."),
        "residential": ("Repeatedly turned up at victim's address.",
                        "D:Ex-partner; banged on the door late at night on several "
                        "occasions.",
                        "S:Neighbour; repeated abuse and intimidation at victim's address."),
        "online": ("Persistent unwanted messages and calls.",
                   "Abusive messages posted about victim online.",
                   "Sent repeated unwanted messages to victim {over} {contact}."),
    },
    "communications": {
        "any": ("Sent threatening messages to victim while victim was {there}.",
                "D:Ex-partner; sent abusive messages to victim while victim was {there}."),
        "residential": ("Sent threatening letters to victim's address.",
                        "D:Ex-partner; posted abusive notes through the door."),
        "online": ("Persistent unwanted messages and calls.",
                   "Sent threatening messages to victim {over}.",
                   "Sent grossly offensive messages to victim {over} {contact}.",
                   "D:Ex-partner; sent threatening messages {over} after the relationship "
                   "ended."),
    },
    "coercive": {
        "any": ("Made victim share a live location; turned up when victim was {there} and "
                "ordered victim home.",),
        "residential": ("Controlled victim's finances and phone; isolated victim from family.",
                        "Monitored victim's movements and messages; threats if victim went "
                        "out.",
                        "Restricted victim's contact with friends and checked victim's phone "
                        "every day.",
                        "Took victim's wages and bank cards; decided what victim could buy."),
        "online": ("Sent constant messages {over} demanding to know victim's location; "
                   "threats if victim did not reply.",),
    },
    "assault": {
        "any": ("Punched victim in the face {crowd}.", "Followed victim and kicked victim {quiet}.",
                "S:Assaulted victim {crowd} after victim rejected advances.",
                "D:Partner; pushed and punched victim {quiet} during an argument."),
        "night_time_economy": ("S:Assault outside venue after victim rejected advances.",),
        "public_space": ("S:Slapped victim in the street after victim refused to give a phone "
                         "number.",),
        "residential": ("D:Pushed and punched partner during argument.",
                        "D:Strangulation reported by partner.",
                        "D:Partner; grabbed victim by the throat during an argument at home.",
                        "D:Ex-partner; forced entry to the address and punched victim.",
                        "S:Assaulted victim at a house party after victim rejected advances.",
                        "S:Neighbour; assaulted victim in a dispute at victim's address."),
        "online": ("Arranged to meet victim {over} {contact}, then assaulted victim at the "
                   "meeting.",),
    },
    "homicide": {
        "any": ("Victim fatally assaulted {quiet}.",),
        "residential": ("D:Domestic homicide.", "S:Victim fatally assaulted at the address."),
        "online": ("Victim killed at a meeting arranged {over}.",),
    },
}

# Notes that ingest/synth/order_planter.py asks for by text: always in the pool of their
# category (the fitting pass in mo.py replaces any that does not fit its offence).
LEGACY: dict[str, tuple[str, ...]] = {
    "other_sexual": ("Touched victim over clothing on a crowded dance floor.",
                     "Followed victim from venue and grabbed her."),
    "stalking": ("Repeatedly attended victim's workplace after relationship ended.",
                 "Created multiple accounts to contact victim after being blocked."),
    "harassment": ("Repeatedly turned up at victim's address.",
                   "Persistent unwanted messages and calls."),
    "assault": ("Assault outside venue after victim rejected advances.",
                "Slapped victim in street after she refused to give her number.",
                "Pushed and punched partner during argument."),
}


def venue_keys() -> tuple[str, ...]:
    """Physical venue types, the residential one, then ``online:<platform kind>``."""
    return (*PLACES, RESIDENTIAL, *(f"{ONLINE}:{k}" for k in PLATFORMS))


def _slots(key: str) -> dict[str, tuple[str, ...]]:
    if key.startswith(f"{ONLINE}:"):
        return PLATFORMS[key.split(":", 1)[1]]
    return PLACES.get(key, {})


def _templates(group: str, key: str) -> tuple[str, ...]:
    t = TEMPLATES[group]
    if key == RESIDENTIAL:
        return t["residential"]
    if key.startswith(f"{ONLINE}:"):
        return t["online"]
    return t["any"] + t.get(key, ())


def _expand(template: str, slots: dict[str, tuple[str, ...]]) -> list[str]:
    names = [f for _, f, _, _ in Formatter().parse(template) if f]
    return [template.format(**dict(zip(names, values, strict=True)))
            for values in product(*(slots[n] for n in names))]


def cell(group: str, key: str, domestic: bool) -> tuple[str, ...]:
    """Every note for one group at one venue key, for a domestic offence or not."""
    out: list[str] = []
    for t in _templates(group, key):
        tag, _, body = t.partition(":") if t[:2] in ("D:", "S:") else ("", "", t)
        if tag == ("S" if domestic else "D"):
            continue
        out += [n for n in _expand(body, _slots(key)) if n not in out]
    return tuple(out)


def notes_by_category() -> dict[str, tuple[str, ...]]:
    """All notes of each category (its groups' cells, then its legacy notes), in a fixed order.

    >>> notes = notes_by_category()
    >>> "Touched victim over clothing on a crowded dance floor." in notes["other_sexual"]
    True
    """
    out: dict[str, list[str]] = {}
    for group, cat in GROUP_CATEGORY.items():
        notes = out.setdefault(cat, [])
        for key in venue_keys():
            for domestic in (False, True):
                notes += [n for n in cell(group, key, domestic) if n not in notes]
    for cat, legacy in LEGACY.items():
        out[cat] += [n for n in legacy if n not in out[cat]]
    return {cat: tuple(notes) for cat, notes in out.items()}
