"""The paths and links page and the search box in a real browser, on the demo force.

A chain like the one seen on the demo force (A shares a victim with B, B offends where C
offends) is looked up in the loaded data, then drawn on /paths; the search box finds a phone
typed with dashes, a registration typed in lower case, a crime reference typed with spaces,
and a victim by name (not for the MAPPA panel). Screenshots at 1366x768 go to
``test-artifacts/screenshots/paths-*.png`` and ``search-*.png``.
"""

from __future__ import annotations

import pytest

from graph.analytics import service
from tests.browser_fixtures import shoot

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


def _watch(page) -> list[str]:
    """Page errors and CSP refusals, collected as they happen."""
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text)
            if msg.type == "error" or "Content Security Policy" in msg.text else None)
    return problems


@pytest.fixture(scope="module")
def chain(demo_site, session_db) -> dict[str, str]:
    """A -shared victim- B -same place- C on the demo force, A and C not linked directly."""
    db = session_db
    for group in demo_site.truth["shared_victims"]:
        for a in group["subject_ids"]:
            direct = service.subject_links(db, a)["links"]
            linked = {link["target"] for link in direct}
            for link in direct:
                if "shared_victim" not in link["types"]:
                    continue
                b = link["target"]
                for onward in service.subject_links(db, b, types="same_location")["links"]:
                    c = onward["target"]
                    if c != a and c not in linked:
                        place = onward["evidence"]["same_location"][0]["location_id"]
                        return {"a": a, "b": b, "c": c, "place": place}
    pytest.fail("the demo force has no shared-victim then same-place chain")


