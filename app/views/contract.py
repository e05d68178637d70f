"""The API's declarations, enforced: each request is checked against them before its view.

One check for every ``/api/`` endpoint, from the same declarations that build the OpenAPI
document (:mod:`app.views.api_docs`), so the document and the server cannot disagree: a
query parameter or JSON body field that breaks its declaration (a wrong type, a value not
in its ``enum``, a date out of :mod:`graph.limits`' range, text over its limit, a missing
required field) is a 400 naming it, in the one error shape. Views keep their own checks
for what a declaration cannot say (a record that must exist, a pair of fields that go
together). An open vocabulary (offence categories, venue types) is documented with the
known values but left to the view, which also accepts values the data holds. A POST
whose body is not JSON (a form) is left to the view.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from flask import Flask, Response, current_app, request
from jsonschema import Draft202012Validator, FormatChecker
from werkzeug.datastructures import ImmutableMultiDict

from app.auth.roles import current_user
from app.views.api_docs import VOCABULARIES, body_schema, declared, field
from graph.limits import parse_date

_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")
_DROP = ("description", "default", "x-open-vocabulary")


class ContractError(ValueError):
    """A request that breaks the endpoint's declaration (a 400 naming the field)."""


def init_app(app: Flask) -> None:
    """Check every API request against its declaration (after the sign-in check)."""
    app.before_request(check_request)
    app.after_request(allow_of_the_rule)


def allow_of_the_rule(response: Response) -> Response:
    """An API ``OPTIONS`` answer lists the methods of the rule the URL is for.

    Werkzeug lists the methods of every rule the URL matches; with the path-like record id
    converter (:mod:`app.routing`), ``/api/subjects/S1/adopt`` also matches
    ``/api/subjects/<id>`` (a subject ``S1/adopt``, which the ingest never lets exist), so
    its GET would be advertised beside the POST that the URL is for. The methods are those
    of every rule with the matched rule's pattern.
    """
    rule = request.url_rule
    if request.method == "OPTIONS" and rule is not None and request.path.startswith("/api/"):
        methods = {m for r in current_app.url_map.iter_rules() if r.rule == rule.rule
                   for m in r.methods or ()}  # a path's GET and POST may be two views
        response.headers["Allow"] = ", ".join(sorted(methods))
    return response


def check_request() -> None:
    """Raise :class:`ContractError` when the request breaks its endpoint's declaration."""
    endpoint = request.endpoint
    if endpoint is None or not request.path.startswith("/api/"):
        return
    allowed = getattr(current_app.view_functions[endpoint], "roles_required", None)
    user = current_user()
    if allowed and (user is None or user.role not in allowed):
        return  # the view refuses this role (403) whatever it sent: who first, then what
    if "" in request.args.values():
        # ?as_of= is as if as_of were left out (allowEmptyValue), for the view too
        request.args = ImmutableMultiDict(
            [(k, v) for k, v in request.args.items(multi=True) if v != ""])
    query, body = _compiled(endpoint)
    for name, (schema, validator) in query.items():
        # An empty value is no value (allowEmptyValue); blanks are a value, checked as sent.
        raw = [v for v in request.args.getlist(name) if v != ""]
        if not raw:
            if schema.get("x-required"):
                raise ContractError(f"{name} is required")
            continue
        if len(raw) > 1 and schema.get("type") != "array":
            raise ContractError(f"{name} is given {len(raw)} times; give it once")
        value = _coerce(name, raw, schema)
        if schema.get("type") == "array" and (schema.get("items") or {}).get("type") == "string":
            # the parts: only the enum and the list's size are left to check
            schema = {k: v for k, v in schema.items() if k in ("type", "minItems", "maxItems")}
            schema["items"] = {k: v for k, v in (query[name][0].get("items") or {}).items()
                               if k in ("type", "enum")}
            validator = Draft202012Validator(schema)
        _validate(name, value, schema, validator)
    if body is not None and request.method in ("POST", "PUT", "PATCH"):
        _check_body(*body)


def _check_body(schema: dict[str, Any], validator: Draft202012Validator) -> None:
    if not request.is_json:
        return
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ContractError("send a JSON object")
    for name, sub in schema["properties"].items():
        if sub.get("format") == "date" and isinstance(data.get(name), str):
            parse_date(name, data[name])
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise ContractError(_message(errors[0]))


