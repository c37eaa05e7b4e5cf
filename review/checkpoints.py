"""Signed checkpoints of the review log's head, kept outside the database, so cuts and rewrites show.

After every commit that appended to the review log, the new head ``(seq, hash)`` is signed with
HMAC-SHA256 under a key that is not in the database (``DRAFTGATE_CHECKPOINT_KEY``, or a file
``checkpoint.key`` made owner-only in the data directory) and appended to a JSON-lines file
(``DRAFTGATE_CHECKPOINT_PATH``, default ``checkpoints.jsonl`` in the data directory). Because each
row's hash seals every row before it, one checkpoint pins the whole log up to its ``seq``:

- ``checkpoint_signature``: a checkpoint whose signature is wrong was forged or made with another key;
- ``checkpoint_mismatch``: the row at a checkpoint's ``seq`` has another hash: the log was rewritten;
- ``truncated``: a checkpoint names a ``seq`` past the log's last row: rows were cut from the end;
- ``checkpoint_missing``: the log has rows but no checkpoint anchors them.

``draftgate audit checkpoints`` prints the file so a lead can keep a copy elsewhere, and
``draftgate audit verify --checkpoints FILE`` checks the log against that copy as well. A checkpoint
is written only after its transaction committed, so a crash can leave the newest rows unanchored,
never a checkpoint ahead of the log.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import structlog
from pydantic import BaseModel
from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from agent.settings import Settings
from review.db import utcnow
from review.review_log import HEAD_KEY, ChainProblem, verify_all
from review.tables import ReviewEvent

log = structlog.get_logger("draftgate.checkpoints")
_write_lock = threading.Lock()


class Checkpoint(BaseModel):
    """One signed head of the review log."""

    seq: int
    hash: str
    at: str
    signature: str


def key_of(settings: Settings) -> bytes:
    """Return the checkpoint key: configured, or generated once into an owner-only file in the data dir."""
    if settings.checkpoint_key:
        return settings.checkpoint_key.get_secret_value().encode("utf-8")
    path = settings.data_dir / "checkpoint.key"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
    return path.read_text().strip().encode("utf-8")


def path_of(settings: Settings) -> Path:
    """Return the checkpoint file."""
    return settings.checkpoint_path or settings.data_dir / "checkpoints.jsonl"


def _signature(key: bytes, seq: int, head: str, at: str) -> str:
    """Return the lowercase hex HMAC that seals one checkpoint."""
    return hmac.new(key, f"draftgate-checkpoint.{seq}.{head}.{at}".encode(), hashlib.sha256).hexdigest()


def sign(*, settings: Settings, seq: int, head: str) -> Checkpoint:
    """Return a signed checkpoint of the head ``(seq, head)``."""
    at = utcnow()
    return Checkpoint(seq=seq, hash=head, at=at, signature=_signature(key_of(settings), seq, head, at))


def write(*, settings: Settings, seq: int, head: str) -> Checkpoint:
    """Append a signed checkpoint to the checkpoint file (owner-only)."""
    checkpoint = sign(settings=settings, seq=seq, head=head)
    path = path_of(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (checkpoint.model_dump_json() + "\n").encode("utf-8")
    with _write_lock:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    return checkpoint


def checkpoint_now(*, settings: Settings, session: Session) -> Checkpoint | None:
    """Sign the log's current head (for ``draftgate audit checkpoint`` and old logs); None when empty."""
    head = session.execute(select(ReviewEvent.seq, ReviewEvent.hash).order_by(ReviewEvent.seq.desc()).limit(1)).first()
    return write(settings=settings, seq=head[0], head=head[1]) if head else None


def install(sessions: sessionmaker[Session], settings: Settings) -> None:
    """Write a checkpoint after every commit that appended to the review log."""

    @event.listens_for(sessions, "after_commit")
    def _after_commit(session: Session) -> None:
        head = session.info.pop(HEAD_KEY, None)
        if head is not None:
            try:
                write(settings=settings, seq=head[0], head=head[1])
            except OSError:
                log.exception("could not write the review-log checkpoint", seq=head[0])

    @event.listens_for(sessions, "after_rollback")
    def _after_rollback(session: Session) -> None:
        session.info.pop(HEAD_KEY, None)


def read(paths: Iterable[Path]) -> tuple[list[Checkpoint], list[ChainProblem]]:
    """Read checkpoints from files; unreadable lines are problems."""
    found: list[Checkpoint] = []
    problems: list[ChainProblem] = []
    for path in paths:
        if not path.exists():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                found.append(Checkpoint.model_validate_json(line))
            except ValueError:
                problems.append(ChainProblem(seq=0, check="checkpoint_signature",
                                             problem=f"{path.name} line {number} is not a checkpoint"))
    return found, problems


def verify(*, session: Session, settings: Settings, extra: Iterable[Path] = ()) -> tuple[int, list[ChainProblem]]:
    """Check the chain and the log against every checkpoint; return (rows checked, problems)."""
    count, problems = verify_all(session=session)
    checkpoints, unreadable = read([path_of(settings), *extra])
    problems += unreadable
    key = key_of(settings)
    valid = []
    for cp in checkpoints:
        if hmac.compare_digest(cp.signature, _signature(key, cp.seq, cp.hash, cp.at)):
            valid.append(cp)
        else:
            problems.append(ChainProblem(seq=cp.seq, check="checkpoint_signature",
                                         problem="checkpoint signature is wrong (forged, or another key)"))
    problems += _against_rows(session=session, checkpoints=valid, rows=count)
    return count, problems


def _against_rows(*, session: Session, checkpoints: list[Checkpoint], rows: int) -> list[ChainProblem]:
    """Compare the stored rows with the valid checkpoints."""
    if not checkpoints:
        return [ChainProblem(seq=0, check="checkpoint_missing",
                             problem="no signed checkpoint anchors the log: cuts from its end cannot be ruled out")
                ] if rows else []
    last = session.execute(select(ReviewEvent.seq).order_by(ReviewEvent.seq.desc()).limit(1)).scalar() or 0
    wanted = sorted({cp.seq for cp in checkpoints if cp.seq <= last})
    stored: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for seq, head in session.execute(select(ReviewEvent.seq, ReviewEvent.hash)
                                         .where(ReviewEvent.seq.in_(chunk))).all():
            stored[seq] = head
    problems, furthest = [], max(cp.seq for cp in checkpoints)
    if furthest > last:
        problems.append(ChainProblem(seq=furthest, check="truncated", problem=(
            f"a checkpoint signed the log up to seq {furthest}, but it ends at seq {last}: rows were cut")))
    for cp in sorted(checkpoints, key=lambda c: c.seq):
        if cp.seq <= last and stored.get(cp.seq) != cp.hash:
            problems.append(ChainProblem(seq=cp.seq, check="checkpoint_mismatch", problem=(
                f"row {cp.seq} does not have the hash its checkpoint of {cp.at} signed: the log was rewritten")))
            break
    return problems


def summary(checkpoints: list[Checkpoint]) -> dict[str, Any]:
    """Return the newest checkpoint as plain data (or an empty dict)."""
    return json.loads(max(checkpoints, key=lambda c: c.seq).model_dump_json()) if checkpoints else {}
