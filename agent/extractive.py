"""The ``extractive`` drafter: replies and summaries built only from approved passages.

No model, no network, nothing invented: every product fact in a reply is a sentence or a list
of steps copied from a retrieved passage and cited as [n]. What the passages do not cover is
written as "Needs human review: ..." for the rep to fill in.
"""

from __future__ import annotations

import math
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
    """Return the list of steps or the two sentences of a passage that best answer the question."""
    segments = _segments(passage)
    if not segments:
        return ""
    scored = [(_relevance(question, " ".join(seg)), i) for i, seg in enumerate(segments)]
    best_score, best = max(scored)
    if best_score <= 0:
        return ""
    if len(segments[best]) > 1:
        return "\n".join(segments[best][: MAX_STEPS + 1])
    sentences = sorted(i for score, i in sorted(scored, reverse=True)[:2]
                       if score > 0 and len(segments[i]) == 1 and score >= best_score / 2)
    return " ".join(segments[i][0] for i in sentences)


def _segments(passage: str) -> list[list[str]]:
    """Split a passage into answer units: a list with its lead-in line, or a single sentence."""
    lines = [_CALLOUT.sub("", ln).strip() for ln in passage.splitlines()
             if ln.strip() and not _HEADING.match(ln) and not ln.strip().startswith(("```", "|"))]
    segments: list[list[str]] = []
    for line in lines:
        if re.match(r"^\d+[.)]\s", line) and segments and _is_list(segments[-1]):
            segments[-1].append(line)
        elif re.match(r"^\d+[.)]\s", line):
            lead = segments.pop()[0] if segments and segments[-1][0].endswith(":") and len(segments[-1]) == 1 else None
            segments.append([lead, line] if lead else [line])
        elif _LIST_ITEM.match(line):
            continue  # loose bullet fragments rarely read as an answer on their own
        else:
            segments.extend([s] for s in split_sentences(line) if len(s.split()) >= 4)
    return segments


def _is_list(segment: list[str]) -> bool:
    """Return whether a segment is a numbered list (possibly with its lead-in)."""
    return any(re.match(r"^\d+[.)]\s", line) for line in segment)


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
    shared = sum(w in words for w in set(content_words(sentence)))
    return shared / (1.0 + math.sqrt(len(content_words(sentence))))
