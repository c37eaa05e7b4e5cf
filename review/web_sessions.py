"""Server-side web sessions: the cookie names a row, so signing out or a password change ends it everywhere.

The signed cookie alone could not be taken back: a copied cookie kept working until it expired.
Now it carries a random session id; a page works only while that row exists, is not revoked and
has not expired. ``revoke`` (sign-out) and ``revoke_user`` (password change, disabling) end them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Integer, String, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from review.db import utcnow
from review.tables import Base

LIFETIME = dt.timedelta(hours=12)


class WebSession(Base):
    """One signed-in browser; the cookie holds the id, the table holds only its SHA-256."""

    __tablename__ = "web_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    key_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    created_at: Mapped[str] = mapped_column(String(40))
    expires_at: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40), nullable=True)


def _hash(session_id: str) -> str:
    """Return the stored form of a session id."""
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def start(*, session: Session, user_id: int | None = None, key_id: int | None = None) -> str:
    """Open a session for an account or an API key; return its id (for the cookie only)."""
    session_id = secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.UTC)
    session.add(WebSession(id_hash=_hash(session_id), user_id=user_id, key_id=key_id,
                           created_at=now.isoformat(timespec="microseconds"),
                           expires_at=(now + LIFETIME).isoformat(timespec="microseconds")))
    return session_id


def is_live(*, session: Session, session_id: str | None) -> bool:
    """Tell whether the session exists, was not revoked and has not expired."""
    if not session_id:
        return False
    row = session.get(WebSession, _hash(session_id))
    return row is not None and row.revoked_at is None and row.expires_at > utcnow()


def revoke(*, session: Session, session_id: str | None) -> None:
    """End one session (sign-out)."""
    if session_id:
        session.execute(update(WebSession).where(WebSession.id_hash == _hash(session_id),
                                                  WebSession.revoked_at.is_(None)).values(revoked_at=utcnow()))


def revoke_user(*, session: Session, user_id: int) -> None:
    """End every session of an account (password change, disabling)."""
    session.execute(update(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None))
                    .values(revoked_at=utcnow()))
