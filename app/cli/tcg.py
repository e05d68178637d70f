"""``linkwatch tcg``: the TCG's meeting pack on the command line (a table, JSON or CSV)."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from app.auth import audit
from app.cli.common import database, date_option
from graph import csvout
from graph.plans import tcg


@click.group("tcg")
def group() -> None:
    """The tasking and coordination group's meeting pack."""


@group.command("pack")
@click.option("--since", required=True, help="First day of the period (the last meeting).")
@click.option("--as-of", "as_of", default=None, help="Last day, YYYY-MM-DD (default today).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
def pack(since: str, as_of: str | None, fmt: str) -> None:
    """What changed since the last meeting: candidates, lifecycle, actions, updates, orders."""
    first = date_option(since, "--since")
    last = date_option(as_of, "--as-of") or dt.date.today()
    db = database()
    try:
        found = tcg.meeting_pack(db, first, last)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None
    # The pack names subjects: who read it is audited, under the operating-system user.
    audit.record("view_tcg_pack", "Subject", ",".join(tcg.subject_ids(found)),
                 f"meeting pack {first}..{last}", db=db)
    if fmt == "json":
        click.echo(json.dumps(found, default=_plain))
    elif fmt == "csv":
        csvout.write_rows(sys.stdout, tcg.CSV_COLUMNS, tcg.rows(found))
    else:
        _table(found)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _table(found: dict) -> None:
    click.echo(f"TCG meeting pack {found['since']} to {found['as_of']}")
    current = None
    for row in tcg.rows(found):
        if row["section"] != current:
            current = row["section"]
            click.echo(f"\n{current.replace('_', ' ')}")
        rag = f" [{row['rag'].upper()}]" if row["rag"] and row["rag"] != "green" else ""
        click.echo(f"  {row['date']:<10} {row['subject_id']:<10} {row['name'][:24]:<25}"
                   f"{(row['owner'] or '')[:12]:<13}{row['detail']}{rag}")
    empty = [s for s, items in tcg.sections(found) if not items]
    if empty:
        click.echo(f"\nnone: {', '.join(s.replace('_', ' ') for s in empty)}")
