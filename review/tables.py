"""Database tables: drafts, the outbox, the review log, API keys, idempotency records, web users."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every draftgate table."""


class ApiKey(Base):
    """An API key, stored as its SHA-256 only; ``role`` decides what it may do."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40), nullable=True)


class Draft(Base):
    """A drafted reply or summary and where it is in review; ``version`` backs the ETag."""

    __tablename__ = "drafts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    ticket_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[int] = mapped_column(ForeignKey("api_keys.id"))
    ticket_json: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str] = mapped_column(Text)
    draft_text: Mapped[str] = mapped_column(Text)
    final_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    needs_human_review: Mapped[bool] = mapped_column(Boolean)
    escalate: Mapped[bool] = mapped_column(Boolean)
    risk: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[str] = mapped_column(String(40))
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decided_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    reason_code: Mapped[str | None] = mapped_column(String(50), nullable=True)
    escalated_to: Mapped[str | None] = mapped_column(String(200), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    category: Mapped[str | None] = mapped_column(String(50), nullable=True)
    product_area: Mapped[str | None] = mapped_column(String(50), nullable=True)
    urgency: Mapped[str | None] = mapped_column(String(50), nullable=True)
    language: Mapped[str | None] = mapped_column(String(50), nullable=True)
    account_key: Mapped[str | None] = mapped_column(String(320), nullable=True)
    first_approved_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    first_approved_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    reasons: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON arrays of reason codes, for the queue
    escalation_reasons: Mapped[str | None] = mapped_column(Text, nullable=True)  # (migration i18_queue_reasons)

    __table_args__ = (Index("ix_drafts_status_created_id", "status", "created_at", "id"),
                      Index("ix_drafts_created_id", "created_at", "id"),
                      Index("ix_drafts_account_key_created", "account_key", "created_at"))


class DraftStatusCount(Base):
    """How many drafts are in each status, kept exact by database triggers (migration i16_draft_status_counts)."""

    __tablename__ = "draft_status_counts"

    status: Mapped[str] = mapped_column(String(40), primary_key=True)
    drafts: Mapped[int] = mapped_column(Integer)


class OutboxMessage(Base):
    """Exactly the approved text, serialised once at approval, waiting for (or done with) delivery."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), unique=True)
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[str] = mapped_column(String(40))
    claimed_until: Mapped[str | None] = mapped_column(String(40), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[str | None] = mapped_column(String(40), nullable=True)


class ReviewEvent(Base):
    """One row of the append-only, hash-chained review log."""

    __tablename__ = "review_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    actor: Mapped[str] = mapped_column(String(200), index=True)
    draft_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    details: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[str] = mapped_column(String(40), index=True)


class IdempotencyRecord(Base):
    """The first request made with an ``Idempotency-Key`` by one API key, and its draft."""

    __tablename__ = "idempotency"
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    draft_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[str] = mapped_column(String(40))

    __table_args__ = (UniqueConstraint("api_key_id", "key", name="uq_idempotency_key"),)
