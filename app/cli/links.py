"""``linkwatch links SUBJECT_ID``: who is linked to a subject, how, and on what evidence."""

from __future__ import annotations

import json

import click

from app.auth import audit
from app.cli.common import database
from graph.analytics import service
from graph.analytics.config import LINK_TYPES
from graph.errors import GraphError, NotFound

_SHOWN = 4  # evidence items per link type in the table; --json gives them all


def _item_text(link_type: str, item: dict) -> str:
    if link_type == "co_offending":
        return f"{item['offence_id']} ({item.get('date', '?')})"
    if link_type == "shared_victim":
        return f"{item['victim_id']} ({item['offence_id']}/{item['other_offence_id']})"
    if link_type == "same_location":
        return f"{item['location_id']} ({item['days_apart']} d apart)"
    if link_type == "shared_identifier":
        return item.get("identifier") or item["identifier_id"]
    if link_type == "shared_address":
        return item["location_id"]
    return item["kind"]


def evidence_summary(link: dict) -> str:
    """One line per link: each type with its first few evidence items."""
    parts = []
    for link_type, items in link["evidence"].items():
        unique = list(dict.fromkeys(_item_text(link_type, i) for i in items))
        more = f" +{len(unique) - _SHOWN}" if len(unique) > _SHOWN else ""
        parts.append(f"{link_type}: {', '.join(unique[:_SHOWN])}{more}")
    return "; ".join(parts)


def _print_table(result: dict) -> None:
    subject = result["subject"]
    click.echo(f"{subject['id']} {subject['name']}: {len(result['links'])} linked subjects "
               f"(types {', '.join(result['types'])}; same-location window "
               f"{result['window_days']} days)")
    if not result["links"]:
        return
    rows = []
    for link in result["links"]:
        parts = " + ".join(f"{p['weight']:g}x{p['count']} {p['type']}" for p in link["parts"])
        rows.append((f"{link['target']} {link['target_name'] or ''}".strip(),
                     f"{link['score']:g} = {parts}", evidence_summary(link)))
    width = max(len(r[0]) for r in rows) + 2
    score_width = max(len(r[1]) for r in rows) + 2
    click.echo(f"{'linked subject':<{width}}{'score':<{score_width}}evidence")
    for who, score, evidence in rows:
        click.echo(f"{who:<{width}}{score:<{score_width}}{evidence}")


@click.command("links")
@click.argument("subject_id")
@click.option("--json", "as_json", is_flag=True, help="Print the links as one JSON object.")
@click.option("--window-days", type=click.IntRange(0, 36500), default=None,
              help="Days between two offences at one place that still link (default 365).")
@click.option("--types", "types", multiple=True, metavar="TYPE[,TYPE]",
              help=f"Link types to use (repeat or comma-separate): {', '.join(LINK_TYPES)}.")
def command(subject_id: str, as_json: bool, window_days: int | None,
            types: tuple[str, ...]) -> None:
    """Subjects linked to SUBJECT_ID: typed links, scores with their parts, evidence."""
    chosen = [t for value in types for t in value.split(",") if t.strip()] or None
    db = database()
    try:
        result = service.subject_links(db, subject_id, types=chosen, window_days=window_days)
    except NotFound as exc:
        raise click.ClickException(str(exc.args[0])) from exc
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--types") from exc
    except GraphError as exc:
        raise click.ClickException(str(exc)) from exc
    # A view of subjects' records: audited under the operating-system user.
    audit.record("view_links", "Subject", subject_id, db=db)
    if as_json:
        click.echo(json.dumps(result, indent=2, default=str))
    else:
        _print_table(result)
