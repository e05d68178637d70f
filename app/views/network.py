"""The network view: a subject's (or a location's) ego network, its JSON, expanding, layouts.

Thin views: parse the query string, call :mod:`graph.network`, audit, serialise. Every read
of a network is audited (the page, its data, each expansion, each PNG export). Roles that
may not see victims' identities get per-page pseudonyms ("Victim A"...). Saving a layout is
a write, so the read-only MAPPA panel role is refused it by the policy (403); its pages say
so instead of offering the button.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from app.auth import audit
from app.auth.roles import can_see_victim_identity, current_user, may_open
from app.extensions import db
from app.views import error_response
from app.views.params import date_arg, int_arg
from graph import network
from graph.network import Filters, Pseudonyms

bp = Blueprint("network", __name__)

#: Query-string keys a network's data URL carries on to expansions.
FILTER_KEYS = ("from", "to", "category", "as_of")


@bp.errorhandler(ValueError)
def bad_parameter(exc: ValueError):
    """Bad parameters are 400s in the one error shape."""
    return error_response(str(exc), 400)


@bp.errorhandler(network.NotFound)
def not_found(exc: network.NotFound):
    """Unknown centres (and victims unknown on a page) are 404s."""
    return error_response(str(exc.args[0]) if exc.args else "not found", 404)


# --- parsing ---------------------------------------------------------------------------


def filters_arg() -> Filters:
    """Offence filters from ``from``, ``to`` and ``category``."""
    return Filters(date_from=date_arg("from"), date_to=date_arg("to"),
                   category=request.args.get("category", "").strip() or None)


def pseudonyms_for_request() -> Pseudonyms | None:
    """Pseudonyms scoped to this user and the page's ``page`` value (or to this response)."""
    user = current_user()
    if can_see_victim_identity(user):
        return None
    page = request.args.get("page", "")
    if not network.valid_page(page):
        page = secrets.token_urlsafe(12)  # no page given: pseudonyms for this response only
    return Pseudonyms(current_app.config["SECRET_KEY"], f"{user.username}|{page}")


def _username() -> str:
    user = current_user()
    return user.username if user else "unknown"


# --- the page --------------------------------------------------------------------------


@bp.get("/network/<subject_id>")
def page(subject_id: str):
    """A subject's network: filters, the drawing, details, legend."""
    props = network.centre(db(), "subject", subject_id)
    audit.record("view_network", "Subject", subject_id)
    name = " ".join(p for p in (props.get("forename"), props.get("surname")) if p)
    args = {k: request.args.get(k, "") for k in ("depth",) + FILTER_KEYS}
    widget = widget_context("subject", subject_id, name or subject_id,
                            url_for("network.subject_data", subject_id=subject_id),
                            url_for("network.subject_layout", subject_id=subject_id),
                            default_depth=2)
    return render_template("network.html", subject_id=subject_id, name=name, args=args,
                           categories=network.category_choices(), widget=widget)


def widget_context(kind: str, node_id: str, caption: str, data_url: str, layout_url: str,
                   *, default_depth: int) -> dict[str, Any]:
    """What ``_network_widget.html`` needs: its URLs (filters carried over) and rights."""
    page_scope = secrets.token_urlsafe(12)
    query = {k: request.args[k] for k in FILTER_KEYS if request.args.get(k, "").strip()}
    query["depth"] = request.args.get("depth", "").strip() or str(default_depth)
    query["page"] = page_scope
    return {
        "kind": kind,
        "id": node_id,
        "caption": caption,
        "src": data_url + "?" + urlencode(query),
        # The page appends /<kind>/<id> of the node double-clicked.
        "expand": url_for("network.expand_node", kind="k", node_id="i").rsplit("/", 2)[0],
        "layout": layout_url,
        "export": url_for("network.export_audit", kind=kind, node_id=node_id),
        "can_save": may_open("network.subject_layout", "POST"),
        "page": page_scope,
    }


# --- JSON ------------------------------------------------------------------------------


@bp.get("/api/network/<subject_id>")
def subject_data(subject_id: str):
    """A subject's ego network as vis-network JSON (audited)."""
    return _network_json("subject", subject_id)


@bp.get("/api/network/location/<location_id>")
def location_data(location_id: str):
    """A location's network (offences there, their subjects and victims...), audited."""
    return _network_json("location", location_id)


