"""Prometheus metrics computed from the database at scrape time, so every process agrees.

Besides the counts of drafts, review-log actions and the outbox, the review figures of
:mod:`review.metrics` (all time) are exposed: acceptance and edit ratios, mean edit distance,
rejections by reason, guard findings by type, and the time from draft to approval and to delivery
as summaries with 0.5 and 0.95 quantiles.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric, SummaryMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from review.metrics import Durations, ReviewMetrics, compute
from review.tables import Draft, OutboxMessage, ReviewEvent


class ReviewCollector(Collector):
    """Expose draft states, review-log actions, the outbox backlog and the review figures."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def collect(self) -> Iterator[Metric]:
        """Read the counts and the review figures from the database."""
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
            review = compute(session=session)
        yield from (drafts, events, outbox)
        yield from review_families(review)


def review_families(review: ReviewMetrics) -> Iterator[Metric]:
    """Return the review figures as Prometheus metric families."""
    for name, doc, value in (
        ("draftgate_review_acceptance_ratio", "Approvals / decisions (approved, rejected, escalated)",
         review.acceptance_rate),
        ("draftgate_review_edit_ratio", "Approvals a person edited / approvals", review.edit_rate),
        ("draftgate_review_edit_distance_mean", "Characters changed per edited approval", review.mean_edit_distance),
    ):
        gauge = GaugeMetricFamily(name, doc)
        gauge.add_metric([], float("nan") if value is None else value)
        yield gauge
    rejections = CounterMetricFamily("draftgate_review_rejections", "Rejections by reason code", labels=["reason"])
    for reason, count in review.rejection_reasons.items():
        rejections.add_metric([reason], count)
    findings = CounterMetricFamily("draftgate_guard_findings", "Drafts flagged by the guard, by finding type",
                                   labels=["type"])
    for kind, count in review.guard_findings.items():
        findings.add_metric([kind], count)
    yield from (rejections, findings)
    yield _summary("draftgate_draft_to_approval_seconds", "Seconds from draft creation to approval",
                   review.draft_to_approval)
    yield _summary("draftgate_draft_to_delivery_seconds", "Seconds from draft creation to delivery",
                   review.draft_to_delivery)


def _summary(name: str, doc: str, durations: Durations) -> SummaryMetricFamily:
    """Return a summary with count, sum and the 0.5 / 0.95 quantiles."""
    summary = SummaryMetricFamily(name, doc, count_value=durations.count, sum_value=durations.sum_s)
    for quantile, value in (("0.5", durations.p50_s), ("0.95", durations.p95_s)):
        summary.add_sample(name, {"quantile": quantile}, float("nan") if value is None else value)
    return summary
