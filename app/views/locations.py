"""Repeat locations: places ranked by offences in a window, on a map, and one place's page
with its day-of-week by hour profile and its own network.

The ranking and the profile come from :mod:`graph.analytics.extract_places` and
:mod:`graph.analytics.locations`; the network widget is :mod:`app.views.network`'s.

Settings: ``MAP_TILE_URL`` (e.g. ``https://tile.example.org/{z}/{x}/{y}.png``; default empty:
no tiles, markers on a plain background, nothing fetched from outside) and
``MAP_TILE_ATTRIBUTION`` (plain text). When tiles are set, their origin is added to the
Content-Security-Policy's ``img-src`` on these pages only.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
from flask import Blueprint, current_app, jsonify, render_template, request, url_for

from app import vocab
from app.auth import audit
from app.disclose import disclosed
from app.extensions import db
from app.views.network import widget_context
from app.views.params import date_arg, int_arg
from graph import network
from graph.analytics import extract_places
from graph.analytics import locations as profiles
from graph.tiers.rules import months_before

bp = Blueprint("locations", __name__)

#: Heat-table shades: a cell's share of the busiest cell, in this many steps.
HEAT_STEPS = 5


@bp.after_app_request
def tile_origin_in_csp(response):
    """With ``MAP_TILE_URL`` set, let the map pages load tiles from its origin (only)."""
    origin = tile_origin(current_app.config.get("MAP_TILE_URL") or "")
    policy = response.headers.get("Content-Security-Policy")
    if origin and policy and request.blueprint == "locations":
        response.headers["Content-Security-Policy"] = with_img_source(policy, origin)
    return response


def tile_origin(url: str) -> str | None:
    """The CSP source of a tile URL template (``{s}.`` subdomains become ``*.``).

    >>> tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    'https://*.tile.example.org'
    >>> tile_origin("") is None, tile_origin("javascript:alert(1)") is None
    (True, True)
    """
    parts = urlsplit(url.strip().replace("{s}.", "*."))
    if parts.scheme not in ("https", "http") or not parts.netloc or "{" in parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def with_img_source(policy: str, source: str) -> str:
    """``policy`` with ``source`` added to its ``img-src`` directive."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    for i, d in enumerate(directives):
        if d.split()[0] == "img-src":
            directives[i] = f"{d} {source}"
            break
    else:
        directives.append(f"img-src 'self' {source}")
    return "; ".join(directives)


# --- parsing ---------------------------------------------------------------------------


def window() -> tuple[dt.date | None, dt.date | None]:
    """``from``/``to``; by default the last 12 months up to today."""
    today = dt.date.today()
    given = "from" in request.args or "to" in request.args
    date_from, date_to = date_arg("from"), date_arg("to")
    if not given:
        date_from, date_to = months_before(today, 12), today
    if date_from and date_to and date_from > date_to:
        raise ValueError("the from date is after the to date")
    return date_from, date_to


def _choice(name: str, allowed: list[str]) -> str | None:
    value = request.args.get(name, "").strip() or None
    if value is not None and value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}")
    return value


def ranking() -> dict[str, Any]:
    """The repeat-location ranking for the request's filters, as the reader may see it."""
    date_from, date_to = window()
    categories = [c for c, _ in vocab.category_choices() if c != "sexual"]
    category = _choice("category", categories)
    venue_type = _choice("venue_type", list(vocab.VENUE_TYPES))
    limit = int_arg("limit", 50, 1, 500)
    table = extract_places.repeat_locations(db(), date_from=date_from, date_to=date_to,
                                            category=category, venue_type=venue_type,
                                            limit=limit)
    rows = [_location_row(r) for r in table.to_dict("records")]
    return {
        "filters": {"from": date_from and date_from.isoformat(),
                    "to": date_to and date_to.isoformat(), "category": category,
                    "venue_type": venue_type, "limit": limit},
        "locations": rows,
        "on_map": sum(1 for r in rows if r["on_map"]),
    }


