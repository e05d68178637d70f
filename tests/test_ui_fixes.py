"""Issue 12's smaller defects and the places' coherence, one named test each.

The scenario (``ui_force``):

- ADA is Tier 1 (six sexual offences, a rape, reported 60 days ago); nobody has acted on her
  record yet, so she is a "candidate".
- OLD was named in four sexual offences (a rape among them) reported 800 days ago: he meets no
  tier today and the TCG never acted on him, so he is "no tier", and his recency has lapsed.
- ZED has no offence: a subject of concern for a Tier 3 nomination.
- The bar BAR had three rapes on Saturdays at 23:xx two years ago, and in the last twelve
  months one other sexual offence on a Friday at 23:xx and one stalking on a Saturday at
  01:xx: five offences at any time, two in the last twelve months, whose busiest slots tie.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.auth import audit
from graph.tiers import lifecycle
from graph.tiers.lifecycle import LifecycleError
from graph.tiers.rules import months_before
from ingest.pipeline import run_ingest
from tests.auth_fixtures import csrf_token, login
from tests.scenarios import write_folder

pytestmark = pytest.mark.neo4j

TODAY = dt.date.today()
WINDOW_FROM = months_before(TODAY, 12)


def _weekday_before(day: dt.date, weekday: int) -> dt.date:
    """The last ``weekday`` (Monday 0) on or before ``day``."""
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


RECENT_FRIDAY = _weekday_before(TODAY - dt.timedelta(days=40), 4)
RECENT_SATURDAY = _weekday_before(TODAY - dt.timedelta(days=20), 5)
OLD_SATURDAYS = [_weekday_before(TODAY - dt.timedelta(days=700 + 7 * i), 5) for i in range(3)]


def _offence(oid: str, code: str, committed: dt.date, reported: dt.date | None = None,
             location: str = "", time: str = "") -> dict:
    return {"offence_id": oid, "ho_code": code, "committed_from": committed.isoformat(),
            "reported_on": (reported or committed).isoformat(), "location_id": location,
            "domestic": "false", "committed_time": time}


def load_ui_force(db, folder):
    """Write and ingest the scenario in the module docstring."""
    recent, old = TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=800)
    offences = (
        [_offence(f"ADA-{i}", "19C" if i == 0 else "20A", recent) for i in range(6)]
        + [_offence(f"OLD-{i}", "19C" if i == 0 else "20A", old) for i in range(4)]
        + [_offence(f"BAR-OLD-{i}", "19C", d, location="BAR", time=f"23:{10 + i}")
           for i, d in enumerate(OLD_SATURDAYS)]
        + [_offence("BAR-FRI", "20A", RECENT_FRIDAY, location="BAR", time="23:40"),
           _offence("BAR-SAT", "8Q", RECENT_SATURDAY, location="BAR", time="01:05")]
    )
    links = ([{"offence_id": f"ADA-{i}", "subject_id": "ADA", "role": "suspect"}
              for i in range(6)]
             + [{"offence_id": f"OLD-{i}", "subject_id": "OLD", "role": "suspect"}
                for i in range(4)])
    write_folder(
        folder,
        subjects=[{"subject_id": "ADA", "forename": "Adam", "surname": "Adopterson"},
                  {"subject_id": "OLD", "forename": "Oscar", "surname": "Oldfield"},
                  {"subject_id": "ZED", "forename": "Zach", "surname": "Zedley"}],
        locations=[{"location_id": "BAR", "name": "The Tied Tankard", "address": "1 Tie Street",
                    "postcode": "ZZ4 1TT", "lat": "51.5", "lon": "-0.1",
                    "venue_type": "night_time_economy"}],
        offences=offences,
        offence_subjects=links,
    )
    summary = run_ingest(folder, db=db, quarantine_dir=folder / "q", progress=False)
    assert summary["totals"]["quarantined"] == 0, summary
    return db


@pytest.fixture
def force(db, tmp_path):
    return load_ui_force(db, tmp_path / "force")


def _post(client, url: str, page: str, **form: str):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **form})


def _between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


# --- a failed adoption --------------------------------------------------------------------


def test_a_failed_adoption_shows_its_error_beside_the_form_and_keeps_the_reason(force,
                                                                               client_as):
    analyst = client_as("analyst")
    page = analyst.get("/subjects/ADA").get_data(as_text=True)
    assert 'action="/subjects/ADA/adopt#adopt-form"' in page  # the answer opens at the form
    reason = "TCG December: repeat night-time offending"
    refused = _post(analyst, "/subjects/ADA/adopt", "/subjects/ADA", tier="1", owner="",
                    reason=reason)
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    form = _between(html, 'id="adopt-form"', "</form>")
    assert 'role="alert">Not changed: a Tier 1 subject needs one owning officer' in form
    assert f'value="{reason}"' in form
    assert '<option value="1" selected>' in form
    # The message sits in the form, not at the top of the page, out of sight.
    assert "Not changed" not in html.split('id="lifecycle"')[0]
    unknown = _post(analyst, "/subjects/ADA/adopt", "/subjects/ADA", tier="1",
                    owner="nobody", reason=reason)
    form = _between(unknown.get_data(as_text=True), 'id="adopt-form"', "</form>")
    assert "no user &#39;nobody&#39;" in form and 'value="nobody"' in form
    assert lifecycle.status(force, "ADA")["status"] == "candidate"


# --- the panel, not the nominator, decides --------------------------------------------------


def test_the_nominator_cannot_record_the_panels_decision(force, client_as):
    nomination = lifecycle.nominate(force, "ZED", nominated_by="PC Example", agency="Police",
                                    rationale="escalating", by="ann")
    with pytest.raises(LifecycleError, match="ann nominated ZED .* someone else"):
        lifecycle.decide_nomination(force, nomination["id"], decision="approved", by="ann",
                                    minutes="m")
    decided = lifecycle.decide_nomination(force, nomination["id"], decision="approved",
                                          by="bob", minutes="Panel agreed")
    assert decided["decided_by"] == "bob"


def test_the_nominators_page_hides_the_decision_form(force, client_as):
    ann, bob = client_as("analyst", "ann"), client_as("analyst", "bob")
    done = _post(ann, "/subjects/ZED/nominate", "/subjects/ZED", nominated_by="PC Example",
                 agency="Probation", rationale="escalating behaviour")
    assert done.status_code == 303
    nid = force.read("subjects/profile", subject_id="ZED", limit=1)[0]["nominations"][0]["id"]
    own = ann.get("/subjects/ZED").get_data(as_text=True)
    row = _between(own, f'data-nomination="{nid}"', "</tr>")
    assert 'class="inline decide"' not in row and "you nominated" in row
    assert 'class="inline decide"' in bob.get("/subjects/ZED").get_data(as_text=True)
    url = f"/subjects/ZED/nominations/{nid}/decision"
    refused = _post(ann, url, "/subjects/ZED", decision="approved", minutes="mine")
    assert refused.status_code == 409
    assert "the panel&#39;s decision must be recorded by someone else" in refused.get_data(
        as_text=True)
    assert _post(bob, url, "/subjects/ZED", decision="approved",
                 minutes="Panel agreed").status_code == 303


# --- no tier, not "candidate"; lapsed, not "lapses" -----------------------------------------


def test_a_subject_meeting_no_tier_shows_no_tier_not_candidate(force, client_as):
    client = client_as("analyst")
    old = client.get("/subjects/OLD").get_data(as_text=True)
    head = _between(old, 'class="badges"', "</p>")
    assert '<span class="tier none">no tier</span>' in head and "candidate" not in head
    assert "Lifecycle <span class=\"sub\">no tier" in old
    ada = _between(client.get("/subjects/ADA").get_data(as_text=True), 'class="badges"', "</p>")
    assert "Tier 1" in ada and '<span class="lstatus candidate">candidate</span>' in ada


def test_recency_that_has_passed_reads_lapsed(force, client_as):
    client = client_as("analyst")
    old = _between(client.get("/subjects/OLD").get_data(as_text=True), 'class="verdict"', "</p>")
    assert re.search(r"recency lapsed on \d{4}-\d{2}-\d{2}", old)
    assert "recency lapses on" not in old
    ada = _between(client.get("/subjects/ADA").get_data(as_text=True), 'class="verdict"', "</p>")
    assert "recency lapses on" in ada
    # On the board: an adopted subject seen on a date after his recency lapsed.
    client_as("rasso_officer", "owner1")
    lifecycle.adopt(force, "ADA", tier=1, owner="owner1", by="tcg", reason="TCG")
    later = TODAY + dt.timedelta(days=700)
    board = client.get(f"/tiers?as_of={later}").get_data(as_text=True)
    row = _between(board, '<tr data-subject="ADA">', "</tr>")
    assert re.search(r'<span class="lapsed">lapsed \d{4}-\d{2}-\d{2}</span>', row)
    now = _between(client.get("/tiers").get_data(as_text=True), '<tr data-subject="ADA">', "</tr>")
    assert re.search(r"lapses \d{4}-\d{2}-\d{2}", now) and "lapsed" not in now


# --- admins add users -----------------------------------------------------------------------


def _password(html: str) -> str:
    found = re.search(r'id="one-time-password">([^<]+)</code>', html)
    assert found, "no password shown"
    return found.group(1)


def test_an_admin_adds_a_user_with_a_password_shown_once(force, client_as, app, db):
    admin = client_as("admin", "root")
    page = admin.get("/admin/users").get_data(as_text=True)
    assert 'action="/admin/users#add-user"' in page
    form = {"username": "New.Analyst", "display_name": "Nia Analyst", "role": "analyst"}
    assert admin.post("/admin/users", data=form).status_code == 400  # no CSRF token
    created = _post(admin, "/admin/users", "/admin/users", **form)
    assert created.status_code == 201
    html = created.get_data(as_text=True)
    password = _password(html)
    assert len(password) >= 12 and "new.analyst added: Intelligence analyst" in html
    assert password not in admin.get("/admin/users").get_data(as_text=True)  # shown once
    [event] = audit.search(db, action="user_created", target_id="new.analyst")
    assert event["username"] == "root" and "role analyst" in event["reason"]
    newcomer = app.test_client()
    assert login(newcomer, "new.analyst", password).status_code == 302
    assert newcomer.get("/tiers").status_code == 200

    again = _post(admin, "/admin/users", "/admin/users", **form)
    assert again.status_code == 409
    body = again.get_data(as_text=True)
    assert "Not added: user &#39;new.analyst&#39; exists already" in body
    assert 'value="Nia Analyst"' in body and 'id="one-time-password"' not in body
    bad = _post(admin, "/admin/users", "/admin/users", username="x y", role="analyst")
    assert bad.status_code == 400 and "usernames are 2-63 characters" in bad.get_data(
        as_text=True)
    assert _post(admin, "/admin/users", "/admin/users", username="someone",
                 role="superuser").status_code == 400


def test_only_admins_add_users(force, client_as):
    analyst = client_as("analyst")
    token = csrf_token(analyst, "/tiers")
    refused = analyst.post("/admin/users", data={"csrf_token": token, "username": "sneaky",
                                                 "role": "admin"})
    assert refused.status_code == 403


def test_the_users_page_has_six_columns_with_both_forms_in_one(force, client_as):
    client_as("analyst", "bob")
    page = client_as("admin", "root").get("/admin/users").get_data(as_text=True)
    header = _between(page, '<table class="data users', "</thead>")
    assert len(re.findall(r"<th[ >]", header)) == 6
    row = _between(page, 'data-username="bob"', "</tr>")
    cell = _between(row, 'class="user-actions"', "</td>")
    assert "Change role" in cell and "Disable" in cell


# --- places: one window, ties, categories, unknown values ---------------------------------


def test_the_place_page_shows_the_lists_window_by_default(force, client_as):
    client = client_as("analyst")
    listed = client.get("/locations").get_data(as_text=True)
    row = _between(listed, 'data-id="BAR"', "</tr>")
    assert '<td class="num strong">2</td>' in row
    link = f"/locations/BAR?from={WINDOW_FROM}&amp;to={TODAY}"
    assert f'href="{link}"' in row  # the place's page in the same window
    assert f"12 months to {TODAY}" in listed
    place = client.get("/locations/BAR").get_data(as_text=True)
    facts = _between(place, 'class="facts"', "</dl>")
    assert f"Offences, 12 months to {TODAY}</dt><dd>2" in facts
    assert "of 5 at any time" in facts
    same = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert f"Offences, 12 months to {TODAY}</dt><dd>2" in same


def test_all_time_is_a_choice_on_both_pages(force, client_as):
    client = client_as("analyst")
    place = client.get("/locations/BAR").get_data(as_text=True)
    assert 'href="/locations/BAR?period=all"' in place
    everything = client.get("/locations/BAR?period=all").get_data(as_text=True)
    facts = _between(everything, 'class="facts"', "</dl>")
    assert "Offences, all time</dt><dd>5" in facts
    assert "Saturdays, 23:00–23:59 (3)" in facts
    listed = client.get("/locations?period=all").get_data(as_text=True)
    row = _between(listed, 'data-id="BAR"', "</tr>")
    assert '<td class="num strong">5</td>' in row and "/locations/BAR?period=all" in row
    data = client.get("/api/locations?period=all").get_json()
    assert data["filters"]["window"] == "all time" and data["locations"][0]["offences"] == 5


def test_a_tie_is_reported_as_a_tie(force, client_as):
    client = client_as("analyst")
    html = client.get("/locations/BAR").get_data(as_text=True)
    busiest = _between(html, 'class="busiest"', "</div>")
    assert "2 slots tied with 1 offence each" in busiest
    assert "Fridays" not in busiest and "Saturdays" not in busiest  # no one of them picked
    assert len(re.findall(r'class="heat-\d peak"', html)) == 2
    profile = client.get(f"/api/locations/BAR/profile?from={WINDOW_FROM}&to={TODAY}"
                         ).get_json()["profile"]
    assert profile["peak"]["tied"] == 2 and profile["peak"]["day"] is None
    assert profile["peak"]["slots"] == [{"day": "Friday", "hour": 23},
                                        {"day": "Saturday", "hour": 1}]


def test_category_sexual_works_on_the_location_profile(force, client_as):
    client = client_as("mappa_panel")
    totals = {c: client.get(f"/api/locations/BAR/profile{q}").get_json()["profile"]["total"]
              for c, q in (("all", ""), ("sexual", "?category=sexual"),
                           ("rape", "?category=rape"))}
    assert totals == {"all": 5, "sexual": 4, "rape": 3}
    ranked = client.get("/api/locations/repeat?category=sexual").get_json()["locations"]
    assert ranked[0]["offences"] == 4
    html = client_as("analyst").get("/locations/BAR?period=all&category=sexual").get_data(
        as_text=True)
    assert "Offences, all time</dt><dd>4" in html


@pytest.mark.parametrize("url, named", [
    ("/api/locations/BAR/profile?category=sexul", "category 'sexul'"),
    ("/api/locations/repeat?category=sexul", "category 'sexul'"),
    ("/api/locations/repeat?venue_type=moon", "venue_type 'moon'"),
    ("/api/near-repeat?category=sexul", "category 'sexul'"),
    ("/api/locations?venue_type=moon", "venue_type 'moon'"),
    ("/api/locations?category=RAPE", "category 'RAPE'"),
    ("/api/locations?period=forever", "period must be 'all'"),
])
def test_an_unknown_filter_value_is_a_400_naming_it(force, client_as, url, named):
    response = client_as("analyst").get(url)
    assert response.status_code == 400
    body = response.get_json()
    assert body["ok"] is False and named in body["error"], body
    assert "need at least two" not in body["error"]


@pytest.mark.parametrize("url", ["/locations?category=sexul", "/locations/BAR?category=sexul",
                                 "/locations?venue_type=moon"])
def test_the_pages_refuse_an_unknown_filter_value_saying_which(force, client_as, url):
    response = client_as("analyst").get(url)
    assert response.status_code == 400
    assert "is unknown: use one of sexual, rape" in response.get_data(as_text=True) or (
        "venue_type &#39;moon&#39; is unknown" in response.get_data(as_text=True))
