"""Issue 12's smaller fixes in a real browser (demo force, 1366x768): the users page fits and
adds a user; a refused adoption shows why beside the form with the reason kept; a place's
page opens in the list's window. Screenshots go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graph.tiers.trawl import trawl
from tests.browser_fixtures import VIEWPORT, shoot

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

TODAY = dt.date.today()


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def _in_view(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return (box is not None and box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"]
            and box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"])


def test_the_users_page_fits_1366_px_and_adds_a_user(demo_site, page_as):
    page = page_as("admin")
    errors = _watch(page)
    page.goto(demo_site.url + "/admin/users")
    card = page.locator("table.users").locator("xpath=..")
    overflow = card.evaluate("c => c.scrollWidth - c.clientWidth")
    assert overflow <= 0, f"the users table is {overflow} px wider than its card"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORT["width"]
    buttons = page.locator("table.users button")
    assert buttons.count() >= 6  # two forms per user other than the admin
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box["x"] + box["width"] <= VIEWPORT["width"], buttons.nth(i).inner_text()
    shoot(page, "admin-users")

    page.fill("#add-user input[name=username]", "b-new-analyst")
    page.fill("#add-user input[name=display_name]", "New Analyst")
    page.select_option("#add-user select[name=role]", "analyst")
    page.click("#add-user button[type=submit]")
    page.wait_for_load_state("networkidle")
    password = page.locator("#one-time-password").inner_text()
    assert len(password) >= 12
    assert "b-new-analyst added: Intelligence analyst" in page.locator("#created-user").inner_text()
    assert page.locator('table.users tr[data-username="b-new-analyst"]').count() == 1
    shoot(page, "admin-users-added")
    page.goto(demo_site.url + "/admin/users")
    assert page.locator("#one-time-password").count() == 0  # shown once
    assert errors == []


def test_a_refused_adoption_is_explained_beside_the_form(demo_site, page_as, session_db):
    subject = next(a.subject_id for a in trawl(session_db, TODAY)
                   if a.tier == 1 and a.status in (None, "candidate"))
    page = page_as("analyst")
    page.goto(f"{demo_site.url}/subjects/{subject}")
    page.locator("#adopt-form").scroll_into_view_if_needed()
    page.select_option("#adopt-tier", "1")
    page.fill("#adopt-owner", "")
    reason = "TCG December: four rapes at night-time venues"
    page.fill("#adopt-reason", reason)
    page.click("#adopt-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/subjects/{subject}/adopt#adopt-form")
    error = page.locator("#adopt-form .form-error")
    assert "a Tier 1 subject needs one owning officer" in error.inner_text()
    assert _in_view(page, "#adopt-form .form-error"), "the message is off-screen"
    assert _in_view(page, "#adopt-reason")
    assert page.input_value("#adopt-reason") == reason
    assert page.locator("main > .flash.error").count() == 0  # not at the top, out of sight
    shoot(page, "adopt-refused")
    page.fill("#adopt-owner", "b-rasso-officer")
    page.click("#adopt-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert f"{subject} adopted at Tier 1." in page.locator(".flash.ok").inner_text()
    assert reason in page.locator("#lifecycle").inner_text()
    # (Page errors are not checked here: the orders map's Leaflet script, not this form,
    # can throw while a page it draws on is left.)


def test_a_place_opens_in_the_lists_window(demo_site, page_as):
    page = page_as("analyst")
    errors = _watch(page)
    page.goto(demo_site.url + "/locations")
    first = page.locator(".loc-table tbody tr").first
    listed = int(first.get_attribute("data-offences"))
    assert "12 months to" in page.locator(".loc-summary").inner_text()
    assert page.locator(".window-choices a.on").inner_text() == "Last 12 months"
    shoot(page, "locations-window")
    first.locator("a").click()
    page.wait_for_load_state("networkidle")
    facts = page.locator("dl.facts .window-count")
    assert f"12 months to {TODAY}" in facts.text_content()  # (the page shows it in capitals)
    assert facts.locator("dd").inner_text().split()[0] == str(listed)
    assert "at any time" in facts.text_content()
    shoot(page, "location-window")
    page.click(".window-choices >> text=All time")
    page.wait_for_load_state("networkidle")
    assert "period=all" in page.url
    assert "all time" in page.locator("dl.facts .window-count").text_content()
    shoot(page, "location-all-time")
    assert errors == []
