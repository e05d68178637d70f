"""JSON API for links, paths, networks, repeat locations and near-repeat studies.

Thin views: parse the query string, call :mod:`graph.analytics.service` or
:mod:`graph.analytics.service_places`, return ``{"ok": true, ...}``. A bad parameter
(``ValueError``) is a 400 and an unknown subject or location (``graph.errors.NotFound``) a 404,
both turned into the app's one error shape by :mod:`app.views`. Views that show
subjects' records are audited (one event per subject asked for; a cohort as one event).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from app.auth import audit
from app.extensions import db
from app.views.params import date_arg, float_arg, int_arg
from graph.analytics import near_repeat, service, service_places

bp = Blueprint("analysis_api", __name__)

MAX_COHORT = 5000


class BadParameter(ValueError):
    """A query-string parameter that cannot be used."""


def _list(name: str) -> list[str] | None:
    # Repeated (?ids=a&ids=b) or comma-separated (?ids=a,b): both mean the same.
    values = [v.strip() for raw in request.args.getlist(name) for v in raw.split(",")]
    values = [v for v in values if v]
    return values or None


def _text(name: str) -> str | None:
    return request.args.get(name, "").strip() or None


def _bbox() -> list[float] | None:
    values = _list("bbox")
    if values is None:
        return None
    try:
        return [float(v) for v in values]
    except ValueError:
        raise BadParameter("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat") from None


@bp.get("/api/subjects/<id:subject_id>/links")
def subject_links(subject_id: str):
    """Typed, evidenced, scored links of one subject."""
    result = service.subject_links(db(), subject_id, types=_list("types"),
                                   window_days=int_arg("window_days", None, 0, 36500))
    audit.record("view_links", "Subject", subject_id)
    return jsonify({"ok": True, **result})


@bp.get("/api/paths")
def paths():
    """All shortest chains of links between two subjects, or from a subject to a place."""
    from_id, to_id, place = _text("from"), _text("to"), _text("place")
    if not from_id or not (to_id or place):
        raise BadParameter("give both from and to subject ids (or from and a place)")
    if to_id and place:
        raise BadParameter("give to (a subject) or place, not both")
    options = {"types": _list("types"), "exclude": _list("exclude"),
               "max_paths": int_arg("max_paths", 10, 1, 100),
               "max_hops": int_arg("max_hops", service.DEFAULT_HOPS, 1, service.MAX_HOPS),
               "association_kinds": _list("kinds"),
               "window_days": int_arg("window_days", None, 0, 36500)}
    if place:
        result = service.paths_to_place(db(), from_id, place, **options)
        audit.record("view_paths", "Subject", from_id, f"paths to place {place}")
        return jsonify({"ok": True, **result})
    result = service.paths_between(db(), from_id, to_id, **options)
    audit.record("view_paths", "Subject", from_id, f"paths to {to_id}")
    audit.record("view_paths", "Subject", to_id, f"paths from {from_id}")
    return jsonify({"ok": True, **result})


@bp.get("/api/networks/ego/<id:subject_id>")
def ego_analysis(subject_id: str):
    """A subject's network to depth 1-3: components, communities, key people."""
    nodes, edges, info = service.ego_analysis(
        db(), subject_id, depth=int_arg("depth", 1, 1, 3), types=_list("types"),
        window_days=int_arg("window_days", None, 0, 36500),
        max_nodes=int_arg("max_nodes", 500, 2, 2000))
    audit.record("view_network", "Subject", subject_id)
    return jsonify({"ok": True, "network": info, **service.network_report(nodes, edges)})


@bp.get("/api/networks/cohort")
def cohort_network():
    """A list of subjects and what links them."""
    ids = _list("ids")
    if not ids:
        raise BadParameter("give the cohort's subject ids as ids=ID,ID,...")
    if len(ids) > MAX_COHORT:
        raise BadParameter(f"at most {MAX_COHORT} ids")
    nodes, edges, info = service.cohort_network(
        db(), ids, types=_list("types"), window_days=int_arg("window_days", None, 0, 36500))
    audit.record("view_cohort_network", "Subject", ",".join(ids))
    return jsonify({"ok": True, "network": info, **service.network_report(nodes, edges)})


@bp.get("/api/networks/location/<id:location_id>")
def location_network(location_id: str):
    """Everyone linked to a location and what links them."""
    nodes, edges, info = service.location_network(
        db(), location_id, types=_list("types"), window_days=int_arg("window_days", None, 0, 36500))
    audit.record("view_location_network", "Location", location_id)
    return jsonify({"ok": True, "network": info, **service.network_report(nodes, edges)})


@bp.get("/api/locations/repeat")
def repeat_locations():
    """Locations ranked by offences, with victims, repeat victims and subjects."""
    result = service_places.repeat_location_report(
        db(), date_from=date_arg("from"), date_to=date_arg("to"), category=_text("category"),
        venue_type=_text("venue_type"), limit=int_arg("limit", 20, 1, 500))
    return jsonify({"ok": True, **result})


@bp.get("/api/locations/<id:location_id>/profile")
def location_profile(location_id: str):
    """A location's offences by day of week and hour."""
    result = service_places.location_profile(
        db(), location_id, date_from=date_arg("from"), date_to=date_arg("to"),
        category=_text("category"))
    return jsonify({"ok": True, **result})


@bp.get("/api/near-repeat")
def near_repeat_study():
    """A Knox near-repeat study: observed, expected, ratio and p per space x time cell."""
    bands = near_repeat.Bands(
        space_bandwidth=float_arg("space_bandwidth", 200.0, 1.0, 10000.0),
        space_bands=int_arg("space_bands", 5, 1, 20),
        time_bandwidth=int_arg("time_bandwidth", 14, 1, 365),
        time_bands=int_arg("time_bands", 5, 1, 52),
        same_location=request.args.get("same_location", "true").lower() not in ("0", "false"),
    )
    result = service_places.near_repeat_study(
        db(), category=_text("category"), date_from=date_arg("from"), date_to=date_arg("to"),
        bbox=_bbox(), location_ids=_list("locations"), bands=bands,
        permutations=int_arg("permutations", 99, 1, 999), seed=int_arg("seed", near_repeat.SEED, 0,
                                                                 2**31 - 1))
    return jsonify({"ok": True, **result})
