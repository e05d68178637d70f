"""The OpenAPI document covers every API route, and only real ones."""

from __future__ import annotations

import pytest

from app.views.api_docs import api_rules, declared

pytestmark = pytest.mark.neo4j


def test_every_api_route_is_documented_and_nothing_else(app):
    endpoints = {r.endpoint for r in api_rules(app)}
    documented = set(declared()["endpoints"])
    assert endpoints - documented == set(), "document these in app/openapi/<blueprint>.yaml"
    assert documented - endpoints == set(), "these documented endpoints no longer exist"


def test_the_document_is_served_to_signed_in_users(client_as, app):
    client = client_as("analyst")
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    tiers = spec["paths"]["/api/tiers"]["get"]
    assert {p["name"] for p in tiers["parameters"]} == {"as_of", "tier"}
    assert spec["components"]["schemas"]["Error"]["required"] == ["ok", "error", "status"]
    assert "/api/subjects/{subject_id}/tier" in spec["paths"]
    page = client.get("/docs/api").get_data(as_text=True)
    assert "/api/subjects/{subject_id}/links" in page
    assert app.test_client().get("/api/openapi.json").status_code == 401
