"""Every blueprint is registered here, and the one error shape is defined here.

The app-wide handlers turn a ``ValueError`` raised by a view (a bad parameter, parsed in
:mod:`app.views.params` or refused by the domain) into a 400 and a
:class:`graph.errors.NotFound` into a 404, both as ``{"ok": false, "error": ..., "status":
...}`` for JSON clients and a readable page otherwise; views do not catch them one by one.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from graph.errors import Conflict, DatabaseUnavailable, GraphError, NotFound

#: What a user sees while Neo4j is down (the details are logged).
DATABASE_DOWN = "The database is not answering; try again in a minute."


def wants_json() -> bool:
    """API routes and clients asking for JSON get the JSON error shape."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(message: str, status: int):
    """``{"ok": false, "error": ..., "status": ...}`` for APIs, a readable page otherwise."""
    if wants_json():
        return jsonify({"ok": False, "error": message, "status": status}), status
    return render_template("error.html", message=message, status=status), status


def register(app: Flask) -> None:
    """Mount every blueprint and the error handlers (and the record-id converter they use)."""
    from app import routing
    from app.views import (
        admin,
        alerts,
        analysis_api,
        api_docs,
        auth,
        board,
        contract,
        health,
        home,
        intelligence,
        locations,
        network,
        orders,
        packs,
        paths,
        plans,
        problems,
        resolution,
        search,
        subjects,
        tcg,
        tiers_api,
    )

    routing.init_app(app)  # the rules' <id:...> converter, before any rule is added

    app.register_blueprint(health.bp)
    app.register_blueprint(home.bp)
    app.register_blueprint(tiers_api.bp)
    app.register_blueprint(network.bp)
    app.register_blueprint(locations.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(paths.bp)
    app.register_blueprint(board.bp)
    app.register_blueprint(subjects.bp)
    app.register_blueprint(tcg.bp)
    app.register_blueprint(plans.bp)
    app.register_blueprint(orders.bp)
    app.register_blueprint(problems.bp)
    app.register_blueprint(intelligence.bp)
    app.register_blueprint(packs.bp)
    app.register_blueprint(resolution.bp)
    app.register_blueprint(analysis_api.bp)
    app.register_blueprint(api_docs.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(alerts.bp)
    contract.init_app(app)  # every /api/ request checked against its declaration

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        response = app.make_response(error_response(exc.description or exc.name,
                                                     exc.code or 500))
        # The exception's own headers stay: a 405's Allow (Werkzeug's valid_methods), a
        # 401's WWW-Authenticate; the body is the one error shape, not Werkzeug's HTML.
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(ValueError)
    def bad_request(exc: ValueError):
        return error_response(str(exc), 400)

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound):
        return error_response(str(exc) or "Not found.", 404)

    @app.errorhandler(Conflict)
    def conflict(exc: Conflict):
        return error_response(str(exc), 409)

    # Where the database is and which query failed go to the log, never to the user (an
    # anonymous visitor included).
    @app.errorhandler(DatabaseUnavailable)
    def db_down(exc: DatabaseUnavailable):
        app.logger.warning("%s %s: %s", request.method, request.path, exc)
        response = app.make_response(error_response(DATABASE_DOWN, 503))
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(GraphError)
    def graph_error(exc: GraphError):
        app.logger.exception("%s %s: query failed", request.method, request.path)
        return error_response("A database query failed; the error has been logged.", 500)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Cache-Control", "no-store")
        return response
