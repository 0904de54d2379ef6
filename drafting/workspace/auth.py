"""Accounts, passwords, sessions and the login throttle.

Passwords are argon2 hashes; a session is a random token in an HttpOnly cookie
whose SHA-256 is stored (a leaked database holds no usable cookie), with its
own CSRF token that every unsafe request must echo.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from drafting.errors import InputError
from drafting.text import nfc

from .models import ROLES, LoginSession, User, now

SESSION_DAYS = 14
_hasher = PasswordHasher()
# A hash to verify against when the name is unknown, so that a wrong name
# takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AuthError(Exception):
    """Not signed in, or the credentials are wrong."""


class Throttled(Exception):
    """Too many failed logins: try again in `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__("too many failed logins; try again later")
        self.retry_after = retry_after


def _clean_name(name: str) -> str:
    name = nfc(name).strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise InputError(f"user name {name!r}: must be 1–100 characters without spaces")
    return name


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise InputError("the password must have at least 8 characters")


def add_user(session: Session, name: str, password: str, role: str) -> User:
    name = _clean_name(name)
    if role not in ROLES:
        raise InputError(f"role {role!r}: expected one of {', '.join(ROLES)}")
    _check_password(password)
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise InputError(f"user {name}: already exists")
    user = User(name=name, password_hash=_hasher.hash(password), role=role, disabled=False)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == nfc(name).strip()))
    if user is None:
        raise InputError(f"user {name}: no such user")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def set_password(session: Session, name: str, password: str) -> User:
    _check_password(password)
    user = get_user(session, name)
    user.password_hash = _hasher.hash(password)
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    return user


def disable_user(session: Session, name: str) -> User:
    user = get_user(session, name)
    user.disabled = True
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    return user


def authenticate(session: Session, name: str, password: str) -> User:
    user = session.scalar(select(User).where(User.name == nfc(name).strip()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        raise AuthError("wrong user name or password") from None
    if user is None or user.disabled:
        raise AuthError("wrong user name or password")
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User) -> tuple[str, LoginSession]:
    """A new session for `user`: the cookie's token and the stored row."""
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at < now()))
    token = secrets.token_urlsafe(32)
    row = LoginSession(token_hash=_token_hash(token), user_id=user.id, csrf=secrets.token_urlsafe(32),
                       expires_at=now() + dt.timedelta(days=SESSION_DAYS))
    session.add(row)
    session.flush()
    return token, row


def find_session(session: Session, token: str | None) -> LoginSession | None:
    """The live session of a cookie's token, or None (unknown, expired, user disabled)."""
    if not token:
        return None
    row = session.get(LoginSession, _token_hash(token))
    if row is None or row.expires_at < now() or row.user.disabled:
        return None
    return row


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == _token_hash(token)))


@dataclass
class Throttle:
    """Refuses logins for a name or a client address after `limit` failures
    within `window` seconds; a success clears the name's count."""
    limit: int = 5
    window: float = 900.0
    clock: object = time.monotonic
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, *keys: str) -> int:
        """Seconds until a login for `keys` is allowed again (0: now)."""
        t = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                recent = [x for x in self._failures.get(key, []) if t - x < self.window]
                self._failures[key] = recent
                if len(recent) >= self.limit:
                    wait = max(wait, self.window - (t - recent[0]))
        return int(wait) + 1 if wait else 0

    max_keys: int = 100_000

    def failed(self, *keys: str) -> None:
        t = self.clock()
        with self._lock:
            if len(self._failures) > self.max_keys:      # names sprayed by a guesser: forget the stale ones
                self._failures = {k: v for k, v in self._failures.items() if v and t - v[-1] < self.window}
            for key in keys:
                self._failures.setdefault(key, []).append(t)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
