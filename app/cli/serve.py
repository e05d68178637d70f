"""``linkwatch serve``: run the web app."""

from __future__ import annotations

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
def command(host: str, port: int, threads: int) -> None:
    """Serve the web app with waitress (a production WSGI server, not Flask's dev server)."""
    from waitress import serve

    from app import create_app

    app = create_app()
    click.echo(f"linkwatch on http://{host}:{port}/ (Ctrl-C to stop)")
    serve(app, host=host, port=port, threads=threads, ident="linkwatch")
