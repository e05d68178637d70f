"""The alerts page in a real browser, on the demo force: an analyst's inbox after a run of
the rules, the count in the header, and triage of one alert from the page."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import alerts
from tests.browser_fixtures import shoot

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


def test_the_analyst_triages_an_alert_from_the_page(page_as, demo_site, session_db):
    as_of = dt.date.fromisoformat(demo_site.truth["as_of"])
    alerts.run(session_db, as_of)
    page = page_as("analyst")
    page.goto(f"{demo_site.url}/alerts")
    rows = page.locator("tr.alert")
    assert rows.count() >= 1
    count = page.locator("a.inbox .count")
    assert count.count() == 1 and int(count.inner_text()) >= 1  # the header's inbox count
    shoot(page, "alerts-page")
    first = rows.first
    alert_id = first.get_attribute("id")
    first.locator("input[name=note]").fill("checking with the OIC")
    first.locator("button[value=in_progress]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(f"tr#{alert_id} .state.in_progress").count() == 1
    assert "checking with the OIC" in page.locator(f"tr#{alert_id} ol.history").inner_text()
