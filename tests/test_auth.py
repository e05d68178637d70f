"""Sign-in, roles, CSRF, rate limits, API tokens and the audit trail, as users meet them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import stat
import time
import uuid

import pytest
from click.testing import CliRunner
from flask import Flask, jsonify
from werkzeug.routing import UUIDConverter

from app.auth import PUBLIC_ENDPOINTS, audit, tokens, users
from app.auth.roles import User, can_edit_subject, can_see_victim_identity, roles_required
from app.cli import users as users_cli
from graph.db import QUERY_DIR
from tests.auth_fixtures import PASSWORD, csrf_token, login, make_user

pytestmark = pytest.mark.neo4j

FAILED = "Unknown username or password"


def _json_error(response, status: int) -> None:
    assert response.status_code == status
    body = response.get_json()
    assert body == {"ok": False, "error": body["error"], "status": status}
    assert body["error"]


def _with_test_routes(app: Flask) -> Flask:
    """A case page and a write API like those other blueprints add, for the role rules."""

    @app.get("/case-test")
    def case_test():
        return "case page"

    @app.post("/api/write-test")
    def write_test():
        return jsonify({"ok": True})

    @app.post("/write-test")
    def html_write_test():
        return "written"

    return app


# --- signing in and out -------------------------------------------------------------------


def test_sign_in_shows_who_and_sign_out_ends_the_session(app, db):
    make_user(db, "alice", "analyst", display_name="Alice Analyst")
    client = app.test_client()
    response = login(client, "Alice")  # usernames are not case-sensitive
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Alice Analyst" in page and "Intelligence analyst" in page and "Sign out" in page

    cookie = client.get_cookie("session").value
    out = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert out.status_code == 302 and out.headers["Location"] == "/login"
    assert client.get("/").status_code == 302

    # The session ended on the server: a copy of the old cookie no longer works.
    client.set_cookie("session", cookie)
    assert client.get("/").headers["Location"].startswith("/login")
    assert [e["action"] for e in audit.search(db, username="alice")] == ["logout", "login"]


def test_the_session_cookie_is_httponly_and_lax_and_secure_only_when_configured(
    app, db, make_app, monkeypatch
):
    make_user(db, "alice")
    set_cookie = login(app.test_client(), "alice").headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie
    assert "Secure" not in set_cookie  # http://127.0.0.1:5000 must work out of the box
    monkeypatch.setenv("LINKWATCH_SESSION_COOKIE_SECURE", "true")
    assert make_app().config["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("LINKWATCH_SESSION_COOKIE_SECURE", "false")
    assert make_app().config["SESSION_COOKIE_SECURE"] is False
    assert app.config["PERMANENT_SESSION_LIFETIME"] == dt.timedelta(hours=8)


def test_a_session_lasts_one_shift(client_as):
    client = client_as("analyst")
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        session["login_at"] = time.time() - 8 * 3600 - 1
    assert client.get("/").headers["Location"].startswith("/login")


def test_signing_in_gives_a_new_session(app, db):
    make_user(db, "alice")
    client = app.test_client()
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "alice")
    with client.session_transaction() as session:
        assert "planted" not in session and session["sid"]


def test_wrong_password_and_unknown_user_get_the_same_answer(app, db):
    make_user(db, "alice")
    client = app.test_client()
    wrong = login(client, "alice", "not the password at all")
    unknown = login(client, "nobody", "not the password at all")
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert FAILED in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still not signed in
    failed = {e["username"]: e for e in audit.search(db, action="login_failed")}
    assert failed["alice"]["reason"] == "wrong password" and failed["alice"]["role"] is None
    assert failed["nobody"]["reason"] == "unknown user"
    assert failed["alice"]["remote_addr"] == "127.0.0.1" and failed["alice"]["path"] == "/login"


def test_a_disabled_user_cannot_sign_in_and_their_session_ends(app, db, client_as):
    client = client_as("analyst", "alice")
    users.set_disabled(db, "alice", True)
    assert client.get("/").status_code == 302
    response = login(app.test_client(), "alice")
    assert FAILED in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [("/api/overview?x=1", "/api/overview?x=1"), ("https://evil.example/", "/"),
     ("//evil.example/x", "/"), ("/\\evil.example", "/")],
)
def test_after_sign_in_only_local_next_urls_are_followed(app, db, next_url, lands_on):
    make_user(db, "alice")
    response = login(app.test_client(), "alice", next=next_url)
    assert response.headers["Location"] == lands_on


def test_a_page_asked_for_before_sign_in_comes_back_after_it(app, db):
    make_user(db, "alice")
    client = app.test_client()
    to_login = client.get("/?tab=runs")
    assert to_login.status_code == 302
    login_page = client.get(to_login.headers["Location"]).get_data(as_text=True)
    assert 'name="next" value="/?tab=runs"' in login_page
    assert login(client, "alice", next="/?tab=runs").headers["Location"] == "/?tab=runs"


# --- CSRF ---------------------------------------------------------------------------------


def test_the_login_form_needs_its_csrf_token(app, db):
    make_user(db, "alice")
    client = app.test_client()
    client.get("/login")
    response = client.post("/login", data={"username": "alice", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_the_logout_form_needs_its_csrf_token(client_as):
    client = client_as("analyst")
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200  # still signed in


def test_posts_from_a_signed_in_browser_need_the_csrf_token(make_app, client_as):
    app = _with_test_routes(make_app())
    client = client_as("analyst", app_=app)
    assert client.post("/write-test").status_code == 400
    assert client.post("/write-test", data={"csrf_token": csrf_token(client, "/")}
                       ).status_code == 200


# --- rate limits --------------------------------------------------------------------------


def test_the_eleventh_failed_sign_in_in_a_minute_is_refused(app, db):
    make_user(db, "alice")
    client = app.test_client()
    for _ in range(10):
        assert login(client, "alice", "wrong password guess").status_code == 200
    refused = login(client, "alice")  # even the right password, for now
    assert refused.status_code == 429
    assert "Too many sign-in attempts" in refused.get_data(as_text=True)


def test_the_limit_is_per_username_across_addresses_and_per_address_across_usernames(app, db):
    make_user(db, "alice")
    client = app.test_client()
    token = csrf_token(client)

    def attempt(username: str, address: str, password: str = "wrong password guess"):
        return client.post("/login", environ_base={"REMOTE_ADDR": address},
                           data={"username": username, "password": password,
                                 "csrf_token": token})

    for i in range(10):
        assert attempt("alice", f"10.0.0.{i}").status_code == 200
    assert attempt("alice", "10.0.1.1", PASSWORD).status_code == 429
    for i in range(10):
        assert attempt(f"guess{i}", "10.9.9.9").status_code == 200
    assert attempt("someone-else", "10.9.9.9").status_code == 429
    assert attempt("someone-else", "10.9.9.10").status_code == 200  # another address


def test_successful_sign_ins_do_not_count_towards_the_limit(app, db):
    make_user(db, "alice")
    for _ in range(12):
        assert login(app.test_client(), "alice").status_code == 302


# --- every route needs a user -------------------------------------------------------------


def _sample_url(app: Flask, rule) -> str:
    values = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        values[name] = str(uuid.uuid4()) if isinstance(converter, UUIDConverter) else "1"
    return app.url_map.bind("localhost").build(rule.endpoint, values)


def test_every_route_but_login_health_and_static_requires_a_user(app):
    """A route added later without protection fails here."""
    client = app.test_client()
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        url = _sample_url(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            where = f"{method} {rule.rule} ({rule.endpoint})"
            if url.startswith("/api/"):
                _json_error(response, 401)
            else:
                assert response.status_code == 302, where
                assert response.headers["Location"].startswith("/login"), where
            checked += 1
    assert checked >= 5  # home, overview, logout, admin pages at least


def test_the_public_routes_are_public(app):
    client = app.test_client()
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/linkwatch.css").status_code == 200


def test_unknown_urls_ask_for_sign_in_before_saying_not_found(app):
    client = app.test_client()
    _json_error(client.get("/api/no-such-thing"), 401)
    assert client.get("/no-such-page").status_code == 302


def test_api_routes_answer_401_in_the_one_error_shape(app):
    response = app.test_client().get("/api/overview")
    _json_error(response, 401)


# --- API tokens ---------------------------------------------------------------------------


def test_a_bearer_token_opens_the_api_and_a_revoked_or_unknown_one_does_not(app, db):
    make_user(db, "bot", "analyst")
    token = tokens.issue(db, "bot", "notebook")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    ok = client.get("/api/overview", headers=headers)
    assert ok.status_code == 200 and ok.get_json()["ok"] is True

    unknown = client.get("/api/overview", headers={"Authorization": "Bearer not-a-real-token"})
    _json_error(unknown, 401)
    assert unknown.headers["WWW-Authenticate"].startswith("Bearer")
    _json_error(client.get("/api/overview", headers={"Authorization": "Basic Ym90OmJvdA=="}), 401)

    assert tokens.revoke_all(db, "bot") == 1
    _json_error(client.get("/api/overview", headers=headers), 401)


def test_a_disabled_users_token_stops_working(app, db):
    make_user(db, "bot", "analyst")
    token = tokens.issue(db, "bot")
    users.set_disabled(db, "bot", True)
    response = app.test_client().get("/api/overview", headers={"Authorization": f"Bearer {token}"})
    _json_error(response, 401)


def test_only_the_tokens_hash_is_stored(db):
    make_user(db, "bot", "analyst")
    token = tokens.issue(db, "bot")
    stored = db.read_text("t", "MATCH (t:ApiToken) RETURN properties(t) AS p")[0]["p"]
    assert token not in str(stored) and stored["id"] == tokens.token_hash(token)


def test_token_requests_need_no_csrf_token(make_app, db):
    app = _with_test_routes(make_app())
    make_user(db, "bot", "analyst")
    headers = {"Authorization": f"Bearer {tokens.issue(db, 'bot')}"}
    assert app.test_client().post("/api/write-test", headers=headers).status_code == 200


# --- roles --------------------------------------------------------------------------------


def test_the_mappa_panel_reads_but_cannot_write(make_app, db, client_as):
    app = _with_test_routes(make_app())
    client = client_as("mappa_panel", app_=app)
    assert client.get("/case-test").status_code == 200
    refused = client.post("/write-test", data={"csrf_token": csrf_token(client, "/")})
    assert refused.status_code == 403 and "read-only" in refused.get_data(as_text=True)
    make_user(db, "mappa-bot", "mappa_panel")
    headers = {"Authorization": f"Bearer {tokens.issue(db, 'mappa-bot')}"}
    _json_error(app.test_client().post("/api/write-test", headers=headers), 403)
    # Signing out is not a write.
    out = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert out.status_code == 302


@pytest.mark.parametrize("role", ["analyst", "rasso_officer", "mappa_panel"])
def test_admin_pages_are_for_admins_only(client_as, role):
    client = client_as(role)
    for url in ("/admin/users", "/admin/audit", "/admin/audit.csv"):
        assert client.get(url).status_code == 403, url
    _json_error(client.get("/admin/users", headers={"Accept": "application/json"}), 403)
    assert "/admin/users" not in client.get("/").get_data(as_text=True)  # no nav link


def test_admins_see_admin_pages_and_the_dashboard_but_no_case_data(make_app, client_as):
    app = _with_test_routes(make_app())
    client = client_as("admin", app_=app)
    assert client.get("/admin/users").status_code == 200
    assert client.get("/admin/audit").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/case-test").status_code == 403
    analyst = client_as("analyst", app_=app)
    assert analyst.get("/case-test").status_code == 200
    assert analyst.post("/write-test", data={"csrf_token": csrf_token(analyst, "/")}
                        ).status_code == 200


def test_role_helpers():
    alice = User("alice", "rasso_officer", "Alice")
    assert can_edit_subject(alice, "Alice") and not can_edit_subject(alice, "bob")
    assert not can_edit_subject(alice, None)
    assert can_edit_subject(User("ann", "analyst", "Ann"), "bob")
    assert not can_edit_subject(User("m", "mappa_panel", "M"), "m")
    assert not can_edit_subject(User("a", "admin", "A"), "a")
    assert not can_edit_subject(None, "bob")
    assert can_see_victim_identity(alice)
    assert not can_see_victim_identity(User("m", "mappa_panel", "M"))
    with pytest.raises(ValueError):
        roles_required("superuser")


def test_roles_required_gives_403_in_the_one_error_shape(make_app, client_as):
    app = make_app()

    @app.get("/api/rasso-only")
    @roles_required("rasso_officer")
    def rasso_only():
        return jsonify({"ok": True})

    _json_error(client_as("analyst", app_=app).get("/api/rasso-only"), 403)
    assert client_as("rasso_officer", app_=app).get("/api/rasso-only").status_code == 200


def test_data_from_the_database_is_escaped(app, db, client_as):
    make_user(db, "eve", "analyst", display_name="<script>alert(1)</script>")
    client = app.test_client()
    login(client, "eve")
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    users_page = client_as("admin").get("/admin/users").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in users_page


# --- administration -----------------------------------------------------------------------


def test_an_admin_changes_a_role_and_disables_a_user(app, db, client_as):
    bob = client_as("analyst", "bob")
    admin = client_as("admin", "root")
    page = admin.get("/admin/users").get_data(as_text=True)
    assert 'data-username="bob"' in page and "your own account" in page
    token = csrf_token(admin, "/admin/users")

    assert admin.post("/admin/users/bob/role", data={"role": "mappa_panel"}).status_code == 400
    changed = admin.post("/admin/users/bob/role",
                         data={"role": "mappa_panel", "reason": "moved team",
                               "csrf_token": token})
    assert changed.status_code == 303
    assert "MAPPA panel" in bob.get("/").get_data(as_text=True)  # applies at once

    admin.post("/admin/users/bob/disabled", data={"disabled": "1", "csrf_token": token})
    assert bob.get("/").status_code == 302  # signed out everywhere
    admin.post("/admin/users/root/disabled", data={"disabled": "1", "csrf_token": token})
    assert admin.get("/admin/users").status_code == 200  # an admin cannot lock themselves out

    events = {e["action"]: e for e in audit.search(db, target_id="bob")}
    assert events["user_role_changed"]["reason"] == "analyst -> mappa_panel: moved team"
    assert events["user_role_changed"]["username"] == "root"
    assert events["user_disabled"]["role"] == "admin"


def test_the_audit_log_filters_and_its_export_is_audited(app, db, client_as):
    login(app.test_client(), "=cmd|' /C calc'!A0", "no such password")
    client_as("analyst", "alice")
    admin = client_as("admin", "root")

    page = admin.get("/admin/audit?username=alice").get_data(as_text=True)
    assert "alice" in page and "root" not in page.split("<tbody>")[1]
    today = dt.datetime.now(dt.UTC).date()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert "No audit events match" in admin.get(f"/admin/audit?date_from={tomorrow}"
                                                ).get_data(as_text=True)
    assert "Ignored date from" in admin.get("/admin/audit?date_from=last+week"
                                            ).get_data(as_text=True)

    export = admin.get(f"/admin/audit.csv?date_from={today}&date_to={today}")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    assert "attachment" in export.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert tuple(rows[0]) == audit.CSV_COLUMNS
    assert {"login", "login_failed"} <= {r["action"] for r in rows}
    failed = next(r for r in rows if r["action"] == "login_failed")
    assert failed["username"].startswith("'=")  # a spreadsheet will not run it

    exported = audit.search(db, action="audit_export")
    assert len(exported) == 1 and exported[0]["username"] == "root"
    assert exported[0]["target_id"] == f"date_from={today}; date_to={today}"


def test_the_app_never_updates_or_deletes_audit_events():
    for path in QUERY_DIR.rglob("*.cypher"):
        text = path.read_text(encoding="utf-8")
        code = "\n".join(line.split("//")[0] for line in text.splitlines()).upper()
        if "AUDITEVENT" in code:
            changes = re.findall(r"\b(SET|DELETE|REMOVE|MERGE)\b", code)
            assert not changes, f"{path.name} changes audit events ({changes})"


# --- the users command --------------------------------------------------------------------


def test_users_add_reads_the_password_from_stdin_and_the_user_can_sign_in(app, db, neo4j_env):
    runner = CliRunner()
    result = runner.invoke(users_cli.group, ["add", "Carol", "--role", "rasso_officer",
                                             "--display-name", "DC Carol"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    assert "carol added" in result.output
    assert login(app.test_client(), "carol", "a long enough password").status_code == 302

    again = runner.invoke(users_cli.group, ["add", "carol", "--role", "analyst"],
                          input="another long password\n")
    assert again.exit_code == 1 and "exists already" in again.output

    listed = runner.invoke(users_cli.group, ["list"])
    assert "carol" in listed.output and "rasso_officer" in listed.output
    assert audit.search(db, action="user_created")[0]["username"].startswith("cli:")


def test_users_add_refuses_a_short_password(db, neo4j_env):
    result = CliRunner().invoke(users_cli.group, ["add", "dave", "--role", "analyst"],
                                input="short pass\n")
    assert result.exit_code == 1 and "at least 12 characters" in result.output
    assert not users.exists(db, "dave")


def test_users_token_prints_a_working_token_and_disable_stops_it(app, db, neo4j_env):
    make_user(db, "bot", "analyst")
    runner = CliRunner()
    result = runner.invoke(users_cli.group, ["token", "bot", "--label", "trawl"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/overview", headers=headers).status_code == 200
    assert runner.invoke(users_cli.group, ["disable", "bot"]).exit_code == 0
    assert app.test_client().get("/api/overview", headers=headers).status_code == 401
    assert runner.invoke(users_cli.group, ["token", "nobody"]).exit_code == 1


def test_demo_users_one_per_role_with_passwords_in_a_private_file(app, db, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setenv("LINKWATCH_WORK_DIR", str(tmp_path))
    created = users_cli.ensure_demo_users(db)
    assert sorted(role for _, role, _ in created) == sorted(
        ["analyst", "rasso_officer", "mappa_panel", "admin", "neighbourhood_officer"])
    assert users_cli.ensure_demo_users(db) == []  # only once
    path = tmp_path / "demo-users.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    for username, _role, password in created:
        assert password in text
        assert login(app.test_client(), username, password).status_code == 302


def test_over_https_with_secure_cookies_forms_still_work(make_app, db):
    """Browsers send no Referer (Referrer-Policy: no-referrer), so that must not block forms."""
    make_user(db, "alice")
    app = make_app(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/login", base_url="https://localhost",
                           data={"username": "alice", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]
    assert client.get("/", base_url="https://localhost").status_code == 200
