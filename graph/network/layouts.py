"""Saved layouts: each user's node positions and pinned notes for one network centre, kept in
the graph.

A layout belongs to one user (its id starts with the username) and is only ever read back by
that user: notes are the author's own free text, shown to nobody else. The read-only roles
cannot save one (the policy refuses the write).
"""

from __future__ import annotations

import json
import math
import unicodedata
from typing import Any

from graph.db import Database
from graph.network.filters import label_of

#: Positions kept in one saved layout.
MAX_LAYOUT_NODES = 3000
#: Notes pinned in one saved layout, and the characters of one note.
MAX_NOTES = 200
MAX_NOTE_CHARS = 500
#: Characters of a node id (``kind:id``, or a page's victim token).
MAX_ID_CHARS = 200


def layout_key(username: str, kind: str, node_id: str) -> str:
    """The id of one user's saved layout for one centre."""
    label_of(kind)
    return f"{username}|{kind}:{node_id}"


def save_layout(db: Database, username: str, kind: str, node_id: str,
                positions: Any, notes: Any = None) -> dict[str, Any]:
    """Keep ``positions`` and ``notes`` for this user and centre (replacing what was kept).

    Args:
        db: the database.
        username: whose layout.
        kind: the centre's kind.
        node_id: the centre's id.
        positions: ``{node id: {"x": .., "y": ..}}``; None or empty saves no positions (a
            reset layout, which keeps its notes if any).
        notes: ``{node id: text}``, or None for none.

    Returns:
        ``{"saved_at", "nodes", "notes"}``: when, and how many positions and notes.

    Raises:
        ValueError: positions or notes that :func:`clean_positions` or :func:`clean_notes`
            refuse.
    """
    kept_notes = clean_notes(notes)
    if positions is None or (isinstance(positions, dict) and not positions):
        clean: dict[str, dict[str, float]] = {}  # nothing pinned: the drawing lays itself out
    else:
        clean = clean_positions(positions)
    rows = db.write("network/layout_save", id=layout_key(username, kind, node_id),
                    username=username, centre_kind=kind, centre_id=node_id,
                    positions=json.dumps(clean, separators=(",", ":")), nodes=len(clean),
                    notes=json.dumps(kept_notes, separators=(",", ":"), ensure_ascii=False))
    return {"saved_at": rows[0]["saved_at"], "nodes": len(clean), "notes": len(kept_notes)}


def load_layout(db: Database, username: str, kind: str, node_id: str) -> dict[str, Any] | None:
    """This user's saved layout for this centre: ``{"positions", "notes", "nodes",
    "saved_at"}``, or None."""
    rows = db.read("network/layout_get", id=layout_key(username, kind, node_id))
    if not rows:
        return None
    return {"positions": json.loads(rows[0]["positions"]),
            "notes": json.loads(rows[0]["notes"] or "{}"),
            "nodes": rows[0]["nodes"], "saved_at": rows[0]["saved_at"]}


def delete_layout(db: Database, username: str, kind: str, node_id: str) -> bool:
    """Forget this user's saved layout (positions and notes) for this centre; whether there
    was one."""
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
        _check_id(key)
        try:
            x, y = float(value["x"]), float(value["y"])
        except (TypeError, KeyError, ValueError):
            raise ValueError(f"position of {key!r} needs numbers x and y") from None
        if not (math.isfinite(x) and math.isfinite(y) and abs(x) < 1e7 and abs(y) < 1e7):
            raise ValueError(f"position of {key!r} is out of range")
        out[key] = {"x": round(x, 1), "y": round(y, 1)}
    return out


def clean_notes(notes: Any) -> dict[str, str]:
    """Validate notes from a page: at most :data:`MAX_NOTES`, each pinned to a node id and at
    most :data:`MAX_NOTE_CHARS` characters; surrounding blanks and control characters other
    than line breaks go; an empty note is no note.

    >>> clean_notes({"subject:S1": "  Seen with S2\\r\\nat the bar\\x00 "})
    {'subject:S1': 'Seen with S2\\nat the bar'}
    >>> clean_notes(None), clean_notes({"offence:O1": "   "})
    ({}, {})
    """
    if notes is None:
        return {}
    if not isinstance(notes, dict):
        raise ValueError("notes must be an object of node ids to text")
    if len(notes) > MAX_NOTES:
        raise ValueError(f"at most {MAX_NOTES} notes can be pinned to one network")
    out = {}
    for key, text in notes.items():
        _check_id(key)
        if not isinstance(text, str):
            raise ValueError(f"the note on {key!r} must be text")
        text = "".join(c for c in text.replace("\r\n", "\n")
                       if c == "\n" or unicodedata.category(c)[0] != "C").strip()
        if len(text) > MAX_NOTE_CHARS:
            raise ValueError(f"the note on {key!r} is longer than {MAX_NOTE_CHARS} characters")
        if text:
            out[key] = text
    return out


def _check_id(key: Any) -> None:
    if not isinstance(key, str) or not 0 < len(key) <= MAX_ID_CHARS:
        raise ValueError(f"node ids must be text of 1 to {MAX_ID_CHARS} characters")
