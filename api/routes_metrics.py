"""``/v1/metrics``: the review figures of :mod:`review.metrics` for leads, as JSON."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from api.deps import PrincipalDep, ServicesDep
from api.schemas import ErrorBody
from review import fairness as coverage
from review import metrics
from review.errors import InvalidRequest

router = APIRouter(prefix="/v1/metrics", tags=["metrics"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (401, 403, 413, 422)}


def _iso(value: dt.datetime | None) -> str | None:
    """Return a time as the log stores it (UTC, microseconds); a time without a zone is UTC."""
    if value is None:
        return None
    value = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    try:
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    except OverflowError:
        raise InvalidRequest(f"{value.isoformat()} is out of range", code="invalid_time") from None


@router.get("/review", response_model=metrics.ReviewMetrics, responses=ERRORS)
def review(
    services: ServicesDep, principal: PrincipalDep,
    since: Annotated[dt.datetime | None, Query(alias="from", description="window start, ISO-8601")] = None,
    until: Annotated[dt.datetime | None, Query(alias="to", description="window end, ISO-8601")] = None,
) -> metrics.ReviewMetrics:
    """Return acceptance, edits, rejection reasons, guard findings and time to approval and delivery."""
    principal.require("read_audit")
    with services.sessions() as session:
        return metrics.compute(session=session, since=_iso(since), until=_iso(until))


Since = Annotated[dt.datetime | None, Query(alias="from", description="window start, ISO-8601")]
Until = Annotated[dt.datetime | None, Query(alias="to", description="window end, ISO-8601")]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]


CSV_OR_JSON: dict[int | str, dict[str, Any]] = {
    **ERRORS, 200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


@router.get("/fairness", response_model=coverage.FairnessReport, responses=CSV_OR_JSON)
def fairness(
    services: ServicesDep, principal: PrincipalDep, since: Since = None, until: Until = None,
    min_group: Annotated[int, Query(ge=1, le=100_000, description="decisions below which a group is flagged")] = 20,
    format: Format = "json",
) -> Any:
    """Return acceptance, rejection, escalation and edit figures split by plan, locale, region and channel."""
    principal.require("read_audit")
    with services.sessions() as session:
        report = coverage.fairness(session=session, since=_iso(since), until=_iso(until), min_group=min_group)
    if format == "csv":
        return _csv(coverage.to_csv(list(report.groups)), "fairness.csv")
    return report


@router.get("/knowledge-gaps", response_model=coverage.KnowledgeGapsReport, responses=CSV_OR_JSON)
def knowledge_gaps(services: ServicesDep, principal: PrincipalDep, since: Since = None, until: Until = None,
                   format: Format = "json") -> Any:
    """Return the topics of tickets no approved article answered, largest first."""
    principal.require("read_audit")
    with services.sessions() as session:
        report = coverage.knowledge_gaps(session=session, since=_iso(since), until=_iso(until))
    if format == "csv":
        return _csv(coverage.to_csv(list(report.gaps)), "knowledge-gaps.csv")
    return report


def _csv(body: str, filename: str) -> Response:
    """Return a CSV download."""
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
