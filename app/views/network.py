"""The network view: a subject's (or a location's) ego network drawing, its JSON, expanding,
layouts.

Thin views: parse the query string, extract with :mod:`graph.network`, draw with
:mod:`app.chart`, audit. Every read of a network is audited (the page, its data, each
expansion, each PNG or SVG export, with the filters it was drawn with). What each reader
sees of victims, homes and notes is the one disclosure policy's (:mod:`app.disclose`):
"Victim A" here is "Victim A" on the subject's profile. Saving a layout (positions and the
notes a user pins to nodes) is a write, so the read-only MAPPA panel role is refused it by
the policy (403); its pages say so instead of offering the button. A layout is read back
only by the user who saved it.

The drawing's JSON lives under ``/api/charts/`` (the analysis of a network, with components
and key people, is ``/api/networks/``: :mod:`app.views.analysis_api`).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, jsonify, render_template, request, url_for

from app import chart, vocab
from app.auth import audit
from app.auth.roles import current_user, may_open
from app.disclose import audience, disclosed, pseudonyms
from app.extensions import db
from app.views.params import date_arg, int_arg
from graph import network
from graph.errors import NotFound
from graph.network import Filters

bp = Blueprint("network", __name__)

#: Query-string keys a network's data URL carries on to expansions.
FILTER_KEYS = ("from", "to", "category", "as_of")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


# --- parsing ---------------------------------------------------------------------------


def filters_arg() -> Filters:
    """Offence filters from ``from``, ``to`` and ``category``."""
    return Filters(date_from=date_arg("from"), date_to=date_arg("to"),
                   category=request.args.get("category", "").strip() or None)


def _username() -> str:
    user = current_user()
    return user.username if user else "unknown"


# --- the page --------------------------------------------------------------------------


@bp.get("/network/<id:subject_id>")
def page(subject_id: str):
    """A subject's network: filters, the drawing, details, legend."""
    props = network.centre(db(), "subject", subject_id)
    audit.record("view_network", "Subject", subject_id)
    name = " ".join(p for p in (props.get("forename"), props.get("surname")) if p)
    args = {k: request.args.get(k, "") for k in ("depth",) + FILTER_KEYS}
    widget = widget_context("subject", subject_id, name or subject_id,
                            url_for("network.subject_chart", subject_id=subject_id),
                            url_for("network.subject_layout", subject_id=subject_id),
                            default_depth=2)
    return render_template("network.html", subject_id=subject_id, name=name, args=args,
                           categories=vocab.category_choices(), widget=widget)


def widget_context(kind: str, node_id: str, caption: str, data_url: str, layout_url: str,
                   *, default_depth: int) -> dict[str, Any]:
    """What ``_network_widget.html`` needs: its URLs (filters carried over) and rights."""
    page_scope = secrets.token_urlsafe(12)
    query = {k: request.args[k] for k in FILTER_KEYS if request.args.get(k, "").strip()}
    query["depth"] = request.args.get("depth", "").strip() or str(default_depth)
    query["page"] = page_scope
    if kind == "subject":  # victims are lettered for the subject the page is about
        query["subject"] = node_id
    return {
        "kind": kind,
        "id": node_id,
        "caption": caption,
        "src": data_url + "?" + urlencode(query),
        # The page appends /<kind>/<id> of the node double-clicked.
        "expand": url_for("network.expand_chart", kind="k", node_id="i").rsplit("/", 2)[0],
        "layout": layout_url,
        "export": url_for("network.export_chart", kind=kind, node_id=node_id),
        "can_save": may_open("network.subject_layout", "POST"),
        "page": page_scope,
    }


# --- JSON ------------------------------------------------------------------------------


@bp.get("/api/charts/subject/<id:subject_id>")
def subject_chart(subject_id: str):
    """A subject's ego network as vis-network JSON (audited)."""
    return _network_json("subject", subject_id)


@bp.get("/api/charts/location/<id:location_id>")
def location_chart(location_id: str):
    """A location's network (offences there, their subjects and victims...), audited."""
    return _network_json("location", location_id)


def _network_json(kind: str, node_id: str):
    extract = network.ego_extract(
        db(), kind, node_id,
        depth=int_arg("depth", 2, 1, network.MAX_DEPTH),
        filters=filters_arg(),
        cap=int_arg("max_nodes", network.DEFAULT_CAP, 1, 1000),
        as_of=date_arg("as_of"),
        communities=kind == "location",  # a place's network is the one that grows large
    )
    result = chart.drawing(extract, audience(), pseudonyms())
    audit.record("view_network_data", network.KINDS[kind], node_id)
    layout = network.load_layout(db(), _username(), kind, node_id)
    return jsonify({"ok": True, **result, "layout": layout, "groups": vocab.group_list(),
                    "tier_rings": vocab.TIER_RINGS,
                    "counts": {"nodes": len(result["nodes"]), "edges": len(result["edges"]),
                               "total": result["total"]}})


