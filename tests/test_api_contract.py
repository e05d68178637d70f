"""The API keeps its contract: schemathesis finds nothing wrong, and a 405 says what is allowed.

A bounded, repeatable run of schemathesis's stateless tests over every operation of
``/api/openapi.json``, in process (WSGI) against a real Neo4j holding the sentinel
scenario, as an analyst with a bearer token: every check on (no server error; status codes,
content types, headers and bodies as documented; schema-valid requests accepted; invalid
ones rejected; undeclared methods answered 405 with ``Allow``; auth not ignored), a few
examples per operation, a fixed seed, derandomized. Writes (POST) run against the test
database. Known record ids are given as examples of the path parameters, so that the
examples phase reaches real records and not only 404s.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, assume, settings
from schemathesis.config import SchemathesisConfig

from app import create_app
from app.auth import tokens
from app.views.api_docs import document
from tests.auth_fixtures import make_user
from tests.conftest import wipe
from tests.sentinel_scenario import (
    BAR,
    CO_OFFENDER,
    OFFENCES,
    SUBJECT,
    load_sentinel_scenario,
)

pytestmark = pytest.mark.neo4j

#: Examples per operation (and phase), and the seed: small and fixed, so `make test` is
#: quick and the same every time.
MAX_EXAMPLES = 5
SEED = 20261130

#: The users and records the scenario has (x-users, x-records: fields that must name one).
USERS = {"contract-analyst"}
RECORDS = {SUBJECT, CO_OFFENDER, BAR, *(offence for offence, *_ in OFFENCES)}

#: Path parameters' examples: records the scenario holds.
KNOWN = {"subject_id": SUBJECT, "location_id": BAR, "node_id": SUBJECT, "kind": "subject"}


def contract_document() -> dict[str, Any]:
    """The app's OpenAPI document (the URL map needs no database), known ids as examples."""
    app = create_app({"TESTING": True, "DATABASE": object(), "APPLY_SCHEMA_ON_START": False})
    spec = document(app)
    for operations in spec["paths"].values():
        for op in operations.values():
            for param in op["parameters"]:
                if param["in"] == "path" and param["name"] in KNOWN:
                    param["example"] = KNOWN[param["name"]]
    return spec


SPEC = contract_document()
#: Rules between fields (x-periods, x-one-of) per (METHOD, path), from the document.
RULES = {(method.upper(), path): {k: v for k, v in op.items() if k.startswith("x-")}
         for path, operations in SPEC["paths"].items() for method, op in operations.items()}
schema = schemathesis.openapi.from_dict(SPEC, config=SchemathesisConfig.from_dict({
    "seed": SEED, "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True,
                                       "no-shrink": True}}))


class ServedApp:
    """The WSGI app schemathesis calls in process: the one :func:`served` builds.

    Schemathesis binds the app when it collects the tests, before any fixture has run, so
    it is given this stand-in, which forwards to the real app once there is one.
    """

    app: Flask | None = None

    def __call__(self, environ, start_response):
        assert self.app is not None, "the served fixture builds the app"
        return self.app(environ, start_response)


SERVED = ServedApp()
schema.app = SERVED


@pytest.fixture(scope="module")
def served(session_db, tmp_path_factory) -> tuple[Flask, dict[str, str]]:
    """The app on the sentinel scenario, and an analyst's bearer-token header."""
    wipe(session_db)
    load_sentinel_scenario(session_db, tmp_path_factory.mktemp("force"))
    make_user(session_db, "contract-analyst", "analyst")
    token = tokens.issue(session_db, "contract-analyst")
    app = create_app({"TESTING": True, "DATABASE": session_db,
                      "APPLY_SCHEMA_ON_START": False})
    SERVED.app = app
    return app, {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_the_contract(case, served):
    _, headers = served
    if case.meta is not None and case.meta.generation.mode.is_positive:
        # Valid by the schema but against a declared rule between fields: a 400 is right.
        assume(not breaks_a_rule_between_fields(case))
    case.call_and_validate(headers=headers)


def breaks_a_rule_between_fields(case) -> bool:
    """Whether the case breaks its operation's ``x-periods``, ``x-one-of`` or ``x-any-of``
    (a date left
    out counts as today, which can only exclude more cases than needed, never fewer)."""
    rules = RULES.get((case.method.upper(), case.path), {})
    values = {**(case.query or {}), **(case.body if isinstance(case.body, dict) else {})}
    for names in rules.get("x-one-of", []):
        if sum(1 for name in names if _given(values.get(name))) != 1:
            return True
    for alternatives in rules.get("x-any-of", []):
        if not any(all(_given(values.get(n)) for n in names) for names in alternatives):
            return True
    for chosen, left_out in rules.get("x-some-left", []):
        every = _enum_of(case, chosen)
        picked = _parts(values.get(chosen)) or every
        if _parts(values.get(left_out)) >= picked:
            return True
    if any(_given(values.get(name)) and values[name] not in USERS
           for name in rules.get("x-users", [])):
        return True
    if any(_parts(values.get(name)) - RECORDS for name in rules.get("x-records", [])):
        return True
    today = dt.date.today()
    for start, end, *most in rules.get("x-periods", []):
        first, last = _day(values.get(start)), _day(values.get(end))
        if first is None and last is None:
            continue
        first, last = first or today, last or today
        if first > last or (most and (last - first).days > most[0]):
            return True
    return False


def _parts(value: Any) -> set[str]:
    """A list parameter's items (repeated, or comma-separated), as the server reads them."""
    items = value if isinstance(value, list) else [value] if value is not None else []
    return {part.strip() for item in items for part in str(item).split(",") if part.strip()}


def _enum_of(case, name: str) -> set[str]:
    operation = SPEC["paths"][case.path][case.method.lower()]
    param = next(p for p in operation["parameters"] if p["name"] == name)
    return set(param["schema"]["items"].get("enum", []))


def _given(value: Any) -> bool:
    return value not in (None, "", []) and not (isinstance(value, str) and not value.strip())


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value.strip() else None
    except ValueError:
        return None


def test_an_undeclared_method_is_a_405_naming_the_allowed_ones(served):
    app, headers = served
    client = app.test_client()
    response = client.put("/api/tiers/trawls", json={}, headers=headers)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    assert response.get_json() == {"ok": False, "status": 405,
                                   "error": response.get_json()["error"]}
    assert response.get_json()["error"]
    layout = client.patch(f"/api/charts/subject/{SUBJECT}/layout", headers=headers)
    assert set(layout.headers["Allow"].split(", ")) >= {"GET", "HEAD", "POST", "DELETE"}


def test_a_query_parameter_against_its_declaration_is_a_400_naming_it(served):
    app, headers = served
    client = app.test_client()
    wrong = client.get("/api/tiers?tier=7", headers=headers).get_json()
    assert wrong["status"] == 400 and wrong["error"].startswith("tier")
    early = client.get("/api/tiers?as_of=0001-01-01", headers=headers).get_json()
    assert early["status"] == 400 and "as_of" in early["error"] and "1900" in early["error"]
