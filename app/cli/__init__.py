"""The ``linkwatch`` command: one group, one module per area."""

from __future__ import annotations

import logging

import click

from app.cli import alerts, db, demo, ingest, links, serve, tiers, users


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log every named query and its time.")
def main(verbose: bool) -> None:
    """linkwatch: repeat perpetrators, repeat locations and Operation Ratify tiers."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(message)s",
    )


def _register() -> None:
    from app.cli import intel, neo4j, orders, pack, plans, resolve, synth, tcg

    main.add_command(neo4j.group)
    main.add_command(db.group)
    main.add_command(ingest.command)
    main.add_command(synth.command)
    main.add_command(demo.command)
    main.add_command(serve.command)
    main.add_command(tiers.group)
    main.add_command(tcg.group)
    main.add_command(plans.group)
    main.add_command(pack.command)
    main.add_command(orders.group)
    main.add_command(intel.group)
    main.add_command(users.group)
    main.add_command(links.command)
    main.add_command(alerts.group)
    main.add_command(resolve.group)


_register()
