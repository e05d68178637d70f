"""``linkwatch tiers``: the Operation Ratify trawl, explanations and the TCG lifecycle."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sys

import click

from app.cli.common import database
from graph import csvout
from graph.tiers import lifecycle
from graph.tiers import trawl as trawl_mod
from graph.tiers.assess import Assessment
from graph.tiers.lifecycle import LifecycleError

CSV_COLUMNS = [
    "subject_id",
    "name",
    "tier",
    "sexual_offence_count",
    "rape_count",
    "last_reported_on",
    "in_custody",
    "custody_until",
    "status",
    "owner",
    "recency_lapses_on",
    "rule_set",
    "evidence",
]


def _as_of(value: str | None) -> dt.date:
    if not value or value == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _me() -> str:
    return f"cli:{getpass.getuser()}"


def _json(value) -> None:
    click.echo(json.dumps(value, default=str))


def _table(results: list[Assessment]) -> None:
    if not results:
        click.echo("no subject meets a tier")
        return
    click.echo(
        f"{'tier':<5}{'subject':<10}{'name':<26}{'sexual':>7}{'rape':>6}  "
        f"{'last reported':<14}{'custody':<9}{'status':<12}{'lapses on'}"
    )
    for a in results:
        custody = "yes" if a.in_custody else ""
        click.echo(
            f"{a.tier:<5}{a.subject_id:<10}{a.name[:25]:<26}{a.sexual_offence_count:>7}"
            f"{a.rape_count:>6}  {str(a.last_reported_on or ''):<14}{custody:<9}"
            f"{a.status or 'candidate':<12}{a.recency_lapses_on or ''}"
        )
    by_tier = {t: sum(1 for a in results if a.tier == t) for t in (1, 2, 3)}
    click.echo(
        f"Tier 1: {by_tier[1]}  Tier 2: {by_tier[2]}  Tier 3: {by_tier[3]}  "
        f"(rule set {results[0].rule_set}, as of {results[0].as_of})"
    )


@click.group("tiers", invoke_without_command=True)
@click.option("--as-of", "as_of", default=None, help="Trawl date YYYY-MM-DD (default today).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option("--record", is_flag=True, help="Keep this trawl to compare the next one with.")
@click.pass_context
def group(ctx: click.Context, as_of: str | None, fmt: str, record: bool) -> None:
    """List Tier 1, 2 and 3 subjects on a date (the periodic trawl)."""
    if ctx.invoked_subcommand is not None:
        return
    db = database()
    day = _as_of(as_of)
    results = trawl_mod.trawl(db, day)
    if record:
        trawl_id = trawl_mod.record(db, results, day, by=_me())
        click.echo(f"recorded {trawl_id}", err=True)
    if fmt == "json":
        _json([a.as_json() for a in results])
    elif fmt == "csv":
        rows = [{**a.as_json(), "evidence": ";".join(a.evidence)} for a in results]
        csvout.write_rows(sys.stdout, CSV_COLUMNS, rows)
    else:
        _table(results)


@group.command("explain")
@click.argument("subject_id")
@click.option("--as-of", "as_of", default=None)
@click.option("--json", "as_json", is_flag=True)
def explain(subject_id: str, as_of: str | None, as_json: bool) -> None:
    """Why a subject does or does not meet each tier, with near-misses."""
    try:
        a = trawl_mod.explain_subject(database(), subject_id, _as_of(as_of))
    except KeyError:
        raise click.ClickException(f"no subject {subject_id!r}") from None
    if as_json:
        _json(a.as_json(explain=True))
        return
    click.echo(
        f"{a.subject_id} {a.name}: {'Tier ' + str(a.tier) if a.tier else 'no tier'} "
        f"on {a.as_of} (rule set {a.rule_set})"
    )
    for c in a.criteria:
        click.echo(f"  Tier {c.tier} {c.name:<16} {'met' if c.met else 'NOT met':<8} {c.detail}")
    for note in a.near_misses:
        click.echo(f"  - {note}")
    click.echo(f"  evidence: {', '.join(a.evidence) or 'none'}")


@group.command("changes")
@click.option("--as-of", "as_of", default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              help="json: the same object as GET /api/tiers/changes.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
def changes(as_of: str | None, fmt: str, as_json: bool) -> None:
    """New, dropped and re-tiered candidates since the last recorded trawl, with reasons.

    With no trawl recorded yet it says so and exits 0 (in JSON: ``previous`` is null and
    the lists are empty, as the API answers).
    """
    found = trawl_mod.since_last(database(), _as_of(as_of))
    if as_json or fmt == "json":
        _json({"ok": True, **found})
        return
    if found["previous"] is None:
        click.echo(found["message"])
        return
    click.echo(f"since {found['since']} (as of {found['since_as_of']}):")
    for kind in ("new", "dropped"):
        for r in found[kind]:
            click.echo(f"  {kind:<8} Tier {r['tier']} {r['subject_id']} {r.get('name', '')}"
                       + (f": {r['reason']}" if r.get("reason") else ""))
    for r in found["tier_changed"]:
        click.echo(f"  changed  {r['subject_id']} Tier {r['from']} -> Tier {r['to']}"
                   + (f": {r['reason']}" if r.get("reason") else ""))
    if not any(found[k] for k in ("new", "dropped", "tier_changed")):
        click.echo("  no changes")


def _act(action) -> None:
    try:
        _json(action())
    except LifecycleError as exc:
        raise click.ClickException(str(exc)) from None


@group.command("adopt")
@click.argument("subject_id")
@click.option("--tier", type=int, required=True)
@click.option("--owner", default=None, help="Owning officer's username (required for Tier 1).")
@click.option("--reason", required=True)
@click.option("--by", default=None, help="Who decided (default: this OS user).")
def adopt(subject_id: str, tier: int, owner: str | None, reason: str, by: str | None) -> None:
    """Adopt a candidate (the TCG's decision)."""
    _act(
        lambda: lifecycle.adopt(
            database(), subject_id, tier=tier, owner=owner, by=by or _me(), reason=reason
        )
    )


@group.command("move")
@click.argument("subject_id")
@click.argument("status", type=click.Choice(sorted(lifecycle.MOVES)))
@click.option("--reason", required=True)
@click.option("--by", default=None)
def move(subject_id: str, status: str, reason: str, by: str | None) -> None:
    """Move an adopted subject to monitoring or archived (or back to adopted)."""
    _act(lambda: lifecycle.move(database(), subject_id, status, by=by or _me(), reason=reason))


@group.command("nominate")
@click.argument("subject_id")
@click.option("--nominated-by", required=True)
@click.option("--agency", required=True)
@click.option("--rationale", required=True)
@click.option("--by", default=None)
def nominate(
    subject_id: str, nominated_by: str, agency: str, rationale: str, by: str | None
) -> None:
    """Nominate a subject for Tier 3 (a panel decides)."""
    _act(
        lambda: lifecycle.nominate(
            database(),
            subject_id,
            nominated_by=nominated_by,
            agency=agency,
            rationale=rationale,
            by=by or _me(),
        )
    )


@group.command("decide")
@click.argument("nomination_id")
@click.argument("decision", type=click.Choice(["approved", "rejected"]))
@click.option("--minutes", required=True)
@click.option("--on", "decided_on", default=None, help="Decision date (default today).")
@click.option("--by", default=None)
def decide(
    nomination_id: str, decision: str, minutes: str, decided_on: str | None, by: str | None
) -> None:
    """Record the panel's decision on a Tier 3 nomination."""
    _act(
        lambda: lifecycle.decide_nomination(
            database(),
            nomination_id,
            decision=decision,
            by=by or _me(),
            minutes=minutes,
            decided_on=_as_of(decided_on),
        )
    )


@group.command("history")
@click.argument("subject_id")
def history(subject_id: str) -> None:
    """Every lifecycle event of a subject, oldest first (JSON lines)."""
    try:
        for event in lifecycle.history(database(), subject_id):
            _json(event)
    except LifecycleError as exc:
        raise click.ClickException(str(exc)) from None
