"""The public form of a stored draft: what the API returns and the pages show, with its delivery state."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.customer_text import internal_notes, render_record
from agent.disclosure import disclose
from agent.models import HandoffBrief, Routing
from agent.policy import EscalationPolicy
from agent.settings import Settings
from review import approvals, drafts
from review.tables import Draft, OutboxMessage

DraftStatus = Literal["pending_review", "awaiting_second_approval", "approved", "sent", "rejected", "escalated"]


class Delivery(BaseModel):
    """Where the approved text is on its way to the ticketing system."""

    status: Literal["not_approved", "waiting_for_url", "queued", "retrying", "sent", "dead_letter"]
    attempts: int = 0
    last_error: str | None = None
    sent_at: str | None = None


class DraftPublic(BaseModel):
    """A draft as the API shows it: the pipeline record plus its review state."""

    id: str
    ticket_id: str | None
    kind: str
    status: DraftStatus
    version: int
    etag: str
    created_at: str
    updated_at: str
    draft: str
    final_text: str | None
    needs_human_review: bool
    reasons: list[str]
    escalate: bool
    escalation_reasons: list[str]
    risk: str
    evidence: list[str]
    language: str
    citations: list[dict[str, Any]]
    removed_commitments: list[dict[str, Any]]
    unsupported_sentences: list[dict[str, Any]]
    llm_input: str
    drafter: str
    model: str | None
    prompt_name: str
    prompt_version: str
    article_versions: dict[str, str]
    ticket: dict[str, Any]
    decided_by: str | None
    decided_at: str | None
    reason_code: str | None
    escalated_to: str | None
    note: str | None
    delivery: Delivery
    routing: Routing | None = None
    handoff: HandoffBrief | None = None
    policy_hash: str | None = None
    readability_grade: float | None = None
    first_approved_by: str | None = None
    first_approved_at: str | None = None
    second_approval_reasons: list[str] = Field(default_factory=list, description="reasons the policy in force "
                                               "lists for a second approver")
    preview: str = Field(default="", description="exactly what the customer would receive if approved now, "
                         "with the channel's AI-assistance disclosure")
    customer_format: str = "plain"
    customer_preview: str = ""
    internal_notes: list[str] = []
    unanswered_questions: list[str] = []


def outbox_of(session: Session, draft: Draft) -> OutboxMessage | None:
    """Return a draft's outbox row, if it was approved."""
    return session.execute(select(OutboxMessage).where(OutboxMessage.draft_id == draft.id)).scalar_one_or_none()


def outboxes_of(session: Session, draft_ids: list[str]) -> dict[str, OutboxMessage]:
    """Return the outbox rows of several drafts at once, by draft id."""
    if not draft_ids:
        return {}
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.draft_id.in_(draft_ids)))
    return {row.draft_id: row for row in rows}


def public(draft: Draft, outbox: OutboxMessage | None, settings: Settings,
           policy: EscalationPolicy | None = None) -> DraftPublic:
    """Return the API form of a stored draft."""
    result = json.loads(draft.result_json)
    policy = policy or EscalationPolicy()
    channel = (json.loads(draft.ticket_json).get("customer") or {}).get("channel")
    preview = draft.final_text if draft.status not in drafts.OPEN and draft.final_text else disclose(
        render_record(text=draft.final_text or draft.draft_text, record=result), channel, policy)
    return DraftPublic(
        id=draft.id, ticket_id=draft.ticket_id, kind=draft.kind, status=draft.status,  # type: ignore[arg-type]
        version=draft.version, etag=drafts.etag(draft), created_at=draft.created_at, updated_at=draft.updated_at,
        draft=draft.draft_text, final_text=draft.final_text, needs_human_review=draft.needs_human_review,
        reasons=result["reasons"], escalate=draft.escalate, escalation_reasons=result["escalation_reasons"],
        risk=draft.risk, evidence=result.get("evidence", []), language=result.get("language", "und"),
        citations=result["citations"],
        removed_commitments=result["removed_commitments"], unsupported_sentences=result["unsupported_sentences"],
        llm_input=result["llm_input"], drafter=result["drafter"], model=result.get("model"),
        prompt_name=result["prompt_name"], prompt_version=result["prompt_version"],
        article_versions=result.get("article_versions", {}), ticket=json.loads(draft.ticket_json),
        decided_by=draft.decided_by, decided_at=draft.decided_at, reason_code=draft.reason_code,
        escalated_to=draft.escalated_to, note=draft.note, delivery=delivery_of(outbox, settings),
        routing=result.get("routing"), handoff=result.get("handoff"), policy_hash=result.get("policy_hash"),
        readability_grade=result.get("readability_grade"), first_approved_by=draft.first_approved_by,
        first_approved_at=draft.first_approved_at, preview=preview,
        second_approval_reasons=approvals.second_approval_reasons(draft=draft, policy=policy),
        customer_format=result.get("customer_format", "plain"),
        customer_preview=preview,
        internal_notes=internal_notes(draft.draft_text), unanswered_questions=result.get("unanswered_questions", []),
    )


def delivery_of(outbox: OutboxMessage | None, settings: Settings) -> Delivery:
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
