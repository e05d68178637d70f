"""``linkwatch demo``: load the demo force into an empty database."""

from __future__ import annotations

import datetime as dt

import click

from app.cli import users
from app.cli.common import database
from graph import schema
from graph.settings import settings
from ingest.pipeline import run_ingest
from ingest.synth import generate


@click.command("demo")
@click.option("--seed", default=7, show_default=True, type=int)
@click.option("--force", is_flag=True, help="Load even when the database already holds offences.")
def command(seed: int, force: bool) -> None:
    """Generate the synthetic demo force (as of today) and ingest it if the database is empty."""
    db = database()
    schema.apply(db)
    _demo_users(db)
    offences = db.read("home/counts")
    held = next(r["count"] for r in offences if r["label"] == "Offence")
    if held and not force:
        click.echo(f"database already holds {held:,} offences: demo data not loaded")
        return
    out = settings().work_dir / f"demo-seed{seed}"
    # Planted around a date two weeks ago: the synthetic force also plants reports up to
    # ten days after its as-of date, and a report dated in the future would be quarantined.
    generate(out, "demo", seed=seed, as_of=dt.date.today() - dt.timedelta(days=14))
    summary = run_ingest(out, "canonical", db=db, quarantine_dir=out / "quarantine")
    t = summary["totals"]
    click.echo(
        f"demo force loaded from {out}: {t['loaded']:,} rows, "
        f"{t['nodes_created']:,} nodes, {t['relationships_created']:,} relationships"
    )


def _demo_users(db) -> None:
    created = users.ensure_demo_users(db)
    for username, role, password in created:
        click.echo(f"demo user {username!r} ({role}) password: {password}")
    if not created:
        click.echo(f"demo users exist; their passwords are in {users.demo_users_file()}")
