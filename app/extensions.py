"""Wire the one Neo4j execution point into the app (created once, closed at exit), and keep
each user's Neo4j bookmarks in their session so they read their own writes on a cluster,
whichever app instance serves their next request (:mod:`graph.causal`)."""

from __future__ import annotations

from flask import Flask, Response, current_app, g, has_request_context, session
from werkzeug.middleware.proxy_fix import ProxyFix

from graph import causal, schema
from graph.db import Database, get_db

#: The session key holding the bookmarks of the user's last write.
BOOKMARKS = "neo4j_bookmarks"


def _request_scope() -> causal.Scope | None:
    """The user's causal scope, opened by the request's first query from their session."""
    if not has_request_context():
        return None
    if "bookmarks" not in g:
        g.bookmarks = causal.Scope(session.get(BOOKMARKS) or [])
    return g.bookmarks


def _keep_bookmarks(response: Response) -> Response:
    """After a request that wrote, keep its bookmarks in the session for the next one."""
    scope = g.get("bookmarks")
    if scope is not None and scope.changed:
        session[BOOKMARKS] = scope.bookmarks
    return response


def init_app(app: Flask) -> None:
    """Trust ``PROXY_HOPS`` proxies' forwarded headers; keep bookmarks per web session;
    apply the schema once at start-up (idempotent) unless configured not to."""
    hops = app.config.get("PROXY_HOPS") or 0
    if hops:  # behind a load balancer: the audit and the rate limit see the client's address
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    causal.provide(_request_scope)
    # Registered first, so it runs after every other after_request hook (Flask runs them in
    # reverse): the bookmarks of writes those hooks make are kept too.
    app.after_request(_keep_bookmarks)
    if app.config.get("APPLY_SCHEMA_ON_START"):
        try:
            schema.apply(db())
        except Exception as exc:  # the app still starts; pages show the database error
            app.logger.warning("schema not applied at start-up: %s", exc)


def db() -> Database:
    """The shared :class:`Database`; tests may set ``app.config['DATABASE']``."""
    try:
        override = current_app.config.get("DATABASE")
    except RuntimeError:
        override = None
    return override or get_db()