def test_the_paths_page_draws_a_two_link_chain_with_its_evidence(demo_site, chain, page_as,
                                                                 session_db):
    page = page_as("analyst")
    problems = _watch(page)
    page.click("nav >> text=Search")
    page.click("#open-paths")
    assert page.url.endswith("/paths")
    # Suggestions as you type, from the search.
    name = service.subject_links(session_db, chain["a"])["subject"]["name"]
    page.fill("#from", name.split()[-1][:5])
    page.wait_for_function(
        "() => Number(document.querySelector('#from').dataset.suggestions || 0) > 0")
    assert page.locator("#from-options option").count() >= 1
    page.fill("#from", chain["a"])
    page.fill("#to", chain["c"])
    page.click("#paths-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    chart = page.locator("#paths-chart")
    assert chart.is_visible()
    for subject in (chain["a"], chain["c"]):
        assert page.locator(f'#paths-chart [data-node="{subject}"]').count() == 1
    summary = page.locator("#paths-summary").inner_text()
    assert "shortest route" in summary and "of 2 links" in summary, summary
    route = page.locator("#route-1")
    assert route.locator("tr.hop").count() >= 2
    shoot(page, "paths-chart")
    page.locator("#route-1").scroll_into_view_if_needed()
    shoot(page, "paths-route")
    page.locator("#links").scroll_into_view_if_needed()
    assert page.locator("#links tbody tr").count() >= 1
    shoot(page, "paths-links")
    # The same two with every type but "same place": the form keeps what was chosen.
    page.uncheck('#paths-form input[value="same_location"]')
    page.click("#paths-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "types=same_location" not in page.url
    assert not page.locator('#paths-form input[value="same_location"]').is_checked()
    if page.locator("#no-path").count():
        assert "same place" in page.locator("#paths-hint").inner_text()
        shoot(page, "paths-without-same-place")
        page.click("#paths-hint-apply")  # the hint's own link puts the type back
        page.wait_for_load_state("networkidle")
        assert page.locator('#paths-form input[value="same_location"]').is_checked()
        assert page.locator("#paths-chart").is_visible()
    else:
        assert "same place" not in page.locator("#paths-summary").inner_text()
        shoot(page, "paths-without-same-place")
    assert problems == []


def test_a_path_to_a_place_and_the_panels_view_of_a_shared_victim(demo_site, chain, page_as,
                                                                  session_db):
    page = page_as("analyst")
    problems = _watch(page)
    page.goto(f"{demo_site.url}/paths?from={chain['a']}&place={chain['place']}")
    assert page.locator(f'#paths-chart [data-node="{chain["place"]}"]').count() == 1
    assert page.locator("tr.place-hop").count() >= 1
    shoot(page, "paths-place")
    victims = session_db.read_text(
        "t", "MATCH (:Subject {id: $a})-[:NAMED_IN]->(:Offence)<-[:VICTIM_OF]-(v:Victim)"
             "-[:VICTIM_OF]->(:Offence)<-[:NAMED_IN]-(:Subject {id: $b}) "
             "RETURN DISTINCT v.id AS id, v.forename AS forename, v.surname AS surname",
        a=chain["a"], b=chain["b"])
    assert victims
    page.goto(f"{demo_site.url}/paths?from={chain['a']}&to={chain['b']}")
    assert any(v["surname"] in page.locator("#route-1").inner_text() for v in victims)
    panel = page_as("mappa_panel")
    problems += _watch(panel)
    panel.goto(f"{demo_site.url}/paths?from={chain['a']}&to={chain['b']}")
    route = panel.locator("#route-1").inner_text()
    assert "Victim" in route
    html = panel.content()
    for v in victims:
        for secret in (v["id"], f"{v['forename']} {v['surname']}"):
            assert secret not in html, secret
    panel.locator("#route-1").scroll_into_view_if_needed()
    shoot(panel, "paths-mappa")
    assert problems == []


def _phone_with_two_spellings(db) -> dict:
    rows = db.read_text(
        "t", "MATCH (s:Subject)-[h:HAS_IDENTIFIER]->(i:Identifier {kind: 'phone'}) "
             "WITH i, collect(DISTINCT s.id) AS holders WHERE size(holders) >= 2 "
             "RETURN i.id AS id, i.value AS value, holders ORDER BY id LIMIT 1")
    assert rows, "the demo force has no phone shared by two subjects"
    return rows[0]


def test_the_search_box_finds_phones_plates_references_and_victims(demo_site, page_as,
                                                                   session_db):
    page = page_as("analyst")
    problems = _watch(page)
    phone = _phone_with_two_spellings(session_db)
    digits = phone["value"]
    typed = f"{digits[:5]}-{digits[5:8]}-{digits[8:]}"  # 07700-979-579
    page.click("nav >> text=Search")
    page.fill("#q", typed)
    page.click("form.searchbar button")
    page.wait_for_load_state("networkidle")
    row = page.locator(f'#identifiers tr[data-identifier="{phone["id"]}"]')
    assert row.count() == 1
    for holder in phone["holders"]:
        assert page.locator(f'#subjects tr[data-subject="{holder}"] .matched').count() == 1
    shoot(page, "search-phone")
    plate = session_db.read_text(
        "t", "MATCH (:Subject)-[:HAS_IDENTIFIER]->(i:Identifier {kind: 'vehicle'}) "
             "RETURN i.id AS id, i.value AS value ORDER BY id LIMIT 1")[0]
    page.fill("#q", f"{plate['value'][:4]} {plate['value'][4:]}".lower())
    page.click("form.searchbar button")
    page.wait_for_load_state("networkidle")
    assert page.locator(f'#identifiers tr[data-identifier="{plate["id"]}"]').count() == 1
    offence = session_db.read_text(
        "t", "MATCH (o:Offence) RETURN o.id AS id, o.crime_ref AS ref ORDER BY id LIMIT 1")[0]
    ref = offence["ref"]
    page.fill("#q", " ".join([ref[:1], ref[1:4], ref[4:]]).lower())  # "o 000 0001"
    page.click("form.searchbar button")
    page.wait_for_load_state("networkidle")
    assert page.locator(f'#offences tr[data-offence="{offence["id"]}"]').count() == 1
    shoot(page, "search-crime-ref")
    victim = session_db.read_text(
        "t", "MATCH (v:Victim)-[:VICTIM_OF]->(:Offence) RETURN v.id AS id, v.forename AS "
             "forename, v.surname AS surname ORDER BY id LIMIT 1")[0]
    page.fill("#q", f"{victim['forename']} {victim['surname']}")
    page.click("form.searchbar button")
    page.wait_for_load_state("networkidle")
    assert page.locator(f'#victims tr[data-victim="{victim["id"]}"]').count() == 1
    shoot(page, "search-victim")
    panel = page_as("mappa_panel")
    problems += _watch(panel)
    panel.goto(f"{demo_site.url}/search?q={victim['forename']}+{victim['surname']}")
    assert panel.locator("#victims").count() == 0
    assert victim["id"] not in panel.content()
    shoot(panel, "search-victim-mappa")
    assert problems == []
