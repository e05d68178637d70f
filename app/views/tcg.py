"""The TCG's meeting pack and the oversight board's figures: pages, JSON and CSV exports.

Thin views: parse the dates, call :mod:`graph.plans.tcg` or :mod:`graph.plans.oversight`,
audit who saw which subjects, render. The disclosure policy is applied on the way out (page
context and JSON by the app, CSV rows here through :func:`app.disclose.disclosed`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, jsonify, render_template

from app.auth import audit
from app.disclose import disclosed
from app.extensions import db
from app.views.params import date_arg
from graph import csvout
from graph.plans import oversight, tcg

bp = Blueprint("tcg", __name__)

#: The default meeting period: four weeks back from the as-of date.
DEFAULT_PACK_DAYS = 28
#: The default oversight period: a year back from its last day.
DEFAULT_OVERSIGHT_DAYS = 365

SECTION_TITLES = {
    "new_candidates": "New Tier 1/2 candidates",
    "adoptions": "Adoptions",
    "reactivations": "Reactivations",
    "status_changes": "Status changes",
    "actions_overdue": "Overdue actions",
    "actions_opened": "Actions opened",
    "actions_closed": "Actions closed",
    "missing_updates": "Missing monthly updates",
    "orders_granted": "Orders granted",
    "orders_expiring": f"Orders ending within {tcg.EXPIRY_DAYS} days",
    "orders_breached": "Order breaches",
    "decisions": "Decisions and their rationale",
}
FIGURE_TITLES = {
    "adopted": "Subjects adopted",
    "sexual_offences": "Sexual offences they are named in",
    "archived_no_further_offending": "Archived with no further offending",
    "tier_1": "Tier 1: single owner, 4P plan",
    "tier_2": "Tier 2: ongoing monitoring",
    "charged": "Subjects charged",
    "sro_applications": "Subjects with SRO applications",
    "intervention_referrals": "Subjects referred to intervention",
}


def _pack_period() -> tuple[dt.date, dt.date]:
    as_of = date_arg("as_of") or dt.date.today()
    since = date_arg("since") or as_of - dt.timedelta(days=DEFAULT_PACK_DAYS)
    return since, as_of


def _oversight_period() -> tuple[dt.date, dt.date]:
    date_to = date_arg("to") or dt.date.today()
    date_from = date_arg("from") or date_to - dt.timedelta(days=DEFAULT_OVERSIGHT_DAYS)
    return date_from, date_to


def _pack(action: str) -> dict[str, Any]:
    since, as_of = _pack_period()
    pack = tcg.meeting_pack(db(), since, as_of)
    audit.record(action, "Subject", ",".join(tcg.subject_ids(pack)),
                 f"meeting pack {since}..{as_of}")
    return pack


def _outcomes(action: str) -> dict[str, Any]:
    date_from, date_to = _oversight_period()
    result = oversight.outcomes(db(), date_from, date_to)
    audit.record(action, "Subject", ",".join(oversight.subject_ids(result)),
                 f"oversight figures {date_from}..{date_to}")
    return result


def _csv(columns: tuple[str, ...], rows: list[dict[str, Any]], name: str) -> Response:
    text = csvout.to_text(columns, disclosed(rows))
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/tcg")
def page():
    """The TCG's meeting pack for a period: what changed, what is due, what is missing."""
    pack = _pack("view_tcg_pack")
    sections = [(key, SECTION_TITLES[key], found) for key, found in tcg.sections(pack)]
    return render_template("tcg.html", pack=pack, sections=sections)


@bp.get("/tcg.csv")
def export():
    """The meeting pack as one CSV (section, subject, date, detail, owner, RAG); audited."""
    pack = _pack("export_tcg_pack")
    return _csv(tcg.CSV_COLUMNS, tcg.rows(pack),
                f"linkwatch-tcg-{pack['since']}-{pack['as_of']}.csv")


@bp.get("/api/tcg/pack")
def api_pack():
    """The TCG's meeting pack for since..as_of as JSON."""
    return jsonify({"ok": True, "pack": _pack("view_tcg_pack")})


@bp.get("/oversight")
def oversight_page():
    """The oversight board's figures for a period, each opening to the subjects behind it."""
    result = _outcomes("view_oversight_outcomes")
    return render_template("oversight.html", outcomes=result, figures=oversight.FIGURES,
                           monthly=oversight.MONTHLY, titles=FIGURE_TITLES)


@bp.get("/oversight.csv")
def oversight_export():
    """The oversight figures as CSV, one row per figure and subject; audited."""
    result = _outcomes("export_oversight_outcomes")
    return _csv(oversight.CSV_COLUMNS, oversight.rows(result),
                f"linkwatch-oversight-{result['date_from']}-{result['date_to']}.csv")


@bp.get("/api/oversight/outcomes")
def api_outcomes():
    """The oversight board's figures for from..to as JSON, each with its subjects."""
    return jsonify({"ok": True, "outcomes": _outcomes("view_oversight_outcomes")})