@bp.get("/api/charts/expand/<kind>/<id:node_id>")
def expand_chart(kind: str, node_id: str):
    """One node's neighbours, to add to a drawing (audited). A page's pseudonymous victim
    is found from the offence beside her (``near``) and the page's ``page`` value."""
    if kind not in network.KINDS:
        abort(404, f"no kind of node {kind!r}")
    names, reader = pseudonyms(), audience()
    real_id = node_id
    if kind == "victim" and not reader.victim_identity:
        near = request.args.get("near", "").strip()
        if not near:
            raise ValueError("near (an offence beside this victim) is needed to expand her")
        real_id = _victim_on_page(node_id, near)
    extract = network.neighbours_extract(
        db(), kind, real_id,
        filters=filters_arg(),
        cap=int_arg("max_nodes", network.EXPAND_CAP, 1, 500),
        as_of=date_arg("as_of"),
    )
    result = chart.drawing(extract, reader, names)
    audit.record("expand_network", network.KINDS[kind], real_id)
    return jsonify({"ok": True, **result,
                    "counts": {"nodes": len(result["nodes"]), "edges": len(result["edges"]),
                               "total": result["total"]}})


def _victim_on_page(token: str, near_offence: str) -> str:
    """The real id of the victim this page knows as ``token``, beside ``near_offence``."""
    names = pseudonyms()
    for victim_id in network.victims_beside(db(), near_offence):
        if secrets.compare_digest(names.token(victim_id), token):
            return victim_id
    raise NotFound("no such victim beside that offence on this page")


@bp.get("/api/charts/export/<kind>/<id:node_id>")
def export_chart(kind: str, node_id: str):
    """Record that the drawing centred here is being exported as PNG or SVG (before the
    download), and give the words the image carries: marking, title, filters, as-of date."""
    if kind not in ("subject", "location"):
        abort(404, f"no network of kind {kind!r}")
    props = disclosed(network.centre(db(), kind, node_id))  # the title names it
    fmt = request.args.get("format", "png")
    if fmt not in ("png", "svg"):
        raise ValueError("format must be png or svg")
    as_of = date_arg("as_of") or dt.date.today()
    lines = chart.export_lines(
        depth=int_arg("depth", None, 1, network.MAX_DEPTH), filters=filters_arg(), as_of=as_of,
        slider=(_month_arg("slider_from"), _month_arg("slider_to")),
        drawn=(int_arg("offences_shown", None, 0, 100_000),
               int_arg("offences_total", None, 0, 100_000)),
        grouped=_choice_arg("grouped", ("kind", "community")))
    event = audit.record(f"export_network_{fmt}", network.KINDS[kind], node_id,
                         f"{fmt.upper()}: " + "; ".join(lines))
    user = current_user()
    name = " ".join(p for p in (props.get("forename"), props.get("surname")) if p)
    name = name or props.get("name") or node_id
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    who = user.username if user else "unknown"
    return jsonify({
        "ok": True,
        "audit_id": event,
        "filename": f"linkwatch-network-{kind}-{_safe(node_id)}.{fmt}",
        "marking": chart.MARKING,
        "title": f"linkwatch network: {name} ({node_id})",
        "filters": lines,
        "as_of": as_of.isoformat(),
        "exported": f"Exported by {who} {stamp} · audit {event}",
        "caption": f"{chart.MARKING} · linkwatch network: {name} ({node_id}) · exported by "
                   f"{who} {stamp}",
    })


def _month_arg(name: str) -> str | None:
    """A ``YYYY-MM`` query parameter, or None when absent."""
    raw = request.args.get(name, "").strip()
    if raw and not _MONTH.match(raw):
        raise ValueError(f"{name} must be a month as YYYY-MM, not {raw!r}")
    return raw or None


def _choice_arg(name: str, choices: tuple[str, ...]) -> str | None:
    """One of ``choices``, or None when absent."""
    raw = request.args.get(name, "").strip()
    if raw and raw not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}")
    return raw or None


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:60]


# --- saved layouts ---------------------------------------------------------------------


@bp.route("/api/charts/subject/<id:subject_id>/layout", methods=["GET", "POST", "DELETE"])
def subject_layout(subject_id: str):
    """This user's saved positions and notes for a subject's network: read, save, forget."""
    return _layout("subject", subject_id)


@bp.route("/api/charts/location/<id:location_id>/layout", methods=["GET", "POST", "DELETE"])
def location_layout(location_id: str):
    """This user's saved positions and notes for a location's network: read, save, forget."""
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
        raise ValueError('send JSON: {"positions": {node id: {"x": .., "y": ..}}, '
                         '"notes": {node id: text}}')
    saved = network.save_layout(database, username, kind, node_id, body.get("positions"),
                                body.get("notes"))
    return jsonify({"ok": True, **saved})
