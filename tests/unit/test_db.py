"""SQLite writers take turns: across engines (as across processes) one writer at a time, queued on the turn."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import func, select

from review import review_log
from review.db import make_engine, make_sessions, migrate, transaction
from review.tables import ReviewEvent


def test_a_second_engine_waits_for_the_turn_and_then_writes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'turns.sqlite3'}"
    migrate(url)
    first, second = make_sessions(make_engine(url)), make_sessions(make_engine(url))  # two "processes"
    entered, done = threading.Event(), threading.Event()

    def other_writer() -> None:
        with transaction(second) as session:
            entered.set()
            review_log.append(session=session, action="approved", actor="rep:b")
        done.set()

    with transaction(first) as session:
        review_log.append(session=session, action="approved", actor="rep:a")
        thread = threading.Thread(target=other_writer)
        thread.start()
        assert not entered.wait(0.3)
        assert second.kw["bind"].pool.checkedout() == 0  # queued on the turn, not polling a locked database
    thread.join(10)
    assert done.is_set()
    assert (tmp_path / "turns.sqlite3.writers").exists()
    with first() as session:
        rows = list(session.execute(select(ReviewEvent).order_by(ReviewEvent.seq)).scalars())
    assert [r.actor for r in rows] == ["rep:a", "rep:b"]
    assert review_log.verify(rows) == []


def test_a_failed_transaction_gives_up_its_turn(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'turns.sqlite3'}"
    migrate(url)
    sessions = make_sessions(make_engine(url))
    try:
        with transaction(sessions) as session:
            review_log.append(session=session, action="approved", actor="rep:a")
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
    writers = [threading.Thread(target=lambda n=n: _append(sessions, f"rep:{n}")) for n in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(10)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(ReviewEvent)) == 4  # the failed one rolled back


def _append(sessions, actor: str) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as session:
        review_log.append(session=session, action="approved", actor=actor)
