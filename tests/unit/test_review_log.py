"""The review log detects any edit, deletion or reordering (property-based)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from review import review_log
from review.db import make_engine, make_sessions, migrate, transaction
from review.tables import ReviewEvent

ACTIONS = st.sampled_from(["draft_created", "approved", "rejected", "escalated", "delivered"])
EVENT = st.tuples(ACTIONS, st.text(max_size=20), st.one_of(st.none(), st.text(max_size=40)))


def _chain(tmp: Path, events: list[tuple[str, str, str | None]]) -> list[ReviewEvent]:
    url = f"sqlite:///{tmp / 'log.sqlite3'}"
    migrate(url)
    sessions = make_sessions(make_engine(url))
    for action, actor, note in events:
        with transaction(sessions) as session:
            review_log.append(session=session, action=action, actor=actor or "x", note=note, details={"n": 1})
    with sessions() as session:
        return list(session.execute(select(ReviewEvent).order_by(ReviewEvent.seq)).scalars())


def _copy(e: ReviewEvent, **changes: object) -> ReviewEvent:
    fields = {c: getattr(e, c) for c in ("seq", "prev_hash", "hash", "action", "actor", "draft_id", "note",
                                          "details", "created_at")}
    return ReviewEvent(**{**fields, **changes})


@settings(max_examples=25, deadline=None)
@given(events=st.lists(EVENT, min_size=3, max_size=8), data=st.data())
def test_any_tampering_is_detected(tmp_path_factory, events, data) -> None:  # type: ignore[no-untyped-def]
    rows = _chain(tmp_path_factory.mktemp("log"), events)
    assert review_log.verify(rows) == []
    i = data.draw(st.integers(0, len(rows) - 1))
    how = data.draw(st.sampled_from(["edit_note", "edit_actor", "edit_details", "delete", "swap", "rehash_one"]))
    tampered = list(rows)
    if how == "edit_note":
        tampered[i] = _copy(rows[i], note=(rows[i].note or "") + "!")
    elif how == "edit_actor":
        tampered[i] = _copy(rows[i], actor=rows[i].actor + "?")
    elif how == "edit_details":
        tampered[i] = _copy(rows[i], details='{"n": 2}')
    elif how == "delete":
        if i == len(rows) - 1:
            i -= 1  # truncating the tail is covered by the anchor check, not the chain
        del tampered[i]
    elif how == "swap":
        j = (i + 1) % len(rows)
        tampered[i], tampered[j] = tampered[j], tampered[i]
    else:  # an attacker recomputes one row's hash after editing it: the next link breaks
        if i == len(rows) - 1:
            i -= 1
        edited = _copy(rows[i], note="forged")
        edited.hash = review_log.row_hash(seq=edited.seq, prev_hash=edited.prev_hash, action=edited.action,
                                          actor=edited.actor, draft_id=edited.draft_id, note=edited.note,
                                          details=edited.details, created_at=edited.created_at)
        tampered[i] = edited
    assert review_log.verify(tampered) != []
