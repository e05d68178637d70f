"""The app's wiring: every blueprint mounted in one place, one error handler, one error shape."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from app import views
from graph import errors

pytestmark = pytest.mark.neo4j


def _json_error(response, status: int, message: str) -> None:
    assert response.status_code == status
    assert response.get_json() == {"ok": False, "error": message, "status": status}


@pytest.fixture
def wired(make_app: Callable[..., Flask]) -> Flask:
    """The app plus views that raise what domain code raises."""
    app = make_app()

    @app.get("/api/wiring/bad")
    def bad():
        raise ValueError("window_days must be between 0 and 36500")

    @app.get("/api/wiring/missing")
    def missing():
        raise errors.NotFound("no subject 'S-404'")

    @app.get("/api/wiring/bug")
    def bug():
        return {}["no such key"]

    @app.get("/wiring/bad-page")
    def bad_page():
        raise ValueError("radius must be a number")

    return app


def test_create_app_mounts_the_auth_and_admin_blueprints(app):
    assert {"auth", "admin"} <= set(app.blueprints)
    assert "auth.login" in app.view_functions and "admin.users_page" in app.view_functions


def test_every_blueprint_is_mounted_by_views_register():
    bare = Flask("wiring")
    views.register(bare)
    assert {"auth", "admin", "health", "tiers_api", "analysis_api", "api_docs"} <= set(
        bare.blueprints
    )


def test_sign_in_is_required_with_the_auth_layer_always_on(app):
    _json_error(app.test_client().get("/api/overview"), 401,
                "Sign in first, or send an API token.")


def test_a_value_error_in_a_view_is_a_400_in_the_one_shape(wired, client_as):
    client = client_as("analyst", app_=wired)
    _json_error(client.get("/api/wiring/bad"), 400, "window_days must be between 0 and 36500")


def test_not_found_is_a_404_in_the_one_shape(wired, client_as):
    client = client_as("analyst", app_=wired)
    _json_error(client.get("/api/wiring/missing"), 404, "no subject 'S-404'")


def test_a_key_error_stays_a_server_error(wired, client_as):
    client = client_as("analyst", app_=wired)
    with pytest.raises(KeyError):  # TESTING propagates what would be a logged 500
        client.get("/api/wiring/bug")


def test_a_value_error_on_a_page_is_a_readable_400(wired, client_as):
    client = client_as("analyst", app_=wired)
    response = client.get("/wiring/bad-page")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "radius must be a number" in page and "Traceback" not in page


def test_an_unknown_subject_in_the_analytics_api_is_the_shared_404(client_as):
    client = client_as("analyst")
    _json_error(client.get("/api/subjects/S-NOPE/links"), 404, "no subject 'S-NOPE'")
