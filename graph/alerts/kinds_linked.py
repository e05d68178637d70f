"""The kinds built on the intelligence and resolution areas (issues 14 and 15).

Kept apart from :mod:`graph.alerts.kinds` because their areas are heavier to import (the
resolution area brings Splink's data frames): each is imported when its kind runs.
"""

from __future__ import annotations

from typing import Any

from graph.alerts.kinds import Context
from graph.alerts.rules import Rule, kind

#: The most open proposals one run looks at (strongest first).
MAX_PROPOSALS = 5000


@kind("escalation")
def escalation(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    """One alert per subject and escalation rule that flags him on the as-of date
    (graph.intelligence.escalations), with the reports and offences behind it."""
    from graph.intelligence.escalations import escalations

    out = []
    for flag in escalations(ctx.db, ctx.as_of):
        for name in flag["rules"]:
            items = [i for i in flag["items"] if name in i.get("rules", ())]
            out.append({"key": [flag["subject_id"], name], "subject_id": flag["subject_id"],
                        "facts": {"rule": name, "rules": flag["rules"], "items": items,
                                  "first_on": min((i["date"] for i in items), default=None),
                                  "last_on": max((i["date"] for i in items), default=None)}})
    return out


@kind("resolution_proposal")
def resolution_proposal(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    """An open same-person proposal at or above the model's threshold (a strong one) that
    touches an adopted subject (graph.resolution)."""
    from graph.resolution import service

    proposals = service.queue(ctx.db, limit=MAX_PROPOSALS)
    ids = sorted({s for p in proposals for s in p["subject_ids"]})
    adopted = {r["subject_id"] for r in ctx.db.read("alerts/adopted_among", ids=ids)}
    out = []
    for p in proposals:
        touching = [s for s in p["subject_ids"] if s in adopted]
        if touching:
            out.append({"key": [p["id"]], "subject_id": touching[0],
                        "facts": {"proposal_id": p["id"], "subject_ids": p["subject_ids"],
                                  "adopted": touching,
                                  "match_probability": round(p["match_probability"], 4),
                                  "match_weight": p.get("match_weight")}})
    return out
