"""The MAPPA review pack, read as a panel member would read it: the PDF turned back into text.

Scenario: :mod:`tests.pack_scenario` ("a Tier 1 subject under an SHPO, adopted with a 4P plan,
whose intelligence is graded for different handling"), built on the sentinel scenario, so
every victim's name, date of birth and id, every home's street, full postcode and
coordinates, and the MO and intelligence free text are distinctive text that must appear in
no pack. Pages are also turned into PNGs (``test-artifacts/packs/``) for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from app import create_app, pack_render
from app.cli import main
from graph import packs
from graph.db import Database
from graph.disclosure import AUDIENCES, disclose, handling_code
from tests.auth_fixtures import login, make_user
from tests.conftest import wipe
from tests.pack_scenario import ASSOCIATE_NAME, INTEL, OWNER, SINCE, load_pack_scenario
from tests.sentinel_scenario import (
    FREE_TEXT_SENTINELS,
    HOME_DISTRICT,
    OFFENCES,
    RESIDENTIAL_SENTINELS,
    SUBJECT,
    SUBJECT_SENTINELS,
    TODAY,
    VICTIM_SENTINELS,
)

pytestmark = pytest.mark.neo4j

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "packs"
AUDIENCES_ = ("panel", "partner", "summary")
RECIPIENTS = "Probation (NPS North); Children's services"
QUERY = f"since={SINCE.isoformat()}&as_of={TODAY.isoformat()}"
FORBIDDEN = VICTIM_SENTINELS + RESIDENTIAL_SENTINELS + FREE_TEXT_SENTINELS


def pdf_text(pdf: bytes, page: int | None = None) -> str:
    """The PDF's text (one page, or all), whitespace collapsed, line-broken words joined."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, "-", "-"], input=pdf,
                          capture_output=True, check=True, timeout=60)
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "-", done.stdout.decode("utf-8")))


def page_count(pdf: bytes) -> int:
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True,
                          timeout=60)
    return int(re.search(rb"Pages:\s+(\d+)", done.stdout).group(1))


def leaks(text: str) -> list[str]:
    low = text.lower()
    return sorted({f"{what} {value!r}" for what, value in FORBIDDEN if value.lower() in low})


@pytest.fixture(scope="module")
def scene(session_db: Database, tmp_path_factory: pytest.TempPathFactory) -> Database:
    """The pack scenario, loaded once for the module."""
    wipe(session_db)
    load_pack_scenario(session_db, tmp_path_factory.mktemp("pack"))
    for role in ("analyst", "mappa_panel", "rasso_officer", "admin"):
        make_user(session_db, f"pk-{role.replace('_', '-')}", role)
    return session_db


@pytest.fixture(scope="module")
def clients(scene: Database):
    """A signed-in client per role, and the owning officer's."""
    app = create_app({"TESTING": True, "DATABASE": scene, "APPLY_SCHEMA_ON_START": False})

    def signed_in(username: str) -> FlaskClient:
        client = app.test_client()
        assert login(client, username).status_code == 302
        return client

    out = {role: signed_in(f"pk-{role.replace('_', '-')}")
           for role in ("analyst", "mappa_panel", "rasso_officer", "admin")}
    out["owner"] = signed_in(OWNER)
    return out


@pytest.fixture(scope="module")
def made(clients) -> dict[str, object]:
    """The analyst's PDF pack for each audience (with recipients), and its pages as PNGs."""
    out = {}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for audience in AUDIENCES_:
        response = clients["analyst"].get(
            f"/subjects/{SUBJECT}/pack.pdf?audience={audience}&{QUERY}&"
            + urlencode({"recipients": RECIPIENTS}))
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        assert response.mimetype == "application/pdf"
        out[audience] = response
        for old in ARTIFACTS.glob(f"{audience}-*.png"):
            old.unlink()
        (ARTIFACTS / f"{audience}.pdf").write_bytes(response.data)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(ARTIFACTS / f"{audience}.pdf"),
                        str(ARTIFACTS / audience)], check=True, timeout=120)
    return out


