"""``linkwatch neo4j``: the local Neo4j (Community 5.26, Bolt on 127.0.0.1 only)."""

from __future__ import annotations

from pathlib import Path

import click

from graph import localdb
from graph.localdb import LauncherError

group = click.Group("neo4j", help="Start, stop and check the local Neo4j (Bolt on 127.0.0.1).")

_data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=localdb.default_data_dir,  # called at run time: $LINKWATCH_DATA_DIR now
    show_default="$LINKWATCH_DATA_DIR or .linkwatch/neo4j",
    help="Folder holding the database, its password and logs.",
)


def _stop_hint(data_dir: Path) -> str:
    if data_dir == localdb.default_data_dir().resolve():
        return "linkwatch neo4j stop"
    return f"linkwatch neo4j stop --data-dir {data_dir}"


@group.command("start")
@_data_dir_option
@click.option(
    "--bolt-port",
    type=click.IntRange(1, 65535),
    default=localdb.DEFAULT_BOLT_PORT,
    show_default=True,
    help="Bolt port on 127.0.0.1.",
)
def start(data_dir: Path, bolt_port: int) -> None:
    """Start the local Neo4j in the background (or report the one already running)."""
    already = localdb.status(data_dir)
    try:
        info = localdb.start(data_dir, bolt_port)
    except LauncherError as exc:
        raise click.ClickException(str(exc)) from exc
    path = Path(info["data_dir"])
    verb = "already running" if already else "started"
    click.echo(f"Neo4j {verb} (pid {info['pid']}): {info['uri']}")
    click.echo(f"  user {info['user']}, password in {path / localdb.PASSWORD_FILE}")
    click.echo(f"  log {info['log']}")
    click.echo(f"Stop it with: {_stop_hint(path)}")


@group.command("stop")
@_data_dir_option
def stop(data_dir: Path) -> None:
    """Stop the local Neo4j cleanly."""
    try:
        stopped = localdb.stop(data_dir)
    except LauncherError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("Neo4j stopped." if stopped else "Neo4j was not running.")


@group.command("status")
@_data_dir_option
def status(data_dir: Path) -> None:
    """Report whether the local Neo4j runs (exit code 0 if it does, 3 if not)."""
    info = localdb.status(data_dir)
    if info is None:
        click.echo(f"Neo4j is not running for {Path(data_dir).resolve()}.")
        raise click.exceptions.Exit(3)
    click.echo(f"Neo4j is running (pid {info['pid']}): {info['uri']}")
    click.echo(f"  data {info['data_dir']}, started {info['started_at']}")
