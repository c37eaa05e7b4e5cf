"""The incremental review figures equal the figures computed over the whole log, after every batch of appends."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from review import review_log
from review.db import make_engine, make_sessions, migrate, transaction
from review.metrics import ReviewTally, compute

EVENT = st.one_of(
    st.tuples(st.just("approved"), st.just({"acknowledged_flags": True})),
    st.tuples(st.just("edited"), st.builds(lambda n: {"edit_distance": n}, st.integers(0, 400))),
    st.tuples(st.just("rejected"), st.builds(lambda r: {"reason_code": r}, st.sampled_from(["tone", "inaccurate"]))),
    st.tuples(st.just("escalated"), st.just({"to": "billing"})),
    st.tuples(st.just("guard_findings"), st.builds(lambda r: {"reasons": r},
                                                   st.lists(st.sampled_from(["no_approved_source", "ungrounded"])))),
    st.tuples(st.just("delivered"), st.just({})),
)
BATCHES = st.lists(st.lists(st.tuples(st.integers(0, 5), EVENT), max_size=12), min_size=1, max_size=4)


@settings(max_examples=20, deadline=None)
@given(batches=BATCHES)
def test_the_tally_equals_a_full_computation(tmp_path_factory, batches) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path_factory.mktemp('tally') / 'log.sqlite3'}"
    migrate(url)
    sessions = make_sessions(make_engine(url))
    tally, created = ReviewTally(), set()
    for batch in batches:
        with transaction(sessions) as session:
            for draft, (action, details) in batch:
                draft_id = f"d-{draft}"
                if draft_id not in created:
                    review_log.append(session=session, action="draft_created", actor="api", draft_id=draft_id)
                    created.add(draft_id)
                review_log.append(session=session, action=action, actor="rep:a", draft_id=draft_id, details=details)
        with sessions() as session:
            assert tally.update(session=session) == compute(session=session)
    with sessions() as session:
        assert tally.update(session=session) == compute(session=session), "nothing new: the same figures"
