"""The ``<id:...>`` URL converter: record ids as forces write them, ``/`` included.

Every route rule that carries a record id (subject, offence, location, victim, order, plan
action, nomination) uses it, so ``/subjects/XS/4``, ``/subjects/XS%2F4`` and
``/subjects/XS/4/plan`` all open subject ``XS/4``. ``url_for`` keeps a ``/`` and
percent-encodes ``%``, ``#``, ``?``, spaces and non-ASCII characters; JavaScript that builds a
link uses ``encodeURIComponent`` (``/`` as ``%2F``, which the server decodes to ``/``). The
ids no URL can carry are refused at the ingest (:mod:`graph.record_ids`).
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import PathConverter


class RecordIdConverter(PathConverter):
    """A record id, which may hold ``/``.

    Matching is not greedy, so a route with a suffix (``/subjects/<id:subject_id>/plan``)
    takes ``XS/4`` as the id and ``plan`` as its own word; an id ending in such a word is
    quarantined at the ingest, so no id is ambiguous.
    """


def init_app(app: Flask) -> None:
    """Register the converter (before any blueprint adds a rule that uses it)."""
    app.url_map.converters["id"] = RecordIdConverter
