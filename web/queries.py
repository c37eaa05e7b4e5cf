"""Read-only queries behind the review queue: filters, ordering, counts and the next draft to review.

Lifecycle changes never happen here; they go through ``review.drafts``. Escalation reasons live in
the stored pipeline record (JSON), so that filter uses SQLite's ``json_each`` or PostgreSQL's
``jsonb``, whichever the database is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import ColumnElement, case, func, select, text
from sqlalchemy.orm import Session

from agent.escalation_reasons import REASONS as ESCALATION_REASONS
from review.drafts import status_count
from review.summaries import summary_select
from review.tables import Draft

STATUSES = ("pending_review", "awaiting_second_approval", "approved", "sent", "rejected", "escalated", "all")
ROUTING_FIELDS = ("category", "product_area", "urgency", "language")
AGES: dict[str, tuple[str, dt.timedelta]] = {
    "lt1h": ("<", dt.timedelta(hours=1)), "gt1h": (">", dt.timedelta(hours=1)),
    "gt4h": (">", dt.timedelta(hours=4)), "gt24h": (">", dt.timedelta(days=1)),
    "gt3d": (">", dt.timedelta(days=3)),
}
AGE_LABELS = {"": "Any age", "lt1h": "Under 1 hour", "gt1h": "Over 1 hour", "gt4h": "Over 4 hours",
              "gt24h": "Over 1 day", "gt3d": "Over 3 days"}
PAGE_SIZE = 50


class QueueFilter(BaseModel):
    """What the rep asked the queue to show."""

    status: Literal["pending_review", "awaiting_second_approval", "approved", "sent", "rejected", "escalated",
                    "all"] = "pending_review"
    risk: Literal["", "low", "medium", "high"] = ""
    reason: str = ""
    flagged: Literal["", "yes", "no"] = ""
    age: Literal["", "lt1h", "gt1h", "gt4h", "gt24h", "gt3d"] = ""
    order: Literal["newest", "oldest"] = "newest"
    category: str = Field(default="", max_length=50, pattern=r"^[A-Za-z0-9_-]*$")
    product_area: str = Field(default="", max_length=50, pattern=r"^[A-Za-z0-9_-]*$")
    urgency: str = Field(default="", max_length=50, pattern=r"^[A-Za-z0-9_-]*$")
    language: str = Field(default="", max_length=50, pattern=r"^[A-Za-z0-9_-]*$")
    page: int = 1

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> QueueFilter:
        """Read the filters from a query string, dropping any value that is not offered."""
        values = {name: params[name] for name in cls.model_fields if name in params}
        try:
            filters = cls.model_validate(values)
        except ValidationError as exc:
            bad = {error["loc"][0] for error in exc.errors()}
            filters = cls.model_validate({k: v for k, v in values.items() if k not in bad})
        reason = filters.reason if filters.reason in ("", "any", "none", *ESCALATION_REASONS) else ""
        return filters.model_copy(update={"reason": reason, "page": max(1, min(filters.page, 10_000))})

    def conditions(self, dialect: str, now: dt.datetime) -> list[ColumnElement[bool]]:
        """Return the WHERE conditions of these filters."""
        where: list[ColumnElement[bool]] = []
        if self.status != "all":
            where.append(Draft.status == self.status)
        if self.risk:
            where.append(Draft.risk == self.risk)
        if self.flagged:
            where.append(Draft.needs_human_review.is_(self.flagged == "yes"))
        if self.reason in ("any", "none"):
            where.append(Draft.escalate.is_(self.reason == "any"))
        elif self.reason:
            where.append(_has_escalation_reason(dialect, self.reason))
        for field in ROUTING_FIELDS:
            if getattr(self, field):
                where.append(getattr(Draft, field) == getattr(self, field))
        if self.age:
            op, delta = AGES[self.age]
            cutoff = (now - delta).isoformat(timespec="microseconds")
            where.append(Draft.created_at > cutoff if op == "<" else Draft.created_at <= cutoff)
        return where

    def query_string(self, **change: Any) -> str:
        """Return the query string of these filters with some values changed (defaults left out)."""
        values = {**self.model_dump(), **change}
        defaults = QueueFilter().model_dump()
        return urlencode({k: v for k, v in values.items() if v != defaults[k]})


def _has_escalation_reason(dialect: str, reason: str) -> ColumnElement[bool]:
    """Return a condition: the draft's stored escalation reasons contain ``reason``."""
    if dialect == "postgresql":
        sql = "jsonb_exists(CAST(drafts.result_json AS jsonb) -> 'escalation_reasons', :reason)"
    else:
        sql = ("EXISTS (SELECT 1 FROM json_each(drafts.result_json, '$.escalation_reasons') AS r "
               "WHERE r.value = :reason)")
    return text(sql).bindparams(reason=reason)  # type: ignore[return-value]


def list_queue(*, session: Session, filters: QueueFilter, now: dt.datetime | None = None) -> tuple[list[Any], int]:
    """Return one page of queue rows (``review.summaries``) matching the filters, and how many match in all."""
    dialect = session.get_bind().dialect.name
    where = filters.conditions(dialect, now or dt.datetime.now(dt.UTC))
    narrowing = {"risk", "reason", "flagged", "age", *ROUTING_FIELDS}
    if not any(filters.model_dump(include=narrowing).values()):
        total = status_count(session=session, status=None if filters.status == "all" else filters.status)
    else:
        total = session.execute(select(func.count()).select_from(Draft).where(*where)).scalar_one()
    order = (Draft.created_at.asc(), Draft.id.asc()) if filters.order == "oldest" else (
        Draft.created_at.desc(), Draft.id.desc())
    offset = (filters.page - 1) * PAGE_SIZE
    rows = session.execute(summary_select(dialect).where(*where).order_by(*order).limit(PAGE_SIZE).offset(offset))
    return list(rows.all()), int(total)


def pending_counts(*, session: Session) -> dict[str, Any]:
    """Count the pending drafts: all, by risk, flagged, to escalate, and the oldest one's time."""
    row = session.execute(
        select(
            func.count(),
            func.sum(case((Draft.risk == "high", 1), else_=0)),
            func.sum(case((Draft.risk == "medium", 1), else_=0)),
            func.sum(case((Draft.risk == "low", 1), else_=0)),
            func.sum(case((Draft.needs_human_review.is_(True), 1), else_=0)),
            func.sum(case((Draft.escalate.is_(True), 1), else_=0)),
            func.min(Draft.created_at),
        ).where(Draft.status == "pending_review")
    ).one()
    keys = ("pending", "high", "medium", "low", "flagged", "escalate", "oldest")
    counts = {k: (v or 0) if k != "oldest" else v for k, v in zip(keys, row, strict=True)}
    counts["awaiting"] = session.execute(
        select(func.count()).select_from(Draft).where(Draft.status == "awaiting_second_approval")).scalar_one()
    return counts


def languages(*, session: Session) -> list[str]:
    """Return the languages drafts were routed with, for the queue's language filter."""
    rows = session.execute(select(Draft.language).where(Draft.language.is_not(None)).distinct().limit(50))
    return sorted(str(value) for value in rows.scalars())


def next_pending(*, session: Session, after: Draft) -> str | None:
    """Return the id of the pending draft to review next (the oldest other one), if any."""
    return session.execute(
        select(Draft.id).where(Draft.status == "pending_review", Draft.id != after.id)
        .order_by(Draft.created_at.asc(), Draft.id.asc()).limit(1)
    ).scalar_one_or_none()
