"""The Plan tab and the TCG pack in a real browser, on the demo force with its demo plans:
what a RASSO officer preparing a 4P plan and a TCG chair see."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.synth.plans import Officers, lay_demo_plans
from tests.browser_fixtures import shoot

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


@pytest.fixture(scope="module")
def planned(demo_site, session_db):
    """The demo TCG's adoptions and plans, owned by the browser tests' RASSO officer."""
    laid = lay_demo_plans(session_db, seed=7,
                          as_of=dt.date.fromisoformat(demo_site.truth["as_of"]),
                          officers=Officers(rasso=("b-rasso-officer",), analyst="b-analyst"))
    assert "skipped" not in laid, laid
    tier1 = [a for a in laid["adopted"] if a["tier"] == 1]
    assert tier1
    return tier1[0]["subject_id"]


def test_the_owning_officer_reads_and_adds_to_the_plan(page_as, demo_site, planned):
    page = page_as("rasso_officer")
    page.goto(f"{demo_site.url}/subjects/{planned}/plan")
    pillars = page.locator(".pillar h2").all_inner_texts()
    assert [p.split()[0] for p in pillars] == ["Pursue", "Prevent", "Protect", "Prepare"]
    assert page.locator(".action.rag-red").count() >= 1  # an overdue action shows red
    assert page.locator("tr.update").count() >= 3  # the monthly update log
    shoot(page, "plan-tab")
    page.select_option("select[name=tactic_choice]", "prepare:partner_briefing")
    page.fill("textarea[name=description]", "Brief probation before the MAPPA level review")
    page.fill("input[name=due_on]", (dt.date.today() + dt.timedelta(days=7)).isoformat())
    page.click("#add-action button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Action added: Partner briefing" in page.inner_text(".flash")
    added = page.locator("#pillar-prepare .action", has_text="Brief probation")
    assert added.count() == 1 and "AMBER" in added.inner_text()


def test_the_panel_reads_the_plan_without_forms(page_as, demo_site, planned):
    page = page_as("mappa_panel")
    page.goto(f"{demo_site.url}/subjects/{planned}/plan")
    assert page.locator(".pillar .action").count() >= 4
    assert page.locator("form[action*='/plan/']").count() == 0
    assert "You can read this plan" in page.inner_text("main")
    shoot(page, "plan-tab-mappa")


def test_the_tcg_pack_shows_overdue_actions_in_red(page_as, demo_site, planned):
    page = page_as("analyst")
    since = (dt.date.today() - dt.timedelta(days=120)).isoformat()
    page.goto(f"{demo_site.url}/tcg?since={since}")
    overdue = page.locator("tr.rag-red")
    assert overdue.count() >= 1
    assert overdue.first.locator(".rag.red").count() == 1
    assert page.locator(f"a[href='/subjects/{planned}']").count() >= 1
    shoot(page, "tcg-pack")
