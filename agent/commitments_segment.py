"""Cut a draft into sentences and clauses with exact character offsets, for the commitment finder.

A sentence keeps its closing punctuation and any citation markers such as ``[1]``; list markers
("1.", "-", "*") and surrounding spaces stay outside it. A sentence is cut into clauses only where
a second clause with its own subject starts: at ";", or at ", and" / ", but" / "and we" and the like.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_LIST_MARKER = re.compile(r"[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+")
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?:[ \t]*\[\d+(?:,\s*\d+)*\])*(?=\s|$)")
_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|no|approx|inc|ltd|st|jr|sr)|\b[a-z])\.$", re.I)
# A note to the reviewer, not text for the customer. ("Reported agent promise:" lines in summaries are
# found as usual: the guard keeps and lists them by position.)
_NOTE = re.compile(r"\W*needs human review\b", re.I)
_SUBJECT = (
    r"(?:i|we|you|they|he|she|it|this|that|there|someone|somebody|nobody|no one|everything)\b"
    r"|(?:[\w'$%.-]+\s+){1,5}?(?:will|'ll|is|are|was|were|has|have|had|can|could|should|must|did"
    r"|does|won't|would|may|might)\b"
)
_CLAUSE_BREAK = re.compile(
    r";\s+"
    r"|,\s+(?:and|but|though|although|whereas|however,?)\s+(?=" + _SUBJECT + ")"
    r"|\s+(?:and|but)\s+(?=(?:i|we|you|they|he|she|nobody|no one|someone)\b"
    r"|(?:it|this|that)\s+(?:will|'ll|is|was|has|should|can)\b)",
    re.I,
)


class Span(NamedTuple):
    """A piece of the input: where it starts and ends."""

    start: int
    end: int


def sentences(*, text: str) -> list[Span]:
    """Return the sentences of a text as spans, skipping reviewer notes and list markers."""
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        start, end = line.start(), line.end()
        marker = _LIST_MARKER.match(text, start, end)
        if marker:
            start = marker.end()
        if _NOTE.match(text, start, end):
            continue
        spans.extend(_line_sentences(text=text, start=start, end=end))
    return spans


def _line_sentences(*, text: str, start: int, end: int) -> list[Span]:
    """Split one line at sentence ends that are not abbreviations."""
    spans: list[Span] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _ABBREVIATION.search(text, max(cursor, match.start() - 6), match.start() + 1):
            continue
        spans.append(Span(cursor, match.end()))
        cursor = match.end()
    spans.append(Span(cursor, end))
    return [s for s in (_trim(text=text, span=s) for s in spans) if s.end > s.start]


def clauses(*, text: str, sentence: Span) -> list[Span]:
    """Split a sentence into clauses; the last clause stops before the closing punctuation."""
    body = _body(text=text, sentence=sentence)
    pieces: list[Span] = []
    cursor = body.start
    for match in _CLAUSE_BREAK.finditer(text, body.start, body.end):
        pieces.append(Span(cursor, match.start()))
        cursor = match.end()
    pieces.append(Span(cursor, body.end))
    return [p for p in (_trim(text=text, span=p) for p in pieces) if p.end > p.start]


def _body(*, text: str, sentence: Span) -> Span:
    """Return the sentence without its closing punctuation and trailing citation markers."""
    end = sentence.end
    match = re.search(r"[\s.!?\"')\]]*(?:\[\d+(?:,\s*\d+)*\][\s.!?]*)*$", text[sentence.start:end])
    if match and match.start() > 0:
        end = sentence.start + match.start()
    return Span(sentence.start, end)


def _trim(*, text: str, span: Span) -> Span:
    """Return the span without surrounding white space."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
