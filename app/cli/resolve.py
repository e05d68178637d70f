"""``linkwatch resolve``: Splink's proposals of one person under several subject records,
and the analyst's confirm / reject / split decisions."""

from __future__ import annotations

import getpass
import json

import click

from app.cli.common import database
from graph.resolution import service


def _me() -> str:
    return f"cli:{getpass.getuser()}"


def _print(proposals: list[dict], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([
            {"subject_ids": p["subject_ids"], "match_probability": p["match_probability"],
             "cluster_id": p["cluster_id"]}
            for p in proposals
        ]))
        return
    if not proposals:
        click.echo("no proposals at this threshold")
        return
    for p in proposals:
        a, b = p["subject_ids"]
        click.echo(f"{a:<10} {b:<10} {p['match_probability']:.4f}  cluster {p['cluster_id']}")


@click.group("resolve", invoke_without_command=True)
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help="Lowest match probability proposed (default: graph/config/resolution.yaml).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--retrain", is_flag=True, help="Train again even when a model is kept.")
@click.pass_context
def group(ctx: click.Context, threshold: float | None, fmt: str, retrain: bool) -> None:
    """Train (or load) the model, score every subject and print the open proposals."""
    if ctx.invoked_subcommand is not None:
        return
    db = database()
    try:
        _print(service.resolve(db, threshold=threshold, retrain=retrain), fmt)
    finally:
        db.close()


def _decide(decision: str, ids: list[str], reason: str) -> None:
    db = database()
    try:
        result = service.decide(db, decision, ids, reason, _me())
    except service.ResolutionError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.close()
    click.echo(json.dumps(result))


@group.command("confirm")
@click.argument("a")
@click.argument("b")
@click.option("--reason", required=True, help="Why these two records are one person.")
def confirm(a: str, b: str, reason: str) -> None:
    """Confirm that subject records A and B are one person."""
    _decide("confirm", [a, b], reason)


@group.command("reject")
@click.argument("a")
@click.argument("b")
@click.option("--reason", required=True, help="Why these are two people.")
def reject(a: str, b: str, reason: str) -> None:
    """Reject the proposal that A and B are one person (it is never proposed again)."""
    _decide("reject", [a, b], reason)


@group.command("split")
@click.argument("a")
@click.option("--reason", required=True, help="Why this record is not that person.")
def split(a: str, reason: str) -> None:
    """Split record A out of the person it was confirmed as."""
    _decide("split", [a], reason)
