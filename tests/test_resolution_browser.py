"""The review queue in a real browser: the demo force's planted duplicates proposed side by
side with their match weights, and an analyst confirming one."""

from __future__ import annotations

import pytest

from graph.resolution import service
from graph.resolution.demo import lay_demo_resolution
from tests.browser_fixtures import shoot

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]


@pytest.fixture
def proposed(demo_site, session_db, tmp_path, monkeypatch):
    monkeypatch.setenv("LINKWATCH_RESOLUTION_MODEL", str(tmp_path / "model.json"))
    return service.resolve(session_db)


def test_the_demo_leaves_a_planted_pair_open_for_review_and_shows_one_confirmed_person(
        page_as, demo_site, session_db, tmp_path, monkeypatch):
    """What ``linkwatch demo`` lays (graph.resolution.demo): runs before the test below,
    which confirms the pair left open."""
    monkeypatch.setenv("LINKWATCH_RESOLUTION_MODEL", str(tmp_path / "model.json"))
    planted = {service.pair_id(*d["subject_ids"]) for d in demo_site.truth["duplicate_persons"]}
    laid = lay_demo_resolution(session_db, demo_site.folder / "truth.json")
    assert service.pair_id(*laid["confirmed"]) in planted
    open_pairs = {p["id"] for p in service.queue(session_db)}
    assert open_pairs & planted, "the demo should leave a true pair open in the queue"
    assert service.pair_id(*laid["confirmed"]) not in open_pairs
    assert lay_demo_resolution(session_db, demo_site.folder / "truth.json") is None  # once

    page = page_as("analyst")
    page.goto(f"{demo_site.url}/")
    card = page.locator("#resolution-proposals")
    assert "No open proposal" not in card.inner_text()
    shoot(page, "resolution-demo-dashboard")
    page.goto(f"{demo_site.url}/resolution")
    assert page.locator("section.resolution-pair").count() == len(open_pairs)
    shoot(page, "resolution-demo-queue")
    first, second = laid["confirmed"]
    page.goto(f"{demo_site.url}/subjects/{first}")
    person = page.locator("#person")
    text = person.inner_text()
    assert first in text and second in text and "confirmed by analyst" in text
    person.scroll_into_view_if_needed()
    shoot(page, "resolution-demo-profile")
    page.goto(f"{demo_site.url}/subjects/{first}#timeline")
    shoot(page, "resolution-demo-profile-timeline")


def test_the_analyst_reviews_and_confirms_a_planted_duplicate(page_as, demo_site, proposed):
    planted = [sorted(d["subject_ids"]) for d in demo_site.truth["duplicate_persons"]]
    assert [p["subject_ids"] for p in proposed if p["subject_ids"] in planted]
    page = page_as("analyst")
    page.goto(f"{demo_site.url}/resolution")
    pairs = page.locator("section.resolution-pair")
    assert pairs.count() >= 1
    first = pairs.first
    assert first.locator(".waterfall .bar-row").count() >= 8  # the prior and 7 comparisons
    assert first.locator("table.records tbody tr").count() == 6
    shoot(page, "resolution-queue")
    ids = first.get_attribute("data-pair").split("|")
    first.locator("input[name=reason]").fill("Same phone; date of birth day and month swapped")
    first.locator("button[value=confirm]").click()
    page.wait_for_load_state("networkidle")
    assert "Confirmed as one person" in page.inner_text("main")
    decision = page.locator("table.decisions tr[data-decision=confirm]").first
    assert ids[0] in decision.inner_text() and ids[1] in decision.inner_text()
    shoot(page, "resolution-confirmed")


def test_other_roles_cannot_open_the_queue(page_as, demo_site):
    page = page_as("rasso_officer")
    response = page.goto(f"{demo_site.url}/resolution")
    assert response.status == 403
