"""The paths and links page: how two subjects (or a subject and a place) are connected.

Thin view: parse the form, call :mod:`graph.analytics.service` (every shortest chain of
typed links, and the first subject's own scored links), lay the paths out as a chart
(:mod:`app.paths_chart`), audit, render. What each reader sees of victims and homes is the
one disclosure policy's (:mod:`app.disclose`), applied to the chart's input here and to the
whole context by the app.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from app import paths_chart
from app.auth import audit
from app.disclose import disclosed
from app.extensions import db
from app.views.params import int_arg
from graph.analytics import extract, service
from graph.analytics.config import LINK_TYPES, load_config, parse_types
from graph.errors import NotFound

bp = Blueprint("paths", __name__)

#: Scored links listed for the first subject (the strongest; the rest are counted).
LINKS_SHOWN = 25
ROUTE_CHOICES = (5, 10, 25, 50)


def _text(name: str) -> str:
    return (request.args.get(name) or "").strip()[:100]


def _types() -> tuple[list[str], str | None]:
    """The ticked link types (all when the form has not been sent), or a message."""
    ticked = [t.strip() for t in request.args.getlist("types") if t.strip()]
    if not ticked:
        if request.args.get("f"):  # the form was sent with every box unticked
            return list(LINK_TYPES), "Tick at least one link type: all are used below."
        return list(LINK_TYPES), None
    return list(parse_types(ticked)), None


def _victims_in(links: list[dict[str, Any]]) -> list[str]:
    return sorted({str(item["victim_id"]) for link in links
                   for item in link["evidence"].get("shared_victim", [])})


def _places_in(links: list[dict[str, Any]]) -> list[str]:
    return sorted({str(item["location_id"]) for link in links
                   for kind in ("same_location", "shared_address")
                   for item in link["evidence"].get(kind, [])})


def _scored_links(from_id: str, types: list[str], window: int | None) -> dict[str, Any]:
    """The first subject's scored links, with the victims' and places' records beside
    their evidence (so that the policy can judge them: a name string could not be)."""
    result = service.subject_links(db(), from_id, types=types, window_days=window)
    shown = result["links"][:LINKS_SHOWN]
    victims = extract.victim_records(db(), _victims_in(shown))
    places = extract.location_records(db(), _places_in(shown))
    for link in shown:
        for item in link["evidence"].get("shared_victim", []):
            item["victim"] = victims.get(item["victim_id"], {"kind": "victim",
                                                             "id": item["victim_id"]})
        for kind in ("same_location", "shared_address"):
            for item in link["evidence"].get(kind, []):
                item["place"] = places.get(item["location_id"], {"id": item["location_id"],
                                                                 "venue_type": None})
                # The name string travels in the place record only.
                item.pop("location", None)
                item.pop("address", None)
    return {**result, "links": shown, "total": len(result["links"])}


@bp.get("/paths")
def page():
    """Paths between two subjects, or a subject and a place; the first subject's links."""
    config = load_config()
    from_id, to_id, place = _text("from"), _text("to"), _text("place")
    types, message = _types()
    window = int_arg("window_days", None, 0, 36500)
    max_hops = int_arg("max_hops", service.DEFAULT_HOPS, 1, service.MAX_HOPS)
    max_paths = int_arg("max_paths", 10, 1, 100)
    result = links = None
    status = 200
    if to_id and place:
        message, place = "Give a subject or a place to go to, not both: the place is left out.", ""
    try:
        options = {"types": types, "window_days": window, "max_hops": max_hops,
                   "max_paths": max_paths}
        if from_id and place:
            result = service.paths_to_place(db(), from_id, place, **options)
            audit.record("view_paths", "Subject", from_id, f"paths page, to place {place}")
        elif from_id and to_id:
            result = service.paths_between(db(), from_id, to_id, **options)
            audit.record("view_paths", "Subject", from_id, f"paths page, to {to_id}")
            audit.record("view_paths", "Subject", to_id, f"paths page, from {from_id}")
        if from_id:
            links = _scored_links(from_id, types, window)
            audit.record("view_links", "Subject", from_id, "paths page")
    except NotFound as exc:
        message, status, result, links = f"{exc}. Pick one from the suggestions.", 404, None, None
    except ValueError as exc:
        message, status, result, links = str(exc), 400, None, None
    shown = disclosed(result) if result else None
    form = {"from": from_id, "to": to_id, "place": place, "types": types,
            "window_days": window if window is not None else config.window_days,
            "max_hops": max_hops, "max_paths": max_paths}
    return render_template(
        "paths.html", form=form, result=shown, links=links, message=message,
        chart=paths_chart.layout(shown) if shown else None,
        link_types=[(t, paths_chart.LINK_WORDS[t], paths_chart.LINK_COLOURS[t])
                    for t in LINK_TYPES],
        link_words=paths_chart.LINK_WORDS, link_colours=paths_chart.LINK_COLOURS,
        how_words=paths_chart.HOW_WORDS,
        max_hops_choices=range(1, service.MAX_HOPS + 1), route_choices=ROUTE_CHOICES,
        links_shown=LINKS_SHOWN,
    ), status
