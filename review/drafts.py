"""The draft lifecycle: create, read, list, approve (with edits), reject, escalate.

States: ``pending_review -> approved -> sent``, ``pending_review -> rejected``,
``pending_review -> escalated``; a draft whose reasons the policy lists for a second approver goes
``pending_review -> awaiting_second_approval -> approved`` (``review.approvals``), and may be
rejected or escalated while it waits. Every change is a conditional update on (id, version, status),
so of many concurrent decisions exactly one wins; the review-log row and, on approval, the
outbox row are written in the same transaction as the change.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import unicodedata
import uuid
from typing import Any

from sqlalchemy import Result, Select, func, insert, select, update
from sqlalchemy.orm import Session

from agent.commitments import find_commitments
from agent.customer_text import internal_notes, render_record
from agent.disclosure import disclose
from agent.models import DraftResult, Ticket
from agent.policy import EscalationPolicy
from review import approvals, review_log, summaries
from review.accounts import account_key
from review.auth import Principal
from review.db import utcnow
from review.errors import Conflict, InvalidRequest, NotFound, PreconditionFailed, PreconditionRequired
from review.tables import Draft, DraftStatusCount, OutboxMessage

PENDING = "pending_review"
AWAITING = approvals.AWAITING
OPEN = (PENDING, AWAITING)
INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me"})  # format, control, spaces, bare marks
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")  # Hangul fillers and the blank braille cell


def etag(draft: Draft) -> str:
    """Return the strong ETag of a draft's current version."""
    return f'"{draft.id[:8]}-v{draft.version}"'


def create(*, session: Session, principal: Principal, ticket: Ticket, result: DraftResult) -> Draft:
    """Store a new pending draft and log its creation and the guard's findings."""
    now = utcnow()
    draft = Draft(
        id=str(uuid.uuid4()), ticket_id=ticket.ticket_id, kind=result.kind, status=PENDING, version=1,
        created_by=principal.key_id, ticket_json=ticket.model_dump_json(by_alias=False),
        result_json=result.model_dump_json(), draft_text=result.draft, needs_human_review=result.needs_human_review,
        escalate=result.escalate, risk=result.risk, created_at=now, updated_at=now, account_key=account_key(ticket),
        reasons=json.dumps(result.reasons), escalation_reasons=json.dumps(result.escalation_reasons),
        **(result.routing.model_dump() if result.routing else {}),
    )
    session.add(draft)
    session.flush()
    review_log.append(session=session, action="draft_created", actor=principal.actor, draft_id=draft.id, details={
        "ticket_id": ticket.ticket_id, "kind": result.kind, "drafter": result.drafter, "model": result.model,
        "prompt": f"{result.prompt_name}@{result.prompt_version}", "article_versions": result.article_versions,
        "escalate": result.escalate, "escalation_reasons": result.escalation_reasons, "risk": result.risk,
        "policy_hash": result.policy_hash, "routing": result.routing.model_dump() if result.routing else None,
    })
    if result.needs_human_review:
        review_log.append(session=session, action="guard_findings", actor="guard", draft_id=draft.id, details={
            "reasons": result.reasons,
            "removed_commitments": [c.model_dump() for c in result.removed_commitments],
            "unsupported_sentences": [u.model_dump() for u in result.unsupported_sentences],
        })
    return draft


def get(*, session: Session, principal: Principal, draft_id: str) -> Draft:
    """Return a draft the caller may read, or raise NotFound."""
    draft = session.get(Draft, draft_id)
    if draft is None or (not principal.can("read_queue") and draft.created_by != principal.key_id):
        raise NotFound(f"no draft {draft_id}")
    return draft


def list_drafts(
    *, session: Session, principal: Principal, status: str | None, limit: int, offset: int, oldest_first: bool = False,
    routing: dict[str, str] | None = None,
) -> tuple[list[Draft], int]:
    """Return one page of drafts (newest first unless asked) and the total matching."""
    rows, total = _page(select(Draft), session=session, principal=principal, status=status, limit=limit,
                        offset=offset, oldest_first=oldest_first, routing=routing)
    return list(rows.scalars().all()), total


