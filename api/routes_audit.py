"""``/v1/audit``: the review log for leads, with filters, pagination, export and verification."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api import audit, review_log
from api.deps import PrincipalDep, ServicesDep
from api.schemas import ReviewEventPublic, ReviewEventsPublic

router = APIRouter(prefix="/v1/audit", tags=["audit"])


def _filters(since: str | None, until: str | None, actor: str | None, action: str | None,
             draft: str | None) -> audit.AuditFilter:
    """Build the filter from query parameters."""
    return audit.AuditFilter(since=since, until=until, actor=actor, action=action, draft=draft)


@router.get("", response_model=ReviewEventsPublic)
def list_events(
    services: ServicesDep, principal: PrincipalDep,
    since: Annotated[str | None, Query(alias="from")] = None, to: str | None = None, actor: str | None = None,
    action: str | None = None, draft: str | None = None,
    after: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> ReviewEventsPublic:
    """Return review-log events in order; pass ``after`` = the last seq you saw for the next page."""
    principal.require("read_audit")
    with services.sessions() as session:
        rows = audit.page(session=session, filters=_filters(since, to, actor, action, draft), after=after, limit=limit)
        items = [ReviewEventPublic(**audit.as_dict(r)) for r in rows]
    return ReviewEventsPublic(items=items, next_after=items[-1].seq if len(items) == limit else None)


@router.get("/export")
def export_events(
    services: ServicesDep, principal: PrincipalDep, format: Literal["csv", "jsonl"] = "csv",
    since: Annotated[str | None, Query(alias="from")] = None, to: str | None = None, actor: str | None = None,
    action: str | None = None, draft: str | None = None,
) -> StreamingResponse:
    """Download the filtered review log as CSV or JSONL."""
    principal.require("read_audit")
    filters = _filters(since, to, actor, action, draft)

    def chunks():  # type: ignore[no-untyped-def]
        with services.sessions() as session:
            yield from audit.export(session=session, filters=filters, fmt=format)

    media = "text/csv" if format == "csv" else "application/x-ndjson"
    return StreamingResponse(chunks(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="review-log.{format}"'})


@router.get("/verify")
def verify_chain(services: ServicesDep, principal: PrincipalDep) -> dict[str, object]:
    """Check the hash chain of the whole review log."""
    principal.require("read_audit")
    with services.sessions() as session:
        count, problems = review_log.verify_all(session=session)
    return {"ok": not problems, "rows": count, "problems": [p.model_dump() for p in problems]}
