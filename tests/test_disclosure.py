"""The disclosure matrix: every GET route of the app, for every role, with sentinel values.

The scenario (:mod:`tests.sentinel_scenario`) writes distinctive text wherever a role may be
refused something: victims' names, dates of birth and ids; the street, full postcode and
coordinates of two homes; MO notes and an intelligence summary. The walk fills every GET
rule of the URL map (whatever its path: routes are renamed, the walk follows the map) with
the scenario's ids and a few query strings, signs in as each role and keeps every 200 answer
(HTML, JSON, CSV, or a PDF turned back into text with ``pdftotext``). The tests then say
which sentinel reached which role on which route.

The policy under test (DOMAIN.md, "Data protection"; STYLE.md point 9):

| role | victim identity | residential addresses | MO notes, intelligence text |
|---|---|---|---|
| ``analyst``, ``rasso_officer`` | yes | yes | yes |
| ``mappa_panel`` | "Victim A", "Victim B"; stable per subject | "Residential address (ZZ9)" | no |
| ``admin`` | dashboard counts, users and the audit log only: none of these, nor subjects' names |
| ``neighbourhood_officer`` | as the panel (on the routes its role opens) | as the panel | no |

Non-residential places (a bar) keep their names, postcodes and coordinates for everyone who
sees places. Every answer that shows a case role a person (the sentinel subject's name) must
write an audit event.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus, urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.auth import PUBLIC_ENDPOINTS
from app.auth.roles import ALWAYS_ALLOWED
from graph.db import Database
from tests.alerts_scenario import sentinel_alerts
from tests.auth_fixtures import login, make_user
from tests.conftest import wipe
from tests.sentinel_scenario import (
    BAR,
    BAR_NAME,
    CO_OFFENDER,
    FREE_TEXT_SENTINELS,
    HOME,
    HOME_DISTRICT,
    INTEL_SUMMARY,
    LIVES,
    MO_NOTES,
    OFFENCES,
    PROBLEM,
    RESIDENTIAL_SENTINELS,
    SUBJECT,
    SUBJECT_NAME,
    SUBJECT_SENTINELS,
    VICTIM,
    VICTIM_FORENAME,
    VICTIM_SENTINELS,
    VICTIM_SURNAME,
    load_sentinel_scenario,
)

pytestmark = pytest.mark.neo4j

ROLES = ("analyst", "rasso_officer", "mappa_panel", "admin", "neighbourhood_officer")
CASE_ROLES = ("analyst", "rasso_officer", "mappa_panel", "neighbourhood_officer")
#: Roles that see subjects and places, never victims' identities, homes or free text.
RESTRICTED_ROLES = ("mappa_panel", "neighbourhood_officer")
IDENTITY_ROLES = ("analyst", "rasso_officer")

#: What each role must never receive.
FORBIDDEN: dict[str, list[tuple[str, str]]] = {
    "analyst": [],
    "rasso_officer": [],
    "mappa_panel": VICTIM_SENTINELS + RESIDENTIAL_SENTINELS + FREE_TEXT_SENTINELS,
    "neighbourhood_officer": VICTIM_SENTINELS + RESIDENTIAL_SENTINELS + FREE_TEXT_SENTINELS,
    "admin": VICTIM_SENTINELS + RESIDENTIAL_SENTINELS + FREE_TEXT_SENTINELS
    + SUBJECT_SENTINELS,
}

#: Routes that need no sign-in, or that only sign in and out: nothing to disclose.
SKIPPED = frozenset(PUBLIC_ENDPOINTS | ALWAYS_ALLOWED | {"static"})
_VARIABLE = re.compile(r"<(?:[^:<>]+:)?([A-Za-z_][A-Za-z0-9_]*)>")

TODAY = dt.date.today().isoformat()
#: A date window wide enough to hold the scenario, and the deepest network.
WIDE = {"from": "2000-01-01", "to": TODAY, "depth": "3"}
#: Every rule is asked without a query string and with WIDE.
ITEM_QUERIES: list[dict[str, str]] = [{}, WIDE]
#: Rules without URL variables (lists, searches, dashboards) are asked these too; a view
#: ignores what it does not read, and a 400 for what it cannot use is simply not collected.
LIST_QUERIES: list[dict[str, str]] = ITEM_QUERIES + [
    {"q": "Xylophone"},  # the scene's street
    {"q": "Quillfeather"},  # the subject's street
    {"q": "ZZ9 8QX"},  # the scene's postcode
    {"q": VICTIM_FORENAME},
    {"q": VICTIM_SURNAME.split("-")[0]},
    {"q": SUBJECT_NAME.split()[1]},
    {"venue_type": "residential"},
    {"venue_type": "residential", "from": "2000-01-01", "to": TODAY},
    {"from": SUBJECT, "to": CO_OFFENDER},  # two subjects (paths between them)
    {"ids": f"{SUBJECT},{CO_OFFENDER}"},  # a cohort
    {"locations": HOME, "from": "2000-01-01", "to": TODAY},
    {"tier": "1"},
]


#: Alerts raised on the scenario (filled by the walk's fixture; tests/alerts_scenario.py).
ALERT_IDS: list[str] = []


def url_values(role: str, username: str) -> dict[str, list[Any]]:
    """Values for each URL variable the app uses; ``kind`` and ``node_id`` go as pairs."""
    pairs = [("subject", SUBJECT), ("location", HOME), ("location", LIVES), ("location", BAR),
             ("offence", OFFENCES[0][0])]
    if role in IDENTITY_ROLES:  # only they know a victim by her id
        pairs.append(("victim", VICTIM))
    return {
        "subject_id": [SUBJECT],
        "location_id": [HOME, LIVES, BAR],
        ("kind", "node_id"): pairs,
        "nomination_id": ["nom-none"],
        "problem_id": [PROBLEM],
        "username": [username],
        "alert_id": ALERT_IDS or ["AL-none"],
    }


def get_rules(app: Flask) -> list:
    """Every GET rule that needs a signed-in user, in path order."""
    return sorted((r for r in app.url_map.iter_rules()
                   if "GET" in (r.methods or ()) and r.endpoint not in SKIPPED),
                  key=lambda r: r.rule)


def fill(rule: str, **values: str) -> str:
    """``rule`` with each ``<variable>`` replaced by its value."""
    return _VARIABLE.sub(lambda m: values[m.group(1)], rule)


def urls_for(rule, role: str, username: str) -> Iterator[str]:
    """Every URL the walk asks for one rule: each filling of its variables, each query."""
    names = set(_VARIABLE.findall(rule.rule))
    choices = url_values(role, username)
    axes: list[list[dict[str, str]]] = []
    for key, options in choices.items():
        keys = key if isinstance(key, tuple) else (key,)
        if set(keys) <= names:
            axes.append([dict(zip(keys, o if isinstance(o, tuple) else (o,), strict=True))
                         for o in options])
            names -= set(keys)
    assert not names, f"add a sample value for {sorted(names)} (rule {rule.rule})"
    queries = LIST_QUERIES if not _VARIABLE.search(rule.rule) else ITEM_QUERIES
    for combination in itertools.product(*axes):
        path = fill(rule.rule, **{k: v for part in combination for k, v in part.items()})
        for query in queries:
            yield path + ("?" + urlencode(query) if query else "")


# --- the walk ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One 200 answer the walk received."""

    role: str
    rule: str
    url: str
    mimetype: str
    body: str
    audit_events: int  # audit events this user's request wrote


