"""One request's cost: redaction grows linearly with the ticket, and the pipeline drafts from a bounded part.

The growth is measured by counting Python function calls (deterministic), not by timing; the times
are in docs/performance-bounds.md.
"""

from __future__ import annotations

import cProfile
import pstats

from agent.bounds import bound_ticket
from agent.models import Message, Ticket
from agent.pipeline import draft_ticket
from agent.redaction import redact


def _calls(text: str) -> int:
    """Return how many function calls redacting ``text`` makes."""
    profile = cProfile.Profile()
    profile.enable()
    redact(text=text)
    profile.disable()
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def test_redaction_work_grows_linearly_with_repeated_name_mentions() -> None:
    redact(text="warm up John Smith")
    small, large = _calls("John Smith Street " * 500), _calls("John Smith Street " * 2000)
    assert large < 4.6 * small, f"4x the text made {large / small:.1f}x the calls"


def test_redaction_still_catches_every_repeated_mention() -> None:
    text = "Hi, I am Olga Krylova. " + "Olga asked again. " * 50
    found = redact(text=text)
    assert found.redacted.count("[PERSON_") == 51 and "Olga" not in found.redacted


def test_a_long_thread_is_drafted_from_a_bounded_head_and_tail_and_flagged() -> None:
    thread = [Message(author="customer", body="How do I export my boards? " + "x" * 150_000)]
    thread += [Message(author="agent", body="Looking into it. " * 9000)]
    thread += [Message(author="customer", body="Still waiting for the CSV export.")]
    result = draft_ticket(ticket=Ticket(subject="Export", messages=thread), kind="reply", retriever=None, chat=None,
                          max_chars=20_000)
    assert "ticket_truncated:20000" in result.reasons and result.needs_human_review
    assert len(result.llm_input) < 25_000
    assert "How do I export" in result.llm_input and "Still waiting for the CSV export." in result.llm_input


def test_bounding_keeps_short_tickets_whole_and_cuts_bodies_to_the_budget() -> None:
    short = Ticket(subject="s", body="hello")
    assert bound_ticket(short, max_chars=1000) == (short, False)
    both = Ticket(subject="s", body="b" * 5000, messages=[Message(author="customer", body="m" * 5000)] * 4)
    cut, truncated = bound_ticket(both, max_chars=2000)
    assert truncated
    assert len(cut.body or "") + sum(len(m.body) for m in cut.messages or []) < 2000 + 200
