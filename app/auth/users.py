"""Users in Neo4j: create, sign in, sessions, roles. Data access only through named queries.

A user's ``id`` is the username in lower case. Sessions live in a signed cookie that holds a
random session id; the ``User`` node keeps only SHA-256 hashes of its live session ids, so
signing out, disabling a user or changing a password ends sessions on the server side, and
a copied cookie stops working.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from app.auth import passwords
from app.auth.roles import ROLES, User
from graph.db import Database
from graph.errors import ConstraintViolation

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")

#: Live sessions kept per user (browsers, machines); signing in an 11th drops the oldest.
SESSIONS_KEPT = 10


class UserError(ValueError):
    """A user cannot be created or changed as asked (message says why)."""


class UserExists(UserError):
    """A user with that username exists already."""


@dataclass(frozen=True)
class SignIn:
    """The outcome of checking a username and password."""

    user: User | None
    reason: str  # "ok", "unknown user", "wrong password", "disabled"


def normalise(username: str) -> str:
    """The stored form of a username: trimmed, lower case."""
    return (username or "").strip().lower()


def check_username(username: str) -> str:
    """Return the normalised username or raise :class:`UserError`."""
    name = normalise(username)
    if not USERNAME.match(name):
        raise UserError(
            "usernames are 2-63 characters: letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


def check_role(role: str) -> str:
    """Return ``role`` or raise :class:`UserError` when it is not one of :data:`ROLES`."""
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return role


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create(
    db: Database, username: str, role: str, password: str, display_name: str | None = None
) -> User:
    """Create a user.

    Args:
        db: the database.
        username: 2-63 characters; stored in lower case.
        role: one of :data:`ROLES`.
        password: at least 12 characters; stored only as an Argon2id hash.
        display_name: shown in the header; the username when omitted.

    Returns:
        The new user.

    Raises:
        UserExists: the username is taken.
        UserError: a bad username or role.
        passwords.WeakPassword: the password is refused.
    """
    name = check_username(username)
    check_role(role)
    shown = (display_name or "").strip()[:100] or name
    try:
        db.write(
            "auth/user_create",
            id=name,
            role=role,
            display_name=shown,
            password_hash=passwords.hash_password(password),
        )
    except ConstraintViolation as exc:
        raise UserExists(f"user {name!r} exists already") from exc
    return User(name, role, shown)


def exists(db: Database, username: str) -> bool:
    """Whether a user of that name exists."""
    return bool(db.read("auth/user_get", id=normalise(username)))


def sign_in(db: Database, username: str, password: str) -> SignIn:
    """Check a username and password, taking about as long whether or not the user exists.

    A hash made with weaker parameters than today's is replaced on success.
    """
    rows = db.read("auth/user_get", id=normalise(username)) if username else []
    row = rows[0] if rows else None
    ok = passwords.verify(row["password_hash"] if row else None, password)
    if row is None:
        return SignIn(None, "unknown user")
    if not ok:
        return SignIn(None, "wrong password")
    if row["disabled"]:
        return SignIn(None, "disabled")
    if passwords.needs_rehash(row["password_hash"]):
        db.write("auth/user_set_password", id=row["username"],
                 password_hash=passwords.hash_password(password), end_sessions=False)
    user = User(row["username"], row["role"], row["display_name"] or row["username"])
    return SignIn(user, "ok")


def start_session(db: Database, username: str) -> str:
    """Open a new server-side session for ``username`` and return its random id."""
    session_id = secrets.token_urlsafe(32)
    db.write("auth/session_start", id=normalise(username), session_hash=_hash(session_id),
             keep=SESSIONS_KEPT)
    return session_id


def end_session(db: Database, username: str, session_id: str) -> None:
    """Close one session (sign-out)."""
    db.write("auth/session_end", id=normalise(username), session_hash=_hash(session_id))


def session_user(db: Database, username: str, session_id: str) -> User | None:
    """The enabled user whose live session this is, else ``None``."""
    rows = db.read("auth/session_user", id=normalise(username), session_hash=_hash(session_id))
    if not rows:
        return None
    row = rows[0]
    return User(row["username"], row["role"], row["display_name"] or row["username"])


def list_users(db: Database) -> list[dict[str, Any]]:
    """Every user with role, state, last sign-in and live token count."""
    rows = db.read("auth/user_list")
    for row in rows:
        for key in ("last_login", "created_at"):
            row[key] = _when(row[key])
    return rows


def set_role(db: Database, username: str, role: str) -> str | None:
    """Change a user's role; returns the previous role.

    Raises:
        UserError: unknown role or user.
    """
    rows = db.write("auth/user_set_role", id=normalise(username), role=check_role(role))
    if not rows:
        raise UserError(f"no user {normalise(username)!r}")
    return rows[0]["before"]


def set_disabled(db: Database, username: str, disabled: bool) -> None:
    """Disable a user (ending their sessions) or enable them again.

    Raises:
        UserError: no such user.
    """
    if not db.write("auth/user_set_disabled", id=normalise(username), disabled=disabled):
        raise UserError(f"no user {normalise(username)!r}")


def set_password(db: Database, username: str, password: str) -> None:
    """Set a new password and end the user's sessions.

    Raises:
        UserError: no such user.
        passwords.WeakPassword: the password is refused.
    """
    hashed = passwords.hash_password(password)
    if not db.write("auth/user_set_password", id=normalise(username), password_hash=hashed,
                    end_sessions=True):
        raise UserError(f"no user {normalise(username)!r}")


def _when(value: Any) -> str | None:
    # neo4j DateTime -> "YYYY-MM-DD HH:MM" (UTC) for pages and the CLI.
    return None if value is None else str(value)[:16].replace("T", " ")
