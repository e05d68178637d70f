"""The tier board: the trawl by tier and by lifecycle status, with filters and a CSV export;
what changed since the last recorded trawl, and (analysts) recording this one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from app.auth import audit
from app.auth.roles import current_user, roles_required
from app.extensions import db
from app.views.params import as_of_arg
from graph import csvout, limits, orders, subjects
from graph.intelligence import by_subject, escalations
from graph.tiers import trawl as trawl_mod
from graph.tiers.lifecycle import STATUSES

bp = Blueprint("board", __name__)

TIERS = ("1", "2", "3", "none")
GROUPS = ("tier", "status")
CSV_COLUMNS = ("subject_id", "name", "tier", "status", "adopted_tier", "owner",
               "sexual_offence_count", "rape_count", "last_reported_on", "in_custody",
               "custody_until", "recency_lapses_on", "release_watch", "rule_set", "as_of")


def _filters() -> dict[str, Any]:
    """The board's filters from the query string; a bad value is a 400 saying why."""
    args = request.args
    found = {
        "as_of": as_of_arg(),
        "tier": (args.get("tier") or "").strip().lower(),
        "status": (args.get("status") or "").strip().lower(),
        "q": (args.get("q") or "").strip()[:100],
        "group": (args.get("group") or "tier").strip().lower(),
    }
    if found["tier"] and found["tier"] not in TIERS:
        abort(400, f"tier must be one of {', '.join(TIERS)}")
    if found["status"] and found["status"] not in STATUSES:
        abort(400, f"status must be one of {', '.join(STATUSES)}")
    if found["group"] not in GROUPS:
        abort(400, f"group must be one of {', '.join(GROUPS)}")
    return found


def _tier_key(row: dict[str, Any]) -> str:
    return str(row["tier"]) if row["tier"] else "none"


def _matches(row: dict[str, Any], f: dict[str, Any]) -> bool:
    if f["tier"] and _tier_key(row) != f["tier"]:
        return False
    if f["status"] and row["status"] != f["status"]:
        return False
    needle = f["q"].lower()
    return not needle or needle in f"{row['subject_id']} {row['name']}".lower()


def _rows(f: dict[str, Any], results: list | None = None
          ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(every row on the as-of date, the rows the filters keep)."""
    results = trawl_mod.trawl(db(), f["as_of"]) if results is None else results
    rows = subjects.board(db(), results, f["as_of"])
    held = orders.in_force(db(), f["as_of"])
    open_breaches: dict[str, int] = {}
    for b in orders.possible_breaches(db(), f["as_of"]):
        if not b["recorded"] and b["review"] is None:
            open_breaches[b["subject_id"]] = open_breaches.get(b["subject_id"], 0) + 1
    flagged = by_subject(escalations(db(), f["as_of"]))
    for row in rows:
        row["escalations"] = flagged.get(row["subject_id"], [])
        row["orders_in_force"] = held.get(row["subject_id"], [])
        row["possible_breaches"] = open_breaches.get(row["subject_id"], 0)
    return rows, [r for r in rows if _matches(r, f)]


def _described(f: dict[str, Any]) -> str:
    return "; ".join(f"{k}={v}" for k, v in f.items() if v and k != "group")


@bp.get("/tiers")
def page():
    """Tier 1 / 2 / 3 and lifecycle status lists on an as-of date, filtered."""
    f = _filters()
    results = trawl_mod.trawl(db(), f["as_of"])
    rows, kept = _rows(f, results)
    changes = trawl_mod.since_last(db(), f["as_of"], current=results)
    audit.record("view_tier_list", "Trawl", f["as_of"].isoformat(), _described(f))
    if f["group"] == "tier":
        keys = [f["tier"]] if f["tier"] else list(TIERS)
        groups = [
            (k, f"Tier {k}" if k != "none" else f"No tier on {f['as_of']}",
             [r for r in kept if _tier_key(r) == k])
            for k in keys
        ]
        # "No tier" only lists subjects the TCG acted on; hide it when it has nobody.
        groups = [g for g in groups if g[0] != "none" or g[2] or f["tier"] == "none"]
    else:
        keys = [f["status"]] if f["status"] else list(STATUSES)
        groups = [(k, k.capitalize(), [r for r in kept if r["status"] == k]) for k in keys]
    tally = {
        "tier": {k: sum(1 for r in rows if _tier_key(r) == k) for k in TIERS},
        "status": {k: sum(1 for r in rows if r["status"] == k) for k in STATUSES},
    }
    plain_filters = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in f.items()}

    def link(endpoint: str = "board.page", **changes: str) -> str:
        args = {**plain_filters, **changes}
        return url_for(endpoint, **{k: v for k, v in args.items()
                                    if v and not (k == "group" and v == "tier")})

    return render_template(
        "board.html", f=plain_filters, groups=groups, tally=tally, total=len(rows),
        kept=len(kept), statuses=STATUSES, link=link,
        rule_set=rows[0]["rule_set"] if rows else None, changes=changes,
        can_record=getattr(current_user(), "role", None) == "analyst",
    )


@bp.post("/tiers/trawls")
@roles_required("analyst")
def record_trawl():
    """Record the trawl on the form's as-of date, so the next one can be compared with it."""
    raw = (request.form.get("as_of") or "").strip()
    day = limits.parse_date("as_of", raw) if raw else dt.date.today()  # ValueError: 400
    results = trawl_mod.trawl(db(), day)
    trawl_id = trawl_mod.record(db(), results, day, by=current_user().username)
    audit.record("record_trawl", "Trawl", trawl_id, f"as of {day.isoformat()}, "
                 f"{len(results)} subjects")
    flash(f"Trawl recorded as of {day.isoformat()}: {len(results)} subjects in Tier 1, 2 or 3 "
          f"({trawl_id}). The next comparison starts from it.", "ok")
    return redirect(url_for("board.page", as_of=day.isoformat()) + "#trawl-changes", 303)


@bp.get("/tiers.csv")
def export():
    """The board's rows (same filters) as CSV; the export is audited."""
    f = _filters()
    _, kept = _rows(f)
    audit.record("export_tier_list", "Trawl", f["as_of"].isoformat(),
                 f"{_described(f)} ({len(kept)} rows)")
    text = csvout.to_text(CSV_COLUMNS, ([_cell(row.get(c)) for c in CSV_COLUMNS] for row in kept))
    name = f"linkwatch-tiers-{f['as_of'].isoformat()}.csv"
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _cell(value: Any) -> str:
    # Only formatting: csvout defuses formulas.
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.isoformat() if isinstance(value, dt.date) else str(value)
