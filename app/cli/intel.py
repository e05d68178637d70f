"""``linkwatch intel``: intelligence on behaviours; the escalation flags."""

from __future__ import annotations

import click

from app.auth import audit
from app.cli.common import database
from app.cli.tiers import _as_of, _json, _me
from graph.intelligence import escalations as flags_of


@click.group("intel")
def group() -> None:
    """Intelligence on behaviours below the criminal threshold."""


@group.command("escalations")
@click.option("--as-of", "as_of", default=None, help="YYYY-MM-DD (default today)")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def escalations(as_of: str | None, fmt: str) -> None:
    """Escalation flags on a date: who, which rules, and the graded items that raised them."""
    db = database()
    flags = flags_of(db, _as_of(as_of))
    if flags:
        audit.record("view_escalations", "Subject", ",".join(f["subject_id"] for f in flags),
                     username=_me(), db=db)
    if fmt == "json":
        _json(flags)
        return
    if not flags:
        click.echo("no escalation flag")
    for f in flags:
        click.echo(f"{f['subject_id']:<12} {', '.join(f['rules'])}")
        for i in f["items"]:
            grade = "".join(i[k] or "?" for k in ("source_grade", "intel_grade", "handling"))
            what = (f"{i['intel_id']} {i['behaviour']} {grade}" if "intel_id" in i
                    else f"{i['offence_id']} offence {i.get('ho_code') or ''}")
            click.echo(f"    {i['date']}  {what}")
