"""Which record ids a URL can carry: one rule for the ingest (which quarantines the rest) and
the web app (whose ``<id:...>`` converter, :mod:`app.routing`, opens the others).

Forces' ids hold slashes (``12/3456/25``), ``%``, ``#``, ``?``, spaces and accents. The app
percent-encodes all of those in the links it makes and routes a ``/`` inside an id, so they
load and open. What no URL can carry is refused at the ingest with a reason:

- an empty part between slashes, or a leading or trailing ``/`` (servers and proxies merge
  or drop them);
- a ``.`` or ``..`` part (browsers resolve them away, even percent-encoded);
- a control character (tab, newline, ...);
- a part after the first that is one of :data:`ROUTE_WORDS`, the words routes put after an
  id (``/subjects/<id>/plan``): ``A/plan`` could not be told from the plan of ``A``.
"""

from __future__ import annotations

import unicodedata

#: Every static word a route puts after a record id (a test checks the app's URL map).
ROUTE_WORDS: frozenset[str] = frozenset({
    "actions", "adopt", "decision", "history", "layout", "links", "nominate", "nominations",
    "pack", "pack.pdf", "plan", "profile", "status", "suggestions", "tier", "updates",
})


def problem(value: str) -> str | None:
    """Why no URL can carry the record id ``value``, or None when one can.

    >>> problem("XS/4"), problem("K#9"), problem("Ó-Súilleabháin-7"), problem("AB%20C")
    (None, None, None, None)
    >>> problem("XS//4")
    "id with an empty part (a leading, trailing or double '/'): no URL can carry it"
    >>> problem("A/plan")
    "id with a part 'plan', a word the routes put after an id: its pages would be ambiguous"
    """
    parts = value.split("/")
    if "" in parts:
        return "id with an empty part (a leading, trailing or double '/'): no URL can carry it"
    if any(p in (".", "..") for p in parts):
        return "id with a '.' or '..' part: browsers remove it from URLs"
    for char in value:
        if unicodedata.category(char) == "Cc":
            return f"id with a control character ({char!r}): no URL can carry it"
    for part in parts[1:]:
        if part in ROUTE_WORDS:
            return (f"id with a part {part!r}, a word the routes put after an id: "
                    "its pages would be ambiguous")
    return None
