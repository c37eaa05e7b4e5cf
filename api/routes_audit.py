"""``/v1/audit``: the review log for leads, with filters, pagination, export and verification."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import PrincipalDep, ServicesDep
from api.schemas import ChainReport, ErrorBody, ReviewEventPublic, ReviewEventsPublic
from review import audit, checkpoints

router = APIRouter(prefix="/v1/audit", tags=["audit"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (401, 403, 413, 422)}
Filter = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")]
Since = Annotated[str | None, Query(alias="from", max_length=40, pattern=r"^[^\x00]*$",
                                    description="earliest event time, ISO-8601 UTC (inclusive)")]
Until = Annotated[str | None, Query(max_length=40, pattern=r"^[^\x00]*$",
                                    description="latest event time, ISO-8601 UTC (inclusive)")]
EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {"description": "the filtered review log, one row per event",
          "content": {"text/csv": {"schema": {"type": "string"}},
                      "application/x-ndjson": {"schema": {"type": "string"}}}},
}


def _filters(since: str | None, until: str | None, actor: str | None, action: str | None,
             draft: str | None) -> audit.AuditFilter:
    """Build the filter from query parameters."""
    return audit.AuditFilter(since=since, until=until, actor=actor, action=action, draft=draft)


@router.get("", response_model=ReviewEventsPublic, responses=ERRORS)
def list_events(
    services: ServicesDep, principal: PrincipalDep, since: Since = None, to: Until = None, actor: Filter = None,
    action: Filter = None, draft: Filter = None,
    after: Annotated[int, Query(ge=0, le=2_147_483_647)] = 0, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> ReviewEventsPublic:
    """Return review-log events in order; pass ``after`` = the last seq you saw for the next page."""
    principal.require("read_audit")
    with services.sessions() as session:
        rows = audit.page(session=session, filters=_filters(since, to, actor, action, draft), after=after, limit=limit)
        items = [ReviewEventPublic(**audit.as_dict(r)) for r in rows]
    return ReviewEventsPublic(items=items, next_after=items[-1].seq if len(items) == limit else None)


@router.get("/export", response_class=StreamingResponse, responses=EXPORT_RESPONSES)
def export_events(
    services: ServicesDep, principal: PrincipalDep, format: Literal["csv", "jsonl"] = "csv",
    since: Since = None, to: Until = None, actor: Filter = None, action: Filter = None, draft: Filter = None,
) -> StreamingResponse:
    """Download the filtered review log as CSV or JSONL."""
    principal.require("read_audit")
    filters = _filters(since, to, actor, action, draft)

    def chunks() -> Iterator[str]:
        with services.sessions() as session:
            yield from audit.export(session=session, filters=filters, fmt=format)

    media = "text/csv" if format == "csv" else "application/x-ndjson"
    return StreamingResponse(chunks(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="review-log.{format}"'})


@router.get("/verify", response_model=ChainReport, responses=ERRORS)
def verify_chain(services: ServicesDep, principal: PrincipalDep) -> ChainReport:
    """Check the review log's hash chain and its signed checkpoints; each problem names its ``check``."""
    principal.require("read_audit")
    with services.sessions() as session:
        count, problems = checkpoints.verify(session=session, settings=services.settings)
    return ChainReport(ok=not problems, rows=count, problems=problems)
