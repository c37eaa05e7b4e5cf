"""The lead's review log: filtered events, CSV export, chain check, and one draft's full history."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from review import checkpoints, drafts, privacy
from review.delivery import payload_of
from review.errors import NotFound
from review.public import outbox_of, public
from review.tables import ReviewEvent
from web.audit_query import LogFilter, choices, draft_events, export_csv, newest_page
from web.common import Lead, page, secure, services_of
from web.findings import word_diff

router = APIRouter(include_in_schema=False)
PAGE = 100


def _filters(request: Request) -> LogFilter:
    """Read the review-log filters from the query string."""
    params = request.query_params
    return LogFilter(**{name: params.get(name, "")[:200] for name in LogFilter.model_fields})


@router.get("/audit")
def audit_log(request: Request, me: Lead, before: int | None = None) -> Response:
    """Show review-log events, newest first, filtered by time, rep, action, reason or guard finding."""
    filters = _filters(request)
    services = services_of(request)
    with services.sessions() as session:
        events, next_before = newest_page(session=session, filters=filters, before=before or None, limit=PAGE)
        options = choices(session=session, reject_reasons=services.settings.reject_reasons)
    query = urlencode({k: v for k, v in filters.model_dump().items() if v})
    return page(request, "audit.html", events=[_event(e) for e in events], f=filters, options=options,
                next_before=next_before, query=query, export_query=request.url.query)


@router.get("/audit/export.csv")
def audit_export(request: Request, me: Lead) -> Response:
    """Download the filtered review log as CSV (the same columns as ``GET /v1/audit/export``)."""
    filters = _filters(request)
    sessions = services_of(request).sessions

    def chunks() -> Iterator[str]:
        with sessions() as session:
            yield from export_csv(session=session, filters=filters)

    response = StreamingResponse(chunks(), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="review-log.csv"'})
    return secure(response)


@router.get("/audit/verify")
def audit_verify(request: Request, me: Lead) -> Response:
    """Check the review log's hash chain and say whether it is intact."""
    with services_of(request).sessions() as session:
        count, problems = checkpoints.verify(session=session, settings=services_of(request).settings)
    return page(request, "verify.html", count=count, problems=problems)


@router.get("/audit/drafts/{draft_id}")
def draft_history(request: Request, draft_id: str, me: Lead) -> Response:
    """Show one draft's full history and the difference between the draft and the text sent."""
    services = services_of(request)
    with services.sessions() as session:
        try:
            draft = drafts.get(session=session, principal=me, draft_id=draft_id)
        except NotFound:
            return page(request, "error.html", 404, error=f"No draft {draft_id}.")
        outbox = outbox_of(session, draft)
        view = public(draft, outbox, services.settings, services.policy)
        events = [_event(e) for e in draft_events(session=session, draft_id=draft_id)]
        kept = privacy.personal_of(session=session, seqs=[e["seq"] for e in events])
        for e in events:
            e["details"].update(kept.get(e["seq"], {}))
    sent = str(payload_of(outbox)["text"]) if outbox is not None else None
    return page(request, "history.html", d=view, events=events, sent=sent,
                diff=word_diff(view.draft, sent) if sent is not None else None, proof=_proof(events, sent))


def _event(event: ReviewEvent) -> dict[str, Any]:
    """Return an event as the templates show it."""
    return {"seq": event.seq, "created_at": event.created_at, "action": event.action, "actor": event.actor,
            "draft_id": event.draft_id, "note": event.note, "details": json.loads(event.details or "{}"),
            "hash": event.hash}


def _proof(events: list[dict[str, Any]], sent: str | None) -> bool | None:
    """Return whether the text in the outbox hashes to what the approval recorded (None if not approved)."""
    approved = [e for e in events if e["action"] == "approved"]
    if sent is None or not approved:
        return None
    details = approved[-1]["details"]
    recorded = details.get("delivered_text_sha256", details.get("final_text_sha256"))
    return bool(recorded == hashlib.sha256(sent.encode("utf-8")).hexdigest())
