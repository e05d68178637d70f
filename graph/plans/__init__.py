"""The plans area: 4P plans for adopted subjects, the TCG's meeting pack, the oversight
board's outcomes.

``vocab`` (pillars, configured tactics, statuses, outcomes, RAG), ``plan`` (actions, updates,
suggestion decisions), ``suggestions`` (rules kept as data). Queries in
``graph/queries/plans/``; views in ``app/views/plans.py``.
"""

from graph.plans.plan import (
    action_owner,
    add_action,
    add_update,
    decide_suggestion,
    plan,
    set_status,
)
from graph.plans.vocab import tactics

__all__ = ["action_owner", "add_action", "add_update", "decide_suggestion", "plan",
           "set_status", "tactics"]
