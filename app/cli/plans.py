"""``linkwatch plans``: an adopted subject's 4P plan, from the command line.

An operator's tool: the whole plan (victims' ids included, no disclosure filtering), every
view and change audited under the operating-system user who ran the command. A bad value
exits with status 2, a subject that is not adopted or a record that does not exist with 3,
each with a one-line message on standard error.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import click

from app.auth import audit
from app.cli.common import database
from graph import plans
from graph.errors import Conflict, NotFound
from graph.plans.vocab import PILLARS

#: Exit statuses: a value the domain refuses; a state or record that stops the change.
BAD_INPUT, REFUSED = 2, 3

group = click.Group("plans", help="Adopted subjects' 4P plans: show, add actions, updates.")


class PlanError(click.ClickException):
    """A one-line ``Error: ...`` on standard error, with its own exit status."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _call(action: Callable[[], Any]) -> Any:
    """``action()``, its domain errors turned into :class:`PlanError` exits."""
    try:
        return action()
    except (Conflict, NotFound) as exc:
        raise PlanError(str(exc), REFUSED) from None
    except ValueError as exc:
        raise PlanError(str(exc), BAD_INPUT) from None


def _json(value: Any) -> None:
    click.echo(json.dumps(value, default=str))


def _day(value: str | None) -> dt.date:
    if not value or value == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PlanError(f"as-of must be a date as YYYY-MM-DD, not {value!r}", BAD_INPUT) from None


def _cut(text: Any, width: int) -> str:
    """``text`` on one line, at most ``width`` characters."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "~"


def _table(p: dict[str, Any], today: dt.date) -> None:
    owner = p["owner"] or "no owner"
    tier = f"Tier {p['tier']}" if p["tier"] else "no tier"
    click.echo(f"{p['subject_id']}: {p['status']}, {tier}, owner {owner}; "
               f"RAG as on {today.isoformat()}")
    if not p["plan_id"]:
        click.echo("no plan yet")
    for pillar in PILLARS:
        actions = [a for a in p["actions"] if a["pillar"] == pillar]
        click.echo(f"\n{pillar.upper()} ({len(actions)})")
        if not actions:
            continue
        click.echo(f"  {'action':<22}{'status':<12}{'rag':<7}{'owner':<10}{'opened':<12}"
                   f"{'due':<12}{'outcome':<15}tactic: description")
        for a in actions:
            click.echo(f"  {a['id']:<22}{a['status']:<12}{a['rag']:<7}{_cut(a['owner'], 9):<10}"
                       f"{str(a['opened_on']):<12}{str(a['due_on']):<12}"
                       f"{a['outcome'] or '':<15}{a['tactic_label']}: {_cut(a['description'], 70)}")
            if a["evidence"]:
                refs = ", ".join(e.get("crime_ref") or e["id"] for e in a["evidence"])
                click.echo(f"  {'':<22}evidence: {_cut(refs, 100)}")
            last = a["events"][-1] if a["events"] else None
            if last and last.get("from_status") and last.get("note"):
                click.echo(f"  {'':<22}note: {_cut(last['note'], 100)}")
    click.echo(f"\nUPDATES ({len(p['updates'])})")
    for u in p["updates"]:
        click.echo(f"  {u['month']} v{u['version']:<3}{str(u['at'])[:16]:<18}"
                   f"{_cut(u['by'], 9):<10}{_cut(u['summary'], 90)}")
    click.echo(f"\nOPEN SUGGESTIONS ({len(p['suggestions'])})")
    for s in p["suggestions"]:
        click.echo(f"  {s['key']:<40}{s['pillar']}/{s['tactic']}: {s['title']}")
        for fact in s["facts"]:
            click.echo(f"  {'':<40}- {_cut(fact, 100)}")


@group.command("show")
@click.argument("subject_id")
@click.option("--as-of", "as_of", default=None, help="RAG as on this date (default today).")
@click.option("--json", "as_json", is_flag=True, help="The plan as one JSON object.")
def show(subject_id: str, as_of: str | None, as_json: bool) -> None:
    """A subject's plan: actions by pillar, every update, open suggestions."""
    db = database()
    today = _day(as_of)
    p = _call(lambda: plans.plan(db, subject_id, today=today))
    audit.record("view_plan", "Subject", subject_id, "linkwatch plans show", db=db)
    if as_json:
        _json(p)
    else:
        _table(p, today)


@group.command("add-action")
@click.argument("subject_id")
@click.option("--pillar", required=True, help=f"One of {', '.join(PILLARS)}.")
@click.option("--tactic", required=True, help="A tactic configured for the pillar.")
@click.option("--description", required=True)
@click.option("--owner", required=True, help="The user who owns the action.")
@click.option("--due", "due_on", required=True, help="Due date YYYY-MM-DD.")
@click.option("--agency", default=None, help="Lead agency (default Police).")
@click.option("--rationale", default=None, help="Why it is necessary and proportionate.")
@click.option("--evidence", multiple=True, help="A record the action rests on (repeatable).")
@click.option("--by", required=True, help="Who records it.")
def add_action(subject_id: str, pillar: str, tactic: str, description: str, owner: str,
               due_on: str, agency: str | None, rationale: str | None,
               evidence: tuple[str, ...], by: str) -> None:
    """Add an action to an adopted subject's plan; prints it as JSON."""
    db = database()
    body = {"pillar": pillar, "tactic": tactic, "description": description, "owner": owner,
            "due_on": due_on, "agency": agency, "rationale": rationale,
            "evidence": list(evidence)}
    action = _call(lambda: plans.add_action(db, subject_id, body, by=by))
    audit.record("plan_action_added", "Subject", subject_id,
                 f"{action['id']} {pillar}/{tactic} by {by}", db=db)
    _json(action)


@group.command("status")
@click.argument("action_id")
@click.option("--status", "status", required=True, help="open, in_progress, done, cancelled.")
@click.option("--outcome", default=None, help="Required when done.")
@click.option("--note", default=None)
@click.option("--by", required=True, help="Who records it.")
def status(action_id: str, status: str, outcome: str | None, note: str | None,
           by: str) -> None:
    """Move an action to a new status (with an outcome when done); prints it as JSON."""
    db = database()
    body = {"status": status, "outcome": outcome, "note": note}
    action = _call(lambda: plans.set_status(db, action_id, body, by=by))
    audit.record("plan_action_status", "Subject", action["subject_id"],
                 f"{action_id} -> {status} by {by}", db=db)
    _json(action)


@group.command("update")
@click.argument("subject_id")
@click.option("--month", required=True, help="The month reported on, YYYY-MM.")
@click.option("--summary", required=True)
@click.option("--by", required=True, help="Who writes it.")
def update(subject_id: str, month: str, summary: str, by: str) -> None:
    """Record the monthly update (a new version if the month has one); prints it as JSON."""
    db = database()
    row = _call(lambda: plans.add_update(db, subject_id, {"month": month, "summary": summary},
                                         by=by))
    audit.record("plan_update", "Subject", subject_id,
                 f"{month} v{row['version']} by {by}", db=db)
    _json(row)
