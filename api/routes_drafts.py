"""``/v1/drafts``: create drafts from tickets, list the queue, read, approve, reject, escalate."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from agent.models import Message, Ticket
from api.deps import PrincipalDep, ServicesDep
from api.schemas import (
    ApproveRequest,
    DraftCreate,
    DraftsPublic,
    DraftSummariesPublic,
    ErrorBody,
    EscalateRequest,
    RejectRequest,
)
from review import drafts, idempotency, summaries
from review.db import transaction
from review.public import DraftPublic, delivery_of, outbox_of, outboxes_of, public
from review.services import Services
from review.tables import Draft

router = APIRouter(prefix="/v1/drafts", tags=["drafts"])
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (401, 403, 404, 409, 412, 413, 422, 428)
}
RoutingValue = Annotated[str | None, Query(max_length=50, pattern=r"^[A-Za-z0-9_-]+$",
                                          description="routing field value, as in the draft's `routing`")]
VIEW_HELP = ("`full`: every draft's whole record (the default); `summary`: the slim queue row (state, subject, "
             "preview, reasons, delivery status); read one draft for its full record")
IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=200)]
DraftId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                              description="the draft's id, as returned when it was created")]


@router.post("", status_code=201, response_model=DraftPublic, responses=ERRORS)
def create_draft(
    body: DraftCreate, response: Response, services: ServicesDep, principal: PrincipalDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> Response:
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
            return _respond(response, draft, services, status_code=201)
    messages: list[Message] | None = list(body.messages) if body.messages is not None else None
    ticket = Ticket(ticket_id=body.ticket_id, subject=body.subject, body=body.body,  # type: ignore[call-arg]
                    messages=messages, customer=body.customer, kind=body.kind)
    try:
        result = services.draft_safely(ticket=ticket, kind=body.kind)
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
    return _respond(response, draft, services, status_code=201)


@router.get("", response_model=DraftsPublic | DraftSummariesPublic, responses=ERRORS)
def list_drafts(
    services: ServicesDep, principal: PrincipalDep,
    status: Literal["pending_review", "awaiting_second_approval", "approved", "sent", "rejected", "escalated",
                    "all"] = "pending_review",
    limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Annotated[int, Query(ge=0, le=2**62)] = 0,
    order: Literal["newest", "oldest"] = "newest",
    category: RoutingValue = None, product_area: RoutingValue = None, urgency: RoutingValue = None,
    language: RoutingValue = None,
    view: Annotated[Literal["full", "summary"], Query(description=VIEW_HELP)] = "full",
) -> Response:
    """List drafts, newest first: by default the review queue (``pending_review``); filter by routing fields."""
    chosen = None if status == "all" else status
    routing = {k: v for k, v in (("category", category), ("product_area", product_area), ("urgency", urgency),
                                 ("language", language)) if v}
    next_offset = offset + limit
    with services.sessions() as session:
        if view == "summary":
            rows, total = drafts.list_summaries(session=session, principal=principal, status=chosen, limit=limit,
                                                offset=offset, oldest_first=order == "oldest", routing=routing)
            outboxes = outboxes_of(session, [r.id for r in rows])
            items = [summaries.summary(r, delivery_of(outboxes.get(r.id), services.settings).status) for r in rows]
            return as_json(DraftSummariesPublic(items=items, total=total, limit=limit, offset=offset,
                                                next_offset=next_offset if next_offset < total else None))
        full, total = drafts.list_drafts(session=session, principal=principal, status=chosen, limit=limit,
                                         offset=offset, oldest_first=order == "oldest", routing=routing)
        outboxes = outboxes_of(session, [d.id for d in full])
        records = [public(d, outboxes.get(d.id), services.settings, services.policy) for d in full]
    return as_json(DraftsPublic(items=records, total=total, limit=limit, offset=offset,
                                next_offset=next_offset if next_offset < total else None))


@router.get("/{draft_id}", response_model=DraftPublic, responses=ERRORS)
def read_draft(draft_id: DraftId, response: Response, services: ServicesDep, principal: PrincipalDep) -> Response:
    """Read one draft with its ETag."""
    with services.sessions() as session:
        draft = drafts.get(session=session, principal=principal, draft_id=draft_id)
        return _respond(response, draft, services, session=session)


@router.post("/{draft_id}/approve", response_model=DraftPublic, responses=ERRORS)
def approve_draft(draft_id: DraftId, body: ApproveRequest, response: Response, services: ServicesDep,
                  principal: PrincipalDep, if_match: IfMatch = None) -> Response:
    """Approve the draft (or the rep's edited text); exactly that text goes to the outbox.

    When the draft's reasons need a second approver under the escalation policy, the first approval
    moves it to ``awaiting_second_approval`` and a different person's approval sends it.
    """
    with transaction(services.sessions) as session:
        draft = drafts.approve(session=session, principal=principal, draft_id=draft_id, if_match=if_match,
                               final_text=body.final_text, acknowledge_flags=body.acknowledge_flags, note=body.note,
                               policy=services.policy)
        return _respond(response, draft, services, session=session)


@router.post("/{draft_id}/reject", response_model=DraftPublic, responses=ERRORS)
def reject_draft(draft_id: DraftId, body: RejectRequest, response: Response, services: ServicesDep,
                 principal: PrincipalDep, if_match: IfMatch = None) -> Response:
    """Reject the draft with a reason code; it is never delivered."""
    with transaction(services.sessions) as session:
        draft = drafts.reject(session=session, principal=principal, draft_id=draft_id, if_match=if_match,
                              reason_code=body.reason_code, note=body.note,
                              allowed_reasons=services.settings.reject_reasons)
        return _respond(response, draft, services, session=session)


@router.post("/{draft_id}/escalate", response_model=DraftPublic, responses=ERRORS)
def escalate_draft(draft_id: DraftId, body: EscalateRequest, response: Response, services: ServicesDep,
                   principal: PrincipalDep, if_match: IfMatch = None) -> Response:
    """Escalate the ticket to a team or person; the draft is never delivered."""
    with transaction(services.sessions) as session:
        draft = drafts.escalate(session=session, principal=principal, draft_id=draft_id, if_match=if_match,
                                to=body.to, note=body.note)
        return _respond(response, draft, services, session=session)


def _respond(response: Response, draft: Draft, services: Services, session: Session | None = None,
             status_code: int = 200) -> Response:
    """Return the public form of a draft with its ETag (read in the caller's session when given)."""
    if session is not None:
        record = public(draft, outbox_of(session, draft), services.settings, services.policy)
    else:
        with services.sessions() as own:
            record = public(draft, outbox_of(own, draft), services.settings, services.policy)
    return as_json(record, status_code=status_code, headers={"ETag": drafts.etag(draft)})


def as_json(model: BaseModel, *, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Serialise a response model once, as JSON.

    A route that returns the model itself has FastAPI validate it again against the route's
    `response_model` (a union for the queue: each row tried against the full record first) and
    serialise it a second time: half of a queue page's server time. The models are built from
    stored rows by this code, so the schema holds by construction; the OpenAPI document still
    comes from `response_model`.
    """
    return Response(content=model.model_dump_json(by_alias=True), media_type="application/json",
                    status_code=status_code, headers=headers)
