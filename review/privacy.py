"""Personal data with a way out: kept beside the review log, erasable per customer, purged after retention.

The review log is append-only and hash-chained, so nothing personal may sit inside its hashed rows
for ever. A review event's personal part (an edit's diff, which holds names and e-mails the rep
typed) is stored in ``review_log_personal``, and the hashed row records only its SHA-256. Erasing a
customer deletes those rows and overwrites the customer's drafts (ticket, draft and approved text,
the pipeline record and the delivered payload) with ``[erased]``; the review log still verifies,
because no hashed row changed. The erasure itself is logged, naming the drafts, not the person.

``DRAFTGATE_RETENTION_DAYS`` bounds how long personal data of decided drafts is kept:
``draftgate privacy purge`` (run it daily) erases drafts decided longer ago than that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Integer, String, Text, delete, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from review import review_log
from review.errors import InvalidRequest
from review.tables import Base, Draft, OutboxMessage

ERASED = "[erased]"


class PersonalRecord(Base):
    """The personal part of one review event, outside the hash chain."""

    __tablename__ = "review_log_personal"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    draft_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    data: Mapped[str] = mapped_column(Text)


class Erasure(BaseModel):
    """What one erasure did."""

    drafts: int
    personal_records: int
    outbox_payloads: int


def digest(personal: dict[str, Any]) -> str:
    """Return the SHA-256 the hashed row keeps of its personal part."""
    return hashlib.sha256(json.dumps(personal, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def keep(*, session: Session, seq: int, draft_id: str | None, personal: dict[str, Any]) -> None:
    """Store the personal part of the event ``seq`` beside the log."""
    session.connection().execute(insert(PersonalRecord),
                                 {"seq": seq, "draft_id": draft_id, "data": json.dumps(personal, ensure_ascii=False)})


def personal_of(*, session: Session, seqs: list[int]) -> dict[int, dict[str, Any]]:
    """Return the personal parts still kept for these events."""
    if not seqs:
        return {}
    rows = session.execute(select(PersonalRecord).where(PersonalRecord.seq.in_(seqs))).scalars()
    return {row.seq: json.loads(row.data) for row in rows}


def drafts_of_customer(*, session: Session, email: str | None = None, ticket_id: str | None = None) -> list[str]:
    """Return the ids of the drafts of a customer, found by e-mail (in the stored ticket) or ticket id."""
    if not email and not ticket_id:
        raise InvalidRequest("name the customer by e-mail or ticket id", code="no_customer")
    query = select(Draft.id, Draft.ticket_json)
    if ticket_id:
        query = query.where(Draft.ticket_id == ticket_id)
    else:
        query = query.where(func.lower(Draft.ticket_json).contains(str(email).casefold()))
    wanted = (email or "").casefold()
    found = []
    for draft_id, ticket_json in session.execute(query).all():
        customer = json.loads(ticket_json).get("customer") or {}
        if ticket_id or str(customer.get("email") or "").casefold() == wanted:
            found.append(draft_id)
    return found


def erase(*, session: Session, draft_ids: list[str], actor: str, reason: str) -> Erasure:
    """Erase the personal data of these drafts from drafts, outbox and the log's personal parts."""
    drafts = session.execute(select(Draft).where(Draft.id.in_(draft_ids))).scalars().all() if draft_ids else []
    for draft in drafts:
        draft.ticket_json = json.dumps({"ticket_id": draft.ticket_id, "subject": ERASED, "body": ERASED,
                                        "messages": None, "customer": {}, "kind": draft.kind})
        draft.result_json = _erased_result(draft.result_json)
        draft.draft_text = ERASED
        draft.final_text = ERASED if draft.final_text is not None else None
        draft.note = None
        draft.account_key = None  # the account is the customer's e-mail when no account id was given
    payloads = 0
    for message in session.execute(select(OutboxMessage).where(OutboxMessage.draft_id.in_(draft_ids))).scalars():
        data = json.loads(message.payload)
        message.payload = json.dumps({**data, "text": ERASED}, ensure_ascii=False)
        if message.status == "pending":
            message.status, message.last_error = "dead", "refused: the customer's data was erased before delivery"
        payloads += 1
    removed = session.execute(delete(PersonalRecord).where(PersonalRecord.draft_id.in_(draft_ids)))
    count = int(removed.rowcount or 0)  # type: ignore[attr-defined]
    review_log.append(session=session, action="personal_data_erased", actor=actor, note=reason, details={
        "drafts": sorted(draft_ids), "personal_records": count, "outbox_payloads": payloads})
    return Erasure(drafts=len(drafts), personal_records=count, outbox_payloads=payloads)


def expired_drafts(*, session: Session, retention_days: int, now: dt.datetime | None = None) -> list[str]:
    """Return sent, rejected or escalated drafts decided before the retention period, not yet erased."""
    cutoff = ((now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=retention_days)).isoformat(timespec="microseconds")
    query = select(Draft.id).where(Draft.status.in_(("sent", "rejected", "escalated")), Draft.decided_at < cutoff,
                                   Draft.draft_text != ERASED)
    return list(session.execute(query).scalars())


def _erased_result(result_json: str) -> str:
    """Keep the pipeline record's facts (reasons, citations, versions) and drop every text with customer data."""
    result = json.loads(result_json)
    for field in ("draft", "llm_input"):
        if field in result:
            result[field] = ERASED
    for field in ("removed_commitments", "unsupported_sentences", "evidence", "redactions"):
        if field in result:
            result[field] = []
    return json.dumps(result, ensure_ascii=False)
