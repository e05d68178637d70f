"""Orders: possible breaches found in the graph (and analysts' answers to them), orders
expiring soon, and the use of orders as the VAWG performance framework counts it.

Thin views: parse, call :mod:`graph.orders`, audit, answer. Every answer that names subjects
is audited; what each reader sees of victims and homes is the disclosure policy's.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for

from app.auth import audit
from app.auth.roles import current_user, roles_required
from app.disclose import disclosed
from app.extensions import db
from app.views.params import as_of_arg, date_arg, int_arg
from graph import csvout, orders
from graph.errors import Conflict, NotFound

bp = Blueprint("orders", __name__)

USE_COLUMNS = ("month", "order_type", "measure", "count", "subjects")


def _audit_people(action: str, rows: list[dict]) -> None:
    ids = sorted({r["subject_id"] for r in rows if r.get("subject_id")})
    if ids:
        audit.record(action, "Subject", ",".join(ids))


def _window() -> tuple[dt.date, dt.date]:
    today = dt.date.today()
    date_to = date_arg("to") or today
    date_from = date_arg("from") or date_to.replace(year=date_to.year - 1)
    return date_from, date_to


@bp.get("/api/orders/possible-breaches")
def api_possible_breaches():
    """Possible breaches on ``as_of``: a JSON array (audited)."""
    rows = orders.possible_breaches(db(), as_of_arg())
    _audit_people("view_possible_breaches", rows)
    return jsonify(rows)


@bp.post("/api/orders/possible-breaches/review")
@roles_required("analyst")
def api_review():
    """Confirm (a recorded breach) or dismiss (with a reason) one possible breach."""
    answer = orders.review(db(), request.get_json(silent=True), by=current_user().username)
    audit.record("review_possible_breach", "Subject", answer["subject_id"],
                 f"{answer['order_id']} {answer['condition_id']} {answer['evidence_id']} "
                 f"{answer['decision']}")
    return jsonify({"ok": True, "review": answer}), 201


@bp.get("/api/orders/expiring")
def api_expiring():
    """Orders and conditions in force on ``as_of`` ending within ``days`` (default 60)."""
    rows = orders.expiring(db(), as_of_arg(), int_arg("days", 60, 1, 3650))
    _audit_people("view_expiring_orders", rows)
    return jsonify({"ok": True, "expiring": rows})


@bp.get("/api/orders/use")
def api_use():
    """Orders applied for, granted, refused and breached, by type and month."""
    date_from, date_to = _window()
    return jsonify({"ok": True, "use": orders.use(db(), date_from, date_to)})


@bp.get("/orders")
def page():
    """Possible breaches to review and orders expiring soon."""
    as_of = as_of_arg()
    days = int_arg("days", 60, 1, 3650)
    possible = orders.possible_breaches(db(), as_of)
    ending = orders.expiring(db(), as_of, days)
    _audit_people("view_orders_page", possible + ending)
    return render_template("orders.html", possible=possible, expiring=ending, as_of=as_of,
                           days=days, can_review=current_user().role == "analyst")


@bp.post("/orders/review")
@roles_required("analyst")
def review_form():
    """The confirm / dismiss form on a possible breach."""
    body = {k: request.form.get(k, "").strip() for k in
            ("order_id", "condition_id", "evidence_id", "decision", "reason")}
    try:
        answer = orders.review(db(), body, by=current_user().username)
    except (ValueError, Conflict, NotFound) as exc:
        flash(f"Not changed: {exc}", "error")
    else:
        audit.record("review_possible_breach", "Subject", answer["subject_id"],
                     f"{body['order_id']} {body['condition_id']} {body['evidence_id']} "
                     f"{answer['decision']}")
        flash(f"Possible breach {answer['decision']}.", "ok")
    return redirect(url_for("orders.page"), 303)


@bp.get("/orders/use")
def use_page():
    """The use of orders by type and month, as the performance framework counts it."""
    date_from, date_to = _window()
    return render_template("orders_use.html", use=orders.use(db(), date_from, date_to),
                           date_from=date_from, date_to=date_to)


@bp.get("/orders/use.csv")
def use_csv():
    """The use of orders as CSV (one row per month, type and measure)."""
    date_from, date_to = _window()
    rows = disclosed(orders.use(db(), date_from, date_to)["rows"])
    text = csvout.to_text(USE_COLUMNS, [{**r, "subjects": ";".join(r["subjects"])}
                                        for r in rows])
    name = f"linkwatch-orders-use-{date_from.isoformat()}-{date_to.isoformat()}.csv"
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
