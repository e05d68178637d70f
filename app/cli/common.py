"""What the commands share: a database handle with a one-line error when it is down, and
date options."""

from __future__ import annotations

import datetime as dt

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


def date_option(value: str | None, name: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` (or ``today``) option's date, None when absent; a usage error naming
    the option otherwise."""
    if not value:
        return None
    if value == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD",
                                 param_hint=name) from None
