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
    ],
    "orders": ["order_id", "subject_id", "order_type", "start_date", "end_date", "conditions"],
    "identifiers": ["subject_id", "kind", "value"],
    "associations": ["subject_id", "other_subject_id", "kind"],
}
