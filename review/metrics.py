"""Figures CS leads ask for, computed from the review log alone: acceptance, edits, rejections, findings, timings.

Definitions (each counts events whose time falls in the window, when one is given):

- acceptance rate: approvals / decisions, where a decision is an approval, a rejection or an escalation;
- edit rate: approvals whose text a person changed (an ``edited`` event) / approvals;
- mean edit distance: characters inserted plus deleted, averaged over edited approvals only;
- rejection reasons: rejections by ``reason_code``;
- guard findings by type: drafts flagged per reason (``no_approved_source``, ``commitment_removed:refund``, ...);
- time from draft to approval / to delivery: seconds from the ``draft_created`` event of a draft to its
  ``approved`` / ``delivered`` event.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
from collections import Counter
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session, aliased

from review.tables import ReviewEvent

DECISIONS = ("approved", "rejected", "escalated")


class Durations(BaseModel):
    """How long something took, over ``count`` drafts (seconds)."""

    count: int = 0
    sum_s: float = 0.0
    mean_s: float | None = None
    p50_s: float | None = None
    p95_s: float | None = None
    max_s: float | None = None


class ReviewMetrics(BaseModel):
    """What the review log says about review quality and speed, over an optional window."""

    since: str | None = Field(default=None, description="start of the window (inclusive), ISO-8601 UTC")
    until: str | None = Field(default=None, description="end of the window (inclusive), ISO-8601 UTC")
    drafts_created: int = 0
    decisions: int = 0
    approved: int = 0
    rejected: int = 0
    escalated: int = 0
    edited: int = 0
    delivered: int = 0
    dead_lettered: int = 0
    acceptance_rate: float | None = Field(default=None, description="approved / (approved + rejected + escalated)")
    edit_rate: float | None = Field(default=None, description="edited approvals / approvals")
    mean_edit_distance: float | None = Field(default=None, description="characters changed, per edited approval")
    rejection_reasons: dict[str, int] = Field(default_factory=dict)
    guard_findings: dict[str, int] = Field(default_factory=dict)
    draft_to_approval: Durations = Field(default_factory=Durations)
    draft_to_delivery: Durations = Field(default_factory=Durations)


def compute(*, session: Session, since: str | None = None, until: str | None = None) -> ReviewMetrics:
    """Compute the review figures from the log, for events between ``since`` and ``until``."""
    tally = ReviewTally()
    tally.add(session=session, conditions=_window(ReviewEvent, since, until), since=since, until=until)
    return tally.figures().model_copy(update={"since": since, "until": until})


class ReviewTally:
    """The figures of ``compute`` over the whole log, kept by reading only the rows appended since the last read.

    The log is append-only and its rows become visible in ``seq`` order (appends are serialised), so
    what was read stays true: each ``update`` reads the rows after the last ``seq`` it saw, up to the
    head it finds, and adds them in. The first update reads the whole log; later ones cost what was
    appended since (a scrape of ``/metrics`` no longer re-reads a million rows).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.seq = 0
        self.counts: Counter[str] = Counter()
        self.distances: list[int] = []
        self.reasons: Counter[str] = Counter()
        self.findings: Counter[str] = Counter()
        self.to_approval: list[float] = []
        self.to_delivery: list[float] = []

    def update(self, *, session: Session) -> ReviewMetrics:
        """Read the rows appended since the last update and return the figures over the whole log."""
        with self._lock:
            head = session.scalar(select(func.max(ReviewEvent.seq))) or 0
            if head > self.seq:
                self.add(session=session, conditions=[ReviewEvent.seq > self.seq, ReviewEvent.seq <= head],
                         seqs=(self.seq, head))
                self.seq = head
            return self.figures()

    def add(self, *, session: Session, conditions: list[ColumnElement[bool]], since: str | None = None,
            until: str | None = None, seqs: tuple[int, int] | None = None) -> None:
        """Add in the events that meet ``conditions`` (the same window as ``since``, ``until`` and ``seqs``)."""
        self.counts.update(dict(session.execute(select(ReviewEvent.action, func.count()).where(*conditions)
                                                .group_by(ReviewEvent.action)).all()))
        self.distances += [int(d.get("edit_distance", 0)) for d in _details(session, "edited", conditions)]
        self.reasons.update(str(d.get("reason_code", "unknown")) for d in _details(session, "rejected", conditions))
        self.findings.update(str(r) for d in _details(session, "guard_findings", conditions)
                             for r in dict.fromkeys(d.get("reasons", [])))
        self.to_approval += _since_created(session, "approved", since, until, seqs=seqs)
        self.to_delivery += _since_created(session, "delivered", since, until, seqs=seqs)

    def actions(self) -> dict[str, int]:
        """Return the events read so far, by action."""
        with self._lock:
            return dict(self.counts)

    def figures(self) -> ReviewMetrics:
        """Return the figures of what has been read."""
        approved, rejected, escalated = (int(self.counts.get(a, 0)) for a in DECISIONS)
        decisions = approved + rejected + escalated
        return ReviewMetrics(
            drafts_created=int(self.counts.get("draft_created", 0)), decisions=decisions, approved=approved,
            rejected=rejected, escalated=escalated, edited=len(self.distances),
            delivered=int(self.counts.get("delivered", 0)),
            dead_lettered=int(self.counts.get("delivery_dead_lettered", 0)),
            acceptance_rate=_ratio(approved, decisions), edit_rate=_ratio(len(self.distances), approved),
            mean_edit_distance=sum(self.distances) / len(self.distances) if self.distances else None,
            rejection_reasons=dict(self.reasons.most_common()), guard_findings=dict(self.findings.most_common()),
            draft_to_approval=durations(self.to_approval), draft_to_delivery=durations(self.to_delivery),
        )


