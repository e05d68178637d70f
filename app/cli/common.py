"""What the commands share: a database handle with a one-line error when it is down."""

from __future__ import annotations

import click

from graph.db import Database
from graph.errors import GraphError


def database() -> Database:
    """Open and check the database, or stop with a message saying what to do."""
    try:
        db = Database()
        db.verify()
    except GraphError as exc:
        raise click.ClickException(str(exc)) from exc
    return db
