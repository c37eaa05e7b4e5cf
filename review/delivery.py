"""Deliver approved text from the outbox as a signed webhook, with retries and a dead letter.

The payload was serialised once, at approval, in the approval's transaction; every attempt sends
those exact bytes, so a receiver that sees a draft twice (after an unacknowledged attempt) always
sees the same text. A row is leased before sending, so two workers never send it at once, and a
worker killed mid-send leaves a lease that expires and a row that is sent again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import threading
from collections.abc import Collection

import httpx
import structlog
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from agent.settings import Settings
from review import outbox, review_log, webhooks
from review.db import transaction, utcnow
from review.tables import Draft, OutboxMessage

log = structlog.get_logger("draftgate.delivery")
MAX_BACKOFF_S = 600


sign = webhooks.sign


def _later(seconds: float) -> str:
    """Return the ISO time ``seconds`` from now."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)).isoformat(timespec="microseconds")


def lease_s(settings: Settings) -> float:
    """Return how long a worker holds a message: longer than one whole attempt, so a live worker keeps it.

    httpx applies ``delivery_timeout_s`` to connecting, sending and reading separately, so one attempt
    can take up to three times that. A worker killed mid-attempt leaves its lease behind; the message
    is sent again once the lease runs out, which is why the lease is no longer than it needs to be.
    """
    return 3 * settings.delivery_timeout_s + 5


def claim_next(*, sessions: sessionmaker[Session], settings: Settings,
               skip: Collection[int] = ()) -> OutboxMessage | None:
    """Lease the oldest due outbox message (other than ``skip``) to this worker alone, or return None."""
    now = utcnow()
    free = or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now)
    with transaction(sessions) as session:
        query = select(OutboxMessage.id).where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now,
                                               free)
        if skip:
            query = query.where(OutboxMessage.id.not_in(list(skip)))
        for row_id in session.execute(query.order_by(OutboxMessage.id).limit(5)).scalars().all():
            took = session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id, free)
                                   .values(claimed_until=_later(lease_s(settings))))
            if took.rowcount == 1:  # type: ignore[attr-defined]
                return session.get(OutboxMessage, row_id)
    return None


def deliver_one(*, sessions: sessionmaker[Session], message: OutboxMessage, settings: Settings,
                client: httpx.Client) -> bool:
    """Post one outbox message; record success, a retry or the dead letter. Return True when sent."""
    assert settings.delivery_url
    with sessions() as session:
        refusal = outbox.mismatch(session=session, message=message)
    if refusal is not None:
        _mark_refused(sessions=sessions, message=message, reason=refusal)
        return False
    body = message.payload.encode("utf-8")
    headers = {"Content-Type": "application/json", "X-Draftgate-Draft-Id": message.draft_id,
               "X-Draftgate-Attempt": str(message.attempts + 1),
               **webhooks.headers(draft_id=message.draft_id, body=body,
                                  secret=settings.delivery_secret.get_secret_value())}
    try:
        response = client.post(settings.delivery_url, content=body, headers=headers)
        error = None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    if error is None:
        _mark_sent(sessions=sessions, message=message)
        return True
    _mark_failed(sessions=sessions, message=message, error=error, settings=settings)
    return False


def _mark_sent(*, sessions: sessionmaker[Session], message: OutboxMessage) -> None:
    """Mark the message sent and the draft ``sent``; log the delivery."""
    now = utcnow()
    with transaction(sessions) as session:
        row = session.get(OutboxMessage, message.id)
        if row is None or row.status == "sent":
            return
        row.status, row.sent_at, row.attempts, row.claimed_until = "sent", now, row.attempts + 1, None
        draft = session.get(Draft, message.draft_id)
        if draft is not None and draft.status == "approved":
            draft.status, draft.version, draft.updated_at = "sent", draft.version + 1, now
        review_log.append(session=session, action="delivered", actor="delivery", draft_id=message.draft_id,
                          details={"attempt": row.attempts, "payload_sha256": hashlib.sha256(
                              message.payload.encode()).hexdigest()})
    log.info("delivered", draft_id=message.draft_id)


def _mark_refused(*, sessions: sessionmaker[Session], message: OutboxMessage, reason: str) -> None:
    """Dead-letter a message that does not match its logged approval; it is never sent as it stands."""
    with transaction(sessions) as session:
        row = session.get(OutboxMessage, message.id)
        if row is None or row.status != "pending":
            return
        row.status, row.claimed_until, row.last_error = "dead", None, f"refused: {reason}"
        review_log.append(session=session, action="delivery_refused", actor="delivery", draft_id=message.draft_id,
                          note=reason, details={"payload_sha256": outbox.payload_sha256(row.payload)})
    log.error("delivery refused", draft_id=message.draft_id, reason=reason)


def _mark_failed(*, sessions: sessionmaker[Session], message: OutboxMessage, error: str, settings: Settings) -> None:
    """Schedule a retry with exponential backoff and jitter, or dead-letter after the last attempt."""
    with transaction(sessions) as session:
        row = session.get(OutboxMessage, message.id)
        if row is None or row.status != "pending":
            return
        row.attempts += 1
        row.last_error, row.claimed_until = error, None
        dead = row.attempts >= settings.delivery_max_attempts
        delay = min(MAX_BACKOFF_S, settings.delivery_backoff_s * 2 ** (row.attempts - 1)) * random.uniform(0.5, 1.5)
        row.status = "dead" if dead else "pending"
        row.next_attempt_at = _later(delay)
        review_log.append(session=session, action="delivery_dead_lettered" if dead else "delivery_failed",
                          actor="delivery", draft_id=message.draft_id, note=error,
                          details={"attempt": row.attempts, "retry_in_s": None if dead else round(delay, 2)})
    log.warning("delivery failed", draft_id=message.draft_id, error=error, dead=dead)


def run_once(*, sessions: sessionmaker[Session], settings: Settings, client: httpx.Client, limit: int = 100) -> int:
    """Attempt each message due now once (up to ``limit``), leasing one at a time; return how many were sent."""
    if not settings.delivery_url:
        return 0
    sent, tried = 0, set[int]()
    while len(tried) < limit:
        message = claim_next(sessions=sessions, settings=settings, skip=tried)
        if message is None:
            break
        tried.add(message.id)
        sent += deliver_one(sessions=sessions, message=message, settings=settings, client=client)
    return sent


class DeliveryWorker:
    """A background thread that drains the outbox until stopped."""

    def __init__(self, *, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.sessions, self.settings = sessions, settings
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="draftgate-delivery", daemon=True)

    def start(self) -> None:
        """Start delivering in the background."""
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the worker to stop and wait for it briefly."""
        self._stop.set()
        self._thread.join(timeout)

    def run_forever(self) -> None:
        """Deliver in the foreground until interrupted (the ``draftgate worker`` process)."""
        self._run()

    def _run(self) -> None:
        """Poll the outbox; never die on an error."""
        with httpx.Client(timeout=self.settings.delivery_timeout_s) as client:
            while not self._stop.is_set():
                try:
                    run_once(sessions=self.sessions, settings=self.settings, client=client)
                except Exception:
                    log.exception("delivery loop error")
                self._stop.wait(self.settings.delivery_poll_s)


def payload_of(message: OutboxMessage) -> dict[str, object]:
    """Return the decoded payload of an outbox message."""
    return dict(json.loads(message.payload))
