"""The outbox seen by leads and admins: list deliveries, requeue dead letters, and check what is sent.

Delivery is bound to the review log: the approval's ``approved`` event records the SHA-256 of the
exact payload, and nothing is sent whose bytes do not match it (an ``outbox.payload`` edited in the
database is refused and dead-lettered with the reason). A requeued delivery sends the same stored
payload again, so it carries the same ``draft_id`` and exactly the approved text.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from review import review_log
from review.db import utcnow
from review.errors import Conflict, NotFound
from review.tables import OutboxMessage, ReviewEvent

State = Literal["pending", "dead", "sent"]
STATES: tuple[State, ...] = ("pending", "dead", "sent")
REQUEUEABLE = ("dead", "pending")


class OutboxItem(BaseModel):
    """One delivery as leads see it: which draft, its state, attempts and last error."""

    id: int
    draft_id: str
    ticket_id: str | None
    state: str
    attempts: int
    last_error: str | None
    next_attempt_at: str | None
    sent_at: str | None
    text_preview: str


def item(message: OutboxMessage) -> OutboxItem:
    """Return the public view of an outbox message."""
    try:
        data = json.loads(message.payload)
    except ValueError:
        data = {}
    text = str(data.get("text", ""))
    return OutboxItem(id=message.id, draft_id=message.draft_id, ticket_id=data.get("ticket_id"), state=message.status,
                      attempts=message.attempts, last_error=message.last_error,
                      next_attempt_at=message.next_attempt_at if message.status == "pending" else None,
                      sent_at=message.sent_at, text_preview=text[:160])


def list_items(*, session: Session, state: str | None, limit: int = 100, after: int = 0) -> list[OutboxItem]:
    """Return outbox deliveries in id order, optionally of one state."""
    query = select(OutboxMessage).where(OutboxMessage.id > after)
    if state:
        query = query.where(OutboxMessage.status == state)
    rows = session.execute(query.order_by(OutboxMessage.id).limit(limit)).scalars()
    return [item(row) for row in rows]


def requeue(*, session: Session, message_id: int, actor: str) -> OutboxItem:
    """Send a dead (or waiting) delivery again from now on, with a fresh attempt count; log who did it."""
    row = session.get(OutboxMessage, message_id)
    if row is None:
        raise NotFound(f"no outbox message {message_id}")
    if row.status not in REQUEUEABLE:
        raise Conflict(f"outbox message {message_id} is {row.status}; only dead or pending ones can be requeued",
                       code="not_requeueable")
    previous = (row.status, row.attempts, row.last_error)
    row.status, row.attempts, row.next_attempt_at, row.claimed_until = "pending", 0, utcnow(), None
    review_log.append(session=session, action="delivery_requeued", actor=actor, draft_id=row.draft_id,
                      details={"outbox_id": row.id, "was": previous[0], "attempts_before": previous[1],
                               "last_error": previous[2]})
    session.flush()
    return item(row)


def requeue_dead(*, session: Session, actor: str) -> list[OutboxItem]:
    """Requeue every dead delivery; return them."""
    ids = session.execute(select(OutboxMessage.id).where(OutboxMessage.status == "dead")
                          .order_by(OutboxMessage.id)).scalars().all()
    return [requeue(session=session, message_id=i, actor=actor) for i in ids]


def payload_sha256(payload: str) -> str:
    """Return the SHA-256 of a serialised payload, as the review log records it at approval."""
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def mismatch(*, session: Session, message: OutboxMessage) -> str | None:
    """Return why the message must not be sent (it does not match the logged approval), or None."""
    event = session.execute(select(ReviewEvent).where(ReviewEvent.draft_id == message.draft_id,
                                                      ReviewEvent.action == "approved")
                            .order_by(ReviewEvent.seq.desc()).limit(1)).scalar_one_or_none()
    if event is None:
        return "no approval of this draft in the review log"
    if review_log.row_hash(seq=event.seq, prev_hash=event.prev_hash, action=event.action, actor=event.actor,
                           draft_id=event.draft_id, note=event.note, details=event.details,
                           created_at=event.created_at) != event.hash:
        return "the approval's review-log row was edited"
    successor = session.execute(select(ReviewEvent.prev_hash).where(ReviewEvent.seq == event.seq + 1)).scalar()
    if successor is not None and successor != event.hash:
        return "the approval's review-log row was rewritten"
    return _payload_mismatch(details=json.loads(event.details or "{}"), message=message)


def _payload_mismatch(*, details: dict[str, object], message: OutboxMessage) -> str | None:
    """Compare the payload with the hashes the approval recorded."""
    problem = "the outbox payload does not match the approved text in the review log"
    if "payload_sha256" in details:
        return None if details["payload_sha256"] == payload_sha256(message.payload) else problem
    try:  # approvals logged before payload hashes were recorded: check the text and the draft id
        data = json.loads(message.payload)
    except ValueError:
        return problem
    text_sha = hashlib.sha256(str(data.get("text", "")).encode("utf-8")).hexdigest()
    return None if data.get("draft_id") == message.draft_id and text_sha == details.get("final_text_sha256") \
        else problem
