"""The one disclosure policy: what each role (and each audience of a pack) may receive.

Every surface linkwatch has (pages, JSON, CSV exports, the network drawing, search, and the
packs and alerts to come) hands what it is about to send to :func:`disclose` with the
reader's :class:`Audience`; nothing else in the code decides who sees a victim, a home or a
note. Domain functions return whole records; this module takes away what may not leave.

What an audience may be refused, each independently:

- **victim identity**: a victim's names, date of birth and id. She becomes a pseudonym that is
  stable per subject: "Victim A" is the first victim (in the order of the subject's offences)
  of the subject a page is about, on every page, in the network and in every export; a victim
  of someone else is "Victim B of S000456".
- **residential addresses**: the street, the full postcode and the coordinates of any
  residential place (a scene or a home: a home where an offence happened is very often the
  victim's), or of a place whose venue type is unknown. Only "Residential address (ZZ3)".
  Other places (a bar, a station) are places, not people, and stay as they are.
- **free text** that may name victims: offences' MO notes, intelligence summaries and the
  public's words in location reports are withheld. Text officers write about a subject
  (plan actions, monthly updates, their notes) is kept, with every name of the subject's
  victims replaced by her pseudonym.
- **intelligence by handling code**: an intelligence record (a dict with ``intel_id``) whose
  handling code (:func:`handling_code`, from its ``grading``) is not one the audience may
  receive is dropped whole. The app's roles receive every code; a partner agency's pack
  only what may be shared beyond the police.

Records are recognised by shape: ``kind == "victim"`` (and keys holding victim ids), text
written about a subject by its ``kind`` (or ``record`` where ``kind`` means something else,
as an order condition's does), any
dict with a ``venue_type`` or an address or coordinate key, offences and intelligence by
their free-text keys. The walk is idempotent, so a record shaped for the network drawing
(which needs :func:`victim`, :func:`location` and :func:`offence` on raw properties first)
passes the boundary unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph.pseudonyms import Pseudonyms, letters, victim_order  # noqa: F401 (the API)

#: Intelligence handling codes, as :func:`handling_code` reads them from a grading.
HANDLING_CODES: frozenset[str] = frozenset({"P", "C", "1", "2", "3", "4", "5", "unknown"})
#: The codes that may go beyond the police to a partner agency: 3x5x2 "P" (lawful sharing
#: permitted) and 5x5x5 handling 1-3. Never "C", 4, 5 or an unknown code.
SHAREABLE_HANDLING: frozenset[str] = frozenset({"P", "1", "2", "3"})
_GRADE_3X5X2 = re.compile(r"^[1-3][A-E]([PC])$")
_GRADE_5X5X5 = re.compile(r"^[A-E][1-5]([1-5])$")


def handling_code(grading: Any) -> str:
    """The handling code of an intelligence grading, or ``"unknown"``.

    The assumption, stated once: a grading is read as the 3x5x2 model (College of
    Policing, 2016: source 1-3, intelligence A-E, handling **P** = lawful sharing
    permitted, **C** = conditions apply, so never to a partner without them) when it looks
    like ``"1AP"``; as the older 5x5x5 model (source A-E, intelligence 1-5, handling 1-5:
    **1-3** may be disseminated beyond the originating agency, **4-5** may not) when it
    looks like ``"B24"``; spaces, dashes and case are ignored. Anything else (``"B2"`` has
    no handling part, an empty grading, a typo) is ``"unknown"``, which is never shared
    with partners.

    >>> [handling_code(g) for g in ("1AP", "2bc", "B24", "c-3-1", "B2", None, "9ZZ")]
    ['P', 'C', '4', '1', 'unknown', 'unknown', 'unknown']
    """
    text = re.sub(r"[\s\-/.]", "", str(grading or "")).upper()
    found = _GRADE_3X5X2.match(text) or _GRADE_5X5X5.match(text)
    return found.group(1) if found else "unknown"


def may_receive_intel(record: dict[str, Any], audience: Audience) -> bool:
    """Whether ``audience`` may receive this intelligence record (its handling code: the
    record's own 3x5x2 ``handling`` when it has one, else read from its ``grading``)."""
    given = str(record.get("handling") or "").strip().upper()
    code = given if given in ("P", "C") else handling_code(record.get("grading"))
    return code in audience.intel_handling


@dataclass(frozen=True)
class Audience:
    """What one reader (a role, or the audience of a pack) may receive.

    Attributes:
        name: the role or audience.
        victim_identity: victims' names, dates of birth and ids.
        residential_addresses: the street, full postcode and coordinates of homes.
        free_text: MO notes and intelligence summaries (free text may name a victim).
        intel_handling: the intelligence handling codes (:func:`handling_code`) it may
            receive; intelligence with any other code is dropped whole.
    """

    name: str
    victim_identity: bool
    residential_addresses: bool
    free_text: bool
    intel_handling: frozenset[str] = HANDLING_CODES

    @property
    def everything(self) -> bool:
        """Whether nothing is withheld from this audience."""
        return (self.victim_identity and self.residential_addresses and self.free_text
                and self.intel_handling >= HANDLING_CODES)


#: The policy, as a table. A role or audience not named here receives the least. The
#: ``pack_*`` audiences are the MAPPA review pack's (:mod:`graph.packs`): the panel's full
#: pack, a partner agency's, and the executive summary for those who request the minutes.
AUDIENCES: dict[str, Audience] = {
    "analyst": Audience("analyst", True, True, True),
    "rasso_officer": Audience("rasso_officer", True, True, True),
    "mappa_panel": Audience("mappa_panel", False, False, False),
    "admin": Audience("admin", False, False, False),
    # Police, so every handling code; never victims, homes or free text (which may name one).
    "neighbourhood_officer": Audience("neighbourhood_officer", False, False, False),
    "pack_panel": Audience("pack_panel", False, False, False),
    "pack_partner": Audience("pack_partner", False, False, False, SHAREABLE_HANDLING),
    "pack_summary": Audience("pack_summary", False, False, False, SHAREABLE_HANDLING),
}
LEAST = Audience("restricted", False, False, False, frozenset())

#: Keys whose values are victim ids (one or a list), wherever they stand.
VICTIM_ID_KEYS = frozenset({"victim", "victim_id", "victim_ids", "repeat_victim_ids"})
#: Victim fields an audience without victim identity still receives.
VICTIM_KEPT = ("gender", "offences", "linked_subjects", "depth", "degree", "group")
#: Free text that may name a victim: withheld wherever it stands (``free_text`` is what a
#: member of the public wrote in a location report: it may name anyone).
FREE_TEXT_KEYS = frozenset({"mo_notes", "free_text"})
#: Free text withheld from intelligence records (recognised by ``intel_id``).
INTEL_TEXT_KEYS = frozenset({"summary", "person_description"})
#: Records of text officers write about a subject, and their text fields: kept, with the
#: subject's victims' names replaced by their pseudonyms.
WRITTEN_KINDS = frozenset({"plan_action", "plan_update", "action_event",
                           "suggestion_decision", "order", "order_condition", "breach",
                           "alert_event"})
WRITTEN_TEXT_KEYS = frozenset({"description", "rationale", "summary", "note", "reason",
                               "text", "conditions"})
_ADDRESS_KEYS = ("address", "street")
_COORD_KEYS = ("lat", "lon", "latitude", "longitude")
_PLACE_KEYS = frozenset({"venue_type", *_ADDRESS_KEYS, *_COORD_KEYS})


def audience_for(role: str | None) -> Audience:
    """The audience of a role; an unknown role (or none) receives the least."""
    return AUDIENCES.get(role or "", LEAST)



# --- records ------------------------------------------------------------------------------


def victim(record: dict[str, Any], audience: Audience, names: Pseudonyms) -> dict[str, Any]:
    """A victim record as ``audience`` may receive it: whole, or a pseudonym and a whitelist.

    The real id is in ``id`` (or ``ref``); the answer's ``ref`` and ``label`` are the
    pseudonym, and nothing of the record leaves but :data:`VICTIM_KEPT`.
    """
    if audience.victim_identity or record.get("masked"):
        return record
    real = record.get("id") if record.get("id") is not None else record.get("ref")
    label = names.label(real)
    out = {"kind": "victim", "ref": label, "label": label, "masked": True}
    out.update({k: record[k] for k in VICTIM_KEPT if k in record})
    return out


def is_place(record: dict[str, Any]) -> bool:
    """Whether a dict describes a place (it has a venue type, an address or coordinates)."""
    return not _PLACE_KEYS.isdisjoint(record)


def location(record: dict[str, Any], audience: Audience) -> dict[str, Any]:
    """A place as ``audience`` may receive it.

    >>> home = {"id": "L1", "name": "1 Any Road", "address": "1 Any Road",
    ...         "postcode": "ZZ3 6XG", "venue_type": "residential", "lat": 53.7, "lon": -1.2}
    >>> masked = location(home, AUDIENCES["mappa_panel"])
    >>> masked["name"], masked["postcode"], masked["lat"], masked["address"]
    ('Residential address (ZZ3)', 'ZZ3', None, None)
    >>> location({"id": "L2", "name": "The Bar", "venue_type": "night_time_economy"},
    ...          AUDIENCES["mappa_panel"])["name"]
    'The Bar'
    """
    if audience.residential_addresses or record.get("masked"):
        return record
    venue = record.get("venue_type")
    if venue and venue != "residential":
        return record
    district = str(record.get("postcode") or "").strip().split(" ")[0].upper()
    out = dict(record)
    for key in ("name", "location_name", *_ADDRESS_KEYS, *_COORD_KEYS, "postcode"):
        if key in out:
            out[key] = None
    if isinstance(out.get("location"), str):  # a place named in link evidence
        out["location"] = f"Residential address ({district or 'postcode withheld'})"
    if "name" in record or venue:  # a place; an order's zone keeps its own shape
        out["name"] = f"Residential address ({district or 'postcode withheld'})"
        out["venue_type"] = venue or "residential"
    if "postcode" in record:
        out["postcode"] = district or None
    out["masked"] = True
    return out


def offence(record: dict[str, Any], audience: Audience) -> dict[str, Any]:
    """An offence (or any record) without the free text ``audience`` may not receive."""
    if audience.free_text:
        return record
    text = FREE_TEXT_KEYS | (INTEL_TEXT_KEYS if "intel_id" in record else frozenset())
    if text.isdisjoint(record):
        return record
    return {k: (None if k in text else v) for k, v in record.items()}


# --- the walk -----------------------------------------------------------------------------


def disclose(value: Any, audience: Audience, names: Pseudonyms | None = None) -> Any:
    """``value`` (dicts and lists at any depth) as ``audience`` may receive it.

    Args:
        value: a response's payload, a template's context value or export rows.
        audience: the reader.
        names: pseudonyms for this response (needed when victims may be in ``value`` and the
            audience may not know who they are).

    Returns:
        A new value; ``value`` itself when nothing is withheld from the audience.
    """
    if audience.everything:
        return value
    names = names or Pseudonyms(None, b"", "")
    found: set[str] = set()
    _victims_in(value, found)
    if found and not audience.victim_identity:
        names.load(found)
    return _walk(value, audience, names)


def _victims_in(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        if value.get("kind") == "victim" and not value.get("masked"):
            real = value.get("id") if value.get("id") is not None else value.get("ref")
            if real is not None:
                found.add(str(real))
        if value.get("target_kind") == "Victim" and value.get("target_id"):
            found.add(str(value["target_id"]))  # an audit event about a victim
        for key, item in value.items():
            if key in VICTIM_ID_KEYS:
                found.update(str(v) for v in (item if isinstance(item, list) else [item])
                             if v is not None and not isinstance(v, dict))
            _victims_in(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _victims_in(item, found)


def _withheld(value: Any, audience: Audience) -> bool:
    """Whether ``value`` is an intelligence record the audience may not receive."""
    return (isinstance(value, dict) and "intel_id" in value
            and not may_receive_intel(value, audience))


def _walk(value: Any, audience: Audience, names: Pseudonyms) -> Any:
    if isinstance(value, list | tuple):
        return [_walk(v, audience, names) for v in value if not _withheld(v, audience)]
    if not isinstance(value, dict):
        return value
    if _withheld(value, audience):
        return None
    record = value
    if record.get("kind") == "victim":
        record = victim(record, audience, names)
    if is_place(record):
        record = location(record, audience)
    record = offence(record, audience)
    if record.get("target_kind") == "Victim" and not audience.victim_identity:
        # an audit event about a victim: who looked and when stay, her id becomes her letter
        record = {**record, "target_id": names.label(record.get("target_id"))}
    tag = record.get("record", record.get("kind"))
    if isinstance(tag, str) and tag in WRITTEN_KINDS and not audience.victim_identity:
        record = {k: names.scrub(v) if k in WRITTEN_TEXT_KEYS and isinstance(v, str) else v
                  for k, v in record.items()}
    out = {}
    for key, item in record.items():
        if key in VICTIM_ID_KEYS and not audience.victim_identity and not isinstance(item, dict):
            out[key] = ([names.label(v) for v in item] if isinstance(item, list)
                        else names.label(item) if item is not None else None)
        else:
            out[key] = _walk(item, audience, names)
    return out
