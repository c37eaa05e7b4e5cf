"""``/v1/drafts``: create drafts from tickets, list the queue, read, approve, reject, escalate."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import structlog
from fastapi import APIRouter, Header, Path, Query, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.models import DraftResult, Kind, Message, Ticket
from agent.pipeline import draft_ticket
from agent.settings import Settings
from api import drafts, idempotency
from api.db import transaction
from api.deps import PrincipalDep, ServicesDep
from api.runtime import Services
from api.schemas import (
    ApproveRequest,
    Delivery,
    DraftCreate,
    DraftPublic,
    DraftsPublic,
    ErrorBody,
    EscalateRequest,
    RejectRequest,
)
from api.tables import Draft, OutboxMessage

log = structlog.get_logger("draftgate.api")
router = APIRouter(prefix="/v1/drafts", tags=["drafts"])
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (401, 403, 404, 409, 412, 413, 422, 428)
}
IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=200)]
DraftId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                              description="the draft's id, as returned when it was created")]


@router.post("", status_code=201, response_model=DraftPublic, responses=ERRORS)
def create_draft(
    body: DraftCreate, response: Response, services: ServicesDep, principal: PrincipalDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> DraftPublic:
    """Draft a reply or summary for a ticket; the draft waits for review."""
    principal.require("create_draft")
    claim = idempotency.Claim()
    if idempotency_key:
        claim = idempotency.claim(sessions=services.sessions, api_key_id=principal.key_id, key=idempotency_key,
                                  body_hash=idempotency.request_hash(body.model_dump(mode="json")),
                                  lease_s=idempotency.drafting_lease_s(services.settings))
        if claim.draft_id is not None:
            with services.sessions() as session:
                draft = drafts.get(session=session, principal=principal, draft_id=claim.draft_id)
            return _respond(response, draft, services)
    messages: list[Message] | None = list(body.messages) if body.messages is not None else None
    ticket = Ticket(ticket_id=body.ticket_id, subject=body.subject, body=body.body,  # type: ignore[call-arg]
                    messages=messages, customer=body.customer, kind=body.kind)
    try:
        result = _draft_safely(services=services, ticket=ticket, kind=body.kind)
        with transaction(services.sessions) as session:
            draft = drafts.create(session=session, principal=principal, ticket=ticket, result=result)
            if idempotency_key and claim.token:
                idempotency.complete(session=session, api_key_id=principal.key_id, key=idempotency_key,
                                     token=claim.token, draft_id=draft.id)
    except BaseException:
        if idempotency_key and claim.token:
            idempotency.release(sessions=services.sessions, api_key_id=principal.key_id, key=idempotency_key,
                                token=claim.token)
        raise
    return _respond(response, draft, services)


@router.get("", response_model=DraftsPublic, responses=ERRORS)
def list_drafts(
    services: ServicesDep, principal: PrincipalDep,
    status: Literal["pending_review", "approved", "sent", "rejected", "escalated", "all"] = "pending_review",
    limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Annotated[int, Query(ge=0, le=2**62)] = 0,
    order: Literal["newest", "oldest"] = "newest",
) -> DraftsPublic:
    """List drafts, newest first: by default the review queue (``pending_review``)."""
    with services.sessions() as session:
        rows, total = drafts.list_drafts(session=session, principal=principal,
                                         status=None if status == "all" else status, limit=limit, offset=offset,
                                         oldest_first=order == "oldest")
        outboxes = outboxes_of(session, [d.id for d in rows])
        items = [public(d, outboxes.get(d.id), services.settings) for d in rows]
    return DraftsPublic(items=items, total=total, limit=limit, offset=offset,
                        next_offset=offset + limit if offset + limit < total else None)


@router.get("/{draft_id}", response_model=DraftPublic, responses=ERRORS)
def read_draft(draft_id: DraftId, response: Response, services: ServicesDep, principal: PrincipalDep) -> DraftPublic:
    """Read one draft with its ETag."""
    with services.sessions() as session:
        draft = drafts.get(session=session, principal=principal, draft_id=draft_id)
    return _respond(response, draft, services)


@router.post("/{draft_id}/approve", response_model=DraftPublic, responses=ERRORS)
def approve_draft(draft_id: DraftId, body: ApproveRequest, response: Response, services: ServicesDep,
                  principal: PrincipalDep, if_match: IfMatch = None) -> DraftPublic:
    """Approve the draft (or the rep's edited text); exactly that text goes to the outbox."""
    with transaction(services.sessions) as session:
        draft = drafts.approve(session=session, principal=principal, draft_id=draft_id, if_match=if_match,
                               final_text=body.final_text, acknowledge_flags=body.acknowledge_flags, note=body.note)
    return _respond(response, draft, services)


@router.post("/{draft_id}/reject", response_model=DraftPublic, responses=ERRORS)
def reject_draft(draft_id: DraftId, body: RejectRequest, response: Response, services: ServicesDep,
                 principal: PrincipalDep, if_match: IfMatch = None) -> DraftPublic:
    """Reject the draft with a reason code; it is never delivered."""
    with transaction(services.sessions) as session:
        draft = drafts.reject(session=session, principal=principal, draft_id=draft_id, if_match=if_match,
                              reason_code=body.reason_code, note=body.note,
                              allowed_reasons=services.settings.reject_reasons)
    return _respond(response, draft, services)


@router.post("/{draft_id}/escalate", response_model=DraftPublic, responses=ERRORS)
def escalate_draft(draft_id: DraftId, body: EscalateRequest, response: Response, services: ServicesDep,
                   principal: PrincipalDep, if_match: IfMatch = None) -> DraftPublic:
    """Escalate the ticket to a team or person; the draft is never delivered."""
    with transaction(services.sessions) as session:
        draft = drafts.escalate(session=session, principal=principal, draft_id=draft_id, if_match=if_match,
                                to=body.to, note=body.note)
    return _respond(response, draft, services)


def _draft_safely(*, services: Services, ticket: Ticket, kind: Kind) -> DraftResult:
    """Run the pipeline; if retrieval or anything else breaks, still produce a flagged draft."""
    try:
        return services.draft(ticket=ticket, kind=kind)
    except Exception as exc:
        log.exception("pipeline failed; drafting without sources", ticket_id=ticket.ticket_id)
        result = draft_ticket(ticket=ticket, kind=kind, retriever=None, chat=None)
        reasons = [*result.reasons, f"pipeline_error:{type(exc).__name__}"]
        return result.model_copy(update={"reasons": reasons, "needs_human_review": True})


def _respond(response: Response, draft: Draft, services: Services) -> DraftPublic:
    """Set the ETag header and return the public form of a draft."""
    response.headers["ETag"] = drafts.etag(draft)
    with services.sessions() as session:
        return public(draft, outbox_of(session, draft), services.settings)


def outbox_of(session: Session, draft: Draft) -> OutboxMessage | None:
    """Return a draft's outbox row, if it was approved."""
    return session.execute(select(OutboxMessage).where(OutboxMessage.draft_id == draft.id)).scalar_one_or_none()


def outboxes_of(session: Session, draft_ids: list[str]) -> dict[str, OutboxMessage]:
    """Return the outbox rows of several drafts at once, by draft id."""
    if not draft_ids:
        return {}
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.draft_id.in_(draft_ids)))
    return {row.draft_id: row for row in rows}


