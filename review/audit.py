"""Reading the review log: filtered pages and exports for CS leads."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from review.tables import ReviewEvent

EXPORT_COLUMNS = ("seq", "created_at", "action", "actor", "draft_id", "note", "details", "prev_hash", "hash")


class AuditFilter(BaseModel):
    """Which review-log events to show."""

    since: str | None = None
    until: str | None = None
    actor: str | None = None
    action: str | None = None
    draft: str | None = None

    def query(self) -> Select[Any]:
        """Return the SELECT for these filters, oldest first."""
        q = select(ReviewEvent)
        if self.since:
            q = q.where(ReviewEvent.created_at >= self.since)
        if self.until:
            q = q.where(ReviewEvent.created_at <= self.until)
        if self.actor:
            q = q.where(ReviewEvent.actor == self.actor)
        if self.action:
            q = q.where(ReviewEvent.action == self.action)
        if self.draft:
            q = q.where(ReviewEvent.draft_id == self.draft)
        return q.order_by(ReviewEvent.seq)


def page(*, session: Session, filters: AuditFilter, after: int, limit: int) -> list[ReviewEvent]:
    """Return up to ``limit`` events with seq greater than ``after``."""
    return list(session.execute(filters.query().where(ReviewEvent.seq > after).limit(limit)).scalars())


def as_dict(event: ReviewEvent) -> dict[str, Any]:
    """Return one event as plain data."""
    return {"seq": event.seq, "created_at": event.created_at, "action": event.action, "actor": event.actor,
            "draft_id": event.draft_id, "note": event.note, "details": json.loads(event.details or "{}"),
            "prev_hash": event.prev_hash, "hash": event.hash}


def export(*, session: Session, filters: AuditFilter, fmt: str) -> Iterator[str]:
    """Yield the filtered log as CSV or JSONL, in chunks."""
    after = 0
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerow(EXPORT_COLUMNS)
        yield buffer.getvalue()
    while True:
        rows = page(session=session, filters=filters, after=after, limit=1000)
        if not rows:
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            data = as_dict(row)
            if fmt == "csv":
                writer.writerow([csv_cell(data[c]) for c in EXPORT_COLUMNS])
            else:
                buffer.write(json.dumps(data, ensure_ascii=False) + "\n")
        yield buffer.getvalue()
        after = rows[-1].seq


def csv_cell(value: Any) -> str:
    """Return a CSV cell; guard against spreadsheet formula injection."""
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else ("" if value is None else str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