@dataclass
class Walk:
    """Every answer per role, the rules walked, and every URL asked for (by anyone)."""

    answers: dict[str, list[Answer]]
    rules: list[str]
    statuses: dict[str, dict[str, set[int]]]  # role -> rule -> statuses seen
    asked: list[str]


def _audit_count(db: Database, username: str) -> int:
    rows = db.read_text("tests/disclosure_audit_count",
                        "MATCH (e:AuditEvent) WHERE e.username = $username RETURN count(e) AS n",
                        username=username)
    return rows[0]["n"]


def signed_in(app: Flask, db: Database, role: str) -> tuple[FlaskClient, str]:
    """A client of ``app`` signed in as a new user with ``role``, and the username."""
    username = f"disclosure-{role.replace('_', '-')}"
    make_user(db, username, role)
    client = app.test_client()
    response = login(client, username)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client, username


def body_text(response) -> str:
    """What a reader gets from an answer, as text: a PDF turned back into its text by
    ``pdftotext`` (words a line break split are joined again), anything else as it is."""
    if response.mimetype != "application/pdf":
        return response.get_data(as_text=True)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=response.get_data(),
                          capture_output=True, check=True, timeout=60)
    text = re.sub(r"-\s*\n\s*", "-", done.stdout.decode("utf-8"))
    return re.sub(r"\s+", " ", text)


