"""The network view and repeat locations in Chromium: drawn, expanded, grouped, filtered in
time, annotated, exported, safe, and with a clean console (no script error, no CSP refusal).

Screenshots go to ``test-artifacts/screenshots/network-*.png``; the exported PNG and SVG of
one chart (and the SVG drawn by Chromium) to ``network-export-*``.
"""

from __future__ import annotations

import base64
import csv
import io
import itertools
import math
import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections import deque

import pytest

from app import vocab
from app.auth import audit
from ingest.pipeline import run_ingest
from tests.browser_fixtures import ARTIFACTS, DEMO_AS_OF, shoot
from tests.scenarios import write_folder

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

INJECTION = "<img src=x onerror=alert(1)>"
SETTLED = "#network[data-settled=true]"
W = "document.getElementById('network').widget"


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
    """Collect script errors, console errors (a refused inline style or script is one) and
    dialogs (an alert() would be a script that ran)."""
    seen: dict[str, list] = {"errors": [], "dialogs": [], "console": []}
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))

    def console(message):
        text = message.text
        if message.type in ("error", "warning") or "Content Security Policy" in text:
            seen["console"].append(f"{message.type}: {text}")

    def dialog(d):
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("console", console)
    page.on("dialog", dialog)
    return seen


CLEAN = {"errors": [], "dialogs": [], "console": []}


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


