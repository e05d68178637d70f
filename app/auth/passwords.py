"""Password hashing with Argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 1024  # hashing megabytes of "password" is a denial of service, not security

_hasher = PasswordHasher()


class WeakPassword(ValueError):
    """A password that the policy refuses."""


def check_policy(password: str) -> None:
    """Raise :class:`WeakPassword` unless ``password`` is 12 to 1,024 characters long."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"passwords need at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"passwords can have at most {MAX_LENGTH} characters")


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password`` (policy checked first)."""
    check_policy(password)
    return _hasher.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``; a missing hash costs the same time."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@cache
def _dummy_hash() -> str:
    # Verified against when the username is unknown, so that both cases take as long.
    return _hasher.hash("linkwatch-no-such-user-dummy-password")
