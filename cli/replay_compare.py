"""Compare a draft with the reply a person actually sent: the measures of the first-week experiment.

- ``similarity``: cosine of the stemmed content-word counts of the draft's customer text and the
  human reply (greetings and sign-offs included on both sides), 0-1.
- ``steps``: the closed ticket's labelled ``steps`` when it has them (short menu, page and setting
  names); otherwise the numbered or bulleted items of the human reply. A step is covered when its
  words appear in the draft (all of them for a short label, 60 % for a list item).
- ``added_commitments``: promises in the customer text whose labels the human reply did not make and
  that no cited approved article states (a sentence quoted from an approved article is authorized).
- ``stop_conditions``: ``invented_fact`` (a sentence no cited passage supports), ``wrong_policy``
  (the draft answers from an article other than the one(s) the human reply used), ``promise`` (an
  added commitment), ``tone`` (a distressed customer gets no acknowledgement), ``needs_customer_data``
  (the human reply needed the customer's account data or asked them for it).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePosixPath

from pydantic import BaseModel

from agent.answer import questions
from agent.commitments import find_commitments
from agent.models import DraftResult
from agent.text import content_words, overlap

StopCondition = str
ANSWERED = 0.5  # share of a question's content words the customer text carries for it to count as answered
QUOTED = 0.9  # share of a sentence's content words found in a cited passage: quoted from an approved article
STOP_CONDITIONS = ("invented_fact", "wrong_policy", "promise", "tone", "needs_customer_data")
_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+(.+)$", re.M)
_URL = re.compile(r"https?://[^\s)>\]]+")
_ASKS = re.compile(
    r"\b(?:could|can|would) you (?:please )?(?:send|share|tell|confirm|check|paste|forward|let us know)"
    r"|\bplease (?:send|share|reply with|forward|confirm|let (?:me|us) know)"
    r"|\bI(?:'ve| have)? (?:checked|looked at|looked into|can see|see that) your"
    r"|\byour account (?:shows|is|has)|\bsend (?:me|us) (?:the|your)", re.I)
_ACKNOWLEDGES = re.compile(r"\b(?:sorry|apolog|understand|frustrat|appreciate your patience)", re.I)


class Comparison(BaseModel):
    """How a draft compares with the human reply for one closed ticket."""

    similarity: float
    steps: list[str]
    missing_steps: list[str]
    added_commitments: list[dict[str, object]]
    stop_conditions: list[StopCondition]
    human_articles: list[str]
    questions: list[str] = []
    neither_answered_nor_flagged: list[str] = []


def compare(*, result: DraftResult, human_reply: str, steps: Sequence[str] | None = None,
            relevant: Sequence[str] | None = None, subject: str = "", body: str = "") -> Comparison:
    """Compare one draft record with the reply a person sent."""
    asked = asked_questions(subject=subject, body=body)
    draft = result.customer_preview or result.draft
    wanted = list(steps) if steps else reply_steps(human_reply)
    missing = [s for s in wanted if not covered(step=s, text=draft, short=bool(steps))]
    human_labels = {label for c in find_commitments(text=human_reply) for label in c.labels}
    passages = "\n".join(c.passage for c in result.citations)
    added: list[dict[str, object]] = [{"text": c.text, "labels": c.labels} for c in find_commitments(text=draft)
             if not set(c.labels) <= human_labels and overlap(sentence=c.text, source=passages) < QUOTED]
    articles = list(relevant) if relevant is not None else linked_articles(human_reply, result=result)
    return Comparison(similarity=round(similarity(draft, human_reply), 4), steps=wanted, missing_steps=missing,
                      added_commitments=added, human_articles=articles, questions=asked,
                      neither_answered_nor_flagged=[q for q in asked if not answered_or_flagged(q, result)]
                      if len(asked) >= 2 else [],
                      stop_conditions=stop_conditions(result=result, human_reply=human_reply, added=bool(added),
                                                      articles=articles))


def stop_conditions(*, result: DraftResult, human_reply: str, added: bool, articles: Sequence[str]) -> list[str]:
    """Return which stop conditions of the experiment this draft hits."""
    hits: list[str] = []
    if result.unsupported_sentences:
        hits.append("invented_fact")
    cited = [c.source_path for c in result.citations]
    if cited and articles and cited[0] not in articles and _answers_from(result) & set(articles) == set():
        hits.append("wrong_policy")
    if added:
        hits.append("promise")
    if "distress" in result.escalation_reasons and not _ACKNOWLEDGES.search(result.draft):
        hits.append("tone")
    if _ASKS.search(human_reply):
        hits.append("needs_customer_data")
    return hits


def _answers_from(result: DraftResult) -> set[str]:
    """Return the articles whose markers the draft text actually uses."""
    used = {int(n) for n in re.findall(r"\[(\d+)\]", result.draft)}
    return {c.source_path for c in result.citations if c.n in used}


def reply_steps(reply: str) -> list[str]:
    """Return the steps of a human reply: its numbered or bulleted items."""
    return [m.group(1).strip() for m in _ITEM.finditer(reply) if len(content_words(m.group(1))) >= 2]


def covered(*, step: str, text: str, short: bool) -> bool:
    """Return whether the draft text carries a step (all words of a short label, 60 % of a list item)."""
    if step.lower() in text.lower():
        return True
    wanted = set(content_words(step))
    if not wanted:
        return True
    have = set(content_words(text))
    share = len(wanted & have) / len(wanted)
    return share == 1.0 if short else share >= 0.6


def similarity(a: str, b: str) -> float:
    """Return the cosine similarity of two texts' stemmed content-word counts."""
    va, vb = Counter(content_words(a)), Counter(content_words(b))
    dot = sum(va[w] * vb[w] for w in va.keys() & vb.keys())
    norm = math.sqrt(sum(v * v for v in va.values())) * math.sqrt(sum(v * v for v in vb.values()))
    return dot / norm if norm else 0.0


def linked_articles(reply: str, *, result: DraftResult) -> list[str]:
    """Return the cited articles whose public link (or file name) the human reply links to."""
    slugs = {PurePosixPath(url.rstrip("/.,")).name for url in _URL.findall(reply)}
    return [c.source_path for c in result.citations if PurePosixPath(c.source_path).stem in slugs]


def answered_or_flagged(question: str, result: DraftResult) -> bool:
    """Return whether the draft speaks to a question (half its words) or flags it as unanswered."""
    if any(question.strip() in flagged or flagged in question for flagged in result.unanswered_questions):
        return True
    notes = "\n".join(line for line in result.draft.splitlines() if line.startswith("Needs human review"))
    if question.strip()[:40] and question.strip()[:40] in notes:
        return True
    return overlap(sentence=question, source=result.customer_preview) >= ANSWERED


def asked_questions(*, subject: str, body: str) -> list[str]:
    """Return the questions of a ticket (the body's; the subject's only when the body asks none)."""
    return questions(text=body) or questions(text=subject)