def list_summaries(
    *, session: Session, principal: Principal, status: str | None, limit: int, offset: int, oldest_first: bool = False,
    routing: dict[str, str] | None = None,
) -> tuple[list[Any], int]:
    """Return one page of queue rows (``summaries.summary_select``) and the total matching."""
    query = summaries.summary_select(session.get_bind().dialect.name)
    rows, total = _page(query, session=session, principal=principal, status=status, limit=limit, offset=offset,
                        oldest_first=oldest_first, routing=routing)
    return list(rows.all()), total


def _page(query: Select[Any], *, session: Session, principal: Principal, status: str | None, limit: int,
          offset: int, oldest_first: bool, routing: dict[str, str] | None = None) -> tuple[Result[Any], int]:
    """Run one page of a queue query, filtered by status, routing fields and what the caller may read."""
    where = [Draft.status == status] if status else []
    where += [getattr(Draft, field) == value for field, value in (routing or {}).items()]
    if principal.can("read_queue") and not routing:
        total = status_count(session=session, status=status)
    else:
        if not principal.can("read_queue"):
            where.append(Draft.created_by == principal.key_id)
        total = session.execute(select(func.count()).select_from(Draft).where(*where)).scalar_one()
    order = (Draft.created_at.asc(), Draft.id.asc()) if oldest_first else (Draft.created_at.desc(), Draft.id.desc())
    return session.execute(query.where(*where).order_by(*order).limit(limit).offset(offset)), int(total)


def status_count(*, session: Session, status: str | None) -> int:
    """Return how many drafts are in ``status`` (all drafts for None), from the counts the triggers keep."""
    query = select(func.coalesce(func.sum(DraftStatusCount.drafts), 0))
    if status:
        query = query.where(DraftStatusCount.status == status)
    return int(session.execute(query).scalar_one())


def approve(
    *, session: Session, principal: Principal, draft_id: str, if_match: str | None, final_text: str | None,
    acknowledge_flags: bool, note: str | None, policy: EscalationPolicy | None = None,
) -> Draft:
    """Approve exactly one text and queue it for delivery, in one transaction (or wait for a second approver)."""
    policy = policy or EscalationPolicy()
    draft = _decidable(session=session, principal=principal, draft_id=draft_id, if_match=if_match)
    if draft.needs_human_review and not acknowledge_flags:
        raise Conflict("this draft needs human review: approve with acknowledge_flags: true after checking "
                       "its reasons", code="flags_not_acknowledged")
    if draft.status == AWAITING:
        text = approvals.check_second(draft=draft, principal=principal, final_text=final_text)
    else:
        text = final_text if final_text is not None else draft.draft_text
    if not visible(text):
        raise InvalidRequest("final_text is empty (or only invisible characters)", code="empty_text")
    if internal_notes(text):
        raise InvalidRequest(f"the text still holds an internal note ({internal_notes(text)[0][:80]!r}); edit it out "
                             "before approving", code="internal_note_in_text")
    now = utcnow()
    if text != draft.draft_text and draft.status == PENDING:
        details, personal = _edit_details(draft.draft_text, text)
        review_log.append(session=session, action="edited", actor=principal.actor, draft_id=draft.id,
                          details=details, personal=personal)
    two = approvals.second_approval_reasons(draft=draft, policy=policy)
    if two and draft.status == PENDING:
        _transition(session=session, draft=draft, status=AWAITING, now=now, principal=principal,
                    values={"final_text": text, "note": note, "first_approved_by": principal.actor,
                            "first_approved_at": now, "decided_by": None, "decided_at": None})
        approvals.record_first(session=session, draft=draft, principal=principal, text=text, note=note, reasons=two,
                               acknowledged=acknowledge_flags)
        return _reload(session, draft.id)
    rendered = render_record(text=text, record=json.loads(draft.result_json))
    delivered = disclose(rendered, json.loads(draft.ticket_json).get("customer", {}).get("channel"), policy)
    _transition(session=session, draft=draft, status="approved", now=now, principal=principal,
                values={"final_text": delivered, "note": note})
    payload = json.dumps({"draft_id": draft.id, "ticket_id": draft.ticket_id, "kind": draft.kind, "text": delivered,
                          "approved_by": principal.actor, "approved_at": now}, ensure_ascii=False)
    session.connection().execute(insert(OutboxMessage), {  # a Core insert: no unit of work
        "draft_id": draft.id, "payload": payload, "status": "pending", "attempts": 0, "next_attempt_at": now})
    review_log.append(session=session, action="approved", actor=principal.actor, draft_id=draft.id, note=note,
                      details={"acknowledged_flags": acknowledge_flags, "edited": text != draft.draft_text,
                               "final_text_sha256": _sha(text), "delivered_text_sha256": _sha(delivered),
                               "payload_sha256": _sha(payload), "first_approved_by": draft.first_approved_by,
                               "disclosed": delivered != rendered, "policy_hash": policy.hash})
    return _reload(session, draft.id)


