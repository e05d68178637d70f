"""Victims as pseudonyms for roles that must not know who they are (the MAPPA panel).

A JSON response is rewritten before it leaves: every victim id becomes "Victim A",
"Victim B", ... in order of first appearance in that response, so links between offences
are kept and identities are not. Names and dates of birth are never sent to these roles
in the first place; this catches the ids.
"""

from __future__ import annotations

import string
from typing import Any

from flask import Response, json

from app.auth.roles import can_see_victim_identity, current_user

#: Keys whose values are victim ids (one or a list).
VICTIM_KEYS = frozenset({"victim", "victim_id", "victim_ids", "repeat_victim_ids", "victims_ids"})


class Pseudonyms:
    """Victim A, B, ... Z, AA, AB, ... handed out in order of first appearance."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def __call__(self, victim_id: Any) -> str:
        key = str(victim_id)
        if key not in self.names:
            n, letters = len(self.names), ""
            while True:
                n, rest = divmod(n, 26)
                letters = string.ascii_uppercase[rest] + letters
                if n == 0:
                    break
                n -= 1
            self.names[key] = f"Victim {letters}"
        return self.names[key]


def mask(value: Any, names: Pseudonyms) -> Any:
    """``value`` with every victim id replaced by its pseudonym."""
    if isinstance(value, dict):
        out = {}
        is_victim = str(value.get("kind", "")).lower() == "victim"
        for key, item in value.items():
            if key in VICTIM_KEYS or (is_victim and key == "id"):
                out[key] = [names(v) for v in item] if isinstance(item, list) else (
                    names(item) if item is not None else None)
            else:
                out[key] = mask(item, names)
        return out
    if isinstance(value, list):
        return [mask(v, names) for v in value]
    return value


def mask_victims_for_role(response: Response) -> Response:
    """An ``after_request`` hook: pseudonymise victim ids in JSON for roles without access."""
    if response.is_json and not can_see_victim_identity(current_user()):
        data = response.get_json(silent=True)
        if data is not None:
            response.set_data(json.dumps(mask(data, Pseudonyms())))
    return response
