"""The review queue in a real browser: the demo force's planted duplicates proposed side by
side with their match weights, and an analyst confirming one."""

from __future__ import annotations

import pytest

from graph.resolution import service
from tests.browser_fixtures import shoot

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]


@pytest.fixture
def proposed(demo_site, session_db, tmp_path, monkeypatch):
    monkeypatch.setenv("LINKWATCH_RESOLUTION_MODEL", str(tmp_path / "model.json"))
    return service.resolve(session_db)


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
