"""The API's OpenAPI document: paths from the URL map, words and types from YAML files.

Paths, methods and path parameters come from Flask's URL map, so they cannot drift;
summaries are the views' docstrings; everything else is declared in
``app/openapi/<blueprint>.yaml`` (one file per area, so areas own their contract; the title
and description are in ``app/openapi/index.yaml``). A test fails when an API route is
missing from those files, and ``tests/test_api_contract.py`` runs schemathesis against the
document, so a route cannot go undocumented and the document cannot lie. The declarations
are also enforced: :mod:`app.views.contract` answers 400 (naming the parameter) to a query
parameter or JSON body field that breaks its declaration, before the view runs.

The declaration format, one entry per Flask endpoint (``blueprint.view``)::

    endpoints:
      tiers_api.adopt:
        path:                        # path parameters (default: a non-empty string)
          kind: {enum: [subject, location]}
        query:                       # query-string parameters
          as_of: {type: date, description: "trawl date (default today)"}
          depth: {type: integer, minimum: 1, maximum: 3, default: 2}
          types: {type: list, vocabulary: link_types}
        body:                        # the fields of the JSON object a POST sends
          tier: {type: integer, enum: [1, 2, 3], required: true}
          reason: {maxLength: TEXT_LIMIT, required: true, description: why}
        returns: the events written  # what the success answer holds ...
        status: 201                  # ... its status (default 200) ...
        schema: {type: object, required: [ok], properties: {ok: {const: true}}}  # ... its shape
        errors:                      # every other answer: status -> when
          404: no such subject
          409: the subject is already adopted
        body_rules:                  # JSON Schema for the body as a whole (or a name
                                     # in BODY_RULES, e.g. plan_tactics)
          if: {properties: {tier: {const: 1}}, required: [tier]}
          then: {required: [owner]}
        x-periods: [[from, to], [since, as_of, 731]]  # rules OpenAPI cannot say, see below
        x-one-of: [[to, place]]
        x-some-left: [[types, exclude]]
        x-users: [owner]

A field (under ``path``, ``query`` or ``body``) is a mapping of:

- ``type``: ``string`` (the default), ``integer``, ``number``, ``boolean`` (``true`` or
  ``false``), ``date`` (``YYYY-MM-DD`` between :data:`graph.limits.DATE_MIN` and
  :data:`graph.limits.DATE_MAX`), ``month`` (``YYYY-MM``), ``list`` (in a query: repeated
  or comma-separated, ``?ids=a,b``; in a body: a JSON array; ``items`` is a field) or
  ``object`` (a JSON object; give ``properties`` / ``additionalProperties`` as JSON Schema).
- ``description``; ``required: true`` (a missing or empty value is a 400); ``default``.
- ``enum``: the allowed values; or ``vocabulary``: a named list filled in here (see
  :data:`VOCABULARIES`: ``categories``, ``chart_categories``, ``venue_types``, ``link_types``,
  ``chart_kinds``, ``plan_tactics``, ``behaviours``).
  ``categories``, ``venue_types`` and ``behaviours`` are open (``x-open-vocabulary``): a
  value some record holds (or another spelling the view reads) is accepted too (the view
  checks it), so their enum is documented, not enforced.
- ``minimum``, ``maximum``, ``minLength``, ``maxLength``, ``maxItems``: a number or the name
  of a constant in :mod:`graph.limits` (``maxLength: TEXT_LIMIT``), filled in here, so forms,
  API and contract share one limit.
- ``nullable: true`` (a body field may be ``null``); any other JSON Schema keyword
  (``pattern``, ``minItems``, ``properties``...) is passed through as written.

The old short form still loads: ``query: {name: text}`` and ``body: {name: text}`` declare
free strings described by ``text``, and ``returns: text`` describes a 200.

Rules between fields, which OpenAPI cannot express, are ``x-`` keys copied into the
operation, so that clients and the contract test can read them; breaking one is a 400.
``x-periods`` lists date pairs ``[start, end]`` (query parameters, or body fields of a
POST): start may not be after end (a date left out takes its default, today at the
latest); an optional third item is the most days they may be apart. ``x-one-of`` lists
sets of query parameters of which exactly one must be given; ``x-any-of`` lists, per
rule, alternative sets of fields of which one set must be given whole. ``x-some-left`` lists pairs
``[chosen, left_out]`` of list parameters: something chosen (all of the enum when left out)
must remain. ``x-users`` lists body fields that must name an existing user, ``x-records``
body fields (text or lists) that must name existing records.

Every operation also documents, in the one error shape (:data:`ERROR`): 401 (not signed
in), 403 (the role policy), 503 (the database is down); 400 when it has query or body
fields; 404 when its path has parameters. Declare any other status under ``errors``
(e.g. 409 for a conflict with the record's state). A method a path does not declare is
answered 405 with an ``Allow`` header (:mod:`app.views`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, current_app, jsonify, render_template

from graph import limits

bp = Blueprint("api_docs", __name__)

SPEC_DIR = Path(__file__).resolve().parents[1] / "openapi"
# <name>, <conv:name> and <conv(args):name> (e.g. a path-like converter for record ids).
_PARAM = re.compile(r"<(?:[A-Za-z_][A-Za-z0-9_]*(?:\([^)>]*\))?:)?([A-Za-z_][A-Za-z0-9_]*)>")

ERROR = {
    "type": "object",
    "required": ["ok", "error", "status"],
    "properties": {
        "ok": {"type": "boolean", "enum": [False]},
        "error": {"type": "string", "description": "what went wrong, for a person to read"},
        "status": {"type": "integer", "description": "the HTTP status again"},
    },
}

#: The answers every operation may give, besides its own.
COMMON_ERRORS = {
    401: "not signed in, or the API token is unknown or revoked",
    403: "the user's role may not do this",
    503: "the database is not answering (with Retry-After)",
}

_YEARS = r"(19\d\d|20\d\d|2100)"
assert (limits.DATE_MIN.year, limits.DATE_MAX.year) == (1900, 2100), "update _YEARS"
_DATE = {"type": "string", "format": "date",
         "pattern": rf"^{_YEARS}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}
_MONTH = {"type": "string", "pattern": rf"^{_YEARS}-(0[1-9]|1[0-2])$"}
_TYPES = {"string": {"type": "string"}, "integer": {"type": "integer"},
          "number": {"type": "number"}, "boolean": {"type": "boolean"},
          "object": {"type": "object"}, "date": _DATE, "month": _MONTH}
_LIMIT_KEYS = ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems")
_OWN_KEYS = {"type", "required", "vocabulary", "nullable", "items"}


def _categories() -> list[str]:
    from graph.analytics.service_places import category_names

    return category_names()


def _venue_types() -> list[str]:
    from graph.analytics.extract_places import VENUE_TYPES

    return list(VENUE_TYPES)


def _link_types() -> list[str]:
    from graph.analytics.config import LINK_TYPES

    return list(LINK_TYPES)


def _chart_kinds() -> list[str]:
    from graph.network import KINDS

    return list(KINDS)


def _plan_tactics() -> list[str]:
    from graph.plans.vocab import tactics

    return list(dict.fromkeys(t["id"] for listed in tactics().values() for t in listed))


def _plan_tactic_rules() -> dict[str, Any]:
    from graph.plans.vocab import tactics

    return {"allOf": [
        {"if": {"properties": {"pillar": {"const": pillar}}, "required": ["pillar"]},
         "then": {"properties": {"tactic": {"enum": [t["id"] for t in listed]}}}}
        for pillar, listed in tactics().items()]}


def _behaviours() -> list[str]:
    from graph.intelligence.taxonomy import load

    return list(load().behaviours)


#: Named rules for a whole body (``body_rules: name``), built from configuration.
BODY_RULES = {"plan_tactics": _plan_tactic_rules}

#: Named value lists a field may use (``vocabulary: name``): (values, open to data values).
VOCABULARIES = {
    "categories": (_categories, True),
    "chart_categories": (_categories, False),  # the chart's filter: configured ones only
    "venue_types": (_venue_types, True),
    "link_types": (_link_types, False),
    "chart_kinds": (_chart_kinds, False),
    "plan_tactics": (_plan_tactics, False),
    # open: the taxonomy's codes are documented; the view also reads their other spellings
    "behaviours": (_behaviours, True),
}


def field(spec: Any, *, where: str = "body") -> dict[str, Any]:
    """The JSON Schema of one declared field (``where`` is path, query or body).

    A text (the old short form) is a free string described by it. An open vocabulary's
    ``enum`` is marked ``x-open-vocabulary``: a value some record holds is accepted too.

    >>> field("why")
    {'type': 'string', 'description': 'why'}
    >>> field({"type": "integer", "maximum": 3})
    {'type': 'integer', 'maximum': 3}
    >>> field({"maxLength": "SHORT_TEXT_LIMIT"})["maxLength"]
    200
    """
    if not isinstance(spec, dict):
        return {"type": "string", "description": str(spec)}
    kind = spec.get("type", "string")
    if kind == "list":
        item = field(spec.get("items", {}), where=where)
        if "vocabulary" in spec:
            item = field({"vocabulary": spec["vocabulary"]}, where=where)
        schema: dict[str, Any] = {"type": "array", "items": item}
    elif kind in _TYPES:
        schema = dict(_TYPES[kind])
    else:
        raise ValueError(f"unknown type {kind!r}: use list or one of {', '.join(_TYPES)}")
    if kind != "list" and "vocabulary" in spec:
        values, is_open = VOCABULARIES[spec["vocabulary"]]
        schema["enum"] = values()
        if is_open:
            schema["x-open-vocabulary"] = True  # a value some record holds is accepted too
    for key, value in spec.items():
        if key in _OWN_KEYS:
            continue
        schema[key] = _limit(value) if key in _LIMIT_KEYS else value
    if spec.get("required") and schema.get("type") == "string":
        schema.setdefault("minLength", 1)  # a required text has some non-blank content
        schema.setdefault("pattern", r"\S")
    if spec.get("nullable") and where == "body":
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def _limit(value: Any) -> Any:
    """A number, or the value of the named constant in :mod:`graph.limits`."""
    if isinstance(value, str):
        if not hasattr(limits, value):
            raise ValueError(f"graph.limits has no {value}")
        return getattr(limits, value)
    return value


def _fields(spec: dict[str, Any], key: str) -> dict[str, Any]:
    return spec.get(key) or {}


def _required(value: Any) -> bool:
    return isinstance(value, dict) and bool(value.get("required"))


def body_schema(spec: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of an endpoint's request body (a JSON object of its fields)."""
    body = _fields(spec, "body")
    rules = spec.get("body_rules") or {}
    if isinstance(rules, str):
        rules = BODY_RULES[rules]()
    schema: dict[str, Any] = {
        **rules,
        "type": "object",
        "properties": {name: field(value) for name, value in body.items()},
    }
    required = [name for name, value in body.items() if _required(value)]
    if required:
        schema["required"] = required
    return schema


