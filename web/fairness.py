"""The lead's fairness and coverage page: outcomes by customer group, knowledge gaps, the policy in force.

Every figure is ``review.fairness`` (the same definitions as ``GET /v1/metrics/fairness`` and
``GET /v1/metrics/knowledge-gaps``); the CSV links download the same rows.
"""

from __future__ import annotations

import datetime as dt

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import Response

from review import fairness as coverage
from web.common import Lead, page, services_of

router = APIRouter(include_in_schema=False)
WINDOWS = (7, 30, 90, 365)


def _since(days: int) -> str:
    """Return the start of a window of ``days`` days ending now, as stored."""
    return (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat(timespec="microseconds")


@router.get("/dashboard/fairness")
def fairness_page(request: Request, me: Lead, days: int = 30, min_group: int = coverage.MIN_GROUP) -> Response:
    """Show outcomes by plan, locale, region and channel, the knowledge gaps, and the escalation policy."""
    days = days if days in WINDOWS else 30
    min_group = max(1, min(min_group, 100_000))
    services = services_of(request)
    with services.sessions() as session:
        report = coverage.fairness(session=session, since=_since(days), min_group=min_group)
        gaps = coverage.knowledge_gaps(session=session, since=_since(days))
    by_dimension = {d: [g for g in report.groups if g.dimension == d] for d in coverage.DIMENSIONS}
    policy = services.policy
    return page(request, "fairness.html", days=days, windows=WINDOWS, min_group=min_group, by_dimension=by_dimension,
                gaps=gaps, policy=policy, policy_yaml=yaml.safe_dump(policy.model_dump(mode="json"), sort_keys=False))


@router.get("/dashboard/fairness.csv")
def fairness_csv(request: Request, me: Lead, days: int = 30, min_group: int = coverage.MIN_GROUP) -> Response:
    """Download the fairness rows as CSV."""
    with services_of(request).sessions() as session:
        report = coverage.fairness(session=session, since=_since(days if days in WINDOWS else 30),
                                   min_group=max(1, min(min_group, 100_000)))
    return _csv(coverage.to_csv(list(report.groups)), "fairness.csv")


@router.get("/dashboard/knowledge-gaps.csv")
def gaps_csv(request: Request, me: Lead, days: int = 30) -> Response:
    """Download the knowledge gaps as CSV."""
    with services_of(request).sessions() as session:
        report = coverage.knowledge_gaps(session=session, since=_since(days if days in WINDOWS else 30))
    return _csv(coverage.to_csv(list(report.gaps)), "knowledge-gaps.csv")


def _csv(body: str, filename: str) -> Response:
    """Return a CSV download."""
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
