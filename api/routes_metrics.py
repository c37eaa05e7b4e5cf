"""``/v1/metrics``: the review figures of :mod:`review.metrics` for leads, as JSON."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import PrincipalDep, ServicesDep
from api.schemas import ErrorBody
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
