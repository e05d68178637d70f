"""Every blueprint is registered here, and the one error shape is defined here."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from graph.errors import DatabaseUnavailable, GraphError


def wants_json() -> bool:
    """API routes and clients asking for JSON get the JSON error shape."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(message: str, status: int):
    """``{"ok": false, "error": ..., "status": ...}`` for APIs, a readable page otherwise."""
    if wants_json():
        return jsonify({"ok": False, "error": message, "status": status}), status
    return render_template("error.html", message=message, status=status), status


def register(app: Flask) -> None:
    """Mount the blueprints and the error handlers."""
    from app.views import (
        analysis_api,
        api_docs,
        board,
        health,
        home,
        locations,
        network,
        search,
        subjects,
        tiers_api,
    )

    app.register_blueprint(health.bp)
    app.register_blueprint(home.bp)
    app.register_blueprint(tiers_api.bp)
    app.register_blueprint(network.bp)
    app.register_blueprint(locations.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(board.bp)
    app.register_blueprint(subjects.bp)
    app.register_blueprint(analysis_api.bp)
    app.register_blueprint(api_docs.bp)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return error_response(exc.description or exc.name, exc.code or 500)

    @app.errorhandler(DatabaseUnavailable)
    def db_down(exc: DatabaseUnavailable):
        return error_response("The database is not answering. " + str(exc), 503)

    @app.errorhandler(GraphError)
    def graph_error(exc: GraphError):
        app.logger.exception("query failed")
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
