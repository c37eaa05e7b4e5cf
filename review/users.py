"""Web sign-in accounts for reps, leads and admins: argon2id password hashes, lockout, review-log entries.

Accounts are made with ``draftgate users create``; API keys keep working for the web sign-in too.
A signed-in account acts as ``Principal(key_id=-user.id, name, role)``: the negative id never
matches an API key, so it owns no ticketing drafts, and the review log names it ``role:name``.
Failed sign-ins are throttled per client address (``review.throttle``), never by locking the account.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from review import review_log, web_sessions
from review.auth import Principal
from review.db import transaction, utcnow
from review.errors import InvalidRequest, NotAuthenticated, NotFound
from review.tables import Base
from review.throttle import MAX_FAILURES, SignInThrottle

__all__ = ["MAX_FAILURES", "WebUser", "sign_in"]

USER_ROLES = ("rep", "lead", "admin")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,199}$")
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("draftgate-timing-equaliser")


class WebUser(Base):
    """A person who signs in to the web pages with a name and password."""

    __tablename__ = "web_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[str] = mapped_column(String(40))
    password_changed_at: Mapped[str] = mapped_column(String(40))
    disabled_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[str | None] = mapped_column(String(40), nullable=True)
    last_sign_in_at: Mapped[str | None] = mapped_column(String(40), nullable=True)


def generate_password() -> str:
    """Return a new random password that is easy to copy."""
    return secrets.token_urlsafe(18)


def _check_password(password: str) -> None:
    """Raise InvalidRequest unless the password is long enough."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidRequest(f"the password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters", code="weak_password")


def create_user(*, session: Session, name: str, role: str, password: str, actor: str = "cli") -> WebUser:
    """Create an account with an argon2id password hash and log it."""
    if role not in USER_ROLES:
        raise InvalidRequest(f"role must be one of {', '.join(USER_ROLES)}", code="invalid_role")
    if not NAME_PATTERN.match(name):
        raise InvalidRequest("a name is letters, digits, '.', '_', '@' or '-' (up to 200)", code="invalid_name")
    if find_user(session=session, name=name) is not None:
        raise InvalidRequest(f"an account named {name!r} already exists", code="name_taken")
    _check_password(password)
    now = utcnow()
    user = WebUser(name=name, role=role, password_hash=_hasher.hash(password), created_at=now,
                   password_changed_at=now, failed_attempts=0)
    session.add(user)
    session.flush()
    review_log.append(session=session, action="user_created", actor=actor, note=f"{role}:{name}",
                      details={"user_id": user.id})
    return user


def find_user(*, session: Session, name: str) -> WebUser | None:
    """Return the account with this name, if any."""
    return session.execute(select(WebUser).where(WebUser.name == name)).scalar_one_or_none()


def _existing(session: Session, name: str) -> WebUser:
    """Return the named account or raise NotFound."""
    user = find_user(session=session, name=name)
    if user is None:
        raise NotFound(f"no account named {name!r}")
    return user


def set_password(*, session: Session, name: str, password: str, actor: str = "cli") -> WebUser:
    """Replace an account's password, unlock it, and sign out its sessions."""
    _check_password(password)
    user = _existing(session, name)
    user.password_hash = _hasher.hash(password)
    user.password_changed_at = utcnow()
    user.failed_attempts, user.locked_until = 0, None
    web_sessions.revoke_user(session=session, user_id=user.id)
    review_log.append(session=session, action="user_password_set", actor=actor, note=f"{user.role}:{name}",
                      details={"user_id": user.id})
    return user


def set_disabled(*, session: Session, name: str, disabled: bool, actor: str = "cli") -> WebUser:
    """Disable an account (its sessions end at once) or enable it again."""
    user = _existing(session, name)
    user.disabled_at = utcnow() if disabled else None
    if disabled:
        web_sessions.revoke_user(session=session, user_id=user.id)
    user.failed_attempts, user.locked_until = 0, None
    review_log.append(session=session, action="user_disabled" if disabled else "user_enabled", actor=actor,
                      note=f"{user.role}:{name}", details={"user_id": user.id})
    return user


def sign_in(*, sessions: sessionmaker[Session], name: str, password: str, throttle: SignInThrottle,
            client: str = "unknown") -> WebUser:
    """Return the account if the password is right; throttle failures per client address and name.

    The answer never depends on whether the account exists, and the slow hash check runs outside
    any write transaction; only its outcome is written.
    """
    name = name.strip()
    wait = throttle.retry_after(address=client, name=name)
    if wait:
        raise NotAuthenticated(f"too many wrong passwords from this address; try again in {wait // 60 + 1} minute(s)",
                               code="too_many_attempts")
    with sessions() as session:
        user = find_user(session=session, name=name)
    ok = _verify(user.password_hash if user is not None else _DUMMY_HASH, password) and user is not None
    if user is None or user.disabled_at is not None or not ok:
        throttle.failed(address=client, name=name)
        raise NotAuthenticated("wrong name or password")
    throttle.succeeded(address=client, name=name)
    with transaction(sessions) as session:
        row = session.get(WebUser, user.id)
        assert row is not None
        _record_attempt(row, password=password)
    return row


def _record_attempt(user: WebUser, *, password: str) -> None:
    """Record a successful sign-in; rehash the password when argon2's parameters changed."""
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_attempts, user.locked_until, user.last_sign_in_at = 0, None, utcnow()


def _verify(password_hash: str, password: str) -> bool:
    """Return whether the password matches the hash, never raising."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def session_stamp(user: WebUser) -> str:
    """Return a fingerprint that changes when the password changes, ending older sessions."""
    return hashlib.sha256(f"{user.id}:{user.password_changed_at}".encode()).hexdigest()[:16]


def principal_of(user: WebUser) -> Principal:
    """Return how a signed-in account acts on drafts and appears in the review log."""
    return Principal(key_id=-user.id, name=user.name, role=user.role)


def list_users(*, session: Session) -> list[WebUser]:
    """Return every account, oldest first."""
    return list(session.execute(select(WebUser).order_by(WebUser.id)).scalars())
