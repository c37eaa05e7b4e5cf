"""The hand-off brief of an escalated ticket: issue, customer impact, what was tried, what is asked.

Built only from the redacted ticket (no model, nothing invented) and the account fields that are
not identifiers (plan, tier, ARR, region, channel). Each part goes through the guard like a draft:
a promise in it (say "we will refund you") is stripped and listed, so the team taking over reads
facts, not commitments.

>>> from agent.models import Customer, Ticket
>>> t = Ticket(subject="Export broken", body="The CSV export fails for all our users. Can you fix it today?",
...            customer=Customer(plan="business"))
>>> handoff_brief(ticket=t, text=t.conversation(), reasons=["outage"], citations=[]).asked
'Can you fix it today?'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.escalation_reasons import label
from agent.guard import guard_draft
from agent.models import Citation, HandoffBrief, RemovedCommitment, Ticket
from agent.text import split_sentences

MAX_PART = 300
_IMPACT = re.compile(r"\b(?:can'?t|cannot|unable|blocked|lost|losing|down|all (?:our )?(?:users|customers|staff)|"
                     r"revenue|deadline|every|nobody|no one|stopped|broken|fails?|urgent)\b", re.I)
_TRIED = re.compile(r"\b(?:tried|already|i have|we have|restarted|reinstalled|cleared|followed|checked)\b", re.I)
_ASK = re.compile(r"\?\s*$|\b(?:please|can you|could you|i want|we want|i need|we need|i'?d like|we'?d like)\b",
                  re.I)


def handoff_brief(*, ticket: Ticket, text: str, reasons: Sequence[str],
                  citations: Sequence[Citation]) -> HandoffBrief:
    """Return the guarded hand-off brief of a (redacted) ticket text."""
    customer_text = _customer_text(ticket=ticket, text=text)
    sentences = [s.strip() for s in split_sentences(customer_text) if s.strip()]
    issue = " ".join(sentences[:2] if sentences and len(sentences[0].split()) < 6 else sentences[:1]) or "(no text)"
    parts = {
        "issue": issue,
        "customer_impact": _impact(ticket=ticket, sentences=sentences, reasons=reasons),
        "tried": _tried(ticket=ticket, sentences=sentences, citations=citations),
        "asked": " ".join([s for s in sentences if _ASK.search(s)][:2]) or "Not stated; ask the customer.",
    }
    removed: list[RemovedCommitment] = []
    for name, value in parts.items():
        report = guard_draft(text=value[:MAX_PART])
        parts[name] = report.clean.strip() or "(removed by the guard)"
        removed += [RemovedCommitment(text=c.text, labels=c.labels) for c in report.commitments]
    return HandoffBrief(**parts, removed_commitments=removed)


def _customer_text(*, ticket: Ticket, text: str) -> str:
    """Return the customer's side of the redacted text (the whole text when there is no thread)."""
    if not ticket.messages:
        return text
    lines = [block for block in text.split("\n\n") if not block.startswith("Agent:")]
    return "\n\n".join(block.removeprefix("Customer: ") for block in lines)


def _impact(*, ticket: Ticket, sentences: Sequence[str], reasons: Sequence[str]) -> str:
    """Return who is affected and how badly: account facts, escalation reasons, impact sentences."""
    c = ticket.customer
    facts = [f"{name} {value}" for name, value in (("plan", c.plan), ("tier", c.tier), ("region", c.region),
                                                     ("channel", c.channel)) if value]
    if c.arr is not None:
        facts.append(f"ARR {c.arr:,.0f}")
    said = [s for s in sentences if _IMPACT.search(s)][:2]
    signals = ", ".join(label(r) for r in reasons)
    return " ".join(part for part in (
        f"Account: {', '.join(facts)}." if facts else "", f"Signals: {signals}." if signals else "", *said) if part)


def _tried(*, ticket: Ticket, sentences: Sequence[str], citations: Sequence[Citation]) -> str:
    """Return what the customer or an agent already tried, and which articles the draft used."""
    agent_said = [m.body.strip().split("\n")[0] for m in ticket.messages or [] if m.author == "agent"][-1:]
    tried = [s for s in sentences if _TRIED.search(s)][:2]
    consulted = f"The draft used: {', '.join(c.title for c in citations)}." if citations else ""
    found = " ".join(part for part in (*tried, *(f"Agent replied: {a}" for a in agent_said), consulted) if part)
    return found or "Nothing recorded in the ticket."
