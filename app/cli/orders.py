"""``linkwatch orders``: possible breaches found in the graph, orders expiring soon."""

from __future__ import annotations

import click

from app.auth import audit
from app.cli.common import database
from app.cli.tiers import _as_of, _json, _me
from graph import csvout, orders

BREACH_COLUMNS = ["order_id", "condition_id", "subject_id", "name", "kind", "order_type",
                  "evidence_kind", "evidence_id", "on", "distance_m", "radius_m", "recorded"]


@click.group("orders")
def group() -> None:
    """Civil and criminal orders: possible breaches, expiring orders."""


@group.command("breaches")
@click.option("--as-of", "as_of", default=None, help="YYYY-MM-DD (default today)")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def breaches(as_of: str | None, fmt: str) -> None:
    """Possible breaches on a date: evidence inside an exclusion zone, or against a
    no-contact condition's protected victim, while the condition was active."""
    db = database()
    rows = orders.possible_breaches(db, _as_of(as_of))
    ids = sorted({r["subject_id"] for r in rows})
    if ids:
        audit.record("view_possible_breaches", "Subject", ",".join(ids), username=_me(), db=db)
    if fmt == "json":
        _json(rows)
    elif fmt == "csv":
        csvout.write_rows(click.get_text_stream("stdout"), BREACH_COLUMNS,
                          [{k: r.get(k) for k in BREACH_COLUMNS} for r in rows])
    elif not rows:
        click.echo("no possible breach")
    else:
        for r in rows:
            where = f"{r['distance_m']:.0f} m from the zone's centre (radius {r['radius_m']:g} m)" \
                if r["kind"] == "exclusion_zone" else "against the protected victim"
            click.echo(f"{r['on']}  {r['subject_id']:<10} {r['order_type']:<16} "
                       f"{r['kind']:<15} {r['evidence_kind']} {r['evidence_id']}: {where}"
                       f"{'  [recorded]' if r['recorded'] else ''}")


@group.command("expiring")
@click.option("--as-of", "as_of", default=None, help="YYYY-MM-DD (default today)")
@click.option("--days", default=60, show_default=True, type=click.IntRange(1, 3650))
@click.option("--json", "as_json", is_flag=True)
def expiring(as_of: str | None, days: int, as_json: bool) -> None:
    """Orders and conditions in force that end within DAYS days."""
    rows = orders.expiring(database(), _as_of(as_of), days)
    if as_json:
        _json(rows)
        return
    for r in rows:
        click.echo(f"{r['ends_on']}  ({r['days_left']:3d} days)  {r['subject_id']:<10} "
                   f"{r['order_type']:<16} {r['what']} {r['condition_id'] or r['order_id']}")
    if not rows:
        click.echo(f"nothing in force ends within {days} days")
