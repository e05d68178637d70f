"""Saved layouts: each user's node positions for one network centre, kept in the graph."""

from __future__ import annotations

import json
import math
from typing import Any

from graph.db import Database
from graph.network.filters import label_of

#: Positions kept in one saved layout.
MAX_LAYOUT_NODES = 3000



def layout_key(username: str, kind: str, node_id: str) -> str:
    """The id of one user's saved layout for one centre."""
    label_of(kind)
    return f"{username}|{kind}:{node_id}"


def save_layout(db: Database, username: str, kind: str, node_id: str,
                positions: Any) -> dict[str, Any]:
    """Keep ``positions`` (``{node id: {"x": .., "y": ..}}``) for this user and centre.

    Raises:
        ValueError: positions that are not a mapping of node ids to finite x and y.
    """
    clean = clean_positions(positions)
    rows = db.write("network/layout_save", id=layout_key(username, kind, node_id),
                    username=username, centre_kind=kind, centre_id=node_id,
                    positions=json.dumps(clean, separators=(",", ":")), nodes=len(clean))
    return {"saved_at": rows[0]["saved_at"], "nodes": len(clean)}


def load_layout(db: Database, username: str, kind: str, node_id: str) -> dict[str, Any] | None:
    """This user's saved layout for this centre: ``{"positions", "nodes", "saved_at"}``."""
    rows = db.read("network/layout_get", id=layout_key(username, kind, node_id))
    if not rows:
        return None
    return {"positions": json.loads(rows[0]["positions"]), "nodes": rows[0]["nodes"],
            "saved_at": rows[0]["saved_at"]}


def delete_layout(db: Database, username: str, kind: str, node_id: str) -> bool:
    """Forget this user's saved layout for this centre; whether there was one."""
    rows = db.write("network/layout_delete", id=layout_key(username, kind, node_id))
    return bool(rows and rows[0]["deleted"])


def clean_positions(positions: Any) -> dict[str, dict[str, float]]:
    """Validate positions from a page: at most :data:`MAX_LAYOUT_NODES` short ids, finite x/y.

    >>> clean_positions({"subject:S1": {"x": 1, "y": -2.5}})
    {'subject:S1': {'x': 1.0, 'y': -2.5}}
    """
    if not isinstance(positions, dict) or not positions:
        raise ValueError("positions must be an object of node ids to {x, y}")
    if len(positions) > MAX_LAYOUT_NODES:
        raise ValueError(f"at most {MAX_LAYOUT_NODES} positions can be saved")
    out = {}
    for key, value in positions.items():
        if not isinstance(key, str) or not 0 < len(key) <= 200:
            raise ValueError("node ids must be text of 1 to 200 characters")
        try:
            x, y = float(value["x"]), float(value["y"])
        except (TypeError, KeyError, ValueError):
            raise ValueError(f"position of {key!r} needs numbers x and y") from None
        if not (math.isfinite(x) and math.isfinite(y) and abs(x) < 1e7 and abs(y) < 1e7):
            raise ValueError(f"position of {key!r} is out of range")
        out[key] = {"x": round(x, 1), "y": round(y, 1)}
    return out
