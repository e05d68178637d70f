"""Dates and sizes: one supported date range and one text limit for forms, API and domain.

Before: ``as_of=0001-01-01`` was a 500 (``year -1 is out of range`` in the tier rules'
month arithmetic), and the API recorded a 1,000,000-character adoption reason and a
decision dated 0001-01-01.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.auth import tokens
from graph.limits import DATE_MAX, DATE_MIN, TEXT_LIMIT
from graph.tiers import lifecycle
from graph.tiers.lifecycle import LifecycleError
from graph.tiers.rules import RuleSet, months_after, months_before
from tests.auth_fixtures import make_user


def test_month_arithmetic_never_fails_at_the_ends_of_the_calendar():
    assert months_before(dt.date(1, 6, 30), 18) == dt.date.min
    assert months_before(dt.date(2, 6, 30), 18) == dt.date.min  # year 0: clipped, no error
    assert months_after(dt.date(9999, 1, 31), 18) == dt.date.max
    rules = RuleSet("v", "v", "d", (), (), ("suspect",), 18, ())
    assert rules.recent_from(dt.date(1, 1, 1)) == dt.date.min
    assert rules.lapses_on(dt.date(9999, 6, 1)) == dt.date.max


# --- request parameters ---------------------------------------------------------------------

AS_OF_ROUTES = [
    "/api/tiers", "/api/tiers/changes", "/api/subjects/S1/tier", "/tiers", "/subjects/S1",
    "/orders", "/api/orders/possible-breaches", "/api/orders/expiring", "/tcg",
]
DATE_ROUTES = [
    ("/api/locations/repeat", "from"), ("/api/near-repeat", "to"), ("/locations", "from"),
    ("/oversight", "from"), ("/api/tcg/pack", "since"),
]


@pytest.fixture
def analyst(app, db):
    make_user(db, "dates-analyst", "analyst")
    headers = {"Authorization": f"Bearer {tokens.issue(db, 'dates-analyst')}",
               "Accept": "application/json"}
    client = app.test_client()

    class Client:
        def get(self, url):
            return client.get(url, headers=headers)

        def post(self, url, body):
            return client.post(url, json=body, headers=headers)

    return Client()


@pytest.mark.neo4j
def test_an_as_of_outside_the_supported_range_is_a_400_naming_it(analyst):
    wrong = []
    for route in AS_OF_ROUTES:
        for day in ("0001-01-01", "0002-06-30", "1899-12-31", "2101-01-01"):
            response = analyst.get(f"{route}?as_of={day}")
            expected = (f"as_of must be between {DATE_MIN.isoformat()} and "
                        f"{DATE_MAX.isoformat()}, not {day}")
            if (response.status_code, (response.get_json() or {}).get("error")) != (400, expected):
                wrong.append((route, day, response.status_code))
    assert wrong == []


@pytest.mark.neo4j
def test_a_date_filter_outside_the_supported_range_is_a_400_naming_it(analyst):
    for route, name in DATE_ROUTES:
        response = analyst.get(f"{route}?{name}=0001-01-01")
        assert response.status_code == 400, route
        assert response.get_json()["error"].startswith(f"{name} must be between 1900-01-01")


@pytest.mark.neo4j
def test_the_ends_of_the_range_are_accepted(analyst):
    for day in (DATE_MIN, DATE_MAX):
        assert analyst.get(f"/api/tiers?as_of={day.isoformat()}").status_code == 200


# --- free text and decision dates -----------------------------------------------------------


def test_the_domain_refuses_text_over_the_limit_and_dates_outside_the_range():
    long = "x" * (TEXT_LIMIT + 1)
    # Refused before the database is asked anything (db=None would fail otherwise).
    with pytest.raises(LifecycleError, match="reason is 2,001 characters long; the limit is"):
        lifecycle.adopt(None, "S1", tier=2, owner=None, by="ann", reason=long)
    with pytest.raises(LifecycleError, match="^reason is 2,001"):
        lifecycle.move(None, "S1", "monitoring", by="ann", reason=long)
    with pytest.raises(LifecycleError, match="^rationale is 2,001"):
        lifecycle.nominate(None, "S1", nominated_by="PC A", agency="Police", rationale=long,
                           by="ann")
    with pytest.raises(LifecycleError, match="^minutes is 2,001"):
        lifecycle.decide_nomination(None, "N1", decision="approved", by="bob", minutes=long)
    with pytest.raises(LifecycleError, match="^decided_on must be between 1900-01-01"):
        lifecycle.decide_nomination(None, "N1", decision="approved", by="bob", minutes="ok",
                                    decided_on=dt.date(1, 1, 1))
    with pytest.raises(LifecycleError, match="^on must be between"):
        lifecycle.adopt(None, "S1", tier=2, owner=None, by="ann", reason="ok",
                        on=dt.date(2101, 1, 1))


@pytest.mark.neo4j
def test_the_api_refuses_what_the_form_cannot_send(analyst, db):
    db.write_text("t", "CREATE (:Subject {id: 'S1', forename: 'Adam'})")
    adopt = analyst.post("/api/subjects/S1/adopt", {"tier": 2, "reason": "x" * 1_000_000})
    assert adopt.status_code == 400  # an input error, not a conflict with the subject's state
    assert adopt.get_json()["error"].startswith("reason")  # names the field
    decide = analyst.post("/api/nominations/N1/decision",
                          {"decision": "approved", "minutes": "ok", "decided_on": "0001-01-01"})
    assert decide.status_code == 400
    assert decide.get_json()["error"].startswith("decided_on")
    events = db.read_text("t", "MATCH (e:LifecycleEvent) RETURN count(e) AS n")
    assert events[0]["n"] == 0
