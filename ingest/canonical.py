"""The canonical export's fixed file and column names (forces and outside checks use them)."""

from __future__ import annotations

COLUMNS: dict[str, list[str]] = {
    "subjects": ["subject_id", "forename", "surname", "aliases", "dob", "gender", "pnc_id"],
    "offences": [
        "offence_id",
        "ho_code",
        "offence_type",
        "committed_from",
        "committed_to",
        "reported_on",
        "location_id",
        "outcome_code",
        "domestic",
        "mo_notes",
    ],
    "offence_subjects": ["offence_id", "subject_id", "role", "named_on"],
    "victims": ["victim_id", "forename", "surname", "dob", "gender"],
    "offence_victims": ["offence_id", "victim_id"],
    "locations": ["location_id", "name", "address", "postcode", "lat", "lon", "venue_type"],
    "custody": ["subject_id", "start_date", "end_date", "establishment"],
    "intelligence": [
        "intel_id",
        "subject_id",
        "location_id",
        "reported_on",
        "grading",
        "behaviour",
        "summary",
        "source_grade",
        "intel_grade",
        "handling",
    ],
    # status, applied_on, served_on, court and legal_basis are optional (older exports lack
    # them); order_conditions and breaches may be absent.
    "orders": [
        "order_id",
        "subject_id",
        "order_type",
        "start_date",
        "end_date",
        "conditions",
        "status",
        "applied_on",
        "served_on",
        "court",
        "legal_basis",
    ],
    "order_conditions": [
        "condition_id",
        "order_id",
        "kind",
        "text",
        "protected_victim_id",
        "lat",
        "lon",
        "radius_m",
        "starts_on",
        "ends_on",
    ],
    "breaches": [
        "breach_id",
        "order_id",
        "condition_id",
        "occurred_on",
        "offence_id",
        "intelligence_id",
        "outcome",
        "summary",
    ],
    "identifiers": ["subject_id", "kind", "value"],
    "associations": ["subject_id", "other_subject_id", "kind"],
    # Public (StreetSafe-style) reports: anonymous; factors are ";"-separated ids from the
    # configured list (graph/config/location_factors.yaml).
    "location_reports": ["report_id", "reported_on", "lat", "lon", "factors", "free_text"],
}
