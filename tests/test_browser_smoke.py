"""The browser harness itself: sign in, see the dashboard, no script errors."""

from __future__ import annotations

import pytest

from tests.browser_fixtures import shoot

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


def test_an_analyst_signs_in_and_sees_live_counts(demo_site, page_as):
    page = page_as("analyst")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(demo_site.url + "/")
    offences = page.locator('[data-label="Offence"] .count').inner_text()
    assert int(offences.replace(",", "")) == demo_site.truth["counts"]["offences.csv"]
    shoot(page, "dashboard-analyst")
    assert errors == []
