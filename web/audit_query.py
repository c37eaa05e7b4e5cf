"""Read the review log for the lead's pages: filters by time, rep, action, reason and guard finding.

Time, actor, action and draft filter in SQL (``review.audit.AuditFilter``). Reasons and findings sit
in each event's JSON ``details``: SQL narrows by substring, then an exact check runs in Python.
A finding filter keeps every event of the drafts whose guard findings include that type.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from agent.commitments import LABELS as COMMITMENT_LABELS
from agent.escalation_reasons import REASONS as ESCALATION_REASONS
from agent.findings import Finding
from review.audit import EXPORT_COLUMNS, AuditFilter, as_dict, csv_cell
from review.tables import ReviewEvent
from web.findings import finding_types

FINDINGS = ("no_approved_source", "weak_retrieval", "unsupported_sentence", "missing_information",
            "commitment_removed", *(f"commitment_removed:{label}" for label in COMMITMENT_LABELS),
            "escalated", "model_fallback", "pipeline_error", "unanswered_question", "language_mismatch")
BATCH = 500


class LogFilter(BaseModel):
    """The lead's filters on the review log; dates are UTC days (YYYY-MM-DD)."""

    since: str = ""
    until: str = ""
    actor: str = ""
    action: str = ""
    reason: str = ""
    finding: str = ""
    draft: str = ""

    def base(self) -> AuditFilter:
        """Return the SQL part of the filter."""
        return AuditFilter(since=self.since[:10] or None, until=f"{self.until[:10]}T23:59:59.999999+00:00"
                           if self.until else None, actor=self.actor or None, action=self.action or None,
                           draft=self.draft or None)

    def query(self, session: Session) -> Select[Any]:
        """Return the SELECT narrowed as far as SQL can, oldest first."""
        query = self.base().query()
        if self.reason:
            query = query.where(ReviewEvent.details.contains(json.dumps(self.reason), autoescape=True))
        if self.finding:
            query = query.where(ReviewEvent.draft_id.in_(_drafts_with_finding(session, self.finding)))
        return query

    def matches(self, event: ReviewEvent) -> bool:
        """Return whether an event passes the exact reason check."""
        return not self.reason or self.reason in event_reasons(event.action, json.loads(event.details or "{}"))


def event_reasons(action: str, details: dict[str, Any]) -> set[str]:
    """Return the reasons an event records: a rejection's code or a new draft's escalation reasons."""
    if action == "rejected":
        return {str(details.get("reason_code", ""))}
    if action == "draft_created":
        return {str(r) for r in details.get("escalation_reasons", [])}
    return set()


def _drafts_with_finding(session: Session, finding: str) -> list[str]:
    """Return the ids of drafts whose guard findings include ``finding`` (a type or a whole family)."""
    rows = session.execute(select(ReviewEvent.draft_id, ReviewEvent.details).where(
        ReviewEvent.action == "guard_findings",
        ReviewEvent.details.contains(Finding.of(finding).detail or finding, autoescape=True)))
    ids = []
    for draft_id, details in rows:
        types = finding_types(json.loads(details or "{}"))
        if draft_id and (finding in types or any(t.startswith(finding + ":") for t in types)):
            ids.append(draft_id)
    return ids


def newest_page(*, session: Session, filters: LogFilter, before: int | None,
                limit: int) -> tuple[list[ReviewEvent], int | None]:
    """Return up to ``limit`` matching events, newest first, below seq ``before``; and the next cursor."""
    query = filters.query(session).order_by(None).order_by(ReviewEvent.seq.desc())
    found: list[ReviewEvent] = []
    cursor = before
    while len(found) < limit:
        batch_query = query.where(ReviewEvent.seq < cursor) if cursor else query
        batch: list[ReviewEvent] = list(session.execute(batch_query.limit(BATCH)).scalars())
        for event in batch:
            cursor = event.seq
            if filters.matches(event):
                found.append(event)
                if len(found) == limit:
                    break
        if len(batch) < BATCH:
            return found, (cursor if len(found) == limit and cursor and cursor > 1 else None)
    return found, cursor


def export_csv(*, session: Session, filters: LogFilter) -> Iterator[str]:
    """Yield the matching events as CSV, oldest first, with the same columns as the API export."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(EXPORT_COLUMNS)
    yield buffer.getvalue()
    after = 0
    while True:
        query = filters.query(session).where(ReviewEvent.seq > after).limit(BATCH)
        batch: list[ReviewEvent] = list(session.execute(query).scalars())
        if not batch:
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for event in batch:
            if filters.matches(event):
                row = as_dict(event)
                writer.writerow([csv_cell(row[column]) for column in EXPORT_COLUMNS])
        yield buffer.getvalue()
        after = batch[-1].seq


def choices(*, session: Session, reject_reasons: tuple[str, ...]) -> dict[str, list[str]]:
    """Return the values each filter offers: actors and actions seen, reasons and findings known."""
    actors = session.execute(select(ReviewEvent.actor).distinct().order_by(ReviewEvent.actor)).scalars().all()
    actions = session.execute(select(ReviewEvent.action).distinct().order_by(ReviewEvent.action)).scalars().all()
    return {"actors": list(actors), "actions": list(actions), "reject_reasons": list(reject_reasons),
            "escalation_reasons": list(ESCALATION_REASONS), "findings": list(FINDINGS)}


def draft_events(*, session: Session, draft_id: str) -> list[ReviewEvent]:
    """Return every event of one draft, oldest first."""
    return list(session.execute(
        select(ReviewEvent).where(ReviewEvent.draft_id == draft_id).order_by(ReviewEvent.seq)).scalars())
