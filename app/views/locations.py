"""Repeat locations: places ranked by offences in a window, on a map, and one place's page
with its day-of-week by hour profile and its own network.

The list and a place's page read one window the same way (:func:`window`: by default the
last 12 months up to today, ``period=all`` for all time, or ``from``/``to``) and every count
says which window it is; a row of the list links to the place's page in the same window.
Unknown filter values (a category, a venue type) are refused with a 400 that names them.

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
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, current_app, jsonify, render_template, request, url_for

from app import vocab
from app.auth import audit
from app.disclose import disclosed
from app.extensions import db
from app.views.network import widget_context
from app.views.params import date_arg, int_arg
from graph import location_reports, network
from graph.analytics import extract_places, service_places
from graph.analytics import locations as profiles
from graph.tiers.rules import months_before

bp = Blueprint("locations", __name__)

#: Heat-table shades: a cell's share of the busiest cell, in this many steps.
HEAT_STEPS = 5
#: The default window of the list and of a place's page: this many months up to today.
DEFAULT_MONTHS = 12


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


@dataclass(frozen=True)
class Window:
    """The dates a count covers (both None: all time), and how to say and ask for them."""

    date_from: dt.date | None
    date_to: dt.date | None

    @property
    def all_time(self) -> bool:
        """Whether no date limits the count."""
        return self.date_from is None and self.date_to is None

    @property
    def default(self) -> bool:
        """Whether this is the default: the last :data:`DEFAULT_MONTHS` months to today."""
        today = dt.date.today()
        return (self.date_to == today
                and self.date_from == months_before(today, DEFAULT_MONTHS))

    @property
    def short(self) -> str:
        """The window in a few words, for a column or a figure.

        >>> Window(None, None).short, Window(dt.date(2025, 1, 1), dt.date(2025, 6, 30)).short
        ('all time', '2025-01-01 to 2025-06-30')
        """
        if self.all_time:
            return "all time"
        if self.default:
            return f"{DEFAULT_MONTHS} months to {self.date_to}"
        if self.date_from and self.date_to:
            return f"{self.date_from} to {self.date_to}"
        return f"from {self.date_from}" if self.date_from else f"up to {self.date_to}"

    def args(self) -> dict[str, str]:
        """Query-string arguments that ask for this window again."""
        if self.all_time:
            return {"period": "all"}
        return {k: v.isoformat() for k, v in (("from", self.date_from), ("to", self.date_to))
                if v}

    def as_json(self) -> dict[str, Any]:
        """The window as the JSON answers echo it."""
        return {"from": self.date_from and self.date_from.isoformat(),
                "to": self.date_to and self.date_to.isoformat(),
                "period": "all" if self.all_time else None, "window": self.short}


def window() -> Window:
    """The request's window: ``from``/``to`` when either is given, else ``period=all`` for all
    time, else the last 12 months up to today (the list's and a place page's default)."""
    period = request.args.get("period", "").strip()
    if period not in ("", "all"):
        raise ValueError(f"period must be 'all' (every date) or left out, not {period!r}")
    date_from, date_to = date_arg("from"), date_arg("to")
    if date_from is None and date_to is None:
        if period == "all":
            return Window(None, None)
        today = dt.date.today()
        return Window(months_before(today, DEFAULT_MONTHS), today)
    if date_from and date_to and date_from > date_to:
        raise ValueError("the from date is after the to date")
    return Window(date_from, date_to)


def _text_arg(name: str) -> str | None:
    return request.args.get(name, "").strip() or None


def window_links(endpoint: str, chosen: Window, **values: Any) -> list[dict[str, Any]]:
    """The window choices (default, all time) as links keeping the page's other filters."""
    keep = {k: v for k, v in request.args.items() if k not in ("from", "to", "period") and v}
    return [
        {"words": f"Last {DEFAULT_MONTHS} months", "on": chosen.default,
         "url": url_for(endpoint, **values, **keep)},
        {"words": "All time", "on": chosen.all_time,
         "url": url_for(endpoint, **values, **keep, period="all")},
    ]


