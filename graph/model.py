"""The graph model's vocabulary: every label and relationship type linkwatch writes.

Labels and relationship types cannot be Cypher parameters, so the few query templates
that need one (the ingest writer) take it only from these whitelists.
"""

from __future__ import annotations

import re

#: Node labels, each with a unique ``id`` property (constraint in ``schema``).
LABELS: tuple[str, ...] = (
    "Subject",
    "Offence",
    "Victim",
    "Location",
    "Intelligence",
    "Order",
    "OrderCondition",
    "Breach",
    "BreachReview",
    "Custody",
    "Identifier",
    "Officer",
    "PhoneCall",
    "Postcode",
    "Area",
    "Evidence",
    "IngestRun",
    # The app's own records (not from force exports).
    "User",
    "ApiToken",
    "AuditEvent",
    "LifecycleEvent",
    "Nomination",
    "Trawl",
    "DashboardCache",  # the dashboard's trawl part, per as-of date and change marker
    "Plan",
    "PlanAction",
    "PlanUpdate",
    "ActionEvent",
    "SuggestionDecision",
    "SavedLayout",
    "Alert",
    "AlertEvent",
    "AlertState",
    "Watch",
    "PackRecord",
    "LocationReport",  # a public (StreetSafe-style) report: anonymous, no person
    "GridCell",  # where reports far from any known place cluster
    "Problem",  # an OSARA problem profile
    "ProblemVersion",  # one dated version of one of its sections
    "ResolutionProposal",  # a pair of subject records Splink proposes as one person
    "ResolutionDecision",  # an analyst's confirm / reject / split (append-only)
)

#: Relationship types.
REL_TYPES: tuple[str, ...] = (
    "NAMED_IN",  # Subject -> Offence {role, named_on}
    "VICTIM_OF",  # Victim -> Offence
    "OCCURRED_AT",  # Offence -> Location
    "HAS_IDENTIFIER",  # Subject -> Identifier
    "ASSOCIATE_OF",  # Subject -> Subject {kind}
    "LIVES_AT",  # Subject -> Location
    "IN_CUSTODY",  # Subject -> Custody
    "SUBJECT_OF",  # Subject -> Intelligence
    "REPORTED_AT",  # Intelligence -> Location
    "HAS_ORDER",  # Subject -> Order
    "HAS_CONDITION",  # Order -> OrderCondition
    "PROTECTS",  # OrderCondition (no_contact) -> Victim
    "BREACH_OF",  # Breach -> Order
    "OF_CONDITION",  # Breach -> OrderCondition
    "EVIDENCED_BY",  # Breach -> Offence | Intelligence
    "HAS_BREACH_REVIEW",  # Order -> BreachReview (an analyst's answer to a possible breach)
    "INVESTIGATED_BY",  # Offence -> Officer
    "INVOLVED_IN",  # Identifier | Evidence -> Offence
    "CALLER",  # PhoneCall -> Identifier
    "CALLED",  # PhoneCall -> Identifier
    "HAS_POSTCODE",  # Location -> Postcode
    "IN_AREA",  # Location | Postcode -> Area
    "HAS_EVENT",  # Subject -> LifecycleEvent; PlanAction -> ActionEvent
    "NOMINATES",  # Nomination -> Subject
    "HAS_TOKEN",  # User -> ApiToken
    "HAS_PLAN",  # Subject -> Plan
    "HAS_ACTION",  # Plan -> PlanAction
    "HAS_UPDATE",  # Plan -> PlanUpdate
    "RESTS_ON",  # PlanAction -> Offence | Victim | Location | Order | Intelligence | Subject
    "HAS_DECISION",  # Plan -> SuggestionDecision
    "HAS_PACK",  # Subject -> PackRecord (a MAPPA review pack generated about him)
    "CLUSTERED_TO",  # LocationReport -> Location | GridCell
    "HAS_VERSION",  # Problem -> ProblemVersion
    "SAME_PERSON_AS",  # Subject - Subject: an analyst confirmed one person (person resolution)
    "DECIDES",  # ResolutionDecision -> Subject
)

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def checked_label(name: str) -> str:
    """Return ``name`` if it is a known node label, else raise ``ValueError``."""
    if name not in LABELS or not _NAME.match(name):
        raise ValueError(f"unknown node label {name!r}")
    return name


def checked_rel_type(name: str) -> str:
    """Return ``name`` if it is a known relationship type, else raise ``ValueError``."""
    if name not in REL_TYPES or not _NAME.match(name):
        raise ValueError(f"unknown relationship type {name!r}")
    return name
