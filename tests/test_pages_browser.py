"""The everyday pages in a real browser: dashboard, search, tier board, subject profile.

On top of the demo force (``demo_site``) the module loads, through the canonical ingest, a
subject whose name is a script (SX1, Tier 2 on its counts) and a Tier 2 subject in custody
(SX2, released in 30 days, adopted so that it is archived on the release watch); it adopts
and archives a Tier 1 subject, then a new offence reactivates it. Screenshots at 1366x768
go to ``test-artifacts/screenshots/pages-*.png``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graph.tiers import lifecycle
from graph.tiers.trawl import trawl
from ingest.pipeline import run_ingest
from tests.browser_fixtures import DEMO_AS_OF, shoot
from tests.scenarios import write_folder

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

TODAY = dt.date.today()
SCRIPT = "<img src=x onerror=alert(1)>"
SCRIPT_SURNAME = "<script>window.__pwned = 1</script>"


def _offences(subject: str, codes: list[str], reported: dt.date) -> dict[str, list[dict]]:
    return {
        "offences": [
            {"offence_id": f"PB-{subject}-{i}", "ho_code": code,
             "committed_from": (reported - dt.timedelta(days=3)).isoformat(),
             "reported_on": reported.isoformat(), "domestic": "false"}
            for i, code in enumerate(codes)
        ],
        "offence_subjects": [
            {"offence_id": f"PB-{subject}-{i}", "subject_id": subject, "role": "suspect"}
            for i in range(len(codes))
        ],
    }


@pytest.fixture(scope="module")
def site(demo_site, session_db, tmp_path_factory):
    """The demo force plus the module's own subjects and lifecycle history."""
    db, base = session_db, tmp_path_factory.mktemp("pages")
    recent = TODAY - dt.timedelta(days=30)
    one, two = (_offences(s, ["19C", "20A", "20A", "20A"] + extra, recent)
                for s, extra in (("SX1", []), ("SX2", ["20A", "20A"])))
    write_folder(
        base / "first",
        subjects=[{"subject_id": "SX1", "forename": SCRIPT, "surname": SCRIPT_SURNAME},
                  {"subject_id": "SX2", "forename": "Derek", "surname": "Heldwell"}],
        offences=one["offences"] + two["offences"],
        offence_subjects=one["offence_subjects"] + two["offence_subjects"],
        custody=[{"subject_id": "SX2", "start_date": (TODAY - dt.timedelta(days=10)).isoformat(),
                  "end_date": (TODAY + dt.timedelta(days=30)).isoformat(),
                  "establishment": "HMP Fictionby"}],
    )
    run_ingest(base / "first", db=db, quarantine_dir=base / "q", progress=False)
    tier1 = next(a.subject_id for a in trawl(db, TODAY) if a.tier == 1)
    lifecycle.adopt(db, tier1, tier=1, owner="b-rasso-officer", by="b-analyst", reason="TCG")
    lifecycle.move(db, tier1, "archived", by="b-analyst", reason="no further offending")
    lifecycle.adopt(db, "SX2", tier=2, owner=None, by="b-analyst", reason="TCG, while held")
    later = _offences(tier1, ["8Q"], TODAY)
    write_folder(base / "later", **later)
    run_ingest(base / "later", db=db, quarantine_dir=base / "q", progress=False)
    assert lifecycle.status(db, tier1)["status"] == "reactivated"
    demo_site.reactivated = tier1
    return demo_site


def _no_script_ran(page) -> None:
    assert page.evaluate("() => window.__pwned === undefined")


def test_the_dashboard_shows_what_needs_attention(site, page_as):
    page = page_as("analyst")
    errors, dialogs = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(site.url + "/")
    tiles = page.locator(".tiles .tile")
    assert tiles.count() == 8
    tops = {round(tiles.nth(i).bounding_box()["y"]) for i in range(8)}
    assert len(tops) == 1, "eight tiles in one row at 1366 px"
    assert page.locator("#candidates tbody tr").count() >= 1
    assert page.locator(f'#reactivations tr[data-subject="{site.reactivated}"]').count() == 1
    watch = page.locator('#release-watch tr[data-subject="SX2"]')
    assert "in 30 days" in watch.inner_text()
    shoot(page, "pages-dashboard")
    assert errors == [] and dialogs == []
    _no_script_ran(page)


def test_search_finds_a_misspelt_name_and_opens_the_profile(site, page_as):
    page = page_as("analyst")
    subject = site.truth["tier1"][0]
    surname = site.truth["duplicate_persons"][0]["names"][0].split()[-1]  # e.g. Fauxhurst
    misspelt = surname[:-2] + ("a" if surname[-2] != "a" else "e") + surname[-1]
    page.click("nav >> text=Search")
    page.fill("#q", misspelt)
    page.click("form.searchbar button")
    page.wait_for_load_state("networkidle")
    rows = page.locator("#subjects tbody tr")
    assert rows.count() >= 1
    assert surname in page.locator("#subjects").inner_text()
    page.fill("#q", surname)  # finds the same person recorded under a variant spelling too
    page.click("form.searchbar button")
    page.wait_for_load_state("networkidle")
    assert page.locator("#subjects tbody tr").count() >= 2
    shoot(page, "pages-search")
    page.fill("#q", subject)
    page.click("form.searchbar button")
    page.locator(f'#subjects a[href="/subjects/{subject}"]').first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/subjects/{subject}")
    assert page.locator("#tier .verdict").is_visible()


