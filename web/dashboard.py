"""The lead's dashboard: acceptance, edits, rejection reasons, guard findings and time to approval, by day.

Every figure is ``review.metrics.compute`` (the same definitions as ``GET /v1/metrics/review``),
over the whole window for the headline tiles and over each UTC day for the charts, so the page
and the API always agree. Charts are inline SVG drawn by the server.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from review import metrics as review_figures
from review.metrics import ReviewMetrics
from web.charts import bar_chart, line_chart, stacked_chart
from web.common import Lead, page, services_of
from web.findings import finding_kind, reason_label
from web.queries import pending_counts

router = APIRouter(include_in_schema=False)
WINDOWS = (7, 30, 90)
OUTCOMES = {"approved": "Approved", "rejected": "Rejected", "escalated": "Escalated"}


@router.get("/dashboard")
def dashboard(request: Request, me: Lead, days: int = 30) -> Response:
    """Show the review figures of the last 7, 30 or 90 days."""
    days = days if days in WINDOWS else 30
    with services_of(request).sessions() as session:
        window, daily = collect(session=session, days=days, today=dt.datetime.now(dt.UTC).date())
        pending = pending_counts(session=session)["pending"]
    return page(request, "dashboard.html", days=days, windows=WINDOWS, summary=summary(window, pending),
                **charts(daily))


def _bounds(day: dt.date) -> tuple[str, str]:
    """Return the first and last stored-format instants of a UTC day."""
    start = dt.datetime.combine(day, dt.time(), dt.UTC)
    return start.isoformat(timespec="microseconds"), (start + dt.timedelta(days=1, microseconds=-1)).isoformat(
        timespec="microseconds")


def collect(*, session: Session, days: int, today: dt.date) -> tuple[ReviewMetrics, dict[str, ReviewMetrics]]:
    """Compute the figures for the whole window and for each of its days."""
    first = today - dt.timedelta(days=days - 1)
    daily = {}
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        since, until = _bounds(day)
        daily[str(day)] = review_figures.compute(session=session, since=since, until=until)
    return review_figures.compute(session=session, since=_bounds(first)[0], until=_bounds(today)[1]), daily


def _unit(seconds: float | None) -> tuple[str, float]:
    """Return the time unit that suits a typical wait, and seconds per unit."""
    if seconds is None or seconds < 120:
        return "s", 1.0
    return ("min", 60.0) if seconds < 2 * 3600 else ("h", 3600.0)


def _in(value: float | None, scale: float) -> float | None:
    """Return seconds in the display unit."""
    return None if value is None else value / scale


def _findings_by_family(daily: dict[str, ReviewMetrics]) -> tuple[dict[str, list[int]], dict[str, str]]:
    """Return guard findings per day for the three commonest families, the rest as 'other'."""
    families: Counter[str] = Counter()
    for metrics in daily.values():
        for reason, count in metrics.guard_findings.items():
            families[finding_kind(reason)] += count
    labels = {family: reason_label(family) for family, _ in families.most_common(3)} | {"other": "Other"}
    series = {name: [0] * len(daily) for name in labels}
    for i, metrics in enumerate(daily.values()):
        for reason, count in metrics.guard_findings.items():
            family = finding_kind(reason)
            series[family if family in series else "other"][i] += count
    return series, labels


def charts(daily: dict[str, ReviewMetrics]) -> dict[str, Any]:
    """Return the chart geometry of the dashboard, one point or bar per day."""
    days, values = list(daily), list(daily.values())
    unit, scale = _unit(review_figures.durations([m.draft_to_approval.p50_s for m in values
                                                 if m.draft_to_approval.p50_s is not None]).p50_s)
    total_rejections: Counter[str] = Counter()
    total_findings: Counter[str] = Counter()
    for m in values:
        total_rejections.update(m.rejection_reasons)
        total_findings.update({reason_label(r): n for r, n in m.guard_findings.items()})
    finding_days, finding_labels = _findings_by_family(daily)
    return {
        "acceptance": line_chart(days, [_percent(m.acceptance_rate) for m in values], fmt="{:.0f}%", suffix="%",
                                 top=100),
        "volume": stacked_chart(days, {k: [getattr(m, k) for m in values] for k in OUTCOMES}, OUTCOMES),
        "edit_distance": line_chart(days, [m.mean_edit_distance for m in values], fmt="{:.0f} characters"),
        "time_to_approval": line_chart(days, [_in(m.draft_to_approval.p50_s, scale) for m in values],
                                       fmt="{:.1f} " + unit),
        "rejections": bar_chart({r.replace("_", " "): n for r, n in total_rejections.items()}),
        "finding_types": bar_chart(dict(total_findings)),
        "finding_days": stacked_chart(days, finding_days, finding_labels, colours=("accent", "bad", "warn", "muted")),
        "unit": unit,
    }


def _percent(rate: float | None) -> float | None:
    """Return a 0..1 rate in percent."""
    return None if rate is None else 100 * rate


def summary(window: ReviewMetrics, pending: int) -> list[tuple[str, str, str]]:
    """Return the headline figures of the window as (label, value, note) triples."""
    def fmt(value: float | None, pattern: str) -> str:
        return "—" if value is None else pattern.format(value)

    waits = window.draft_to_approval
    unit, scale = _unit(waits.p50_s)
    return [
        ("Acceptance rate", fmt(_percent(window.acceptance_rate), "{:.0f}%"), "approvals of all decisions"),
        ("Decisions", str(window.decisions), f"{window.approved} approved · {window.rejected} rejected · "
                                             f"{window.escalated} escalated"),
        ("Edited before approval", fmt(_percent(window.edit_rate), "{:.0f}%"),
         f"{window.edited} of {window.approved} approvals"),
        ("Mean edit distance", fmt(window.mean_edit_distance, "{:.0f}"), "characters changed per edited approval"),
        ("Median time to approval", fmt(_in(waits.p50_s, scale), "{:.1f} " + unit), "from draft to approval"),
        ("95th percentile", fmt(_in(waits.p95_s, scale), "{:.1f} " + unit), "time to approval"),
        ("Waiting for review now", str(pending), "pending drafts"),
    ]
