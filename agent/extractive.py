"""The ``extractive`` drafter: replies and summaries built only from approved passages.

No model, no network, nothing invented: each question of the ticket is answered by the section of
an approved article that answers it, copied whole (paragraphs, lists and code blocks in order,
never cut inside Markdown) and cited as [n]. A question no section answers is named in an
internal note ("Needs human review: ...") for the rep to answer; internal notes never reach the
customer (``agent.customer_text``).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from agent.answer import ChosenSection, section_block
from agent.models import NEEDS_HUMAN_REVIEW

CLOSING = "If this doesn't solve it, reply to this message and a member of our support team will review it."
SIGN_OFF = "Best regards,\nThe support team"


class Answer(BaseModel):
    """One question of the ticket and the cited section that answers it (None: no section does)."""

    question: str
    section: ChosenSection | None
    n: int | None = None


class ExtractiveDraft(BaseModel):
    """The drafted text, which citations it used, and the questions left to the rep."""

    text: str
    used: list[int]
    missing: list[str]


def draft_reply(*, answers: Sequence[Answer], greeting_name: str | None, handover: Sequence[str]) -> ExtractiveDraft:
    """Write a reply: greeting, one cited answer per question, a note per unanswered question, next step."""
    lines = [f"Hi {greeting_name or 'there'},", "", "Thanks for getting in touch."]
    used: list[int] = []
    for answer in answers:
        if answer.section is None or answer.n is None or answer.n in used:
            continue
        block = section_block(answer.section.text)
        if block:
            lines += ["", f"From our help article “{answer.section.title}” [{answer.n}]:", "", block]
            used.append(answer.n)
    missing = [a.question for a in answers if a.section is None and len(answers) > 1]
    if not used:
        lines += ["", f"{NEEDS_HUMAN_REVIEW}: no approved help-center article answers this question; "
                      "a member of the support team needs to write this part."]
    for question in missing:
        lines += ["", f"{NEEDS_HUMAN_REVIEW}: no approved article answers “{question}”; answer it or remove it."]
    for note in handover:
        lines += ["", f"{NEEDS_HUMAN_REVIEW}: {note}"]
    lines += ["", CLOSING, "", SIGN_OFF]
    return ExtractiveDraft(text="\n".join(lines), used=used, missing=missing)
