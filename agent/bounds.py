"""Bound the work one ticket can cause: the pipeline drafts from at most ``max_chars`` of it.

Every step after this is linear in its input, so a bound on the input bounds each request's time
and memory (docs/performance-bounds.md). A longer ticket keeps its head and its tail (the opening
question and the latest messages), and its draft is flagged ``ticket_truncated`` for a person.

>>> bound_ticket(Ticket(subject="s", body="abcdefghij"), max_chars=100)[1]
False
>>> ticket, cut = bound_ticket(Ticket(subject="s", body="a" * 30 + "b" * 30), max_chars=20)
>>> cut, ticket.body.startswith("a" * 10), ticket.body.endswith("b" * 10)
(True, True, True)
"""

from __future__ import annotations

from agent.models import Message, Ticket

DEFAULT_MAX_TICKET_CHARS = 50_000
GAP = "\n[… {n} characters left out …]\n"


def _cut(text: str, budget: int) -> str:
    """Keep the first and last halves of ``budget`` characters of a text."""
    if len(text) <= budget:
        return text
    head, tail = budget // 2, budget - budget // 2
    return text[:head] + GAP.format(n=len(text) - budget) + (text[-tail:] if tail else "")


def _cut_messages(messages: list[Message], budget: int) -> list[Message]:
    """Keep messages from the start and from the end until each half of the budget is spent."""
    half = budget // 2
    first: list[Message] = []
    used = 0
    for message in messages:
        if used >= half:
            break
        first.append(message.model_copy(update={"body": _cut(message.body, half - used)}))
        used += len(first[-1].body)
    last: list[Message] = []
    used = 0
    for message in reversed(messages[len(first):]):
        if used >= budget - half:
            break
        last.append(message.model_copy(update={"body": _cut(message.body, budget - half - used)}))
        used += len(last[-1].body)
    return first + last[::-1]


def bound_ticket(ticket: Ticket, *, max_chars: int) -> tuple[Ticket, bool]:
    """Return the ticket cut to ``max_chars`` of body and messages, and whether anything was cut."""
    body, messages = ticket.body or "", ticket.messages or []
    total = len(body) + sum(len(m.body) for m in messages)
    if total <= max_chars:
        return ticket, False
    body_share = max_chars * len(body) // total if messages else max_chars
    update: dict[str, object] = {}
    if ticket.body is not None:
        update["body"] = _cut(body, body_share)
    if ticket.messages is not None:
        update["messages"] = _cut_messages(messages, max_chars - body_share)
    return ticket.model_copy(update=update), True
