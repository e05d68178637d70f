"""API tokens for scripts and notebooks: ``Authorization: Bearer <token>``.

A token is ``secrets.token_urlsafe(32)`` (256 random bits), shown once; only its SHA-256
is stored, as the ``ApiToken`` node's ``id``. A token acts with its user's role and stops
working when revoked or when the user is disabled. Tokens are never deleted, only revoked.
"""

from __future__ import annotations

import hashlib
import secrets

from app.auth.roles import User
from app.auth.users import UserError, normalise
from graph.db import Database


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(db: Database, username: str, label: str | None = None) -> str:
    """Create a token for ``username`` and return it (the only time it can be seen).

    Raises:
        UserError: no such user.
    """
    token = secrets.token_urlsafe(32)
    rows = db.write("auth/token_create", id=normalise(username), token_hash=token_hash(token),
                    label=(label or "").strip()[:100] or None)
    if not rows:
        raise UserError(f"no user {normalise(username)!r}")
    return token


def user_for(db: Database, token: str) -> User | None:
    """The enabled user a live token belongs to (noting the token's last use), else ``None``."""
    if not token or len(token) > 200:
        return None
    rows = db.write("auth/token_user", token_hash=token_hash(token))
    if not rows:
        return None
    row = rows[0]
    return User(row["username"], row["role"], row["display_name"] or row["username"])


def revoke_all(db: Database, username: str) -> int:
    """Revoke every live token of ``username``; returns how many."""
    rows = db.write("auth/token_revoke_all", id=normalise(username))
    return rows[0]["revoked"] if rows else 0
