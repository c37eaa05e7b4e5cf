"""Prometheus metrics computed from the database at scrape time, so every process agrees."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.tables import Draft, OutboxMessage, ReviewEvent


class ReviewCollector(Collector):
    """Expose draft states, review-log actions and the outbox backlog."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def collect(self) -> Iterator[Metric]:
        """Read the counts from the database."""
        with self.sessions() as session:
            drafts = GaugeMetricFamily("draftgate_drafts", "Drafts by status", labels=["status"])
            for status, count in session.execute(select(Draft.status, func.count()).group_by(Draft.status)):
                drafts.add_metric([status], count)
            events = CounterMetricFamily("draftgate_review_events", "Review-log events by action", labels=["action"])
            for action, count in session.execute(select(ReviewEvent.action, func.count()).group_by(ReviewEvent.action)):
                events.add_metric([action], count)
            outbox = GaugeMetricFamily("draftgate_outbox", "Outbox messages by status", labels=["status"])
            for status, count in session.execute(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
            ):
                outbox.add_metric([status], count)
        yield from (drafts, events, outbox)