# --- what a panel member checks --------------------------------------------------------------


@pytest.mark.parametrize("audience", AUDIENCES_)
def test_every_page_carries_the_marking_and_the_handling_instruction(made, audience):
    pdf = made[audience].data
    pages = page_count(pdf)
    assert pages >= 1 and len(list(ARTIFACTS.glob(f"{audience}-*.png"))) == pages
    if audience == "summary":
        assert pages <= 2, "the executive summary is one or two pages"
    for n in range(1, pages + 1):
        text = pdf_text(pdf, n)
        assert "OFFICIAL-SENSITIVE" in text, f"page {n} of the {audience} pack has no marking"
        assert "Not to be shared further without the MAPPA Chair's agreement" in text, n
        assert f"Page {n} of {pages}" in text


@pytest.mark.parametrize("audience", AUDIENCES_)
def test_the_pack_holds_the_header_timeline_associates_orders_and_plan(made, audience):
    text = pdf_text(made[audience].data)
    for oid, *_ in OFFENCES:
        assert oid in text, f"offence {oid} missing from the {audience} pack's timeline"
    assert "19C" in text and "Rape" in text
    assert ASSOCIATE_NAME in text and "S-SENT-2" in text
    assert "Oswin Treadgold" in text and "79/99S" in text
    assert "MAPPA category 2" in text and "MAPPA level 2" in text
    assert f"Pack version {made[audience].headers['X-Pack-Version']}" in text
    assert "Recipients Probation (NPS North); Children's services" in text
    assert "Sexual Harm Prevention Order" in text and "in force" in text
    for heading in ("Supervision", "Monitoring and control", "Interventions and treatment",
                    "Victim safety planning"):
        assert heading in text
    assert f"Since the last review ({SINCE.isoformat()} to {TODAY.isoformat()})" in text
    assert "1 new offence: O-SENT-7" in text
    assert "Tier 1" in text


@pytest.mark.parametrize("audience", AUDIENCES_)
def test_no_victim_home_or_free_text_reaches_any_pack(made, audience):
    text = pdf_text(made[audience].data)
    assert leaks(text) == [], f"the {audience} pack shows: " + "; ".join(leaks(text))
    assert "Victim A" in text and "Victim B" in text
    assert f"Residential address ({HOME_DISTRICT})" in text or audience == "summary"
    assert "Residential address (ZZ7)" in text  # his own home: a district only


def test_the_partner_pack_leaves_out_intelligence_not_graded_for_sharing(made):
    panel, partner = pdf_text(made["panel"].data), pdf_text(made["partner"].data)
    for intel_id, (grading, shareable) in INTEL.items():
        assert intel_id in panel, f"the panel pack should hold {intel_id} ({grading})"
        assert (intel_id in partner) == shareable, (
            f"{intel_id} graded {grading} {'missing from' if shareable else 'in'} the "
            "partner pack")
    summary = pdf_text(made["summary"].data)
    assert "INT-PACK-COND" not in summary and "INT-PACK-LOCAL" not in summary


