"""``linkwatch pack``: a subject's MAPPA review pack as a PDF file, from the command line.

An operator's tool: any audience, made through the same disclosure policy as the web's pack
(the audience decides what leaves, not who runs the command), recorded as a ``PackRecord``
and audited under the operating-system user (``cli:<user>``).
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import click

from app import pack_render
from app.auth import audit
from app.cli.common import database, date_option
from graph import packs
from graph.errors import NotFound


def _operator() -> str:
    """``cli:<operating-system user>``, as the audit log names someone at the command line."""
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name in some containers
        return "cli:unknown"




@click.command("pack")
@click.argument("subject_id")
@click.option("--audience", type=click.Choice(packs.AUDIENCES), default="panel",
              show_default=True, help="panel, partner (a partner agency) or summary.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF file to write.")
@click.option("--since", default=None, help="The last review, YYYY-MM-DD (default 12 weeks "
                                            "before the as-of date).")
@click.option("--as-of", "as_of", default=None, help="The pack's date (default today).")
@click.option("--meeting", default=None, help="The panel meeting's date (default as-of).")
@click.option("--recipients", default="", help="Who the pack is for (kept on its record).")
def command(subject_id: str, audience: str, out: Path, since: str | None, as_of: str | None,
            meeting: str | None, recipients: str) -> None:
    """Write SUBJECT_ID's MAPPA review pack for one audience to a PDF file (recorded)."""
    day = date_option(as_of, "--as-of") or dt.date.today()
    db = database()
    who = _operator()
    try:
        pack = pack_render.generate(db, subject_id, audience, fmt="pdf", as_of=day,
                                    since=date_option(since, "--since"),
                                    meeting=date_option(meeting, "--meeting"),
                                    prepared_by=who, generated_by=who, role="cli",
                                    recipients=recipients)
    except NotFound as exc:
        raise click.ClickException(str(exc)) from None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None
    audit.record("view_pack", "Subject", subject_id,
                 f"{audience} pack v{pack.stamp.version} (pdf, sha256 {pack.sha256[:16]}) "
                 f"for {recipients or 'recipients not stated'}", username=who, db=db)
    out.write_bytes(pack.body)
    click.echo(f"{out}: {audience} pack v{pack.stamp.version} of {subject_id}, "
               f"{pack.pages} pages, sha256 {pack.sha256} (record {pack.stamp.record_id})")
