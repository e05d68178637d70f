"""``linkwatch alerts``: raise alerts (a scheduler runs it) and list them."""

from __future__ import annotations

import click

from app.auth import audit
from app.cli.common import database
from app.cli.tiers import _as_of, _json, _me
from graph import alerts


@click.group("alerts")
def group() -> None:
    """Alerts: what changed that a person must act on."""


@group.command("run")
@click.option("--as-of", "as_of", default=None, help="YYYY-MM-DD (default today)")
def run(as_of: str | None) -> None:
    """Apply every enabled alert rule on a date; alerts already raised are not raised again."""
    result = alerts.run(database(), _as_of(as_of), by=_me())
    raised = ", ".join(f"{n} {k}" for k, n in sorted(result["raised"].items())) or "nothing"
    click.echo(f"alerts as of {result['as_of']}: raised {raised} "
               f"({sum(result['checked'].values())} found, {len(result['new'])} new)")


@group.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--kind", default=None, help="only this kind")
@click.option("--status", default=None, type=click.Choice(alerts.STATUSES))
def list_(fmt: str, kind: str | None, status: str | None) -> None:
    """Every alert, newest first (the operator's view: every kind)."""
    db = database()
    try:
        rows = alerts.listing(db, username=_me(), role="cli", kind=kind, status=status,
                              everything=True)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--kind") from None
    ids = sorted({r["subject_id"] for r in rows if r.get("subject_id")})
    if ids:
        audit.record("view_alerts", "Subject", ",".join(ids), username=_me(), db=db)
    if fmt == "json":
        _json(rows)
        return
    for r in rows:
        click.echo(f"{r['raised_on']}  {r['status']:<11} {r['kind']:<17} "
                   f"{r.get('subject_id') or r.get('location_id') or '':<10} {r['title']}")
    if not rows:
        click.echo("no alert")