def ranking() -> dict[str, Any]:
    """The repeat-location ranking for the request's filters, as the reader may see it."""
    chosen = window()
    category, venue_type = _text_arg("category"), _text_arg("venue_type")
    service_places.check_filters(db(), category=category, venue_type=venue_type)
    limit = int_arg("limit", 50, 1, 500)
    table = extract_places.repeat_locations(db(), date_from=chosen.date_from,
                                            date_to=chosen.date_to, category=category,
                                            venue_type=venue_type, limit=limit)
    place_args = {**chosen.args(), **({"category": category} if category else {})}
    rows = [_location_row(r, place_args) for r in table.to_dict("records")]
    return {
        "filters": {**chosen.as_json(), "category": category, "venue_type": venue_type,
                    "limit": limit},
        "locations": rows,
        "on_map": sum(1 for r in rows if r["on_map"]),
    }


def _location_row(r: dict[str, Any], place_args: dict[str, str]) -> dict[str, Any]:
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
        "intelligence": int(r["intelligence"]),
        "reports": int(r["reports"]),
        "first": r["first"],
        "last": r["last"],
        "on_map": on_map,
        # The place's page in the same window and category: the same count again.
        "url": url_for("locations.detail", location_id=r["location_id"], **place_args),
    }


def report_layer(chosen: Window) -> list[dict[str, Any]]:
    """The map's public-reports layer: where reports cluster in the window, with factors."""
    places = location_reports.report_places(db(), date_from=chosen.date_from,
                                            date_to=chosen.date_to)
    return [{**p, "factors": [{"factor": f, "label": location_reports.factor_label(f),
                               "reports": n} for f, n in p["factors"].items()]}
            for p in places]


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
    chosen = window()
    return render_template(
        "locations.html", **data, window=chosen,
        report_places=report_layer(chosen),
        window_choices=window_links("locations.index", chosen),
        categories=vocab.category_choices(),
        venue_types=vocab.VENUE_TYPES, colours=vocab.venue_colours(),
        tiles=current_app.config.get("MAP_TILE_URL") or "",
        attribution=current_app.config.get("MAP_TILE_ATTRIBUTION") or "",
    )


@bp.get("/api/locations")
def data():
    """The repeat-location ranking as JSON."""
    return jsonify({"ok": True, **ranking()})


@bp.get("/locations/<id:location_id>")
def detail(location_id: str):
    """One location: its facts, its day-of-week by hour profile and its network, in the
    list's window (by default the last 12 months; all time a choice)."""
    database = db()
    place = network.centre(database, "location", location_id)  # NotFound: 404
    chosen = window()
    category = _text_arg("category")
    service_places.check_filters(database, category=category)
    shown = disclosed(place)
    audit.record("view_location", "Location", location_id)
    points = extract_places.offence_points(database, location_ids=[location_id],
                                           date_from=chosen.date_from, date_to=chosen.date_to,
                                           category=category)
    profile = profiles.day_hour_profile(points)
    all_time = profile["total"] if chosen.all_time else len(extract_places.offence_points(
        database, location_ids=[location_id], category=category))
    widget = widget_context(
        "location", location_id, shown.get("name") or location_id,
        url_for("network.location_chart", location_id=location_id),
        url_for("network.location_layout", location_id=location_id), default_depth=2)
    widget["src"] = _with_window(widget["src"], chosen)
    args = {k: request.args.get(k, "") for k in ("depth", "category", "as_of")}
    args.update({"from": chosen.date_from and chosen.date_from.isoformat() or "",
                 "to": chosen.date_to and chosen.date_to.isoformat() or ""})
    return render_template(
        "location.html", place=shown, location_id=location_id, profile=profile,
        heat=heat_classes(profile["matrix"]), args=args, window=chosen,
        window_choices=window_links("locations.detail", chosen, location_id=location_id),
        all_time_total=all_time, peak_cells=_peak_cells(profile["peak"]),
        list_url=url_for("locations.index", **chosen.args(),
                         **({"category": category} if category else {})),
        categories=vocab.category_choices(), widget=widget,
        venue=vocab.VENUE_TYPES.get(shown.get("venue_type") or "other", "Other"),
    )


def _with_window(src: str, chosen: Window) -> str:
    """The network's data URL with the page's window (the network filters on report dates)."""
    parts = urlsplit(src)
    query = dict(parse_qsl(parts.query))
    if chosen.all_time:
        query.pop("from", None)
        query.pop("to", None)
    else:
        query.update({k: v for k, v in chosen.args().items()})
    return urlunsplit(parts._replace(query=urlencode(query)))


def _peak_cells(peak: dict[str, Any] | None) -> list[str]:
    """``"Day-hour"`` of every busiest cell (all of them when several tie)."""
    return [f"{s['day']}-{s['hour']}" for s in (peak or {}).get("slots", [])
            if s["hour"] is not None]


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
