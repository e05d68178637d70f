"""``linkwatch users``: add users, set passwords, issue API tokens, disable and enable.

Passwords never appear on the command line (where shell history and ``ps`` would keep
them): they are typed twice at a hidden prompt, or piped as one line on standard input.
Every change is audited under the operating-system user who ran the command.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click

from app.auth import audit, passwords, tokens, users
from app.auth.roles import ROLE_LABELS, ROLES
from app.cli.common import database
from graph.db import Database
from graph.settings import settings

group = click.Group("users", help="Users, roles, passwords and API tokens.")

#: The demo users ``linkwatch demo`` creates: (username, role, display name).
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("analyst", "analyst", "Demo analyst"),
    ("rasso", "rasso_officer", "Demo RASSO officer"),
    ("mappa", "mappa_panel", "Demo MAPPA panel"),
    ("admin", "admin", "Demo administrator"),
    ("neighbourhood", "neighbourhood_officer", "Demo neighbourhood officer"),
)


def _read_password() -> str:
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:  # piped: one line, e.g. from a password manager's CLI
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        passwords.check_policy(password)
    except passwords.WeakPassword as exc:
        raise click.ClickException(str(exc)) from exc
    return password


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


@group.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the user may do.")
@click.option("--display-name", default=None, help="Name shown in the header.")
def add(username: str, role: str, display_name: str | None) -> None:
    """Add a user; the password is read from a hidden prompt or one line of stdin."""
    try:
        name = users.check_username(username)
    except users.UserError as exc:
        raise _fail(exc) from exc
    db = database()
    if users.exists(db, name):
        raise click.ClickException(f"user {name!r} exists already")
    password = _read_password()
    try:
        user = users.create(db, name, role, password, display_name)
    except (users.UserError, passwords.WeakPassword) as exc:
        raise _fail(exc) from exc
    audit.record("user_created", "User", user.username, f"role {role}", db=db)
    click.echo(f"user {user.username} added: {ROLE_LABELS[role]}")


@group.command("password")
@click.argument("username")
def password(username: str) -> None:
    """Set a new password (read like `add`); the user's sessions end."""
    db = database()
    if not users.exists(db, username):
        raise click.ClickException(f"no user {users.normalise(username)!r}")
    new = _read_password()
    try:
        users.set_password(db, username, new)
    except users.UserError as exc:
        raise _fail(exc) from exc
    audit.record("password_set", "User", users.normalise(username), db=db)
    click.echo(f"password of {users.normalise(username)} changed; their sessions have ended")


@group.command("token")
@click.argument("username")
@click.option("--label", default=None, help="What the token is for, e.g. 'trawl notebook'.")
def token(username: str, label: str | None) -> None:
    """Print a new API token for USERNAME (shown this once; only its hash is kept)."""
    db = database()
    try:
        value = tokens.issue(db, username, label)
    except users.UserError as exc:
        raise _fail(exc) from exc
    audit.record("token_issued", "User", users.normalise(username), label, db=db)
    click.echo(value)
    click.echo("Keep it like a password: it is not shown again. "
               "Send it as 'Authorization: Bearer <token>'.", err=True)


@group.command("revoke-tokens")
@click.argument("username")
def revoke_tokens(username: str) -> None:
    """Revoke every API token of USERNAME."""
    db = database()
    count = tokens.revoke_all(db, username)
    audit.record("tokens_revoked", "User", users.normalise(username), f"{count} tokens", db=db)
    click.echo(f"{count} token(s) of {users.normalise(username)} revoked")


@group.command("list")
def list_() -> None:
    """List users: role, state, last sign-in, live API tokens."""
    rows = users.list_users(database())
    if not rows:
        click.echo("no users: add one with `linkwatch users add NAME --role ROLE`")
        return
    click.echo(f"{'username':<20}{'role':<15}{'state':<10}{'last sign-in (UTC)':<20}tokens  name")
    for r in rows:
        state = "disabled" if r["disabled"] else "active"
        click.echo(f"{r['username']:<20}{r['role']:<15}{state:<10}{r['last_login'] or 'never':<20}"
                   f"{r['live_tokens']:<8}{r['display_name']}")


def _set_disabled(username: str, disabled: bool) -> None:
    db = database()
    try:
        users.set_disabled(db, username, disabled)
    except users.UserError as exc:
        raise _fail(exc) from exc
    name = users.normalise(username)
    audit.record("user_disabled" if disabled else "user_enabled", "User", name, db=db)
    click.echo(f"{name} {'disabled: their sessions have ended' if disabled else 'enabled'}")


@group.command("disable")
@click.argument("username")
def disable(username: str) -> None:
    """Disable USERNAME: sessions end, tokens stop working, nothing is deleted."""
    _set_disabled(username, True)


@group.command("enable")
@click.argument("username")
def enable(username: str) -> None:
    """Enable USERNAME again."""
    _set_disabled(username, False)


def demo_users_file() -> Path:
    """Where ``linkwatch demo`` keeps the demo users' passwords (mode 0600)."""
    return settings().work_dir / "demo-users.txt"


def ensure_demo_users(db: Database) -> list[tuple[str, str, str]]:
    """Create the demo users (one per role) that do not exist yet, with random passwords.

    The passwords of the users created are also written to :func:`demo_users_file`
    (mode 0600), so that a later ``make run`` can show them again.

    Args:
        db: the database (schema applied).

    Returns:
        ``(username, role, password)`` of each user created now; empty when all existed.
    """
    created = []
    for username, role, display_name in DEMO_USERS:
        if users.exists(db, username):
            continue
        password = secrets.token_urlsafe(12)  # 16 characters, 96 random bits
        try:
            users.create(db, username, role, password, display_name)
        except users.UserExists:  # created meanwhile by another process
            continue
        audit.record("user_created", "User", username, f"demo user, role {role}", db=db)
        created.append((username, role, password))
    if created:
        _write_demo_file(created)
    return created


def _write_demo_file(created: list[tuple[str, str, str]]) -> None:
    path = demo_users_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    known: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                known[line.split()[0]] = line
    for username, role, password in created:
        known[username] = f"{username:<10} {role:<15} {password}"
    text = ("# linkwatch demo users (synthetic demo data only): username, role, password\n"
            + "\n".join(known[name] for name in sorted(known)) + "\n")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    if sys.platform != "win32":
        os.chmod(path, 0o600)  # in case the file existed with wider permissions
