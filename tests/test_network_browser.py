"""The network view and repeat locations in Chromium: drawn, expanded, exported, safe."""

from __future__ import annotations

import csv
import time

import pytest

from app import vocab
from ingest.pipeline import run_ingest
from tests.browser_fixtures import DEMO_AS_OF, shoot
from tests.scenarios import write_folder

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

INJECTION = "<img src=x onerror=alert(1)>"
SETTLED = "#network[data-settled=true]"


@pytest.fixture(scope="module")
def site(demo_site, session_db, tmp_path_factory):
    """The demo force plus one subject whose names are script injections, tied to the
    demo's busiest repeat location (so the injection sits inside a real network)."""
    busiest = demo_site.truth["repeat_locations"][0]["location_id"]
    folder = write_folder(
        tmp_path_factory.mktemp("inject") / "inject",
        subjects=[{"subject_id": "SXSS", "forename": INJECTION,
                   "surname": "<script>alert(2)</script>", "aliases": "", "dob": "1980-01-01",
                   "gender": "male", "pnc_id": ""}],
        offences=[{"offence_id": "OXSS", "ho_code": "19C", "offence_type": INJECTION,
                   "committed_from": "2026-06-01", "committed_to": "",
                   "reported_on": "2026-06-02", "location_id": busiest, "outcome_code": "",
                   "domestic": "false", "mo_notes": INJECTION}],
        offence_subjects=[{"offence_id": "OXSS", "subject_id": "SXSS", "role": "suspect",
                           "named_on": ""}],
        victims=[{"victim_id": "VXSS", "forename": INJECTION, "surname": "Xss",
                  "dob": "1990-01-01", "gender": "female"}],
        offence_victims=[{"offence_id": "OXSS", "victim_id": "VXSS"}],
    )
    run_ingest(folder, db=session_db, quarantine_dir=folder.parent / "q", progress=False)
    return demo_site


def watch(page) -> dict[str, list]:
    """Collect script errors and dialogs (an alert() would be a script that ran)."""
    seen: dict[str, list] = {"errors": [], "dialogs": []}
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))

    def dialog(d):
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return seen


def open_network(page, url: str) -> int:
    """Go to a network page, wait until the drawing has settled, return its node count."""
    page.goto(url)
    page.wait_for_selector(SETTLED, timeout=30_000)
    return int(page.get_attribute("#network", "data-node-count"))


