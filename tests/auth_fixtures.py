"""Signing in for tests: users, a signed-in client per role, CSRF tokens.

Loaded from ``conftest.py`` (``pytest_plugins``). Usage::

    def test_x(client_as):
        client = client_as("analyst")
        client.post("/thing", data={"csrf_token": csrf_token(client), ...})
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.auth import users
from graph.db import Database

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

#: The default test password (12+ characters, as the policy wants).
PASSWORD = "correct horse battery"


def make_user(db: Database, username: str, role: str = "analyst",
              password: str = PASSWORD, display_name: str | None = None) -> str:
    """Create a user and return the password."""
    users.create(db, username, role, password, display_name)
    return password


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """A CSRF token for ``client``'s session, read from a page with a form on it."""
    page = client.get(path).get_data(as_text=True)
    match = _CSRF.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: FlaskClient, username: str, password: str = PASSWORD, **extra: str):
    """Sign ``client`` in through the login form (CSRF token included); return the response."""
    token = csrf_token(client, "/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token, **extra})


@pytest.fixture
def make_app(db: Database) -> Callable[..., Flask]:
    """Build the app against the test database; keyword arguments override the config."""

    def build(**config: Any) -> Flask:
        return create_app({"TESTING": True, "DATABASE": db, "APPLY_SCHEMA_ON_START": False,
                           **config})

    return build


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """The app with CSRF and rate limits on, as in production."""
    return make_app()


@pytest.fixture
def client_as(app: Flask, db: Database) -> Callable[..., FlaskClient]:
    """``client_as(role, username=None, app=None)``: a test client signed in with that role."""

    def signed_in(role: str, username: str | None = None, app_: Flask | None = None
                  ) -> FlaskClient:
        name = username or f"test-{role.replace('_', '-')}"
        if not users.exists(db, name):
            make_user(db, name, role)
        client = (app_ or app).test_client()
        response = login(client, name)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return signed_in