def screen_point(page, node_id: str) -> dict:
    """Where a node is on the screen (page coordinates)."""
    return page.evaluate("""(id) => {
        const w = document.getElementById('network').widget;
        const p = w.network.canvasToDOM(w.network.getPosition(id));
        const box = document.querySelector('#network canvas').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", node_id)


def hover_nothing(page) -> None:
    """Move the mouse to an empty corner of the drawing, so that no tooltip hides it."""
    box = page.locator("#network canvas").bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + 3)
    page.wait_for_timeout(250)


def bring_into_view(page, node_id: str, scale: float = 1.0) -> dict:
    page.evaluate(f"""(id) => {{ const w = {W};
        w.network.moveTo({{position: w.network.getPosition(id), scale: {scale},
                           animation: false}}); w.markLabels(); }}""", node_id)
    return screen_point(page, node_id)


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
    assert page.evaluate(f"{W}.nodes.length") == drawn
    assert int(page.get_attribute("#network", "data-edge-count")) == len(expected["edges"])
    # The legend lists what is drawn; a Tier 1 subject on the as-of date wears its ring.
    legend = page.locator(".legend-items").inner_text()
    assert "Subject" in legend and "Tier 1 subject (ring)" in legend
    assert page.locator(".net-details h2").inner_text().strip()
    shoot(page, "network-analyst")
    assert seen == CLEAN


def test_the_network_pages_log_no_console_error_and_no_csp_violation(site, page_as,
                                                                     busy_subject):
    """The peer build of vis-network injects no <style>: nothing for the CSP to refuse, and
    its tooltips are styled by the linked CSS file."""
    page = page_as("analyst")
    seen = watch(page)
    open_network(page, f"{site.url}/network/{busy_subject}?depth=2")
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert page.evaluate("[...document.styleSheets].some(s => (s.href || '')"
                         ".endsWith('vis-network.min.css'))")
    page.mouse.move(**bring_into_view(page, f"subject:{busy_subject}"))
    tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    # vis-network's own CSS positions the tooltip; ours gives it a white card.
    style = page.evaluate("""() => { const s = getComputedStyle(
        document.querySelector('div.vis-tooltip'));
        return {position: s.position, background: s.backgroundColor,
                border: s.borderTopStyle}; }""")
    assert style == {"position": "absolute", "background": "rgb(255, 255, 255)",
                     "border": "solid"}
    assert tip.inner_text().strip()
    shoot(page, "network-tooltip")
    busiest = site.truth["repeat_locations"][0]["location_id"]
    page.goto(f"{site.url}/locations/{busiest}?period=all")
    page.wait_for_selector(SETTLED, timeout=30_000)
    page.wait_for_timeout(300)
    assert seen == CLEAN


def test_double_clicking_a_node_expands_it(site, page_as, busy_subject):
    page = page_as("analyst")
    seen = watch(page)
    before = open_network(page, f"{site.url}/network/{busy_subject}?depth=1")
    # An offence at depth 1 has victims and a place not drawn yet at depth 1.
    offence = page.evaluate(f"[...{W}.raw.keys()].find(k => k.startsWith('offence:'))")
    page.mouse.dblclick(**bring_into_view(page, offence))
    wait_until(page, f"Number(document.getElementById('network').dataset.nodeCount) > {before}")
    after = int(page.get_attribute("#network", "data-node-count"))
    assert after > before
    assert "Added" in page.locator(".net-message").inner_text()
    assert seen == CLEAN


def test_expanding_places_new_nodes_in_a_ring_round_the_node_and_moves_nothing_else(
        site, page_as, busy_subject):
    page = page_as("analyst")
    seen = watch(page)
    open_network(page, f"{site.url}/network/{busy_subject}?depth=2")
    # The outermost subject or place whose expansion adds the most, up to 60 nodes (asked of
    # the API, as the page would).
    drawn = set(page.evaluate(f"[...{W}.raw.keys()]"))
    outer = page.evaluate(f"[...{W}.raw.values()].filter(n => n.depth === 2 && "
                          "['subject', 'location'].includes(n.kind)).map(n => n.id)")
    gains = {}
    for node in sorted(outer):
        kind, key = node.split(":", 1)
        body = api(page, f"{site.url}/api/charts/expand/{kind}/{key}")
        gains[node] = len({n["id"] for n in body["nodes"]} - drawn)
    target = max(sorted(gains), key=lambda k: (gains[k] <= 60, gains[k]))
    assert 8 <= gains[target] <= 60, gains
    old = page.evaluate(f"{W}.positions()")
    page.mouse.dblclick(**bring_into_view(page, target))
    wait_until(page, f"Number(document.getElementById('network').dataset.nodeCount) "
                     f"> {len(old)}")
    after = page.evaluate(f"{W}.positions()")
    moved = {k: math.dist((old[k]["x"], old[k]["y"]), (after[k]["x"], after[k]["y"]))
             for k in old}
    assert max(moved.values()) < 1, {k: d for k, d in moved.items() if d >= 1}
    new = {k: v for k, v in after.items() if k not in old}
    assert len(new) == gains[target]
    _ring_check(page, after[target], new, old)
    page.evaluate(f"{W}.fit()")
    hover_nothing(page)
    shoot(page, "network-expanded-ring")
    assert seen == CLEAN


def test_labels_are_short_on_the_canvas_full_on_hover_and_hidden_when_zoomed_out(
        site, page_as, busy_subject):
    page = page_as("analyst")
    seen = watch(page)
    open_network(page, f"{site.url}/network/{busy_subject}?depth=2")
    data = page.evaluate(f"[...{W}.raw.values()].map(n => [n.id, n.kind, n.label, n.short])")
    drawn = page.evaluate(f"Object.fromEntries({W}.nodes.get().map(n => [n.id, n.label]))")
    for node_id, kind, label, short in data:
        assert drawn[node_id] == short and len(short.split("\n")[0]) <= 26, (label, short)
        if kind == "subject" and " " in label.split("\n")[0]:
            first, *_, last = label.split("\n")[0].split(" ")
            assert short.split("\n")[0] == f"{first[:19]} {last[0]}.", (label, short)
        if kind == "offence" and label.count("\n"):
            assert re.fullmatch(r".+ \d{4}-\d\d", short), short
    # The full name is in the tooltip and the details pane.
    subject = next((d for d in data if d[1] == "subject" and not d[0].endswith(busy_subject)),
                   None) or next(d for d in data if d[1] == "victim")
    page.mouse.move(**bring_into_view(page, subject[0]))
    tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert subject[2].split("\n")[0] in tip.inner_text()
    page.mouse.click(**screen_point(page, subject[0]))
    assert page.locator(".net-details h2").inner_text() == subject[2].split("\n")[0]
    # Close up every label is drawn; zoomed out none of vis-network's ...
    visible = f"""(id) => {W}.network.body.nodes[id].labelModule.visible()"""
    offence = next(d[0] for d in data if d[1] == "offence")
    centre = f"subject:{busy_subject}"
    assert page.evaluate(visible, offence) and page.get_attribute("#network",
                                                                  "data-labels") == "shown"
    shoot(page, "network-labels-close")
    page.evaluate(f"{W}.network.moveTo({{scale: 0.3, animation: false}}); {W}.markLabels()")
    page.wait_for_timeout(200)
    assert not page.evaluate(visible, offence) and not page.evaluate(visible, centre)
    # ... except the ones that matter most, drawn at a size that stays readable.
    far = page.evaluate(f"{W}.farLabels().map(l => l.id)")
    assert centre in far and offence not in far
    assert page.get_attribute("#network", "data-labels") == "hidden"
    assert page.locator(".net-zoom-hint").is_visible()
    hover_nothing(page)
    shoot(page, "network-labels-far")
    assert seen == CLEAN


def _large_place(page, site) -> tuple[str, int]:
    """A repeat location whose network (all time) is large enough to be grouped."""
    for row in site.truth["repeat_locations"][:6]:
        for depth in (2, 3):
            body = api(page, f"{site.url}/api/charts/location/{row['location_id']}"
                             f"?depth={depth}")
            if any("community" in n for n in body["nodes"]):
                return row["location_id"], depth
    pytest.fail("no repeat location of the demo has a network large enough to group")


def _ring_check(page, at: dict, new: dict, old: dict) -> None:
    """``new`` nodes lie round ``at`` on the widget's rings, GAP apart and from ``old``."""
    ring, step, gap = (page.evaluate(f"window.linkwatchNetwork.{k}")
                       for k in ("RING", "RING_STEP", "GAP"))
    distances = [math.dist((p["x"], p["y"]), (at["x"], at["y"])) for p in new.values()]
    # Round the node: on the first ring or the next few, never on top of it...
    assert ring - 1 <= min(distances) and max(distances) <= ring + 6 * step + 1, distances
    # ... nor on top of each other or of anything already drawn (vis-network gives
    # positions rounded to whole units: hence the 1.5).
    for a, b in itertools.combinations(new, 2):
        assert math.dist((new[a]["x"], new[a]["y"]), (new[b]["x"], new[b]["y"])) >= gap - 1.5
    for a, p in new.items():
        nearest = min(math.dist((p["x"], p["y"]), (q["x"], q["y"])) for q in old.values())
        assert nearest >= gap - 1.5, a


def test_a_large_location_network_is_grouped_and_a_click_opens_a_group(site, page_as):
    page = page_as("analyst")
    seen = watch(page)
    place, depth = _large_place(page, site)
    total = open_network(page, f"{site.url}/locations/{place}?period=all&depth={depth}")
    assert page.get_attribute("#network", "data-grouped") == "community"
    groups = int(page.get_attribute("#network", "data-group-count"))
    top = page.evaluate(f"{W}.network.body.nodeIndices.length")
    assert 2 <= groups <= 21 and top == groups + 1, (groups, top, total)
    # Every group is labelled: its best-connected member and its size (or "Small groups").
    labels = page.evaluate(f"{W}.liveGroups().map(g => g.label)")
    assert all(re.fullmatch(r".+ \+\d+|Small groups \(\d+\)", label) for label in labels)
    assert "Group of nodes (click to open)" in page.locator(".legend-items").inner_text()
    hover_nothing(page)
    # The overview is drawn close enough to read.
    assert page.evaluate(f"{W}.network.getScale()") >= 0.5
    page.locator(".network-widget").scroll_into_view_if_needed()
    shoot(page, "network-location-grouped")
    # The SVG export draws the groups as they are, and says the drawing was grouped.
    with page.expect_download() as info:
        page.click("button[data-action=export-svg]")
    text = open(info.value.path(), encoding="utf-8").read()
    shutil.copy(info.value.path(), ARTIFACTS / "network-export-grouped.svg")
    _render_svg(page, text, "network-export-grouped-svg")
    chart = ET.fromstring(text).find("s:g[@class='chart']", SVG_NS)
    assert len([e for e in chart if e.tag.split("}")[1] in ("circle", "polygon")]) == top
    drawn_words = {t.text for t in ET.fromstring(text).iter(f"{{{SVG_NS['s']}}}text")}
    assert set(labels) <= drawn_words
    assert any(w and w.startswith("Grouped by community") for w in drawn_words)
    # A click opens the biggest group: its members fan out round it, nothing else moves.
    biggest = page.evaluate(f"{W}.liveGroups().sort((a, b) => b.members - a.members)[0]")
    members = page.evaluate(f"{W}.network.getNodesInCluster('{biggest['id']}')")
    before = page.evaluate(f"{W}.topLevel()")
    page.mouse.click(**bring_into_view(page, biggest["id"], 0.8))
    wait_until(page, f"Number(document.getElementById('network').dataset.groupCount) "
                     f"=== {groups - 1}")
    after = page.evaluate(f"{W}.topLevel()")
    assert set(after) == set(before) - {biggest["id"]} | set(members)
    assert all(math.dist((before[k]["x"], before[k]["y"]), (after[k]["x"], after[k]["y"])) < 1
               for k in before if k in after)
    _ring_check(page, before[biggest["id"]], {k: after[k] for k in members},
                {k: v for k, v in before.items() if k != biggest["id"]})
    page.evaluate(f"{W}.fit()")
    hover_nothing(page)
    shoot(page, "network-location-group-opened")
    # By kind and venue: one group per kind of node; none: every node where it was laid out.
    page.select_option("select[data-control=group]", "kind")
    wait_until(page, "document.getElementById('network').dataset.grouped === 'kind'")
    kinds = page.evaluate(f"{W}.liveGroups().map(g => g.key)")
    assert kinds and set(kinds) <= set(vocab.GROUPS)
    shoot(page, "network-location-by-kind")
    page.select_option("select[data-control=group]", "")
    wait_until(page, "document.getElementById('network').dataset.groupCount === '0'")
    assert page.evaluate(f"{W}.network.body.nodeIndices.length") == total
    laid_out = page.evaluate(f"{W}.positions()")
    shoot(page, "network-location-ungrouped")
    page.select_option("select[data-control=group]", "community")
    wait_until(page, "document.getElementById('network').dataset.grouped === 'community'")
    page.select_option("select[data-control=group]", "")
    wait_until(page, "document.getElementById('network').dataset.groupCount === '0'")
    again = page.evaluate(f"{W}.positions()")
    assert all(math.dist((laid_out[k]["x"], laid_out[k]["y"]), (again[k]["x"], again[k]["y"]))
               < 1 for k in laid_out)
    assert seen == CLEAN


def _expected_hidden(body: dict, first: str, last: str) -> set[str]:
    """Nodes a window of months hides: offences outside it, and whatever is then no longer
    reached from the centre (worked out here from the API's JSON, independently)."""
    kind = {n["id"]: n for n in body["nodes"]}
    allowed = {i for i, n in kind.items()
               if n["kind"] != "offence" or first <= (n.get("date") or "")[:7] <= last
               and n.get("date")}
    near: dict[str, set[str]] = {}
    for e in body["edges"]:
        near.setdefault(e["from"], set()).add(e["to"])
        near.setdefault(e["to"], set()).add(e["from"])
    seen, queue = {body["centre"]}, deque([body["centre"]])
    while queue:
        for other in near.get(queue.popleft(), ()):
            if other in allowed and other not in seen:
                seen.add(other)
                queue.append(other)
    return set(kind) - seen


def _narrow(page, left: int, right: int) -> None:
    """Move the time slider's thumbs ``left`` months in from the start and ``right`` from
    the end, with the keyboard."""
    page.focus("input[data-control=time-from]")
    page.keyboard.press("Home")
    for _ in range(left):
        page.keyboard.press("ArrowRight")
    page.focus("input[data-control=time-to]")
    page.keyboard.press("End")
    for _ in range(right):
        page.keyboard.press("ArrowLeft")


def _slider_subject(page, site) -> tuple[str, dict, tuple[int, int]]:
    """A Tier 1 subject and a window of months that hides offences and, with them, some
    node that hangs only on them."""
    for subject in site.truth["tier1"][:8]:
        body = api(page, f"{site.url}/api/charts/subject/{subject}?depth=2")
        dates = sorted(n["date"][:7] for n in body["nodes"] if n.get("date"))
        if len(set(dates)) < 3:
            continue
        months = _months(dates[0], dates[-1])
        for left, right in ((len(months) // 3, len(months) // 3), (1, 1), (0, 1), (1, 0)):
            if left + right >= len(months):
                continue
            hidden = _expected_hidden(body, months[left], months[-1 - right])
            kinds = {n["kind"] for n in body["nodes"] if n["id"] in hidden}
            if kinds - {"offence"}:
                return subject, body, (left, right)
    pytest.fail("no Tier 1 subject with a window that hides more than offences")


def _months(first: str, last: str) -> list[str]:
    out, (y, m) = [], map(int, first.split("-"))
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def test_the_time_slider_hides_offences_outside_its_months_and_what_hangs_on_them(
        site, page_as):
    page = page_as("analyst")
    seen = watch(page)
    subject, body, (left, right) = _slider_subject(page, site)
    total = open_network(page, f"{site.url}/network/{subject}?depth=2")
    assert page.locator(".net-time").is_visible()
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/api/" in r.url else None)
    _narrow(page, left, right)
    dates = sorted(n["date"][:7] for n in body["nodes"] if n.get("date"))
    months = _months(dates[0], dates[-1])
    first, last = months[left], months[-1 - right]
    assert page.locator("[data-time=from]").inner_text() == first
    assert page.locator("[data-time=to]").inner_text() == last
    expected = _expected_hidden(body, first, last)
    # The page's node ids are its own (the page scope); analysts' ids are the real ones.
    hidden = set(page.evaluate(f"[...{W}.hidden]"))
    assert hidden == expected and expected
    assert int(page.get_attribute("#network", "data-visible-count")) == total - len(hidden)
    drawn = set(page.evaluate(f"{W}.network.body.nodeIndices"))
    assert not drawn & hidden
    assert requests == [], "the slider asked the server again"
    text = page.locator(".net-time-count").inner_text()
    offences = sum(1 for n in body["nodes"] if n["kind"] == "offence")
    shown = sum(1 for n in body["nodes"] if n["kind"] == "offence" and n["id"] not in hidden)
    assert text.startswith(f"{shown} of {offences} offences")
    shoot(page, "network-time-slider")
    page.click("button[data-action=time-all]")
    assert page.evaluate(f"{W}.hidden.size") == 0
    assert int(page.get_attribute("#network", "data-visible-count")) == total
    assert seen == CLEAN


SVG_NS = {"s": "http://www.w3.org/2000/svg"}


def _render_svg(page, text: str, name: str) -> None:
    """How Chromium draws an exported SVG (an image in a blank page, off the site's CSP),
    saved as ``test-artifacts/screenshots/<name>.png``."""
    viewer = page.context.new_page()
    encoded = base64.b64encode(text.encode()).decode()
    viewer.set_content(f'<img src="data:image/svg+xml;base64,{encoded}">')
    viewer.wait_for_timeout(300)
    viewer.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    viewer.close()


def test_png_and_svg_exports_carry_legend_filters_as_of_date_and_marking(
        site, page_as, session_db):
    from PIL import Image

    page = page_as("analyst")
    seen = watch(page)
    subject, body, (left, right) = _slider_subject(page, site)
    url = (f"{site.url}/network/{subject}?depth=2&category=sexual"
           f"&as_of={DEMO_AS_OF.isoformat()}")
    open_network(page, url)
    if page.locator(".net-time").is_visible():
        _narrow(page, 1, 0)
    canvas = page.locator("#network canvas").bounding_box()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with page.expect_download() as info:
        page.click("button[data-action=export]")
    png = info.value
    assert png.suggested_filename == f"linkwatch-network-subject-{subject}.png"
    shutil.copy(png.path(), ARTIFACTS / "network-export-png.png")
    image = Image.open(png.path()).convert("RGB")
    ratio = image.width / max(canvas["width"], 720)
    # Taller than the drawing: a marking band on top and at the bottom, legend and filters.
    assert image.height > (canvas["height"] + 150) * ratio
    top, bottom = image.getpixel((2, 2)), image.getpixel((2, image.height - 3))
    assert top == bottom == (0x14, 0x26, 0x3F)
    with page.expect_download() as info:
        page.click("button[data-action=export-svg]")
    svg = info.value
    assert svg.suggested_filename == f"linkwatch-network-subject-{subject}.svg"
    text = open(svg.path(), encoding="utf-8").read()
    shutil.copy(svg.path(), ARTIFACTS / "network-export-svg.svg")
    root = ET.fromstring(text)
    ns = SVG_NS
    words = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert words.count("OFFICIAL-SENSITIVE") == 2
    assert any(w.startswith("linkwatch network: ") and subject in w for w in words)
    assert "Legend" in words and "Subject" in words
    assert any("Sexual offences" in w and "Depth 2" in w for w in words)
    assert any(w.startswith(f"Tiers as of {DEMO_AS_OF.isoformat()}") for w in words)
    assert any(w.startswith(f"As of {DEMO_AS_OF.isoformat()} · Exported by b-analyst")
               for w in words)
    slider = page.locator(".net-time").is_visible()
    if slider:
        assert any(w.startswith("Time slider: reported ") for w in words)
    # The chart itself: one shape per node drawn, its short label under it.
    chart = root.find("s:g[@class='chart']", ns)
    shapes = [e for e in chart if e.tag.split("}")[1] in ("circle", "polygon")]
    drawn = page.evaluate(f"{W}.network.body.nodeIndices.length")
    assert len(shapes) == drawn
    labels = {t.text for t in chart.iter("{http://www.w3.org/2000/svg}text")}
    shorts = page.evaluate(f"[...{W}.raw.values()].filter(n => !{W}.hidden.has(n.id))"
                           ".map(n => n.short.split('\\n')[0])")
    assert set(shorts) <= labels
    # Both exports are in the audit log, with what they were drawn with.
    events = [e for e in audit.search(session_db, username="b-analyst")
              if e["action"] in ("export_network_png", "export_network_svg")
              and e["target_id"] == subject]
    assert {e["action"] for e in events} == {"export_network_png", "export_network_svg"}
    assert all("Sexual offences" in (e.get("reason") or "") for e in events)
    _render_svg(page, text, "network-export-svg")
    assert io.BytesIO(open(png.path(), "rb").read()).read(8) == b"\x89PNG\r\n\x1a\n"
    assert seen == CLEAN


def test_a_note_pinned_to_a_node_is_saved_with_the_layout_for_its_author_only(
        site, page_as, busy_subject):
    page = page_as("analyst")
    seen = watch(page)
    url = f"{site.url}/network/{busy_subject}?depth=1"
    open_network(page, url)
    target = page.evaluate(f"[...{W}.raw.keys()].find(k => k.startsWith('offence:'))")
    page.mouse.click(**bring_into_view(page, target))
    page.click(".net-details button[data-note=edit]")
    note = "Same MO as the <b>2023</b> series; ask the DC about CCTV"
    page.fill(".net-note textarea", note)
    page.click(".net-details button[data-note=pin]")
    wait_until(page, "document.querySelector('.net-status').textContent"
                     ".startsWith('Note pinned')")
    assert page.get_attribute("#network", "data-note-count") == "1"
    assert page.locator(".net-note-text").inner_text() == note
    assert "Your note (only you see it)" in page.locator(".legend-items").inner_text()
    hover_nothing(page)
    shoot(page, "network-note")
    # Back after a reload: on the canvas, in the details, in the tooltip.
    open_network(page, url)
    assert page.get_attribute("#network", "data-note-count") == "1"
    page.mouse.move(**bring_into_view(page, target))
    tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert "Your note: " + note in tip.inner_text()
    page.mouse.click(**screen_point(page, target))
    assert page.locator(".net-note-text").inner_text() == note
    assert page.locator("b").count() == 0  # text, never markup
    # Resetting the layout forgets positions, keeps the note.
    page.click("button[data-action=reset]")
    page.wait_for_selector(SETTLED, timeout=30_000)
    wait_until(page, "document.getElementById('network').dataset.noteCount === '1'")
    # Another user sees none of it; the MAPPA panel is offered no notes at all.
    other = page_as("rasso_officer")
    other_seen = watch(other)
    open_network(other, url)
    assert other.get_attribute("#network", "data-note-count") == "0"
    mappa = page_as("mappa_panel")
    open_network(mappa, url)
    mappa.mouse.click(**bring_into_view(mappa, target))
    assert mappa.locator(".net-details button[data-note]").count() == 0
    # Remove it again (the test site is shared).
    page.mouse.click(**bring_into_view(page, target))
    page.click(".net-details button[data-note=remove]")
    wait_until(page, "document.querySelector('.net-status').textContent"
                     ".startsWith('Note removed')")
    assert seen == CLEAN and other_seen == CLEAN


def test_an_injected_name_runs_no_script_in_page_labels_or_tooltips(site, page_as):
    page = page_as("analyst")
    seen = watch(page)
    open_network(page, f"{site.url}/network/SXSS?depth=2")
    assert INJECTION in page.locator("h1").inner_text()
    assert INJECTION in page.locator(".net-details").inner_text()
    # Hover the injected subject and offence so that their tooltips open.
    for node in ("subject:SXSS", "offence:OXSS"):
        page.mouse.move(**bring_into_view(page, node))
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        assert INJECTION in page.locator("div.vis-tooltip").inner_text()
    page.mouse.click(*_centre(page))  # opens a details panel too
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("script:not([src])").count() == 0
    page.wait_for_timeout(500)
    assert seen == CLEAN
    shoot(page, "network-injection")


def _centre(page) -> tuple[float, float]:
    box = page.locator("#network canvas").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_the_mappa_panel_sees_no_victim_names_and_cannot_save(site, page_as, busy_subject):
    page = page_as("mappa_panel")
    seen = watch(page)
    open_network(page, f"{site.url}/network/{busy_subject}?depth=2")
    # A pseudonymous victim can still be expanded (found from the offence beside her).
    page.evaluate(f"(() => {{ const w = {W}; "
                  "w.expand([...w.raw.values()].find(n => n.kind === 'victim').id); })()")
    wait_until(page, "!document.querySelector('.net-status').textContent"
                     ".startsWith('Expanding')")
    assert not page.locator(".net-status").inner_text().startswith("Could not")
    assert page.locator(".net-message").is_visible()
    with (site.folder / "victims.csv").open(newline="", encoding="utf-8") as handle:
        victims = list(csv.DictReader(handle))
    drawn = page.evaluate(f"JSON.stringify([...{W}.raw.values()])")
    html = page.content()
    labels = page.evaluate(f"[...{W}.raw.values()].filter(n => n.kind === 'victim')"
                           ".map(n => n.label)")
    assert labels and all(label.startswith("Victim ") for label in labels)
    assert "Victim A" in labels
    for v in victims:
        name = f"{v['forename']} {v['surname']}"
        assert name not in drawn and name not in html
        assert v["victim_id"] not in drawn
    assert page.locator("button[data-action=save]").count() == 0
    assert "read-only" in page.locator(".net-legend").inner_text()
    shoot(page, "network-mappa")
    assert seen == CLEAN


def test_a_saved_layout_comes_back_and_png_export_downloads(site, page_as, busy_subject):
    page = page_as("analyst")
    seen = watch(page)
    url = f"{site.url}/network/{busy_subject}?depth=2&as_of={DEMO_AS_OF.isoformat()}"
    open_network(page, url)
    page.click("button[data-action=save]")
    wait_until(page, "document.querySelector('.net-status').textContent"
                     ".startsWith('Layout saved')")
    saved = page.evaluate(f"{W}.positions()")
    open_network(page, url)
    restored = page.evaluate(f"{W}.positions()")
    some = sorted(saved)[:5]
    assert all(abs(saved[k]["x"] - restored[k]["x"]) < 1 for k in some)
    # Restoring keeps each node's own styling: the Tier 1 centre still wears its ring.
    ring = page.evaluate(f"{W}.network.body.nodes['subject:{busy_subject}']"
                         ".options.color.border")
    assert ring == vocab.TIER_RINGS[1]
    with page.expect_download() as info:
        page.click("button[data-action=export]")
    download = info.value
    assert download.suggested_filename == f"linkwatch-network-subject-{busy_subject}.png"
    data = open(download.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
    page.click("button[data-action=reset]")
    page.wait_for_selector(SETTLED, timeout=30_000)
    assert seen == CLEAN


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
    # A planted repeat venue tops the list (which one depends on the window's dates).
    assert first.get_attribute("data-id") in {
        r["location_id"] for r in site.truth["repeat_locations"]}
    shoot(page, "repeat-locations")
    first.locator("a").click()
    page.wait_for_selector(SETTLED, timeout=30_000)
    assert page.locator("table.heat td.peak").count() >= 1
    shoot(page, "location-profile")
    assert seen == CLEAN
