"""JSON for the API: ISO dates (not HTTP dates), Neo4j's temporal types, and the disclosure
policy applied to every JSON response (``jsonify`` goes through :meth:`JSONProvider.response`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask.json.provider import DefaultJSONProvider


def plain(value: Any) -> Any:
    """A JSON-ready form of dates, datetimes and Neo4j temporal values."""
    if hasattr(value, "iso_format"):  # neo4j.time.Date / DateTime / Time / Duration
        return value.iso_format()
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class JSONProvider(DefaultJSONProvider):
    """Flask's provider with :func:`plain` for the types it does not know, and the one
    disclosure point for JSON responses."""

    def response(self, *args: Any, **kwargs: Any):  # noqa: D102
        from app.disclose import disclosed

        if args and kwargs:
            raise TypeError("app.json.response() takes either args or kwargs, not both")
        value = kwargs or (args[0] if len(args) == 1 else list(args) or None)
        return super().response(disclosed(value))

    # Dates must round-trip as YYYY-MM-DD: Flask's default writes them as HTTP dates.
    @staticmethod
    def default(o: Any) -> Any:  # noqa: D102
        try:
            return plain(o)
        except TypeError:
            return DefaultJSONProvider.default(o)
