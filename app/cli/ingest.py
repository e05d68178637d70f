"""``linkwatch ingest``: load a force export through a mapping."""

from __future__ import annotations

import json
from pathlib import Path

import click

from app.cli import ingest_bulk
from app.cli.common import database
from graph import schema
from graph.errors import GraphError
from ingest.mapping import MappingError
from ingest.pipeline import IngestError, run_ingest


def _print_summary(summary: dict) -> None:
    width = max(len(name) for name in summary["files"]) + 2
    click.echo(
        f"{'file':<{width}}{'read':>9}{'loaded':>9}{'quarant.':>9}"
        f"{'nodes +':>9}{'nodes ~':>9}{'rels +':>9}{'rels ~':>9}"
    )
    for name, f in summary["files"].items():
        click.echo(
            f"{name:<{width}}{f['rows_read']:>9}{f['loaded']:>9}{f['quarantined']:>9}"
            f"{f['nodes_created']:>9}{f['nodes_updated']:>9}"
            f"{f['relationships_created']:>9}{f['relationships_updated']:>9}"
        )
    t = summary["totals"]
    click.echo(
        f"{'total':<{width}}{t['rows_read']:>9}{t['loaded']:>9}{t['quarantined']:>9}"
        f"{t['nodes_created']:>9}{t['nodes_updated']:>9}"
        f"{t['relationships_created']:>9}{t['relationships_updated']:>9}"
    )
    if summary["unclassified_offences"]:
        codes = ", ".join(f"{c} ({n})" for c, n in summary["unclassified_codes"].items())
        click.echo(f"unclassified offences: {summary['unclassified_offences']} — codes {codes}")
    for reason, n in summary["quarantine_reasons"].items():
        click.echo(f"quarantined: {n} x {reason}")
    for warning in summary.get("warnings") or []:
        click.echo(f"warning: {warning}")
    for name, why in (summary.get("ignored_files") or {}).items():
        click.echo(f"ignored: {name}: {why}")
    if summary["quarantine_file"]:
        click.echo(f"quarantine report: {summary['quarantine_file']}")
    mode = "dry run, nothing written" if summary["dry_run"] else f"run {summary['run']}"
    click.echo(f"{mode}; {summary['seconds']} s")


def _optional_database():
    # A dry run checks references against the database when one is up, else only the files.
    try:
        return database()
    except click.ClickException:
        click.echo("(no database: references are checked within the files only)", err=True)
        return None


@click.command("ingest")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--mapping",
    "mapping",
    default="canonical",
    show_default=True,
    help="A shipped mapping (canonical, pole, police_uk) or a YAML file.",
)
@click.option("--dry-run", is_flag=True, help="Validate and account for every row; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option(
    "--quarantine-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the quarantine CSV goes (default ./quarantine).",
)
@click.option("--bulk", is_flag=True,
              help="First load into an empty local Neo4j through neo4j-admin import.")
@click.option("--bulk-files-only", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Write neo4j-admin import files to this folder; load nothing.")
@click.option("--bulk-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep --bulk's import files in this folder (default: a temporary one).")
@click.option("--bulk-finish", is_flag=True,
              help="PATH is --bulk-files-only's folder, imported on the server: apply the "
                   "schema and run the after-ingest steps there.")
def command(
    path: Path, mapping: str, dry_run: bool, as_json: bool, quarantine_dir: Path | None,
    bulk: bool = False, bulk_files_only: Path | None = None, bulk_dir: Path | None = None,
    bulk_finish: bool = False,
) -> None:
    """Load the export files in PATH into Neo4j."""
    if bulk_finish:
        summary = ingest_bulk.finish(path)
        click.echo(json.dumps(summary, default=str) if as_json else
                   f"run {summary.get('run')} finished: schema applied, after-ingest steps run")
        return
    if bulk or bulk_files_only:
        if dry_run:
            raise click.UsageError("--dry-run and --bulk do not go together")
        summary = ingest_bulk.run(path, mapping, bulk_files_only, bulk_dir, quarantine_dir)
        if as_json:
            click.echo(json.dumps(summary, default=str))
        else:
            _print_summary(summary)
            ingest_bulk.print_bulk(summary)
        return
    try:
        if dry_run:
            db = _optional_database()
        else:
            db = database()
            schema.apply(db)
        summary = run_ingest(path, mapping, db=db, dry_run=dry_run, quarantine_dir=quarantine_dir)
    except (IngestError, MappingError, GraphError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(summary, default=str))
    else:
        _print_summary(summary)