def public(draft: Draft, outbox: OutboxMessage | None, settings: Settings) -> DraftPublic:
    """Return the API form of a stored draft."""
    result = json.loads(draft.result_json)
    return DraftPublic(
        id=draft.id, ticket_id=draft.ticket_id, kind=draft.kind, status=draft.status,  # type: ignore[arg-type]
        version=draft.version, etag=drafts.etag(draft), created_at=draft.created_at, updated_at=draft.updated_at,
        draft=draft.draft_text, final_text=draft.final_text, needs_human_review=draft.needs_human_review,
        reasons=result["reasons"], escalate=draft.escalate, escalation_reasons=result["escalation_reasons"],
        risk=draft.risk, evidence=result.get("evidence", []), citations=result["citations"],
        removed_commitments=result["removed_commitments"], unsupported_sentences=result["unsupported_sentences"],
        llm_input=result["llm_input"], drafter=result["drafter"], model=result.get("model"),
        prompt_name=result["prompt_name"], prompt_version=result["prompt_version"],
        article_versions=result.get("article_versions", {}), ticket=json.loads(draft.ticket_json),
        decided_by=draft.decided_by, decided_at=draft.decided_at, reason_code=draft.reason_code,
        escalated_to=draft.escalated_to, note=draft.note, delivery=_delivery(outbox, settings),
    )


def _delivery(outbox: OutboxMessage | None, settings: Settings) -> Delivery:
    """Describe where delivery of a draft stands."""
    if outbox is None:
        return Delivery(status="not_approved")
    if outbox.status == "sent":
        status = "sent"
    elif outbox.status == "dead":
        status = "dead_letter"
    elif not settings.delivery_url:
        status = "waiting_for_url"
    else:
        status = "retrying" if outbox.attempts else "queued"
    return Delivery(status=status, attempts=outbox.attempts, last_error=outbox.last_error,  # type: ignore[arg-type]
                    sent_at=outbox.sent_at)