def query_parameters(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI query parameters of an endpoint."""
    params = []
    for name, value in _fields(spec, "query").items():
        schema = field(value, where="query")
        param = {"name": name, "in": "query", "required": _required(value),
                 "schema": schema}
        if not param["required"]:
            param["allowEmptyValue"] = True  # ?as_of= is as if as_of were left out
        if schema.get("description"):
            param["description"] = schema.pop("description")
        params.append(param)
    return params


@lru_cache(maxsize=1)
def declared() -> dict[str, Any]:
    """The hand-written part: per endpoint, parameters, bodies and answers.

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


def _error(text: str) -> dict[str, Any]:
    return {"description": str(text), "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}


def responses(spec: dict[str, Any], has_path_params: bool) -> dict[str, Any]:
    """Every status an endpoint can answer with: its success, its errors, the common ones."""
    success: dict[str, Any] = {"description": str(spec.get("returns", "JSON"))}
    success["content"] = {"application/json": {"schema": spec.get("schema") or {}}}
    answers: dict[int, dict[str, Any]] = {int(spec.get("status", 200)): success}
    if _fields(spec, "query") or _fields(spec, "body"):
        answers[400] = _error("a parameter or body field is missing or wrong (named)")
    if has_path_params:
        answers[404] = _error("no such record")
    for status, text in COMMON_ERRORS.items():
        answers[status] = _error(text)
    for status, text in (spec.get("errors") or {}).items():
        answers[int(status)] = _error(text)
    return {str(status): answers[status] for status in sorted(answers)}


def operation(rule, method: str, spec: dict[str, Any], summary: str) -> dict[str, Any]:
    """The OpenAPI operation of one rule and method."""
    path_fields = _fields(spec, "path")
    names = _PARAM.findall(rule.rule)
    path_params = []
    for name in names:
        schema = field(path_fields.get(name, {}), where="path")
        schema.setdefault("minLength", 1)
        path_params.append({"name": name, "in": "path", "required": True, "schema": schema})
    op: dict[str, Any] = {
        "operationId": f"{rule.endpoint}.{method.lower()}",
        "summary": summary,
        "tags": [rule.endpoint.split(".")[0]],
        "parameters": path_params + query_parameters(spec),
        "responses": responses(spec, bool(names)),
    }
    op.update({key: value for key, value in spec.items() if str(key).startswith("x-")})
    if method in ("POST", "PUT", "PATCH") and _fields(spec, "body"):
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": body_schema(spec)}}}
    return op


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
            paths.setdefault(path, {})[method.lower()] = operation(rule, method, spec, summary)
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
