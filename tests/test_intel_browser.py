"""Intelligence in a real browser, on the demo force: a neighbourhood officer submits a report
through the form (a subject found by search, a place clicked on the map) and sees the flag it
raises; an analyst reads the escalation flags."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from tests.browser_fixtures import shoot

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


def _near_miss(demo_site) -> tuple[str, list[str]]:
    """The subject whose third report fell on day 91, and his reports' dates."""
    case = next(m for m in demo_site.truth["escalations"]["near_misses"]
                if m["reason"] == "day_91")
    with (demo_site.folder / "intelligence.csv").open(newline="", encoding="utf-8") as f:
        days = sorted(r["reported_on"] for r in csv.DictReader(f)
                      if r["subject_id"] == case["subject_id"])
    return case["subject_id"], days


def test_an_officer_submits_a_report_that_raises_a_flag(page_as, demo_site):
    subject_id, days = _near_miss(demo_site)
    assert len(days) == 3  # day 0, 40 and 91: no flag yet
    page = page_as("neighbourhood_officer")
    page.goto(f"{demo_site.url}/subjects/{subject_id}")
    assert page.locator("#escalation").count() == 0
    page.goto(f"{demo_site.url}/intelligence/new")
    page.fill("input[name=q]", subject_id)
    page.click("#find-h ~ form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.click(f"a.pick:has-text('{subject_id}')")
    page.wait_for_load_state("networkidle")
    assert page.input_value("input[name=subject_id]") == subject_id
    box = page.locator("#intel-map").bounding_box()
    # A corner, where no place is: the click fills the point (playwright scrolls to it).
    page.locator("#intel-map").click(position={"x": 25, "y": box["height"] - 25})
    float(page.input_value("input[name=lat]")), float(page.input_value("input[name=lon]"))
    assert page.input_value("select[name=location_id]") == ""
    page.fill("input[name=place_name]", "Alley behind the taxi rank")
    page.select_option("select[name=venue_type]", "public_space")
    page.select_option("select[name=behaviour]", "repeated_approaches")
    within = (dt.date.fromisoformat(days[1]) + dt.timedelta(days=5)).isoformat()
    page.fill("input[name=reported_on]", within)
    page.fill("input[name=reported_time]", "23:40")
    page.select_option("select[name=source_grade]", "2")
    page.select_option("select[name=intel_grade]", "B")
    page.select_option("select[name=handling]", "P")
    page.fill("textarea[name=summary]", "Approached three groups of women, propositioning them")
    shoot(page, "intel-form")
    page.click("#intel-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    refused = page.locator("#intel-form .flash.error")
    assert refused.count() == 0, refused.inner_text()
    assert page.url.endswith(f"/subjects/{subject_id}")
    flash = page.inner_text(".flash")
    assert "Alley behind the taxi rank" in flash and "Repeat behaviour" in flash
    flag = page.locator("#escalation")
    assert flag.count() == 1 and "Repeat behaviour" in flag.inner_text()
    assert flag.locator(".item").count() >= 3
    flag.scroll_into_view_if_needed()
    shoot(page, "intel-subject-flag")


def test_an_officer_may_not_see_the_tier_board_or_plans(page_as, demo_site):
    page = page_as("neighbourhood_officer")
    page.goto(demo_site.url + "/")
    nav = page.inner_text("header nav")
    assert "Intelligence" in nav and "Tier board" not in nav and "TCG" not in nav
    assert page.goto(demo_site.url + "/tiers").status == 403


def test_the_analyst_reads_every_flag_with_its_grades(page_as, demo_site, session_db):
    page = page_as("analyst")
    as_of = demo_site.truth["escalations"]["as_of"]
    page.goto(f"{demo_site.url}/intelligence/escalations?as_of={as_of}")
    rows = page.locator("tr.escalation")
    flagged = {s for rule in demo_site.truth["escalations"]["rules"].values() for s in rule}
    # Reports submitted through the form by this session's other tests (the near miss made
    # a flag on purpose) flag their subjects too: the page shows the planted ones and those.
    submitted = {r["s"] for r in session_db.read_text(
        "tests/intel_submitted", "MATCH (s:Subject)-[:SUBJECT_OF]->(i:Intelligence "
        "{src: 'linkwatch'}) RETURN DISTINCT s.id AS s")}
    shown = {rows.nth(i).get_attribute("data-subject") for i in range(rows.count())}
    assert flagged <= shown and shown - flagged <= submitted, (shown - flagged, submitted)
    planted = demo_site.truth["escalations"]["planted"][0]
    row = page.locator(f"tr.escalation[data-subject='{planted['subject_id']}']")
    assert row.locator(f"[data-rule='{planted['rule']}']").count() == 1
    assert row.locator(".item .flag").count() >= 1  # the grades are shown
    shoot(page, "intel-escalations")
    page.goto(demo_site.url + "/")
    assert page.locator("#escalations tr.escalation").count() >= 1
    page.locator("#escalations").scroll_into_view_if_needed()
    shoot(page, "intel-dashboard")
