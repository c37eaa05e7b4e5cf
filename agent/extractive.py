"""The ``extractive`` drafter: replies and summaries built only from approved passages.

No model, no network, nothing invented: every product fact in a reply is a sentence or a list
of steps copied from a retrieved passage and cited as [n]. What the passages do not cover is
written as "Needs human review: ..." for the rep to fill in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel

from agent.models import NEEDS_HUMAN_REVIEW, Citation
from agent.text import content_words, overlap, split_sentences

MAX_STEPS = 10
_LIST_ITEM = re.compile(r"^\s*(\d+[.)]|[-*+])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_CALLOUT = re.compile(r"^\*\*(tip|note|info|warning|important|caution):\*\*\s*", re.I)
CLOSING = "If this doesn't solve it, reply to this message and a member of our support team will review it."
SIGN_OFF = "Best regards,\nThe support team"


class ExtractiveDraft(BaseModel):
    """The drafted text and which citations it actually used."""

    text: str
    used: list[int]
    missing: list[str]


def draft_reply(
    *, question: str, citations: Sequence[Citation], greeting_name: str | None, handover: Sequence[str],
) -> ExtractiveDraft:
    """Write a reply from the cited passages: greeting, cited answer, what is missing, next step."""
    lines = [f"Hi {greeting_name or 'there'},", "", "Thanks for getting in touch."]
    used: list[int] = []
    for citation in citations:
        block = answer_block(question=question, passage=citation.passage)
        if block:
            lines += ["", f"{block} [{citation.n}]"]
            used.append(citation.n)
    missing = uncovered_questions(question=question, sources=[c.passage for c in citations if c.n in used])
    if not used:
        lines += ["", f"{NEEDS_HUMAN_REVIEW}: no approved help-center article answers this question; "
                      "a member of the support team needs to write this part."]
    for part in missing:
        lines += ["", f"{NEEDS_HUMAN_REVIEW}: no approved article covers \"{part}\"."]
    for note in handover:
        lines += ["", f"{NEEDS_HUMAN_REVIEW}: {note}"]
    lines += ["", CLOSING, "", SIGN_OFF]
    return ExtractiveDraft(text="\n".join(lines), used=used, missing=missing)


def answer_block(*, question: str, passage: str) -> str:
    """Return the steps or the two sentences of a passage that best answer the question."""
    lines = [_CALLOUT.sub("", ln).strip() for ln in passage.splitlines()
             if ln.strip() and not _HEADING.match(ln) and not ln.strip().startswith(("```", "|"))]
    steps = [ln for ln in lines if re.match(r"^\d+[.)]\s", ln)]
    if len(steps) >= 2 and overlap(sentence=question, source=passage) > 0:
        lead = next((ln for ln in lines if ln not in steps and not _LIST_ITEM.match(ln)), "")
        picked = [s for s in split_sentences(lead)[-1:] if s.endswith(":")]
        return "\n".join(picked + steps[:MAX_STEPS])
    sentences = [s for ln in lines for s in split_sentences(_LIST_ITEM.sub("", ln)) if len(s.split()) >= 4]
    scored = sorted(range(len(sentences)), key=lambda i: -_relevance(question, sentences[i]))[:2]
    chosen = [sentences[i] for i in sorted(scored) if _relevance(question, sentences[i]) > 0]
    return " ".join(chosen)


def uncovered_questions(*, question: str, sources: Sequence[str]) -> list[str]:
    """Return the customer's questions that none of the sources speaks to."""
    source_text = "\n".join(sources)
    asked = [s.strip() for s in split_sentences(question) if s.strip().endswith("?")]
    if len(asked) < 2:
        return []
    return [q for q in asked if len(content_words(q)) >= 2 and overlap(sentence=q, source=source_text) < 0.34]


def _relevance(question: str, sentence: str) -> float:
    """Score a sentence by the question words it shares."""
    words = set(content_words(question))
    return sum(w in words for w in set(content_words(sentence))) / (1 + len(content_words(sentence)) ** 0.5)