def test_victims_are_the_same_letter_in_the_picture_the_tables_and_the_text(clients):
    response = clients["analyst"].get(f"/subjects/{SUBJECT}/pack?audience=panel&{QUERY}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    picture = page[page.index('<svg xmlns="http://www.w3.org/2000/svg" class="network"'):]
    picture = picture[:picture.index("</svg>")]
    for label in ("Victim A", "Victim B", "Victim C"):
        assert f">{label}</text>" in picture, f"{label} not drawn in the network picture"
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    # V-SENT-3 was harmed first (Victim A), then V-SENT-1 (B), then V-SENT-2 (C).
    assert "Victim A O-SENT-1, O-SENT-4" in text and "Victim B O-SENT-2, O-SENT-5" in text
    assert "protects Victim B" in text  # the no-contact order's protected victim, V-SENT-1
    assert "Safeguarding review for Victim B at her home" in text  # her name, scrubbed
    assert "No contact, direct or indirect, with Victim B" in text
    assert leaks(page) == []
    assert 'href="/static/pack.css"' in page and "style=" not in page  # CSP: no inline style


# --- recorded, versioned, deterministic ------------------------------------------------------


def test_the_same_data_and_dates_give_the_same_content_and_a_deterministic_file(
        scene, clients):
    url = f"/subjects/{SUBJECT}/pack.pdf?audience=partner&{QUERY}"
    first, second = clients["analyst"].get(url), clients["analyst"].get(url)
    assert int(second.headers["X-Pack-Version"]) == int(first.headers["X-Pack-Version"]) + 1
    assert first.headers["X-Pack-Content-SHA256"] == second.headers["X-Pack-Content-SHA256"]
    for response in (first, second):
        assert response.headers["X-Pack-SHA256"] == hashlib.sha256(response.data).hexdigest()
    # The file is a function of content, stamp and as-of date: made twice from fresh reads
    # with one stamp, it is the same bytes.
    stamp = pack_render.Stamp(9, "pack-test-v9", "A. Tester", dt.datetime(2026, 11, 30, 9, 0),
                              "the panel")
    files = []
    for _ in range(2):
        data = pack_render.content(scene, SUBJECT, "panel", as_of=TODAY, since=SINCE)
        html = pack_render.render_page(data, pack_render.render_body(data), stamp, None)
        files.append(pack_render.pdf_bytes(html, identifier=stamp.record_id)[0])
    assert files[0] == files[1]
    info = subprocess.run(["pdfinfo", "-isodates", "-"], input=files[0], capture_output=True,
                          check=True).stdout.decode()
    assert re.search(rf"CreationDate:\s+{TODAY.isoformat()}T00:00:00", info), info


def test_every_pack_is_recorded_and_listed_for_the_admin(scene, made, clients):
    records = packs.records(scene, subject_id=SUBJECT, limit=500)
    by_sha = {r["sha256"]: r for r in records}
    for audience, response in made.items():
        record = by_sha[hashlib.sha256(response.data).hexdigest()]
        assert record["id"] == response.headers["X-Pack-Record"]
        assert (record["audience"], record["format"], record["generated_by"]) == (
            audience, "pdf", "pk-analyst")
        assert record["recipients"] == RECIPIENTS and record["since"] == SINCE
        assert record["version"] == int(response.headers["X-Pack-Version"])
    for audience in AUDIENCES_:
        versions = sorted(r["version"] for r in records if r["audience"] == audience)
        assert versions == list(range(1, len(versions) + 1)), audience
    page = clients["admin"].get(f"/admin/audit?target_id={SUBJECT}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    for response in made.values():
        assert hashlib.sha256(response.data).hexdigest() in body
    assert RECIPIENTS.replace("'", "&#39;") in body
    assert not [v for _, v in SUBJECT_SENTINELS if v in body], "the admin sees no names"
    events = scene.read_text("t", "MATCH (e:AuditEvent {action: 'view_pack', username: "
                             "'pk-analyst'}) RETURN e.target_id AS target, e.reason AS reason")
    assert len(events) >= len(made) and {e["target"] for e in events} == {SUBJECT}


# --- who may generate which pack -------------------------------------------------------------


@pytest.mark.parametrize(("who", "audience", "status"), [
    ("mappa_panel", "panel", 200), ("mappa_panel", "summary", 200),
    ("mappa_panel", "partner", 403), ("rasso_officer", "panel", 403),
    ("owner", "partner", 200), ("owner", "panel", 200), ("admin", "panel", 403),
    ("analyst", "summary", 200)])
def test_who_may_generate_which_pack(clients, who, audience, status):
    response = clients[who].get(f"/subjects/{SUBJECT}/pack.pdf?audience={audience}")
    assert response.status_code == status, response.get_data(as_text=True)[:300]


@pytest.mark.parametrize(("query", "status", "named"), [
    ("audience=everyone", 400, "audience"), ("since=2026-02-30", 400, "since"),
    ("as_of=yesterday", 400, "as_of"), (f"since={TODAY + dt.timedelta(days=3)}", 400, "since"),
])
def test_a_bad_parameter_is_a_400_naming_it(clients, query, status, named):
    response = clients["analyst"].get(f"/subjects/{SUBJECT}/pack.pdf?{query}",
                                      headers={"Accept": "application/json"})
    assert response.status_code == status
    assert response.get_json()["ok"] is False and named in response.get_json()["error"]


def test_an_unknown_subject_is_a_404(clients):
    assert clients["analyst"].get("/subjects/S-NOBODY/pack.pdf").status_code == 404


def test_the_command_line_writes_and_records_a_pack(scene, neo4j_env, tmp_path):
    out = tmp_path / "pack.pdf"
    result = CliRunner().invoke(main, ["pack", SUBJECT, "--audience", "partner", "--out",
                                       str(out), "--since", SINCE.isoformat(),
                                       "--recipients", "Probation"])
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    assert "OFFICIAL-SENSITIVE" in text and leaks(text) == []
    assert "INT-PACK-SHARE" in text and "INT-PACK-COND" not in text
    newest = packs.records(scene, subject_id=SUBJECT, limit=1)[0]
    assert newest["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert newest["role"] == "cli" and newest["generated_by"].startswith("cli:")
    bad = CliRunner().invoke(main, ["pack", SUBJECT, "--audience", "everyone", "--out",
                                    str(out)])
    assert bad.exit_code == 2


# --- the policy: handling codes, one walk ----------------------------------------------------


def test_handling_codes_decide_what_the_pack_audiences_receive():
    intel = [{"intel_id": i, "grading": g, "summary": "text"} for i, (g, _) in INTEL.items()]
    assert [handling_code(r["grading"]) for r in intel] == ["P", "C", "4", "unknown"]
    partner = disclose({"timeline": intel, "one": intel[1]}, AUDIENCES["pack_partner"])
    assert [r["intel_id"] for r in partner["timeline"]] == ["INT-PACK-SHARE"]
    assert partner["one"] is None and partner["timeline"][0]["summary"] is None
    panel = disclose(intel, AUDIENCES["pack_panel"])
    assert [r["intel_id"] for r in panel] == list(INTEL)
    # The app's roles keep every record, as before.
    assert [r["intel_id"] for r in disclose(intel, AUDIENCES["mappa_panel"])] == list(INTEL)
    assert disclose(intel, AUDIENCES["analyst"]) is intel


def test_breaches_resting_on_intelligence_go_where_the_intelligence_may_go():
    from graph.packs.collect import _orders

    intel = [{"intel_id": "INT-C", "grading": "2BC"}, {"intel_id": "INT-P", "grading": "1AP"}]
    order = {"order_id": "ORD-1", "start_date": TODAY, "breaches": [
        {"id": "BR-1", "evidence_kind": "intelligence", "evidence_id": "INT-C",
         "record": "breach", "occurred_on": TODAY}],
        "possible_breaches": [
            {"evidence_kind": "intelligence", "evidence_id": i["intel_id"], "on": TODAY}
            for i in intel]}
    shaped = _orders([order], intel, TODAY)
    partner = disclose(shaped, AUDIENCES["pack_partner"])[0]
    assert [b["evidence_id"] for b in partner["possible_breaches"]] == ["INT-P"]
    assert partner["breaches"][0]["intelligence"] is None  # the breach stands, not its source
    panel = disclose(shaped, AUDIENCES["pack_panel"])[0]
    assert len(panel["possible_breaches"]) == 2
    assert panel["breaches"][0]["intelligence"]["intel_id"] == "INT-C"