def walk(app: Flask, db: Database) -> Walk:
    """GET every URL of :func:`urls_for` as every role; keep the 200 answers."""
    rules = get_rules(app)
    found = Walk(answers={}, rules=[r.rule for r in rules], statuses={}, asked=[])
    for role in ROLES:
        client, username = signed_in(app, db, role)
        answers, statuses = [], defaultdict(set)
        for rule in rules:
            for url in urls_for(rule, role, username):
                before = _audit_count(db, username)
                response = client.get(url)
                found.asked.append(url)
                statuses[rule.rule].add(response.status_code)
                if response.status_code != 200:
                    continue
                answers.append(Answer(role, rule.rule, url, response.mimetype,
                                      body_text(response),
                                      _audit_count(db, username) - before))
        found.answers[role] = answers
        found.statuses[role] = dict(statuses)
    return found


@pytest.fixture(scope="module")
def walked(session_db: Database, tmp_path_factory: pytest.TempPathFactory) -> Walk:
    """The walk over the sentinel scenario, once for the module (about a thousand GETs)."""
    wipe(session_db)
    load_sentinel_scenario(session_db, tmp_path_factory.mktemp("sentinel"))
    ALERT_IDS[:] = sentinel_alerts(session_db, SUBJECT)
    app = create_app({"TESTING": True, "DATABASE": session_db, "APPLY_SCHEMA_ON_START": False})
    return walk(app, session_db)


# --- reading answers -----------------------------------------------------------------------


def _said(url: str) -> str:
    # What the user typed (path and query), as text: echoing it back discloses nothing.
    return unquote_plus(url).lower()


def leaks(body: str, sentinels: list[tuple[str, str]], typed: str = "") -> list[str]:
    """``what 'text'`` for each kind of sentinel in ``body`` (case-insensitive; the first form
    found of each) that the user did not type."""
    text, found = body.lower(), {}
    for what, value in sentinels:
        if value.lower() in text and value.lower() not in typed:
            found.setdefault(what, f"{what} {value!r}")
    return list(found.values())


def _in_any(answers: list[Answer], text: str, variable: str = "", mimetype: str = "") -> bool:
    """Whether ``text`` is in an answer of a rule with URL ``variable`` (any converter)."""
    return any(text.lower() in a.body.lower() for a in answers
               if (not variable or variable in _VARIABLE.findall(a.rule))
               and mimetype in a.mimetype)


def _report(title: str, by_rule: dict[str, dict[str, list[str]]]) -> str:
    lines = [title]
    for rule, urls in sorted(by_rule.items()):
        found = sorted({item for items in urls.values() for item in items})
        examples = ", ".join(sorted(urls)[:3]) + (" ..." if len(urls) > 3 else "")
        lines.append(f"  GET {rule}\n      {'; '.join(found)}\n      e.g. {examples}")
    return "\n".join(lines)


def controls(role: str, answers: list[Answer]) -> list[str]:
    """What the role must receive, so that a clean matrix is not an empty one."""
    missing = []

    def need(ok: bool, what: str) -> None:
        if not ok:
            missing.append(what)

    need(bool(answers), "no GET route answered 200 at all")
    if role in CASE_ROLES:
        need(_in_any(answers, SUBJECT_NAME), f"the subject's name {SUBJECT_NAME!r}")
        need(_in_any(answers, BAR_NAME), f"the bar's name {BAR_NAME!r} (not a home)")
    if role in IDENTITY_ROLES:
        for part in (VICTIM_FORENAME, VICTIM_SURNAME):
            need(_in_any(answers, part, "subject_id", "html"),
                 f"the victim's name {part!r} on an HTML page about the subject")
            need(_in_any(answers, part, "subject_id", "json"),
                 f"the victim's name {part!r} in a JSON answer about the subject")
        need(_in_any(answers, "17 Xylophone Crescent"), "the scene's street")
        need(_in_any(answers, "42 Quillfeather Mews"), "the subject's home street")
        need(_in_any(answers, MO_NOTES), "the MO notes")
        need(_in_any(answers, INTEL_SUMMARY), "the intelligence summary")
    if role in RESTRICTED_ROLES:
        need(_in_any(answers, f"Residential address ({HOME_DISTRICT})"),
             f"'Residential address ({HOME_DISTRICT})' for the scene")
    return missing


