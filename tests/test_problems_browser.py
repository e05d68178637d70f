"""Problem profiles and the public-reports map layer in a real browser, on the demo force with
the demo's problem profile: what an analyst and a MAPPA panel member see."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.problems.demo import PROBLEM_ID, lay_demo_problem
from tests.browser_fixtures import shoot

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

#: How many layers the repeat-locations map holds (markers, squares and their groups).
COUNT_LAYERS = "() => Object.keys(document.getElementById('map').leafletMap._layers).length"


@pytest.fixture(scope="module")
def problem(demo_site, session_db):
    """The demo's problem profile, laid as ``linkwatch demo`` lays it."""
    profile = lay_demo_problem(session_db, demo_site.folder / "truth.json",
                               dt.date.fromisoformat(demo_site.truth["as_of"]), by="b-analyst")
    assert profile is not None and profile["assessment"] is not None
    return profile


def test_the_list_shows_the_profile_and_the_create_form(page_as, demo_site, problem):
    page = page_as("analyst")
    page.goto(f"{demo_site.url}/problems")
    assert page.locator(f"a[href='/problems/{PROBLEM_ID}']").count() == 1
    assert page.locator("form select[name=location_ids] option").count() > 10
    shoot(page, "problems-list")


def test_the_profile_reads_osara_with_an_assessment_against_the_background(
        page_as, demo_site, problem):
    page = page_as("analyst")
    page.goto(f"{demo_site.url}/problems/{PROBLEM_ID}")
    for section in ("objective", "scanning", "analysis", "response", "assessment", "versions"):
        assert page.locator(f"#{section}").is_visible(), section
    shoot(page, "problem-profile")
    row = page.locator("table.assessment-table tr[data-metric=offences] td")
    place = problem["assessment"]["metrics"][0]["place"]
    assert row.nth(1).inner_text() == str(place["before"])
    assert row.nth(2).inner_text() == str(place["after"])
    page.locator("#assessment").scroll_into_view_if_needed()
    shoot(page, "problem-assessment")
    page.locator("#analysis").scroll_into_view_if_needed()
    shoot(page, "problem-analysis")


def test_an_analyst_adds_a_response_and_a_new_version_is_listed(page_as, demo_site, problem):
    page = page_as("analyst")
    page.goto(f"{demo_site.url}/problems/{PROBLEM_ID}")
    before = page.locator("table.versions-table tbody tr").count()
    page.locator("#response summary").click()
    page.fill("#response input[name=description]", "Taxi marshals at the rank, 23:00-03:00")
    page.fill("#response input[name=owner]", "Community safety team")
    page.fill("#response input[name=opened_on]", demo_site.truth["as_of"])
    page.click("#response button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Response added" in page.inner_text(".flash, .flashes, body")
    assert page.locator("table.responses-table tbody tr").count() == 3
    assert page.locator("table.versions-table tbody tr").count() == before + 2  # + assessment
    page.locator("#response").scroll_into_view_if_needed()
    shoot(page, "problem-response-added")


def test_the_panel_reads_the_profile_without_forms_or_the_publics_words(
        page_as, demo_site, problem):
    page = page_as("mappa_panel")
    page.goto(f"{demo_site.url}/problems/{PROBLEM_ID}")
    assert page.locator("form").count() == 0 or page.locator("#response form").count() == 0
    assert page.locator("button:has-text('Refresh from the data')").count() == 0
    reports = page.locator("table.reports-table")
    if reports.count():
        assert "withheld from your role" in reports.inner_text()
        reports.scroll_into_view_if_needed()
    shoot(page, "problem-profile-mappa")


def test_the_map_draws_public_reports_as_a_layer_that_can_be_switched_off(
        page_as, demo_site, problem):
    page = page_as("analyst")
    page.goto(f"{demo_site.url}/locations?period=all")
    page.wait_for_selector(".leaflet-control-layers")
    drawn = int(page.get_attribute("#map", "data-report-count"))
    assert drawn >= 5
    planted = {r["expected"] for r in demo_site.truth["location_reports"]["reports"]}
    assert drawn == len(planted)  # one square per place or cell the reports cluster to
    layers = page.evaluate(COUNT_LAYERS)
    toggle = page.locator(".leaflet-control-layers-overlays label", has_text="Public reports")
    shoot(page, "locations-map-reports")
    toggle.locator("input").uncheck()
    fewer = page.evaluate(COUNT_LAYERS)
    assert fewer == layers - drawn - 1  # the squares and their group are gone
    shoot(page, "locations-map-reports-off")