def durations(seconds: Sequence[float]) -> Durations:
    """Summarise durations: count, sum, mean, nearest-rank p50 and p95, max."""
    if not seconds:
        return Durations()
    ordered = sorted(seconds)

    def rank(p: float) -> float:
        return round(ordered[max(0, math.ceil(p * len(ordered)) - 1)], 3)

    total = sum(ordered)
    return Durations(count=len(ordered), sum_s=round(total, 3), mean_s=round(total / len(ordered), 3),
                     p50_s=rank(0.5), p95_s=rank(0.95), max_s=round(ordered[-1], 3))


def _window(table: Any, since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    """Return the conditions that keep events inside the window."""
    conditions: list[ColumnElement[bool]] = []
    if since:
        conditions.append(table.created_at >= since)
    if until:
        conditions.append(table.created_at <= until)
    return conditions


def _details(session: Session, action: str, window: list[ColumnElement[bool]]) -> list[dict[str, Any]]:
    """Return the decoded details of every event of one action inside the window."""
    raws = session.scalars(select(ReviewEvent.details).where(ReviewEvent.action == action, *window))
    return [dict(json.loads(raw or "{}")) for raw in raws]


def _since_created(session: Session, action: str, since: str | None, until: str | None,
                   seqs: tuple[int, int] | None = None) -> list[float]:
    """Return, per ``action`` event in the window (and ``seqs``: after the first, up to the second), the
    seconds since its draft's ``draft_created`` event."""
    done, created = aliased(ReviewEvent), aliased(ReviewEvent)
    rows = session.execute(
        select(created.created_at, done.created_at).select_from(done)
        .join(created, and_(created.draft_id == done.draft_id, created.action == "draft_created"))
        .where(done.action == action, *_window(done, since, until),
               *((done.seq > seqs[0], done.seq <= seqs[1]) if seqs else ()))
    ).all()
    return [(_time(end) - _time(start)).total_seconds() for start, end in rows]


def _time(value: str) -> dt.datetime:
    """Parse a stored ISO-8601 time."""
    return dt.datetime.fromisoformat(value)


def _ratio(part: int, whole: int) -> float | None:
    """Return part / whole rounded, or None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None
