"""The API's OpenAPI document: paths from the URL map, words from the views and a YAML file.

Paths, methods and path parameters come from Flask's URL map, so they cannot drift;
summaries are the views' docstrings; query parameters and request bodies are declared in
``app/openapi/<blueprint>.yaml`` (one file per area, so areas own their contract; the title
and description are in ``app/openapi/index.yaml``). A test fails when an API route is
missing from those files, so a new route cannot go undocumented.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, current_app, jsonify, render_template

bp = Blueprint("api_docs", __name__)

SPEC_DIR = Path(__file__).resolve().parents[1] / "openapi"
_PARAM = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")

ERROR = {
    "type": "object",
    "required": ["ok", "error", "status"],
    "properties": {
        "ok": {"type": "boolean", "enum": [False]},
        "error": {"type": "string", "description": "what went wrong, for a person to read"},
        "status": {"type": "integer", "description": "the HTTP status again"},
    },
}


@lru_cache(maxsize=1)
def declared() -> dict[str, Any]:
    """The hand-written part: per endpoint, query parameters and request bodies.

    ``index.yaml`` gives the title and description; every other file holds one area's
    ``endpoints``. An endpoint declared in two files is an error.
    """
    spec = yaml.safe_load((SPEC_DIR / "index.yaml").read_text(encoding="utf-8"))
    endpoints: dict[str, Any] = {}
    for path in sorted(SPEC_DIR.glob("*.yaml")):
        if path.name == "index.yaml":
            continue
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        clash = set(endpoints) & set(part.get("endpoints") or {})
        if clash:
            raise ValueError(f"{path.name} declares {sorted(clash)} again")
        endpoints.update(part.get("endpoints") or {})
    spec["endpoints"] = endpoints
    return spec


def api_rules(app) -> list:
    """Every rule under /api/ except this document itself."""
    return sorted(
        (r for r in app.url_map.iter_rules()
         if r.rule.startswith("/api/") and r.endpoint != "api_docs.openapi"),
        key=lambda r: r.rule,
    )


def document(app) -> dict[str, Any]:
    """Build the OpenAPI 3.1 document for ``app``."""
    extra = declared()["endpoints"]
    paths: dict[str, dict[str, Any]] = {}
    for rule in api_rules(app):
        view = app.view_functions[rule.endpoint]
        summary = (view.__doc__ or "").strip().splitlines()[0] if view.__doc__ else rule.endpoint
        spec = extra.get(rule.endpoint, {}) or {}
        path = _PARAM.sub(r"{\1}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            op: dict[str, Any] = {
                "operationId": f"{rule.endpoint}.{method.lower()}",
                "summary": summary,
                "tags": [rule.endpoint.split(".")[0]],
                "parameters": [
                    {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                    for name in _PARAM.findall(rule.rule)
                ] + [
                    {"name": name, "in": "query", "required": False,
                     "description": text, "schema": {"type": "string"}}
                    for name, text in (spec.get("query") or {}).items()
                ],
                "responses": {
                    "200": {"description": spec.get("returns", "JSON")},
                    "4XX": {"description": "the one error shape",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            }
            if method == "POST" and spec.get("body"):
                op["requestBody"] = {"content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {k: {"type": "string", "description": v}
                                   for k, v in spec["body"].items()}}}}}
            paths.setdefault(path, {})[method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "linkwatch API", "version": declared().get("version", "1"),
                 "description": declared().get("description", "")},
        "paths": paths,
        "components": {
            "schemas": {"Error": ERROR},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                "session": {"type": "apiKey", "in": "cookie",
                                            "name": "session"}},
        },
        "security": [{"bearer": []}, {"session": []}],
    }


@bp.get("/api/openapi.json")
def openapi():
    """The OpenAPI document of every /api/ route."""
    return jsonify(document(current_app))


@bp.get("/docs/api")
def docs():
    """A readable page of the API (no external assets)."""
    return render_template("api_docs.html", spec=document(current_app))