def wait_until(page, expression: str, timeout: float = 15.0) -> None:
    """Poll ``expression`` until true (Playwright's wait_for_function needs eval: the CSP
    forbids that, rightly)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


def api(page, url: str) -> dict:
    response = page.request.get(url)
    assert response.ok, response.text()
    return response.json()


@pytest.fixture(scope="module")
def busy_subject(site):
    """A Tier 1 subject of the demo (a network of a few dozen nodes at depth 2)."""
    return site.truth["tier1"][0]


def test_the_network_draws_every_node_the_api_sends(site, page_as):
    page = page_as("analyst")
    seen = watch(page)
    best, best_count = None, -1
    for subject in site.truth["tier1"][:6]:
        count = api(page, f"{site.url}/api/charts/subject/{subject}?depth=2")["counts"]["nodes"]
        if best_count < count <= 150:
            best, best_count = subject, count
    query = f"?depth=2&as_of={DEMO_AS_OF.isoformat()}"
    drawn = open_network(page, f"{site.url}/network/{best}{query}")
    expected = api(page, f"{site.url}/api/charts/subject/{best}{query}")
    assert drawn == expected["counts"]["nodes"] == len(expected["nodes"])
    assert page.evaluate("document.getElementById('network').widget.nodes.length") == drawn
    assert int(page.get_attribute("#network", "data-edge-count")) == len(expected["edges"])
    # The legend lists what is drawn; a Tier 1 subject on the as-of date wears its ring.
    legend = page.locator(".legend-items").inner_text()
    assert "Subject" in legend and "Tier 1 subject (ring)" in legend
    assert page.locator(".net-details h2").inner_text().strip()
    shoot(page, "network-analyst")
    assert seen == {"errors": [], "dialogs": []}


def test_double_clicking_a_node_expands_it(site, page_as, busy_subject):
    page = page_as("analyst")
    seen = watch(page)
    before = open_network(page, f"{site.url}/network/{busy_subject}?depth=1")
    # An offence at depth 1 has victims and a place not drawn yet at depth 1.
    point = page.evaluate("""() => {
        const w = document.getElementById('network').widget;
        const id = [...w.raw.keys()].find(k => k.startsWith('offence:'));
        w.network.moveTo({position: w.network.getPosition(id), scale: 1, animation: false});
        const p = w.network.canvasToDOM(w.network.getPosition(id));
        const box = document.querySelector('#network canvas').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""")
    page.mouse.dblclick(point["x"], point["y"])
    wait_until(page, f"Number(document.getElementById('network').dataset.nodeCount) > {before}")
    after = int(page.get_attribute("#network", "data-node-count"))
    assert after > before
    assert "Added" in page.locator(".net-message").inner_text()
    assert seen == {"errors": [], "dialogs": []}


def test_an_injected_name_runs_no_script_in_page_labels_or_tooltips(site, page_as):
    page = page_as("analyst")
    seen = watch(page)
    open_network(page, f"{site.url}/network/SXSS?depth=2")
    assert INJECTION in page.locator("h1").inner_text()
    assert INJECTION in page.locator(".net-details").inner_text()
    # Hover the injected subject and offence so that their tooltips open.
    for node in ("subject:SXSS", "offence:OXSS"):
        point = page.evaluate("""(id) => {
            const w = document.getElementById('network').widget;
            const p = w.network.canvasToDOM(w.network.getPosition(id));
            const box = document.querySelector('#network canvas').getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""", node)
        page.mouse.move(point["x"], point["y"])
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        assert INJECTION in page.locator("div.vis-tooltip").inner_text()
    page.mouse.click(*_centre(page))  # opens a details panel too
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("script:not([src])").count() == 0
    page.wait_for_timeout(500)
    assert seen == {"errors": [], "dialogs": []}
    shoot(page, "network-injection")


def _centre(page) -> tuple[float, float]:
    box = page.locator("#network canvas").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_the_mappa_panel_sees_no_victim_names_and_cannot_save(site, page_as, busy_subject):
    page = page_as("mappa_panel")
    seen = watch(page)
    open_network(page, f"{site.url}/network/{busy_subject}?depth=2")
    # A pseudonymous victim can still be expanded (found from the offence beside her).
    page.evaluate("(() => { const w = document.getElementById('network').widget; "
                  "w.expand([...w.raw.values()].find(n => n.kind === 'victim').id); })()")
    wait_until(page, "!document.querySelector('.net-status').textContent"
                     ".startsWith('Expanding')")
    assert not page.locator(".net-status").inner_text().startswith("Could not")
    assert page.locator(".net-message").is_visible()
    with (site.folder / "victims.csv").open(newline="", encoding="utf-8") as handle:
        victims = list(csv.DictReader(handle))
    drawn = page.evaluate("JSON.stringify([...document.getElementById('network')"
                          ".widget.raw.values()])")
    html = page.content()
    labels = page.evaluate("[...document.getElementById('network').widget.raw.values()]"
                           ".filter(n => n.kind === 'victim').map(n => n.label)")
    assert labels and all(label.startswith("Victim ") for label in labels)
    assert "Victim A" in labels
    for v in victims:
        name = f"{v['forename']} {v['surname']}"
        assert name not in drawn and name not in html
        assert v["victim_id"] not in drawn
    assert page.locator("button[data-action=save]").count() == 0
    assert "read-only" in page.locator(".net-legend").inner_text()
    shoot(page, "network-mappa")
    assert seen == {"errors": [], "dialogs": []}


def test_a_saved_layout_comes_back_and_png_export_downloads(site, page_as, busy_subject):
    page = page_as("analyst")
    seen = watch(page)
    url = f"{site.url}/network/{busy_subject}?depth=2&as_of={DEMO_AS_OF.isoformat()}"
    open_network(page, url)
    page.click("button[data-action=save]")
    wait_until(page, "document.querySelector('.net-status').textContent"
                     ".startsWith('Layout saved')")
    saved = page.evaluate("document.getElementById('network').widget.positions()")
    open_network(page, url)
    restored = page.evaluate("document.getElementById('network').widget.positions()")
    some = sorted(saved)[:5]
    assert all(abs(saved[k]["x"] - restored[k]["x"]) < 1 for k in some)
    # Restoring keeps each node's own styling: the Tier 1 centre still wears its ring.
    ring = page.evaluate(f"document.getElementById('network').widget.network.body"
                         f".nodes['subject:{busy_subject}'].options.color.border")
    assert ring == vocab.TIER_RINGS[1]
    with page.expect_download() as info:
        page.click("button[data-action=export]")
    download = info.value
    assert download.suggested_filename == f"linkwatch-network-subject-{busy_subject}.png"
    data = open(download.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
    page.click("button[data-action=reset]")
    page.wait_for_selector(SETTLED, timeout=30_000)
    assert seen == {"errors": [], "dialogs": []}


def test_the_repeat_locations_page_maps_its_places(site, page_as):
    page = page_as("analyst")
    seen = watch(page)
    page.goto(f"{site.url}/locations?from=2025-11-01&to={DEMO_AS_OF.isoformat()}")
    page.wait_for_selector("#map[data-marker-count]:not([data-marker-count=''])")
    placed = page.locator(".loc-table tbody tr:not([data-lat=''])").count()
    assert int(page.get_attribute("#map", "data-marker-count")) == placed > 0
    online = page.locator(".loc-table tbody tr[data-venue-type=online]")
    assert online.count() == 0 or online.first.get_attribute("data-lat") == ""
    first = page.locator(".loc-table tbody tr").first
    assert first.get_attribute("data-id") == site.truth["repeat_locations"][0]["location_id"]
    shoot(page, "repeat-locations")
    first.locator("a").click()
    page.wait_for_selector(SETTLED, timeout=30_000)
    assert page.locator("table.heat td.peak").count() == 1
    shoot(page, "location-profile")
    assert seen == {"errors": [], "dialogs": []}
