"""``linkwatch db``: schema and database state."""

from __future__ import annotations

import click

from app.cli.common import database
from graph import schema


@click.group("db")
def group() -> None:
    """Schema and database state."""


@group.command("init")
def init() -> None:
    """Apply constraints and indexes (idempotent)."""
    db = database()
    sent = schema.apply(db)
    found = schema.existing(db)
    click.echo(
        f"schema applied: {sent} statements; {len(found['constraints'])} constraints and "
        f"{len(found['indexes'])} indexes present"
    )


@group.command("counts")
def counts() -> None:
    """Print node counts by label."""
    for row in database().read("home/counts"):
        click.echo(f"{row['label']:<14}{row['count']:>10}")
