"""The extractive summary of a conversation, for a CRM note: no model, only what was said."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.commitments import find_commitments
from agent.models import NEEDS_HUMAN_REVIEW, Message
from agent.text import split_sentences

_ANGRY = re.compile(r"\b(unacceptable|ridiculous|furious|outrageous|worst|scam|angry|disgusting|!!+)", re.I)
_FOLLOW_UP = re.compile(
    r"\b(?:i|we|our [\w-]+(?: [\w-]+)? team|the [\w-]+(?: [\w-]+)? team|someone|[\w-]+ (?:team|department)|"
    r"(?:an? |our |my )?(?:engineer|colleague|specialist|manager|account manager|supervisor)s?)"
    r"(?:'ll| will| shall| is going to| are going to| am going to|'m going to|'re going to)\b"
    r"|\b(?:get back to you|follow up|reach out to you|keep you (?:posted|updated)|update you|circle back|"
    r"let you know|be in touch|contact you|call you|email you)\b", re.I)
_FRUSTRATED = re.compile(r"\b(still|again|frustrat\w*|annoy\w*|waiting|disappoint\w*|third time|fed up)\b", re.I)


def draft_summary(*, messages: Sequence[Message], distress: bool) -> str:
    """Write the summary sections from the thread: issue, sentiment, done, open, follow-ups and by whom."""
    customer = [m.body for m in messages if m.author == "customer"]
    agent = [m.body for m in messages if m.author == "agent"]
    issue = " ".join(split_sentences(customer[0])[:2]) if customer else f"{NEEDS_HUMAN_REVIEW}: no customer message."
    lines = [f"Issue: {issue}", f"Customer sentiment: {_sentiment(customer, distress)}"]
    done = [s for body in agent for s in split_sentences(body) if _is_action(s)]
    lines.append("What was done: " + (" ".join(done[:3]) if done else "No troubleshooting steps yet."))
    open_questions = _open_questions(messages)
    lines.append("Open questions: " + (" ".join(open_questions) if open_questions else "None found."))
    promises = [s for m in messages if m.author == "agent" for s in agent_promises(m.body)]
    lines.append("Follow-ups promised:" + ("" if promises else " None."))
    lines += [f"- Reported agent promise: \"{text}\"" for text in promises]
    return "\n".join(lines)


def agent_promises(body: str) -> list[str]:
    """Return an agent's sentences that commit to something or promise a next step, whole.

    Whole sentences, because the reader of a CRM note needs what was done beside what was promised
    ("I've raised a trace with the receiving bank, and I'll update you by 5pm tomorrow"); questions
    are not promises. A customer's sentences are not read: "I sent the rent on Friday" is no promise.

    >>> agent_promises("Sorry about that. I've credited $20 to your account, you'll see it on the next bill.")
    ["I've credited $20 to your account, you'll see it on the next bill."]
    """
    next_steps = set(follow_ups(body))
    return [s for s in split_sentences(body)
            if s in next_steps or (not s.rstrip().endswith("?") and find_commitments(text=s))]


def follow_ups(body: str) -> list[str]:
    """Return an agent's sentences that promise a next step: by whom (us, another team) and when.

    A hand-off is not a commitment the guard strips, but a summary must report it, so that the
    next person knows who owes the customer what.

    >>> follow_ups("Thanks for waiting. Our billing team will review it and get back to you by Friday.")
    ['Our billing team will review it and get back to you by Friday.']
    >>> follow_ups("You can export the CSV from Settings.")
    []
    """
    return [s for s in split_sentences(body) if _FOLLOW_UP.search(s) and not s.rstrip().endswith("?")]


def _sentiment(customer: Sequence[str], distress: bool) -> str:
    """Return the customer's sentiment with the cue that shows it."""
    text = " ".join(customer)
    if distress:
        return "distressed (the escalation check found signs of distress)"
    for label, pattern in (("angry", _ANGRY), ("frustrated", _FRUSTRATED)):
        match = pattern.search(text)
        if match:
            return f"{label} (\"{match.group(0)}\")"
    return "calm"


def _is_action(sentence: str) -> bool:
    """Return whether an agent sentence reports a step taken or advised (not a pleasantry)."""
    lowered = sentence.lower()
    return bool(re.search(r"\b(i|we)('ve| have)? (checked|reset|sent|updated|asked|confirmed|looked|cleared|"
                          r"escalated|forwarded|passed|verified|tested|restarted)\b|\b(try|please|go to|open|click)\b",
                          lowered)) and not lowered.startswith(("thanks", "thank you", "hi", "hello"))


def _open_questions(messages: Sequence[Message]) -> list[str]:
    """Return the customer's questions asked after the last agent answer (or all, if none came)."""
    last_agent = max((i for i, m in enumerate(messages) if m.author == "agent"), default=-1)
    later = [m.body for m in messages[last_agent + 1:] if m.author == "customer"]
    return [s for body in later for s in split_sentences(body) if s.endswith("?")][:3]