def _location_row(r: dict[str, Any]) -> dict[str, Any]:
    r = {k: _clean(v) for k, v in r.items()}
    # Repeat victims' ids never leave the server: counts say enough.
    place = {"id": r["location_id"], "name": r["name"], "venue_type": r["venue_type"],
             "postcode": r["postcode"], "lat": _number(r["lat"]), "lon": _number(r["lon"])}
    place = disclosed(place)  # whether it may go on the map depends on what may be seen
    on_map = (place.get("lat") is not None and place.get("lon") is not None
              and place.get("venue_type") != "online")
    return {
        "location_id": r["location_id"],
        "name": place.get("name") or r["location_id"],
        "venue_type": place.get("venue_type") or "other",
        "venue": vocab.VENUE_TYPES.get(place.get("venue_type") or "other", "Other"),
        "postcode": place.get("postcode"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "offences": int(r["offences"]),
        "victims": int(r["victims"]),
        "repeat_victims": int(r["repeat_victims"]),
        "subjects": int(r["subjects"]),
        "first": r["first"],
        "last": r["last"],
        "on_map": on_map,
        "url": url_for("locations.detail", location_id=r["location_id"]),
    }


def _clean(value: Any) -> Any:
    # pandas gives NaN for a missing value in a column of text.
    return None if isinstance(value, float) and math.isnan(value) else value


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


# --- views -----------------------------------------------------------------------------


@bp.get("/locations")
def index():
    """Repeat locations: filters, the ranked table and the map."""
    data = ranking()
    return render_template(
        "locations.html", **data, categories=vocab.category_choices()[1:],
        venue_types=vocab.VENUE_TYPES, colours=vocab.venue_colours(),
        tiles=current_app.config.get("MAP_TILE_URL") or "",
        attribution=current_app.config.get("MAP_TILE_ATTRIBUTION") or "",
    )


@bp.get("/api/locations")
def data():
    """The repeat-location ranking as JSON."""
    return jsonify({"ok": True, **ranking()})


@bp.get("/locations/<location_id>")
def detail(location_id: str):
    """One location: its facts, its day-of-week by hour profile and its network."""
    database = db()
    place = network.centre(database, "location", location_id)  # NotFound: 404
    shown = disclosed(place)
    audit.record("view_location", "Location", location_id)
    filters = network.Filters(date_from=date_arg("from"), date_to=date_arg("to"),
                              category=request.args.get("category", "").strip() or None)
    # One call per category ("sexual" is rape plus other sexual), then one profile.
    points = pd.concat([
        extract_places.offence_points(database, location_ids=[location_id],
                                      date_from=filters.date_from, date_to=filters.date_to,
                                      category=c)
        for c in (filters.categories() or [None])
    ], ignore_index=True)
    profile = profiles.day_hour_profile(points)
    widget = widget_context(
        "location", location_id, shown.get("name") or location_id,
        url_for("network.location_chart", location_id=location_id),
        url_for("network.location_layout", location_id=location_id), default_depth=2)
    args = {k: request.args.get(k, "") for k in ("depth", "from", "to", "category", "as_of")}
    return render_template(
        "location.html", place=shown, location_id=location_id, profile=profile,
        heat=heat_classes(profile["matrix"]), args=args,
        categories=vocab.category_choices(), widget=widget,
        venue=vocab.VENUE_TYPES.get(shown.get("venue_type") or "other", "Other"),
    )


def heat_classes(matrix: list[list[int]]) -> list[list[str]]:
    """A shade class (``heat-0`` .. ``heat-5``) per cell, by its share of the busiest cell.

    >>> heat_classes([[0, 1, 4]])
    [['heat-0', 'heat-2', 'heat-5']]
    """
    top = max((max(row) for row in matrix), default=0)
    if top == 0:
        return [["heat-0"] * len(row) for row in matrix]
    return [[f"heat-{math.ceil(HEAT_STEPS * v / top) if v else 0}" for v in row]
            for row in matrix]
