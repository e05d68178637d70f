"""``linkwatch demo``: load the demo force into an empty database."""

from __future__ import annotations

import datetime as dt

import click

from app.cli import users
from app.cli.common import database
from graph import schema
from graph.problems.demo import lay_demo_problem
from graph.settings import settings
from ingest.pipeline import run_ingest
from ingest.synth import generate
from ingest.synth.plans import Officers, lay_demo_plans


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
    as_of = dt.date.today() - dt.timedelta(days=14)
    generate(out, "demo", seed=seed, as_of=as_of)
    summary = run_ingest(out, "canonical", db=db, quarantine_dir=out / "quarantine")
    t = summary["totals"]
    click.echo(
        f"demo force loaded from {out}: {t['loaded']:,} rows, "
        f"{t['nodes_created']:,} nodes, {t['relationships_created']:,} relationships"
    )
    _plans(db, seed, as_of)
    _problem(db, out, as_of)
    _resolution(db, out)


def _plans(db, seed: int, as_of: dt.date) -> None:
    """The demo TCG's adoptions and 4P plans (:mod:`ingest.synth.plans`)."""
    officers = Officers.from_users(users.DEMO_USERS)
    laid = lay_demo_plans(db, seed=seed, as_of=as_of, officers=officers)
    if "skipped" in laid:
        click.echo(laid["skipped"])
        return
    tiers = [a["tier"] for a in laid["adopted"]]
    click.echo(
        f"demo TCG: adopted {tiers.count(1)} Tier 1 and {tiers.count(2)} Tier 2 subjects; "
        f"{laid['actions']} plan actions, {laid['updates']} monthly updates, "
        f"{laid['decisions']} suggestion decisions"
    )


def _problem(db, out, as_of: dt.date) -> None:
    """The demo's problem profile (:mod:`graph.problems.demo`): the busiest night venue."""
    profile = lay_demo_problem(db, out / "truth.json", as_of)
    if profile:
        offences = profile["assessment"]["metrics"][0]["place"]
        click.echo(f"demo problem profile {profile['id']}: {len(profile['responses'])} "
                   f"responses since {profile['assessment']['windows']['start']}, offences "
                   f"{offences['before']} before and {offences['after']} after")


def _resolution(db, out) -> None:
    """The demo's same-person proposals, one planted pair confirmed
    (:mod:`graph.resolution.demo`)."""
    from graph.resolution.demo import lay_demo_resolution  # Splink: only when it runs

    laid = lay_demo_resolution(db, out / "truth.json")
    if laid:
        pair = " and ".join(laid["confirmed"] or []) or "none"
        click.echo(f"demo resolution: {laid['proposals']} same-person proposals open for "
                   f"review ({laid['planted']} planted); confirmed as one person: {pair}")


def _demo_users(db) -> None:
    created = users.ensure_demo_users(db)
    for username, role, password in created:
        click.echo(f"demo user {username!r} ({role}) password: {password}")
    if not created:
        click.echo(f"demo users exist; their passwords are in {users.demo_users_file()}")
