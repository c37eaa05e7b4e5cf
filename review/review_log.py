"""The review log: one append-only, hash-chained row per event; any edit, deletion or reordering shows.

Each row's ``hash`` is the SHA-256 of its own fields and the previous row's hash. Appends are
serialised (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: a transaction-scoped advisory lock), so the
chain never forks, and a row is written in the same transaction as the change it records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from review.db import utcnow
from review.tables import ReviewEvent

GENESIS = "0" * 64
HEAD_KEY = "draftgate_review_log_head"  # session.info entry: the (seq, hash) this transaction appended last
_PG_CHAIN_LOCK = 727_400_001
_INSERT = insert(ReviewEvent)


def row_hash(*, seq: int, prev_hash: str, action: str, actor: str, draft_id: str | None,
             note: str | None, details: str, created_at: str) -> str:
    """Return the SHA-256 that seals one review-log row to its predecessor."""
    canonical = json.dumps(
        [seq, prev_hash, action, actor, draft_id, note, details, created_at], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def lock_chain(*, session: Session) -> None:
    """Take the review log's write lock for the rest of the transaction (PostgreSQL; SQLite locks the file).

    A decision takes it before it locks the draft's row, so every writer takes the two in the same
    order: an approval that logs an edit first and a rejection that updates the row first would
    otherwise each hold what the other waits for.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})


def append(*, session: Session, action: str, actor: str, draft_id: str | None = None,
           note: str | None = None, details: dict[str, Any] | None = None,
           personal: dict[str, Any] | None = None) -> ReviewEvent:
    """Append one event to the chain inside the caller's transaction.

    ``personal`` (customer data such as an edit's diff) is kept beside the chain by ``review.privacy``,
    erasable; the hashed row records only its SHA-256.
    """
    from review import privacy

    if personal:
        details = {**(details or {}), "personal_sha256": privacy.digest(personal)}
    head = session.info.get(HEAD_KEY)  # this transaction appended already and holds the lock since
    if head is None:
        lock_chain(session=session)
        head = session.execute(select(ReviewEvent.seq, ReviewEvent.hash).order_by(ReviewEvent.seq.desc())
                               .limit(1)).first()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    body = json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str)
    created_at = utcnow()
    values = {"seq": seq, "prev_hash": prev, "action": action, "actor": actor, "draft_id": draft_id, "note": note,
              "details": body, "created_at": created_at}
    values["hash"] = row_hash(**values)  # type: ignore[arg-type]
    # a Core insert on the connection: no unit of work, one compiled statement for every append
    session.connection().execute(_INSERT, values)
    event = ReviewEvent(**values)
    if personal:
        privacy.keep(session=session, seq=seq, draft_id=draft_id, personal=personal)
    session.info[HEAD_KEY] = (seq, event.hash)
    return event


class ChainProblem(BaseModel):
    """Where the chain breaks and how."""

    seq: int
    problem: str
    check: str = "chain"


def verify(events: Iterable[ReviewEvent]) -> list[ChainProblem]:
    """Return every break in the chain: edited rows, missing rows, reordering, forged links."""
    problems: list[ChainProblem] = []
    expected_seq, prev = 1, GENESIS
    for event in events:
        if event.seq != expected_seq:
            problems.append(ChainProblem(seq=event.seq,
                                         problem=f"expected seq {expected_seq}: rows missing or reordered"))
        if event.prev_hash != prev:
            problems.append(ChainProblem(seq=event.seq, problem="prev_hash does not match the previous row"))
        recomputed = row_hash(seq=event.seq, prev_hash=event.prev_hash, action=event.action, actor=event.actor,
                              draft_id=event.draft_id, note=event.note, details=event.details,
                              created_at=event.created_at)
        if recomputed != event.hash:
            problems.append(ChainProblem(seq=event.seq, problem="row content does not match its hash (edited)"))
        expected_seq, prev = event.seq + 1, event.hash
    return problems


def verify_all(*, session: Session) -> tuple[int, list[ChainProblem]]:
    """Verify the whole log in seq order; return (rows checked, problems)."""
    rows = session.execute(select(ReviewEvent).order_by(ReviewEvent.seq)).scalars()
    count = 0

    def counted() -> Iterable[ReviewEvent]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    problems = verify(counted())
    return count, problems