def reject(*, session: Session, principal: Principal, draft_id: str, if_match: str | None, reason_code: str,
           note: str | None, allowed_reasons: tuple[str, ...]) -> Draft:
    """Reject a pending draft with a configured reason code; it is never delivered."""
    if reason_code not in allowed_reasons:
        raise InvalidRequest(f"reason_code must be one of: {', '.join(allowed_reasons)}", code="invalid_reason_code")
    draft = _decidable(session=session, principal=principal, draft_id=draft_id, if_match=if_match)
    _transition(session=session, draft=draft, status="rejected", now=utcnow(), principal=principal,
                values={"reason_code": reason_code, "note": note})
    review_log.append(session=session, action="rejected", actor=principal.actor, draft_id=draft.id, note=note,
                      details={"reason_code": reason_code})
    return _reload(session, draft.id)


def escalate(*, session: Session, principal: Principal, draft_id: str, if_match: str | None, to: str,
             note: str | None) -> Draft:
    """Hand a pending draft's ticket to a person or team; it is never delivered."""
    draft = _decidable(session=session, principal=principal, draft_id=draft_id, if_match=if_match)
    _transition(session=session, draft=draft, status="escalated", now=utcnow(), principal=principal,
                values={"escalated_to": to, "note": note})
    review_log.append(session=session, action="escalated", actor=principal.actor, draft_id=draft.id, note=note,
                      details={"to": to})
    return _reload(session, draft.id)


def _decidable(*, session: Session, principal: Principal, draft_id: str, if_match: str | None) -> Draft:
    """Load a draft for a decision, checking role, If-Match and state."""
    principal.require("review")
    if not if_match:
        raise PreconditionRequired("send If-Match with the draft's current ETag")
    review_log.lock_chain(session=session)  # the log's lock before the row's, as every decision does
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise NotFound(f"no draft {draft_id}")
    if if_match.strip() not in (etag(draft), etag(draft).strip('"')):
        raise PreconditionFailed(f"the draft changed since you read it; its ETag is now {etag(draft)}")
    if draft.status not in OPEN:
        raise Conflict(f"the draft is {draft.status}; only pending_review or awaiting_second_approval drafts "
                       "can be decided", code="not_pending")
    return draft


def _transition(*, session: Session, draft: Draft, status: str, now: str, principal: Principal,
                values: dict[str, Any]) -> None:
    """Move a pending draft to ``status`` if nobody else decided first."""
    decided = {"decided_by": principal.actor, "decided_at": now, **values}
    done = session.execute(
        update(Draft)
        .where(Draft.id == draft.id, Draft.version == draft.version, Draft.status == draft.status)
        .values(status=status, version=draft.version + 1, updated_at=now, **decided)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        origin = draft.status
        session.expire(draft)
        current = session.get(Draft, draft.id)
        if current is not None and current.status != origin:
            raise Conflict(f"the draft is already {current.status}", code="not_pending")
        raise PreconditionFailed("the draft changed while you were deciding; read it again")


def _reload(session: Session, draft_id: str) -> Draft:
    """Return the draft as stored now."""
    session.expire_all()
    draft = session.get(Draft, draft_id)
    assert draft is not None
    return draft


def _edit_details(before: str, after: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the edit size and any promise the edit contains, and (kept erasable, outside the chain) the diff."""
    diff = "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), "draft", "approved"))
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    found = find_commitments(text=after)
    return ({"edit_distance": len(before) + len(after) - 2 * kept,
             "commitment_labels_in_final": sorted({label for c in found for label in c.labels})},
            {"diff": diff, "commitments_in_final": [c.model_dump() for c in found]})


def visible(text: str) -> bool:
    """Tell whether a text shows anything: not only spaces, zero-width or other invisible characters."""
    return any(not (ch.isspace() or unicodedata.category(ch) in INVISIBLE_CATEGORIES or ch in INVISIBLE_LETTERS)
               for ch in text)


def _sha(text: str) -> str:
    """Return the SHA-256 of a text, to prove later what was approved."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

