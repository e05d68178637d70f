"""Browser tests: the real app served by waitress, driven in Debian's Chromium by Playwright.

Usage::

    pytestmark = pytest.mark.browser

    def test_x(demo_site, page_as):
        page = page_as("analyst")
        page.goto(demo_site.url + "/")
        shoot(page, "dashboard")

``demo_site`` (module scope) wipes the session's Neo4j, loads the synthetic demo force and
creates one user per role, then serves the app on a free port. Chromium must be at
``/usr/bin/chromium`` (``make test`` installs it); a missing browser fails, never skips.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.db import Database
from graph.localdb import free_port
from ingest.pipeline import run_ingest
from ingest.synth import generate

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
PASSWORD = "correct horse battery"
VIEWPORT = {"width": 1366, "height": 768}
#: The demo force is planted around this date; pages are asked about it.
DEMO_AS_OF = dt.date(2026, 11, 1)
ROLES = ("analyst", "rasso_officer", "mappa_panel", "admin", "neighbourhood_officer")


@dataclass
class Site:
    """A running app: its URL and the truth planted in its data."""

    url: str
    truth: dict
    folder: Path


def shoot(page, name: str) -> Path:
    """Save a screenshot of ``page`` as ``test-artifacts/screenshots/<name>.png``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def web_server(session_db: Database) -> Iterator[str]:
    """The app, served by waitress in a thread on a free port, for the whole session."""
    from waitress.server import create_server

    from app import create_app

    app = create_app(
        {
            "DATABASE": session_db,
            "APPLY_SCHEMA_ON_START": False,
            "SECRET_KEY": "browser-tests-only",
            "LOGIN_RATE_LIMIT": "1000 per minute",
        }
    )
    port = free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.close()


@pytest.fixture(scope="module")
def demo_site(session_db: Database, web_server: str, tmp_path_factory) -> Site:
    """The demo force loaded into an emptied database, and one user per role."""
    import json

    from app.auth import users
    from tests.conftest import wipe

    wipe(session_db)
    folder = tmp_path_factory.mktemp("demo") / "demo"
    generate(folder, "demo", seed=7, as_of=DEMO_AS_OF)
    run_ingest(folder, db=session_db, quarantine_dir=folder.parent / "q", progress=False)
    for role in ROLES:
        users.create(session_db, f"b-{role.replace('_', '-')}", role, PASSWORD, None)
    return Site(web_server, json.loads((folder / "truth.json").read_text()), folder)


@pytest.fixture
def page_as(browser, demo_site: Site) -> Iterator[Callable]:
    """``page_as(role)``: a new 1366x768 page signed in as the demo user of that role."""
    contexts = []

    def signed_in(role: str):
        context = browser.new_context(
            viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/London"
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{demo_site.url}/login")
        page.fill("input[name=username]", f"b-{role.replace('_', '-')}")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "/login" not in page.url, f"sign-in as {role} failed"
        return page

    yield signed_in
    for context in contexts:
        context.close()
