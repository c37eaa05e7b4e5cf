"""Health of the process's database: a cheap read of each table that matters, so corruption shows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from review.tables import ApiKey, Draft, OutboxMessage, ReviewEvent


def database_problem(sessions: sessionmaker[Session]) -> str | None:
    """Return why the database cannot serve (unreadable, corrupt, not migrated), or None when it can."""
    try:
        with sessions() as session:
            session.execute(select(ReviewEvent.seq, ReviewEvent.hash).order_by(ReviewEvent.seq.desc()).limit(1)).all()
            session.execute(select(Draft.id, Draft.status).order_by(Draft.created_at.desc()).limit(1)).all()
            session.execute(select(OutboxMessage.id).where(OutboxMessage.status == "pending").limit(1)).all()
            session.execute(select(ApiKey.id).limit(1)).all()
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        return f"{type(cause).__name__}: {str(cause).splitlines()[0] if str(cause) else ''}"[:300]
    return None
