"""Password hashing with argon2 (argon2-cffi, its recommended parameters); the only module that imports it."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$")
"""A sign-in name: 3-64 lower-case letters, digits, dots, dashes and underscores."""

MIN_PASSWORD = 8
"""The shortest password accepted."""

MAX_PASSWORD = 1024
"""The longest password hashed (a megabyte of password would be a cheap way to make the server hash for long)."""

_hasher = PasswordHasher()

# Verifying an unknown name against this keeps a missing account as slow as a wrong password (no name probing).
_DUMMY = _hasher.hash("no such account, but take as long as a real one")


class AccountError(ValueError):
    """A sign-in name or password that cannot be used, with a message for the person choosing it."""


def check_name(name: str) -> str:
    """The name, or AccountError saying what a name may be."""
    if not USER_NAME.match(name):
        raise AccountError("a user name is 3-64 lower-case letters, digits, dots, dashes or underscores")
    if name == "local":
        raise AccountError("'local' is the single-user install's own name; choose another")
    return name


def hash_password(password: str) -> str:
    """An argon2id hash of a new password (AccountError if it is too short or too long)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"a password may have at most {MAX_PASSWORD} characters")
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether the password matches the stored hash (a missing account costs the same time and says no)."""
    if len(password) > MAX_PASSWORD:
        return False
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
