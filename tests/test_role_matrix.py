"""The role-by-route matrix, route by route: every URL the app has, for every role.

For each rule in the URL map (filled in with ids from a small scenario) and each role, the
answer must be "allowed" (not 401/403) or "refused" (403) as the README's matrix says:
admins only /admin/* and the dashboard; the MAPPA panel reads but never writes; analysts
and RASSO officers read every case page. Lifecycle writes are narrower still (analyst only
for adoption and panel decisions) and have their own tests.
"""

from __future__ import annotations

import re

import pytest

from ingest.pipeline import run_ingest
from tests.auth_fixtures import make_user
from tests.scenarios import three_subjects_sharing_one_victim

pytestmark = pytest.mark.neo4j

ROLES = ("analyst", "rasso_officer", "mappa_panel", "admin", "neighbourhood_officer")
PUBLIC = {"auth.login", "auth.logout", "health.healthz", "static"}
SAMPLE = {"subject_id": "S1", "location_id": "L1", "kind": "subject", "node_id": "S1",
          "nomination_id": "nom-none", "username": "someone", "action_id": "act-none",
          "key": "rule:none", "alert_id": "AL-none",
          "problem_id": "prb-none"}
ADMIN_ALSO = {"home.index", "home.overview",
              # his view-watch alerts (only those: graph.alerts, tests/test_alerts.py)
              "alerts.page", "alerts.alert_page", "alerts.api_list", "alerts.api_get",
              "alerts.api_status", "alerts.status_form", "alerts.api_watches",
              "alerts.api_watch", "alerts.watch_form"}
#: Reads a RASSO officer may make only for the subjects he owns (S1 has no owner here).
OWN_SUBJECT_READS = {"packs.pdf", "packs.page"}


#: The neighbourhood officer (README, "Role by route"): the dashboard, places, search,
#: subject profiles, intelligence and problem profiles; writes intelligence and problems.
NEIGHBOURHOOD_READS = {"home", "locations", "search", "intelligence", "problems", "api_docs",
                       "subjects.profile", "subjects.api_profile",
                       "analysis_api.location_profile", "analysis_api.repeat_locations",
                       "network.location_chart"}
#: The intelligence form: only those who submit (analysts, neighbourhood officers) open it.
SUBMIT_FORM = {"intelligence.new", "intelligence.new_post", "intelligence.api_submit"}

#: Person resolution's review queue: analysts only, reads included (README); its writes
#: are narrower rules, as adopting is.
ANALYSTS_ONLY = {"resolution"}


def expected(role: str, endpoint: str, method: str) -> str:
    area = endpoint.split(".")[0]
    if area == "admin":
        return "allowed" if role == "admin" else "refused"
    if role == "admin":
        return "allowed" if endpoint in ADMIN_ALSO else "refused"
    if role == "neighbourhood_officer":
        if area not in NEIGHBOURHOOD_READS and endpoint not in NEIGHBOURHOOD_READS:
            return "refused"
        return "allowed" if method == "GET" or area in ("intelligence", "problems") else "refused"
    if endpoint in SUBMIT_FORM and role not in ("analyst", "neighbourhood_officer"):
        return "refused"
    if area in ANALYSTS_ONLY and role != "analyst" and method == "GET":
        return "refused"
    if role == "mappa_panel" and method != "GET":
        return "refused"
    if role == "rasso_officer" and endpoint in OWN_SUBJECT_READS:
        return "refused"
    return "allowed"


def cases(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in PUBLIC:
            continue
        url = rule.rule
        for name, value in SAMPLE.items():
            url = re.sub(rf"<(?:[a-z]+:)?{name}>", value, url)  # <id:subject_id> too
        assert "<" not in url, f"add a sample value for {rule.rule}"
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


@pytest.fixture
def tokens_by_role(db, tmp_path):
    from app.auth import tokens

    run_ingest(three_subjects_sharing_one_victim(tmp_path / "x"), db=db,
               quarantine_dir=tmp_path / "q")
    out = {}
    for role in ROLES:
        name = f"matrix-{role.replace('_', '-')}"
        make_user(db, name, role)
        out[role] = {"Authorization": f"Bearer {tokens.issue(db, name)}"}
    return out


def test_every_route_answers_every_role_as_the_matrix_says(app, tokens_by_role):
    client = app.test_client()
    wrong = []
    checked = 0
    for endpoint, method, url in cases(app):
        for role in ROLES:
            response = client.open(url, method=method, headers=tokens_by_role[role], json={})
            got = "refused" if response.status_code in (401, 403) else "allowed"
            if response.status_code == 403 and expected(role, endpoint, method) == "allowed":
                # A narrower rule (e.g. only analysts adopt) is fine for writes; never reads.
                got = "allowed" if method != "GET" else got
            if got != expected(role, endpoint, method):
                wrong.append((role, method, url, response.status_code))
            checked += 1
    assert wrong == []
    assert checked > 100  # every route of the app, four roles each


def test_the_mappa_panel_gets_no_victim_id_from_the_analysis_api(app, tokens_by_role):
    client = app.test_client()
    panel, analyst = tokens_by_role["mappa_panel"], tokens_by_role["analyst"]
    seen = client.get("/api/subjects/S1/links", headers=analyst).get_data(as_text=True)
    masked = client.get("/api/subjects/S1/links", headers=panel).get_data(as_text=True)
    assert '"V1"' in seen  # three subjects sharing one victim: the evidence names her id
    assert '"V1"' not in masked and "Victim A" in masked
    places = client.get("/api/locations/repeat?from=2025-01-01&to=2025-12-31", headers=panel)
    assert places.status_code == 200 and '"V1"' not in places.get_data(as_text=True)
