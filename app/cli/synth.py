"""`linkwatch synth`: write a synthetic canonical data set with planted truth."""

from __future__ import annotations

from datetime import date

import click

from ingest.synth import DEFAULT_AS_OF, PROFILES, generate


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str) -> date:
    if value.strip().lower() == "today":
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise click.BadParameter("expected YYYY-MM-DD or 'today'") from exc


@click.command("synth")
@click.option(
    "--profile",
    type=click.Choice(sorted(PROFILES)),
    default="demo",
    show_default=True,
    help="Size: demo (~2k offences), force (~300k), national (~3M).",
)
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="Random seed; the same seed and as-of give byte-identical files.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    required=True,
    help="Output folder (created if missing; files in it are overwritten).",
)
@click.option(
    "--as-of",
    "as_of",
    default=DEFAULT_AS_OF.isoformat(),
    show_default=True,
    callback=_as_of,
    help="Date the tier rules are evaluated on, or 'today'.",
)
def command(profile: str, seed: int, out: str, as_of: date) -> None:
    """Generate synthetic VAWG/RASSO data and truth.json into OUT."""
    summary = generate(out, profile=profile, seed=seed, as_of=as_of)
    click.echo(summary.line())
