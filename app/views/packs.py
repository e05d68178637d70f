"""The MAPPA review pack: a subject's pack for one audience, as a PDF or as a printable page.

Thin views: parse, check who may generate which audience, call :func:`app.pack_render.generate`
(which discloses through the one policy and records the pack), audit, answer. A bad audience
or date is a 400 naming the parameter; a role that may not generate that audience a 403.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, request, url_for

from app import pack_render
from app.auth import audit
from app.auth.roles import ROLE_LABELS, User, current_user
from app.extensions import db
from app.views.params import date_arg
from graph import packs
from graph.errors import NotFound
from graph.tiers import lifecycle

bp = Blueprint("packs", __name__)

#: Which audiences each role may generate a pack for. A RASSO officer only for the subjects
#: they own (checked with the subject's owner); administrators none (the role policy refuses
#: them every case page already).
MAY_GENERATE: dict[str, tuple[str, ...]] = {
    "analyst": packs.AUDIENCES,
    "mappa_panel": ("panel", "summary"),
    "rasso_officer": packs.AUDIENCES,
}


def refusal(user: User | None, audience: str, owner: str | None) -> str | None:
    """Why ``user`` may not generate a pack for ``audience`` about a subject owned by
    ``owner``, or None when they may."""
    if user is None:
        return "Sign in first."
    if audience not in MAY_GENERATE.get(user.role, ()):
        return (f"{ROLE_LABELS.get(user.role, user.role)} may not generate the {audience} pack"
                + (f": yours are {', '.join(MAY_GENERATE[user.role])}"
                   if MAY_GENERATE.get(user.role) else "."))
    if user.role == "rasso_officer" and (owner or "").strip().lower() != user.username:
        return "A RASSO officer generates packs for the subjects they own."
    return None


def _generate(subject_id: str, fmt: str) -> pack_render.Pack:
    """Parse the query, check the role, make and record the pack, audit it."""
    audience = packs.check_audience(request.args.get("audience") or "panel")
    as_of, since, meeting = date_arg("as_of"), date_arg("since"), date_arg("meeting")
    recipients = (request.values.get("recipients") or "").strip()
    try:
        owner = lifecycle.status(db(), subject_id).get("owner")
    except lifecycle.LifecycleError:
        raise NotFound(f"no subject {subject_id!r}") from None
    user = current_user()
    refused = refusal(user, audience, owner)
    if refused:
        abort(403, refused)
    pack = pack_render.generate(
        db(), subject_id, audience, fmt=fmt, as_of=as_of or dt.date.today(), since=since,
        meeting=meeting, prepared_by=f"{user.display_name or user.username} "
                                     f"({ROLE_LABELS.get(user.role, user.role)})",
        generated_by=user.username, role=user.role, recipients=recipients,
        css_href=url_for("static", filename="pack.css"))
    audit.record("view_pack", "Subject", subject_id,
                 f"{audience} pack v{pack.stamp.version} ({fmt}, sha256 {pack.sha256[:16]}) "
                 f"for {recipients or 'recipients not stated'}")
    return pack


def _answer(pack: pack_render.Pack, disposition: str) -> Response:
    return Response(pack.body, mimetype=pack.mimetype, headers={
        "Content-Disposition": f'{disposition}; filename="{pack.filename}"',
        "X-Pack-Record": pack.stamp.record_id,
        "X-Pack-Version": str(pack.stamp.version),
        "X-Pack-SHA256": pack.sha256,
        "X-Pack-Content-SHA256": pack.content_sha256,
    })


@bp.get("/subjects/<id:subject_id>/pack.pdf")
def pdf(subject_id: str):
    """The MAPPA review pack as a PDF (``audience``, ``since``, ``as_of``, ``meeting``,
    ``recipients``); recorded and audited."""
    return _answer(_generate(subject_id, "pdf"), "inline")


@bp.get("/subjects/<id:subject_id>/pack")
def page(subject_id: str):
    """The same pack as a printable page; recorded and audited."""
    return _answer(_generate(subject_id, "html"), "inline")