def _network_json(kind: str, node_id: str):
    pseudonyms = pseudonyms_for_request()
    result = network.ego_network(
        db(), kind, node_id,
        depth=int_arg("depth", 2, 1, network.MAX_DEPTH),
        filters=filters_arg(),
        cap=int_arg("max_nodes", network.DEFAULT_CAP, 1, 1000),
        as_of=date_arg("as_of"),
        pseudonyms=pseudonyms,
    )
    audit.record("view_network_data", network.KINDS[kind], node_id)
    layout = network.load_layout(db(), _username(), kind, node_id)
    return jsonify({"ok": True, **result, "layout": layout, "groups": network.group_list(),
                    "tier_rings": network.TIER_RINGS,
                    "counts": {"nodes": len(result["nodes"]), "edges": len(result["edges"]),
                               "total": result["total"]}})


@bp.get("/api/network/expand/<kind>/<node_id>")
def expand_node(kind: str, node_id: str):
    """One node's neighbours, to add to a drawing (audited). A page's pseudonymous victim
    is found from the offence beside her (``near``) and the page's ``page`` value."""
    if kind not in network.KINDS:
        abort(404, f"no kind of node {kind!r}")
    pseudonyms = pseudonyms_for_request()
    real_id = node_id
    if kind == "victim" and pseudonyms is not None:
        near = request.args.get("near", "").strip()
        if not near:
            raise ValueError("near (an offence beside this victim) is needed to expand her")
        real_id = network.find_victim(db(), node_id, near, pseudonyms)
    result = network.expand(
        db(), kind, real_id,
        filters=filters_arg(),
        cap=int_arg("max_nodes", network.EXPAND_CAP, 1, 500),
        as_of=date_arg("as_of"),
        pseudonyms=pseudonyms,
    )
    audit.record("expand_network", network.KINDS[kind], real_id)
    return jsonify({"ok": True, **result,
                    "counts": {"nodes": len(result["nodes"]), "edges": len(result["edges"]),
                               "total": result["total"]}})


@bp.get("/api/network/export/<kind>/<node_id>")
def export_audit(kind: str, node_id: str):
    """Record that the drawing centred here is being exported as PNG (before the download)."""
    if kind not in ("subject", "location"):
        abort(404, f"no network of kind {kind!r}")
    props = network.centre(db(), kind, node_id)
    fmt = request.args.get("format", "png")
    if fmt != "png":
        raise ValueError("format must be png")
    event = audit.record("export_network_png", network.KINDS[kind], node_id)
    user = current_user()
    name = " ".join(p for p in (props.get("forename"), props.get("surname")) if p)
    name = name or props.get("name") or node_id
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return jsonify({
        "ok": True,
        "audit_id": event,
        "filename": f"linkwatch-network-{kind}-{_safe(node_id)}.png",
        "caption": f"OFFICIAL-SENSITIVE · linkwatch network: {name} ({node_id}) · exported by "
                   f"{user.username if user else 'unknown'} {stamp}",
    })


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:60]


# --- saved layouts ---------------------------------------------------------------------


@bp.route("/api/network/<subject_id>/layout", methods=["GET", "POST", "DELETE"])
def subject_layout(subject_id: str):
    """This user's saved node positions for a subject's network: read, save, forget."""
    return _layout("subject", subject_id)


@bp.route("/api/network/location/<location_id>/layout", methods=["GET", "POST", "DELETE"])
def location_layout(location_id: str):
    """This user's saved node positions for a location's network: read, save, forget."""
    return _layout("location", location_id)


def _layout(kind: str, node_id: str):
    database, username = db(), _username()
    network.centre(database, kind, node_id)  # 404 for an unknown centre
    if request.method == "GET":
        return jsonify({"ok": True, "layout": network.load_layout(database, username, kind,
                                                                  node_id)})
    if request.method == "DELETE":
        deleted = network.delete_layout(database, username, kind, node_id)
        return jsonify({"ok": True, "deleted": deleted})
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValueError('send JSON: {"positions": {node id: {"x": .., "y": ..}}}')
    saved = network.save_layout(database, username, kind, node_id, body.get("positions"))
    return jsonify({"ok": True, **saved})
