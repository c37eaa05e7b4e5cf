"""Idempotent draft creation: a retried request with the same ``Idempotency-Key`` gets the first answer."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from api.db import transaction, utcnow
from api.errors import Conflict, InvalidRequest
from api.tables import IdempotencyRecord


def request_hash(body: dict[str, Any]) -> str:
    """Return a stable hash of a request body."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def claim(*, sessions: sessionmaker[Session], api_key_id: int, key: str, body_hash: str) -> str | None:
    """Claim a key for a new request; return the draft id of an earlier identical request instead.

    Raises InvalidRequest (422) when the key was used with another body and Conflict (409) while
    the first request with this key is still being drafted.
    """
    try:
        with transaction(sessions) as session:
            session.add(IdempotencyRecord(api_key_id=api_key_id, key=key, request_hash=body_hash,
                                          created_at=utcnow()))
        return None
    except IntegrityError:
        pass
    with sessions() as session:
        record = session.get(IdempotencyRecord, (api_key_id, key))
        if record is None:
            raise Conflict("this Idempotency-Key is being released; retry", code="idempotency_retry")
        if record.request_hash != body_hash:
            raise InvalidRequest("this Idempotency-Key was already used with a different body",
                                 code="idempotency_key_reused")
        if record.draft_id is None:
            raise Conflict("the first request with this Idempotency-Key is still being drafted; retry shortly",
                           code="idempotency_in_progress")
        return record.draft_id


def complete(*, session: Session, api_key_id: int, key: str, draft_id: str) -> None:
    """Record the draft created for a claimed key (in the draft's own transaction)."""
    record = session.get(IdempotencyRecord, (api_key_id, key))
    if record is not None:
        record.draft_id = draft_id


def release(*, sessions: sessionmaker[Session], api_key_id: int, key: str) -> None:
    """Forget a claim whose request failed, so that a retry can succeed."""
    with transaction(sessions) as session:
        record = session.get(IdempotencyRecord, (api_key_id, key))
        if record is not None and record.draft_id is None:
            session.delete(record)