# --- the matrix ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_no_sentinel_reaches_a_role_that_may_not_see_it(walked: Walk, role: str):
    everything_asked = " ".join(_said(u) for u in walked.asked)
    by_rule: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for answer in walked.answers[role]:
        typed = _said(answer.url)
        if role == "admin" and "/audit" in answer.rule:
            # The audit log records what users opened and typed (ids, search words): that
            # is its job. Anything else in it is still a leak.
            typed += " " + everything_asked
        found = leaks(answer.body, FORBIDDEN[role], typed)
        if found:
            by_rule[answer.rule][answer.url] = found
    missing = controls(role, walked.answers[role])
    never = sorted(r for r, s in walked.statuses[role].items() if 200 not in s)
    problems = []
    if by_rule:
        problems.append(_report(f"{role} received what it may not see, on {len(by_rule)} "
                                "routes:", by_rule))
    if missing:
        problems.append(f"{role} did not receive what it needs (is the walk reaching the "
                        "scenario?):\n  " + "\n  ".join(missing))
    assert not problems, "\n\n".join(problems) + (
        f"\n\n(routes that never answered {role} with 200: {', '.join(never) or 'none'})")


@pytest.mark.parametrize("role", CASE_ROLES)
def test_every_answer_that_names_the_subject_is_audited(walked: Walk, role: str):
    by_rule: dict[str, dict[str, list[str]]] = defaultdict(dict)
    surname = SUBJECT_NAME.split()[1]
    for answer in walked.answers[role]:
        if answer.audit_events or surname.lower() in _said(answer.url):
            continue
        if surname.lower() in answer.body.lower():
            by_rule[answer.rule][answer.url] = [f"shows {SUBJECT_NAME!r}, no audit event"]
    assert not by_rule, _report(
        f"{role} was shown the subject {SUBJECT_NAME} ({SUBJECT}) and nothing was audited, "
        f"on {len(by_rule)} routes:", by_rule)


def test_the_walk_covers_every_get_route(walked: Walk):
    answered = {a.rule for answers in walked.answers.values() for a in answers}
    silent = [r for r in walked.rules if r not in answered]
    statuses = {r: {role: sorted(walked.statuses[role][r]) for role in ROLES} for r in silent}
    # A route nobody can get a 200 from with the scenario's values is a route not checked.
    assert not silent, (
        "these GET routes never answered any role with 200, so the matrix does not check "
        f"them (add a URL value or a query string): {statuses}")


# --- one test per leak seen ----------------------------------------------------------------


@pytest.fixture
def scene(db: Database, tmp_path) -> Database:
    """The sentinel scenario in the test's database."""
    load_sentinel_scenario(db, tmp_path / "sentinel")
    return db


def _home(location_id: str) -> list[tuple[str, str]]:
    return [(what, text) for what, text in RESIDENTIAL_SENTINELS if location_id in what]


def _get(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code,
                                         response.get_data(as_text=True)[:300])
    return response.get_data(as_text=True)


def _window(path: str) -> str:
    return path + "?" + urlencode({"from": "2000-01-01", "to": TODAY})


@pytest.mark.parametrize("url", [f"/subjects/{SUBJECT}", f"/api/subjects/{SUBJECT}"])
def test_the_panels_subject_profile_hides_the_home_street_full_postcode_and_mo_notes(
        scene, client_as, url):
    body = _get(client_as("mappa_panel"), url)
    found = leaks(body, RESIDENTIAL_SENTINELS + FREE_TEXT_SENTINELS)
    assert not found, f"the MAPPA panel's {url} shows: " + "; ".join(found)


def test_the_panels_location_profile_hides_a_repeat_victims_home(scene, client_as):
    """The panel's location profile hides the street, postcode and coordinates of a home
    with three repeat victims."""
    url = _window(f"/api/locations/{HOME}/profile")
    found = leaks(_get(client_as("mappa_panel"), url), _home(HOME))
    assert not found, f"the MAPPA panel's {url} shows: " + "; ".join(found)


@pytest.mark.parametrize("query", [{}, {"venue_type": "residential"}])
def test_the_panels_repeat_location_list_hides_homes(scene, client_as, query):
    """The panel's repeat-location list hides homes' streets, postcodes and coordinates."""
    url = "/api/locations/repeat?" + urlencode({"from": "2000-01-01", "to": TODAY, **query})
    body = _get(client_as("mappa_panel"), url)
    assert HOME in body, f"the scene {HOME} should rank as a repeat location on {url}"
    found = leaks(body, _home(HOME))
    assert not found, f"the MAPPA panel's {url} shows: " + "; ".join(found)


