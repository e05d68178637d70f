"""The demo's person resolution: the planted same-person records proposed for review, one
pair confirmed, so the queue, the dashboard card and a combined profile are not empty.

``linkwatch demo`` calls :func:`lay_demo_resolution` after loading the demo force: it runs
the resolution as ``linkwatch resolve`` does (the kept model, or one trained on the demo
force and kept), then the demo analyst confirms the strongest proposal that ``truth.json``
plants as one person, with a reason. Every other proposal stays open in the queue.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.resolution import service

#: Why the demo analyst confirmed the demo's pair (shown on the profile and in the log).
DEMO_REASON = ("Demo: same phone on both records; names and date of birth differ only by a "
               "recording variant")


def planted_pairs(truth: Path) -> set[str]:
    """The demo force's planted same-person pairs (``duplicate_persons``), as pair ids."""
    data = json.loads(truth.read_text())
    return {service.pair_id(*d["subject_ids"]) for d in data.get("duplicate_persons", [])}


def lay_demo_resolution(db: Database, truth: Path, by: str = "analyst",
                        model_path: Path | None = None) -> dict[str, Any] | None:
    """Propose, then confirm one planted pair as ``by`` (once: None when a decision exists).

    Returns:
        ``proposals`` (open after the confirmation), ``planted`` (planted pairs proposed)
        and ``confirmed`` (the pair's subject ids, or None when none was proposed).
    """
    if db.read("resolution/decisions", subject_id=None, limit=1):
        return None
    proposals = service.resolve(db, model_path=model_path)
    planted = planted_pairs(truth)
    hits = [p for p in proposals if service.pair_id(*p["subject_ids"]) in planted]
    confirmed = None
    if hits:
        confirmed = hits[0]["subject_ids"]
        service.decide(db, "confirm", confirmed, DEMO_REASON, by)
    return {"proposals": len(proposals) - (1 if confirmed else 0), "planted": len(hits),
            "confirmed": confirmed}
