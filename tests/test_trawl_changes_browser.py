"""The "since the last recorded trawl" panel in a real browser, on the demo force.

An analyst records the trawl as of three months before the demo's date from the tier board
(the button in the panel); the dashboard and the board then list who entered, who dropped
out (with the reason) and whose tier changed since. Screenshots at 1366x768 go to
``test-artifacts/screenshots/trawl-changes-*.png``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graph.tiers import trawl as trawl_mod
from tests.browser_fixtures import DEMO_AS_OF, shoot

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

TODAY = dt.date.today()
EARLIER = DEMO_AS_OF - dt.timedelta(days=90)
KINDS = {"new": "changes-new", "dropped": "changes-dropped", "tier_changed": "changes-tier-changed"}


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def _subjects(page, list_id: str) -> list[str]:
    items = page.locator(f"#{list_id} li[data-subject]")
    return [items.nth(i).get_attribute("data-subject") for i in range(items.count())]


@pytest.fixture(scope="module")
def recorded(demo_site, browser, session_db):
    """The demo force with the trawl as of EARLIER recorded through the board's button."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB",
                                  timezone_id="Europe/London")
    page = context.new_page()
    errors = _watch(page)
    page.goto(f"{demo_site.url}/login")
    page.fill("input[name=username]", "b-analyst")
    page.fill("input[name=password]", "correct horse battery")
    page.click("button[type=submit]")
    page.goto(f"{demo_site.url}/tiers?as_of={EARLIER}")
    panel = page.locator("#trawl-changes")
    assert "No trawl has been recorded yet" in panel.inner_text()
    panel.scroll_into_view_if_needed()
    shoot(page, "trawl-changes-board-none")
    button = panel.locator("form.record-trawl button")
    assert f"Record the trawl as of {EARLIER}" in button.inner_text()
    button.click()
    page.wait_for_load_state("networkidle")
    assert f"Trawl recorded as of {EARLIER}" in page.locator(".flash.ok").inner_text()
    assert page.url.endswith(f"/tiers?as_of={EARLIER}#trawl-changes")
    assert errors == []
    context.close()
    expected = trawl_mod.since_last(session_db, TODAY)
    assert expected["previous"]["as_of"] == EARLIER.isoformat()
    return demo_site, expected


def test_the_dashboard_lists_what_changed_since_the_recorded_trawl(recorded, page_as):
    site, expected = recorded
    page = page_as("analyst")
    errors = _watch(page)
    page.goto(site.url + "/")
    panel = page.locator("#trawl-changes")
    text = panel.inner_text()
    assert f"trawl as of {EARLIER} compared with {TODAY}" in text
    assert "Recorded by b-analyst" in text
    nonempty = [k for k in KINDS if expected[k]]
    assert len(nonempty) >= 2, expected["message"]  # the demo moves in three months
    for kind, list_id in KINDS.items():
        shown = _subjects(page, list_id)
        assert shown == [r["subject_id"] for r in expected[kind]][:8], kind
        assert f"{len(expected[kind])}" in page.locator(f"#{list_id} h3 .count").inner_text()
    for row in expected["dropped"][:8]:
        item = page.locator(f'#changes-dropped li[data-subject="{row["subject_id"]}"]')
        assert row["reason"] in item.inner_text()
    # Three lists side by side at 1366 px, each fully inside the panel.
    box = panel.bounding_box()
    lists = [page.locator(f"#{list_id}").bounding_box() for list_id in KINDS.values()]
    assert len({round(b["y"]) for b in lists}) == 1
    assert all(b["x"] >= box["x"] and b["x"] + b["width"] <= box["x"] + box["width"] + 1
               for b in lists)
    assert panel.locator("form.record-trawl").count() == 0  # recorded on the board only
    panel.scroll_into_view_if_needed()
    shoot(page, "trawl-changes-dashboard")
    assert errors == []


def test_the_board_panel_explains_each_drop_and_change(recorded, page_as):
    site, expected = recorded
    page = page_as("rasso_officer")
    errors = _watch(page)
    page.goto(f"{site.url}/tiers")
    panel = page.locator("#trawl-changes")
    assert panel.locator("form.record-trawl").count() == 0  # analysts record, not RASSO
    for kind, list_id in KINDS.items():
        assert _subjects(page, list_id) == [r["subject_id"] for r in expected[kind]], kind
    for row in expected["tier_changed"]:
        item = page.locator(f'#changes-tier-changed li[data-subject="{row["subject_id"]}"]')
        assert f"Tier {row['from']}" in item.inner_text() and row["reason"] in item.inner_text()
    panel.scroll_into_view_if_needed()
    shoot(page, "trawl-changes-board")
    first = page.locator("#changes-dropped li[data-subject] a.subject").first
    if first.count():
        subject = first.get_attribute("href").rsplit("/", 1)[-1]
        first.click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith(f"/subjects/{subject}")
    assert errors == []


def test_the_mappa_panel_reads_the_changes_but_cannot_record(recorded, page_as):
    site, expected = recorded
    page = page_as("mappa_panel")
    page.goto(site.url + "/tiers")
    assert page.locator("#trawl-changes form.record-trawl").count() == 0
    assert page.locator("#trawl-changes li[data-subject]").count() == sum(
        len(expected[k]) for k in KINDS)