@pytest.mark.parametrize("url", ["/search?q=Xylophone", "/api/search?q=Xylophone"])
def test_a_panel_search_for_the_street_does_not_show_it(scene, client_as, url):
    found = leaks(_get(client_as("mappa_panel"), url), _home(HOME), typed="xylophone")
    assert not found, f"the MAPPA panel's {url} shows: " + "; ".join(found)


def _offence_of(node: dict[str, Any]) -> str | None:
    known = {oid for oid, *_ in OFFENCES}
    tail = str(node.get("id", "")).rsplit(":", 1)[-1]
    if tail in known:
        return tail
    return next((oid for oid in known if oid in str(node.get("details", ""))), None)


def profile_labels(data: Any) -> dict[str, str]:
    """Offence id -> the label of its victim, from a profile's ``victims`` list."""
    victims = data.get("victims") if isinstance(data, dict) else None
    if not isinstance(victims, list):
        return {}
    return {oid: v["label"] for v in victims if isinstance(v, dict) and "label" in v
            for oid in v.get("offences") or []}


def network_labels(data: Any) -> dict[str, str]:
    """Offence id -> the label of its victim, from vis-network ``nodes`` and ``edges``."""
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        return {}
    nodes = {n.get("id"): n for n in data["nodes"] if isinstance(n, dict)}
    out = {}
    for edge in data.get("edges") or []:
        ends = [nodes.get(edge.get("from")), nodes.get(edge.get("to"))]
        victim = next((n for n in ends if n and n.get("kind") == "victim"), None)
        offence = next((n for n in ends if n and n.get("kind") == "offence"), None)
        if victim and offence and _offence_of(offence):
            out[_offence_of(offence)] = victim.get("label")
    return out


def test_victim_a_on_the_network_view_is_the_same_victim_as_victim_a_on_the_profile(
        scene, app, client_as):
    # Whatever the routes are called: every JSON answer about the subject that lists his
    # victims (the profile) or draws them (a network) must call each one by the same name.
    client = client_as("mappa_panel")
    profiles, networks = {}, {}
    for rule in get_rules(app):
        if set(_VARIABLE.findall(rule.rule)) != {"subject_id"}:
            continue
        url = fill(rule.rule, subject_id=SUBJECT) + "?" + urlencode(WIDE)
        response = client.get(url)
        if response.status_code != 200 or not response.is_json:
            continue
        data = response.get_json()
        if profile_labels(data):
            profiles[url] = profile_labels(data)
        if network_labels(data):
            networks[url] = network_labels(data)
    assert profiles, "no JSON route about a subject listed his victims for the MAPPA panel"
    assert networks, "no JSON route about a subject drew his victims (vis-network nodes)"
    differ: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for p_url, p_labels in profiles.items():
        for n_url, n_labels in networks.items():
            for oid in sorted(p_labels.keys() & n_labels.keys()):
                if p_labels[oid] != n_labels[oid]:
                    differ[(p_labels[oid], p_url, n_labels[oid], n_url)].append(oid)
    assert not differ, "the MAPPA panel's pseudonyms disagree:\n  " + "\n  ".join(
        f"the victim of {', '.join(oids)} is {p!r} on {p_url} but {n!r} on {n_url}"
        for (p, p_url, n, n_url), oids in sorted(differ.items()))


@pytest.mark.parametrize("url", [f"/subjects/{SUBJECT}", f"/api/subjects/{SUBJECT}"])
def test_the_analyst_sees_the_victims_name(scene, client_as, url):
    body = _get(client_as("analyst"), url)
    assert VICTIM_FORENAME in body and VICTIM_SURNAME in body, (
        f"the analyst's {url} should name victim {VICTIM}")


@pytest.mark.parametrize("url", ["/", "/api/overview"])
def test_the_dashboard_naming_tier_candidates_is_audited(scene, client_as, url):
    client = client_as("analyst", "dashboard-analyst")
    before = _audit_count(scene, "dashboard-analyst")
    body = _get(client, url)
    assert SUBJECT_NAME.split()[1] in body, f"{url} should list {SUBJECT} as a Tier 1 candidate"
    assert _audit_count(scene, "dashboard-analyst") > before, (
        f"{url} showed the analyst {SUBJECT_NAME} ({SUBJECT}) and wrote no audit event")
