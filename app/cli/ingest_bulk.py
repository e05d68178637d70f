"""``linkwatch ingest PATH --bulk``: a first load through Neo4j's offline importer."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import click

from app.cli.common import database
from graph.errors import GraphError
from graph.localdb import LauncherError
from graph.settings import settings
from ingest.bulk import BulkError, BulkRefused, bulk_load, finish_import

REMOTE = (
    "--bulk imports into the local Neo4j only, and NEO4J_URI points elsewhere: write the files "
    "with `linkwatch ingest PATH --bulk-files-only DIR`, then run `neo4j-admin database import "
    "full @import.args --overwrite-destination=true neo4j` in DIR on the server while its "
    "database is stopped, start it and run `linkwatch ingest DIR --bulk-finish`"
)


def run(path: Path, mapping: str, files_only: Path | None, bulk_dir: Path | None,
        quarantine_dir: Path | None) -> dict[str, Any]:
    """Run the bulk path, or stop with a one-line message saying why it cannot run."""
    if files_only is None and settings().neo4j_uri:
        raise click.ClickException(REMOTE)
    folder = files_only or bulk_dir
    scratch = None
    if folder is None:
        scratch = Path(tempfile.mkdtemp(prefix="linkwatch-bulk-"))
        folder = scratch
    try:
        return bulk_load(path, mapping, folder=folder, files_only=files_only is not None,
                         quarantine_dir=quarantine_dir)
    except (BulkRefused, BulkError, LauncherError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def finish(folder: Path) -> dict[str, Any]:
    """After the server imported ``folder``'s files: schema and after-ingest steps."""
    db = database()
    try:
        return finish_import(db, folder)
    except (BulkRefused, GraphError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.close()


def print_bulk(summary: dict[str, Any]) -> None:
    """The bulk part of the summary: files, phases, and what to do with files only."""
    bulk = summary["bulk"]
    phases = ", ".join(f"{k.removesuffix('_seconds')} {v} s" for k, v in bulk.items()
                       if k.endswith("_seconds"))
    click.echo(f"bulk: {bulk['files']} import files in {bulk['folder']} ({phases})")
    if not bulk["imported"]:
        click.echo(f"nothing imported: on the server, with its database stopped, run in "
                   f"{bulk['folder']}: neo4j-admin database import full @import.args "
                   "--overwrite-destination=true neo4j; then start it and run "
                   f"`linkwatch ingest {bulk['folder']} --bulk-finish` against it")
