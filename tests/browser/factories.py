"""Drafts, accounts and decisions for the web tests, made through draftgate's own service functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import update

from agent.models import Citation, DraftResult, RemovedCommitment, Ticket, UnsupportedSentence
from review import drafts
from review.auth import Principal, authenticate, create_key
from review.db import transaction
from review.services import Services
from review.tables import Draft
from review.users import create_user, principal_of

PASSWORD = "correct horse battery staple"
PASSAGE = ("To request a refund, go to Settings → Billing → Invoices and choose Request refund. "
           "Refunds for annual plans are prorated.")


def citation(n: int = 1, **changes: Any) -> Citation:
    """Return a citation of the sample billing article."""
    values: dict[str, Any] = {
        "n": n, "source_path": "billing/refunds.md", "title": "Refunds and cancellations",
        "section": "Requesting a refund",
        "article_hash": "3f9a1c2b7d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4", "passage_id": f"p{n}",
        "passage": PASSAGE, "score": 0.82,
    }
    return Citation(**{**values, **changes})


def result(**changes: Any) -> DraftResult:
    """Return a clean, grounded pipeline result; ``changes`` override any field."""
    values: dict[str, Any] = {
        "kind": "reply",
        "draft": "Hi,\n\nYou can request a refund from Settings → Billing → Invoices [1].\n\nBest,\nSupport",
        "citations": [citation()], "needs_human_review": False, "reasons": [], "escalate": False,
        "escalation_reasons": [], "risk": "low", "removed_commitments": [], "unsupported_sentences": [],
        "llm_input": "(redacted ticket and passages)", "drafter": "extractive", "prompt_name": "reply",
        "prompt_version": "1",
    }
    return DraftResult(**{**values, **changes})


def flagged_result(**changes: Any) -> DraftResult:
    """Return a result the guard flagged: a refund promise stripped and one unsupported sentence."""
    text = ("Hi Dana,\n\nYou can request a refund from Settings → Billing → Invoices [1]. "
            "Our phone line is open around the clock.\n\nBest,\nSupport")
    return result(**{
        "draft": text, "needs_human_review": True, "risk": "high", "escalate": True, "escalation_reasons": ["billing"],
        "reasons": ["commitment_removed:refund", "unsupported_sentence"],
        "removed_commitments": [RemovedCommitment(text="I've refunded your last invoice.", labels=["refund"])],
        "unsupported_sentences": [UnsupportedSentence(text="Our phone line is open around the clock.", support=0.1,
                                                      reason="no cited passage supports it")],
        **changes,
    })


def ticket(ticket_id: str, subject: str, body: str = "Please help.", **customer: Any) -> Ticket:
    """Return a ticket with a named customer."""
    return Ticket(ticket_id=ticket_id, subject=subject, body=body,
                  customer={"plan": "pro", "locale": "en", "name": "Dana Whitfield",
                            "email": "dana@orchard.example", **customer})


def ticketing(services: Services, name: str = "factory-ticketing") -> Principal:
    """Return a ticketing principal backed by a real key (one per database)."""
    known: Principal | None = getattr(services, "_factory_ticketing", None)
    if known is None:
        with transaction(services.sessions) as session:
            key = create_key(session=session, role="ticketing", name=name)
        with services.sessions() as session:
            known = authenticate(session=session, authorization=f"Bearer {key}")
        services._factory_ticketing = known  # type: ignore[attr-defined]
    return known


def add_draft(services: Services, the_ticket: Ticket, the_result: DraftResult, *, age_hours: float = 0) -> str:
    """Store a pending draft through ``review.drafts.create``; optionally make it look older."""
    creator = ticketing(services)
    with transaction(services.sessions) as session:
        draft = drafts.create(session=session, principal=creator, ticket=the_ticket, result=the_result)
        draft_id = draft.id
    if age_hours:
        when = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=age_hours)).isoformat(timespec="microseconds")
        with transaction(services.sessions) as session:
            session.execute(update(Draft).where(Draft.id == draft_id).values(created_at=when))
    return draft_id


def add_user(services: Services, name: str, role: str) -> Principal:
    """Create a web account with the shared test password; return how it acts."""
    with transaction(services.sessions) as session:
        return principal_of(create_user(session=session, name=name, role=role, password=PASSWORD))


def decide(services: Services, draft_id: str, who: Principal, action: str, **values: Any) -> None:
    """Approve, reject or escalate a draft through ``review.drafts``."""
    with transaction(services.sessions) as session:
        current = drafts.etag(session.get(Draft, draft_id))  # type: ignore[arg-type]
        if action == "approve":
            drafts.approve(session=session, principal=who, draft_id=draft_id, if_match=current,
                           final_text=values.get("final_text"), acknowledge_flags=True, note=None)
        elif action == "reject":
            drafts.reject(session=session, principal=who, draft_id=draft_id, if_match=current,
                          reason_code=values["reason_code"], note=values.get("note"),
                          allowed_reasons=services.settings.reject_reasons)
        else:
            drafts.escalate(session=session, principal=who, draft_id=draft_id, if_match=current, to=values["to"],
                            note=None)
