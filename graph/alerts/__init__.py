"""The alerts area: what changed that a person must act on, triaged like a case (issue 16).

``rules`` (the kinds, their windows and who subscribes: ``graph/config/alert_rules.yaml``),
``kinds`` (one fact function per kind), ``store`` (raising once, inboxes, triage history),
``watches`` (subject, place and view watches). Queries in ``graph/queries/alerts/``; views in
``app/views/alerts.py``; the command in ``app/cli/alerts.py``.
"""

from graph.alerts.rules import load as load_rules
from graph.alerts.store import (
    STATUSES,
    alert_id,
    get,
    inbox_counts,
    listing,
    run,
    set_status,
)
from graph.alerts.watches import viewed, watch, watches

__all__ = ["STATUSES", "alert_id", "get", "inbox_counts", "listing", "load_rules", "run",
           "set_status", "viewed", "watch", "watches"]