@cache
def _compiled(endpoint: str) -> tuple[dict[str, Any], tuple[dict, Any] | None]:
    """Per endpoint: query fields as (schema, validator), and the body's."""
    spec = declared()["endpoints"].get(endpoint) or {}
    query = {}
    for name, decl in (spec.get("query") or {}).items():
        schema = _enforced(field(decl, where="query"), decl)
        if isinstance(decl, dict) and decl.get("required"):
            schema["x-required"] = True
        query[name] = (schema, Draft202012Validator(schema, format_checker=FormatChecker()))
    body = None
    if spec.get("body"):
        schema = body_schema(spec)
        schema["properties"] = {name: _enforced(sub, spec["body"][name])
                                for name, sub in schema["properties"].items()}
        body = (schema, Draft202012Validator(schema, format_checker=FormatChecker()))
    return query, body


def _enforced(schema: dict[str, Any], decl: Any) -> dict[str, Any]:
    """The schema the server enforces: an open vocabulary's enum is the view's to check."""
    schema = {k: v for k, v in schema.items() if k not in _DROP}
    vocabulary = decl.get("vocabulary") if isinstance(decl, dict) else None
    if vocabulary and VOCABULARIES[vocabulary][1]:
        schema.pop("enum", None)
        if isinstance(schema.get("items"), dict):
            schema["items"] = {k: v for k, v in schema["items"].items() if k != "enum"}
    return schema


def _coerce(name: str, raw: list[str], schema: dict[str, Any]) -> Any:
    """The query text as the declared type (``ContractError`` naming ``name`` when not).

    A list's items are its repeated values (OpenAPI's form style), each of which may also
    hold several, comma-separated: a text item's own rules (length, pattern) apply to each
    value as sent, its ``enum`` and the list's size to the comma-separated parts.
    """
    if schema.get("type") != "array":
        return _scalar(name, raw[0], schema)
    item = schema.get("items") or {}
    if item.get("type") == "string":
        as_sent = {**schema, "items": {k: v for k, v in item.items() if k != "enum"}}
        as_sent.pop("minItems", None)
        as_sent.pop("maxItems", None)
        _validate(name, raw, as_sent, Draft202012Validator(as_sent))
    parts = [v.strip() for text in raw for v in text.split(",") if v.strip()]
    return [_scalar(name, v, item) for v in parts]


def _scalar(name: str, text: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            value = float(text)
            if not math.isfinite(value):
                raise ValueError
            return value
    except ValueError:
        word = "a whole number" if kind == "integer" else "a number"
        raise ContractError(f"{name} must be {word}, not {text!r}") from None
    if kind == "boolean":
        if text.lower() in _TRUE + _FALSE:
            return text.lower() in _TRUE
        raise ContractError(f"{name} must be true or false, not {text!r}")
    if schema.get("format") == "date":
        parse_date(name, text)  # names the parameter and the supported range
    return text


def _validate(name: str, value: Any, schema: dict[str, Any], validator) -> None:
    errors = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
    if errors:
        raise ContractError(_message(errors[0], name))


def _shown(value: Any, limit: int = 60) -> str:
    """``value`` as the client sent it, cut short: an error never echoes a huge value back."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(error, name: str | None = None) -> str:
    """``field: what is wrong``, the field named as the client sent it."""
    path = [str(p) for p in error.absolute_path]
    if name:
        path.insert(0, name)
    where = ".".join(path) or "the body"
    if error.validator == "required":
        return error.message.replace(" is a required property", " is required")
    if error.validator == "enum":
        allowed = error.validator_value
        choices = repr(allowed[0]) if len(allowed) == 1 else "one of " + ", ".join(
            map(str, allowed))
        return f"{where} must be {choices}, not {_shown(error.instance)}"
    if error.validator == "pattern" and error.schema.get("type") == "string":
        return f"{where} is not in the expected form: {_shown(error.instance)}"
    if error.validator == "maxLength":
        return (f"{where} is {len(error.instance):,} characters long; "
                f"the limit is {error.validator_value:,}")
    if error.validator == "maxItems":
        return f"{where} has {len(error.instance):,} items; the limit is {error.validator_value:,}"
    message = error.message
    if len(message) > 200:  # jsonschema's messages quote the value: never echo it whole
        message = message.replace(repr(error.instance), _shown(error.instance))
    return f"{where}: {message}"