def test_the_board_filters_and_explains(site, page_as):
    page = page_as("rasso_officer")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{site.url}/tiers?as_of={DEMO_AS_OF}")
    tier1 = page.locator("#group-1 tbody tr[data-subject]")
    planted = set(site.truth["tier1"])
    shown = {tier1.nth(i).get_attribute("data-subject") for i in range(tier1.count())}
    assert planted <= shown
    page.select_option("select[name=tier]", "2")
    page.click("#board-filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "tier=2" in page.url and page.locator("#group-1").count() == 0
    assert page.locator("#group-2 tbody tr[data-subject]").count() >= len(site.truth["tier2"])
    first = page.locator("#group-2 a.why").first
    first.click()
    box = page.locator("#group-2 tr.explain:not([hidden]) .why-box").first
    box.locator("ul.criteria").first.wait_for()
    assert "met" in box.inner_text() and "Tier 1" in box.inner_text()
    shoot(page, "pages-board")
    page.goto(f"{site.url}/tiers?group=status")
    assert page.locator("#group-archived tr[data-subject=SX2]").count() == 1
    assert page.locator(f"#group-reactivated tr[data-subject={site.reactivated}]").count() == 1
    assert errors == []


def _busy_subject(site) -> str:
    return next(s for s in site.truth["tier1"] if s != site.reactivated)


def test_a_subject_profile_reads_well(site, page_as):
    page = page_as("analyst")
    page.goto(f"{site.url}/subjects/{_busy_subject(site)}")
    assert page.locator("#timeline tbody tr").count() >= 1
    assert page.locator("#victims tbody tr").count() >= 1
    assert page.locator("#adopt-form").count() == 1 or page.locator("#nominate-form").count() == 1
    shoot(page, "pages-subject")
    page.locator("#lifecycle").scroll_into_view_if_needed()
    shoot(page, "pages-subject-lifecycle")
    page.locator("#timeline").scroll_into_view_if_needed()
    shoot(page, "pages-subject-timeline")
    page.locator("#victims").scroll_into_view_if_needed()
    shoot(page, "pages-subject-victims")


def test_the_mappa_panel_sees_no_victim_names(site, page_as, session_db):
    subject = site.truth["shared_victims"][0]["subject_ids"][0]
    victims = session_db.read_text(
        "t",
        "MATCH (:Subject {id: $id})-[:NAMED_IN]->(:Offence)<-[:VICTIM_OF]-(v:Victim) "
        "RETURN DISTINCT v.id AS id, v.forename AS forename, v.surname AS surname, "
        "toString(v.dob) AS dob",
        id=subject,
    )
    assert victims
    page = page_as("mappa_panel")
    page.goto(f"{site.url}/subjects/{subject}")
    html = page.content()
    assert "Victim A" in page.locator("#victims").inner_text()
    for v in victims:
        # (a surname alone may also be a subject's: the synthetic pool of names is shared)
        for secret in (v["id"], f"{v['forename']} {v['surname']}", v["dob"]):
            assert not secret or secret not in html, secret
    assert page.locator("#adopt-form, #move-form, #nominate-form").count() == 0
    page.goto(f"{site.url}/subjects/{_busy_subject(site)}")
    labels = page.locator("#victims tbody tr.victim td:first-child").all_inner_texts()
    assert labels[:2] == ["Victim A", "Victim B"]
    page.locator("#victims").scroll_into_view_if_needed()
    shoot(page, "pages-subject-mappa")


def test_a_script_in_a_name_never_runs(site, page_as):
    page = page_as("analyst")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in ("/subjects/SX1", "/tiers", "/search?q=SX1", "/"):
        page.goto(site.url + url)
        page.wait_for_load_state("networkidle")
        if url != "/":  # the dashboard shows only the first ten candidates
            assert SCRIPT in page.locator("main").inner_text(), url
        assert page.locator("main img").count() == 0, url
        _no_script_ran(page)
    assert dialogs == []


def test_an_analyst_adopts_in_the_browser(site, page_as):
    page = page_as("analyst")
    page.goto(f"{site.url}/subjects/SX1")
    page.select_option("#adopt-tier", "2")
    page.fill("#adopt-reason", "TCG test adoption")
    page.click("#adopt-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "SX1 adopted at Tier 2." in page.locator(".flash.ok").inner_text()
    assert "TCG test adoption" in page.locator("#lifecycle").inner_text()
    assert page.locator("#move-form").count() == 1
