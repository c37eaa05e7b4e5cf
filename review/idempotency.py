"""Idempotent draft creation: a retried request with the same ``Idempotency-Key`` gets the first answer.

A request claims its key before drafting; the claim's ``created_at`` is its token. A claim whose
request died (a crash or SIGKILL mid-drafting) would block its key forever, so once a claim is older
than the longest a drafting run can take (:func:`drafting_lease_s`), a retry takes it over. Whoever
holds the claim when drafting ends records its draft, in the draft's own transaction; a request that
lost its claim meanwhile rolls its draft back, so one key never yields two drafts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from pydantic import BaseModel
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from agent.settings import Settings
from review.db import transaction, utcnow
from review.errors import Conflict, InvalidRequest
from review.tables import IdempotencyRecord

RETRIEVAL_SLACK_S = 15.0


class Claim(BaseModel):
    """Either this request now owns the key (``token``) or an earlier one already made the draft."""

    token: str | None = None
    draft_id: str | None = None


def request_hash(body: dict[str, Any]) -> str:
    """Return a stable hash of a request body."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def drafting_lease_s(settings: Settings) -> float:
    """Return how long a claim may stay unfinished before a retry may take it over."""
    return settings.model_timeout_s * (settings.model_max_retries + 1) + RETRIEVAL_SLACK_S


def claim(*, sessions: sessionmaker[Session], api_key_id: int, key: str, body_hash: str, lease_s: float) -> Claim:
    """Claim a key for a new request, or return the draft of an earlier identical request.

    Raises InvalidRequest (422) when the key was used with another body and Conflict (409) while
    the first request with this key may still be drafting.
    """
    token = utcnow()
    try:
        with transaction(sessions) as session:
            session.add(IdempotencyRecord(api_key_id=api_key_id, key=key, request_hash=body_hash, created_at=token))
        return Claim(token=token)
    except IntegrityError:
        pass
    with transaction(sessions) as session:
        record = session.get(IdempotencyRecord, (api_key_id, key))
        if record is None:
            raise Conflict("this Idempotency-Key is being released; retry", code="idempotency_retry")
        if record.request_hash != body_hash:
            raise InvalidRequest("this Idempotency-Key was already used with a different body",
                                 code="idempotency_key_reused")
        if record.draft_id is not None:
            return Claim(draft_id=record.draft_id)
        if _age_s(record.created_at) >= lease_s and _take_over(session=session, record=record, token=token):
            return Claim(token=token)
    raise Conflict("the first request with this Idempotency-Key is still being drafted; retry shortly",
                   code="idempotency_in_progress")


def _age_s(created_at: str) -> float:
    """Return how many seconds ago an ISO time was."""
    return (dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(created_at)).total_seconds()


def _take_over(*, session: Session, record: IdempotencyRecord, token: str) -> bool:
    """Move an abandoned claim to this request, unless someone else just did."""
    done = session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.api_key_id == record.api_key_id, IdempotencyRecord.key == record.key,
               IdempotencyRecord.created_at == record.created_at, IdempotencyRecord.draft_id.is_(None))
        .values(created_at=token).execution_options(synchronize_session=False)
    )
    return bool(done.rowcount == 1)  # type: ignore[attr-defined]


def complete(*, session: Session, api_key_id: int, key: str, token: str, draft_id: str) -> None:
    """Record the draft made under a claim, in the draft's transaction; raise Conflict if the claim was lost."""
    done = session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.api_key_id == api_key_id, IdempotencyRecord.key == key,
               IdempotencyRecord.created_at == token, IdempotencyRecord.draft_id.is_(None))
        .values(draft_id=draft_id).execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("a retry with this Idempotency-Key took over while this request was drafting; "
                       "retry to get its draft", code="idempotency_taken_over")


def release(*, sessions: sessionmaker[Session], api_key_id: int, key: str, token: str) -> None:
    """Forget this request's claim after it failed, so that a retry can succeed at once."""
    with transaction(sessions) as session:
        record = session.get(IdempotencyRecord, (api_key_id, key))
        if record is not None and record.draft_id is None and record.created_at == token:
            session.delete(record)
