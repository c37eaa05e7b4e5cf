"""Prometheus metrics computed from the database, so every process agrees.

Counting a review log of a million rows takes seconds, so a scrape never waits for it: the figures
are a snapshot, recomputed in a background thread when a scrape finds it older than ``max_age_s``
(``DRAFTGATE_METRICS_MAX_AGE_S``, 15 s by default); that scrape and the ones during the refresh get
the previous snapshot. A scrape therefore shows the database as it was at most ``max_age_s`` plus
one computation ago (the snapshot's time is ``draftgate_metrics_snapshot_timestamp_seconds``). Only
the very first scrape of a process waits, unless the app warmed the snapshot at start-up.
``max_age_s=0`` computes on every scrape.

Besides the counts of drafts, review-log actions and the outbox, the review figures of
:mod:`review.metrics` (all time) are exposed: acceptance and edit ratios, mean edit distance,
rejections by reason, guard findings by type, and the time from draft to approval and to delivery
as summaries with 0.5 and 0.95 quantiles.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric, SummaryMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from review.metrics import Durations, ReviewMetrics, ReviewTally
from review.tables import DraftStatusCount, OutboxMessage


class ReviewCollector(Collector):
    """Expose draft states, review-log actions, the outbox backlog and the review figures."""

    def __init__(self, sessions: sessionmaker[Session], *, max_age_s: float = 15.0) -> None:
        self.sessions = sessions
        self.max_age_s = max_age_s
        self._snapshot: tuple[float, list[Metric]] | None = None
        self._lock = threading.Lock()
        self._refreshing: threading.Thread | None = None
        self._tally = ReviewTally()  # the review figures, read incrementally from the append-only log

    def collect(self) -> Iterator[Metric]:
        """Return the latest snapshot, starting a refresh when it is older than ``max_age_s``."""
        snapshot = self._snapshot
        if snapshot is None or self.max_age_s <= 0:
            snapshot = self.refresh()
        elif time.time() - snapshot[0] > self.max_age_s:
            self.refresh_in_background()
        taken = GaugeMetricFamily("draftgate_metrics_snapshot_timestamp_seconds",
                                  "When the figures below were read from the database (Unix time)")
        taken.add_metric([], snapshot[0])
        yield taken
        yield from snapshot[1]

    def refresh_in_background(self) -> None:
        """Recompute the snapshot in a thread, unless a refresh is already running."""
        with self._lock:
            if self._refreshing is not None and self._refreshing.is_alive():
                return
            self._refreshing = threading.Thread(target=self.refresh, name="metrics-refresh", daemon=True)
            self._refreshing.start()

    def refresh(self) -> tuple[float, list[Metric]]:
        """Read the figures from the database now and keep them as the snapshot."""
        taken = time.time()
        snapshot = (taken, list(self._read()))
        self._snapshot = snapshot
        return snapshot

    def _read(self) -> Iterator[Metric]:
        """Read the counts and the review figures from the database."""
        with self.sessions() as session:
            drafts = GaugeMetricFamily("draftgate_drafts", "Drafts by status", labels=["status"])
            for status, count in session.execute(  # the counts the triggers keep, not a scan of every draft
                select(DraftStatusCount.status, func.sum(DraftStatusCount.drafts)).group_by(DraftStatusCount.status)
            ):
                if count:
                    drafts.add_metric([status], count)
            review = self._tally.update(session=session)
            events = CounterMetricFamily("draftgate_review_events", "Review-log events by action", labels=["action"])
            for action, count in sorted(self._tally.actions().items()):
                events.add_metric([action], count)
            outbox = GaugeMetricFamily("draftgate_outbox", "Outbox messages by status", labels=["status"])
            for status, count in session.execute(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
            ):
                outbox.add_metric([status], count)
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
