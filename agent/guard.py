"""The guard: strip unauthorized commitments, flag unsupported sentences, say why a person must look.

A sentence quoted word for word from an approved, cited article is policy, not a promise made by
the writer, and is kept (listed as a policy quote). A summary may report a promise someone made in
the conversation — on a line starting with
"Reported agent promise:" — but may not make one; such reported promises are kept and listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from pydantic import BaseModel, Field

from agent.commitments import Commitment, find_commitments, strip_commitments
from agent.findings import Finding, wire
from agent.grounding import unsupported_sentences
from agent.models import NEEDS_HUMAN_REVIEW, UnsupportedSentence
from agent.text import overlap

_CITATION = re.compile(r"\s*\[\d+\]")
_MARKUP = re.compile(r"[*_`>#]+")
POLICY_OVERLAP = 0.8
_FIRST_PERSON_PROMISE = re.compile(
    r"\b(?:i|we)(?:'ll| will| shall|'ve| have| am going to| are going to|'m going to|'re going to)\b|"
    r"\b(?:i|we) (?:can|could) (?:offer|give|refund|credit|waive|extend)\b", re.I)
_MONEY = frozenset({"refund", "credit"})
_NO_MONEY = re.compile(
    r"\b(?:no|not|non)[- ](?:partial |pro-?rated |prorated )?(?:refunds?|refundable|credits?)\b|"
    r"\b(?:refunds?|credits?) (?:are|is) not (?:available|offered|given|issued|possible)\b|"
    r"\bwe do not (?:offer|give|issue|provide) (?:partial |pro-?rated )?(?:refunds?|credits?)\b|"
    r"\bnot eligible for (?:a )?(?:refund|credit)\b")
_REPORTED = re.compile(r"^[-*\s]*Reported (agent|customer) promise:.*$", re.M | re.I)


class GuardReport(BaseModel):
    """What the guard found in a draft and the text left after stripping commitments."""

    commitments: list[Commitment]
    reported_promises: list[Commitment] = Field(default_factory=list)
    policy_quotes: list[Commitment] = Field(default_factory=list)
    clean: str
    unsupported: list[UnsupportedSentence] = Field(default_factory=list)
    needs_human_review: bool
    findings: list[Finding] = Field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        """Return the findings in their wire form (the CLI's and the API's ``reasons``)."""
        return wire(self.findings)


def guard_draft(*, text: str, sources: Mapping[int, str] | None = None) -> GuardReport:
    """Check a draft: strip commitments, check grounding when sources are given, list the reasons."""
    found = find_commitments(text=text)
    reported_spans = [(m.start(), m.end()) for m in _REPORTED.finditer(text)]
    reported = [c for c in found if any(s <= c.start and c.end <= e for s, e in reported_spans)]
    quoted = [c for c in found
              if c not in reported and sources and _states_policy(_sentence_of(text, c), sources.values())]
    commitments = _whole_sentences(text, [c for c in found if c not in reported and c not in quoted])
    contradicted = [c for c in commitments + reported if sources and _contradicts_policy(c, sources.values())]
    clean = strip_commitments(text=text, commitments=commitments) if commitments else text
    unsupported = unsupported_sentences(text=clean, sources=sources) if sources is not None else []
    findings = [Finding("commitment_removed", label)
                for label in dict.fromkeys(label for c in commitments for label in c.labels)]
    findings += [Finding("contradicts_policy", label) for label in dict.fromkeys(
        label for c in contradicted for label in c.labels if label in _MONEY)]
    if unsupported:
        findings.append(Finding("unsupported_sentence"))
    if NEEDS_HUMAN_REVIEW.lower() in clean.lower():
        findings.append(Finding("missing_information"))
    return GuardReport(
        commitments=commitments, reported_promises=reported, policy_quotes=quoted, clean=clean, unsupported=unsupported,
        needs_human_review=bool(findings), findings=findings,
    )


def _whole_sentences(text: str, commitments: list[Commitment]) -> list[Commitment]:
    """Widen each commitment to its whole sentence, one per sentence with the labels of all it holds.

    A sentence can carry a second promise the finder did not recognise ("We'll redo the linework at
    no charge, and I've also taken the $60 fee off your account"): stripping only the recognised
    clause would send the other to the customer.
    """
    widened: dict[tuple[int, int], Commitment] = {}
    for commitment in commitments:
        start, end = _sentence_span(text, commitment)
        key = (min(start, commitment.start), max(end, commitment.end))
        if key in widened:
            labels = list(dict.fromkeys([*widened[key].labels, *commitment.labels]))
            widened[key] = widened[key].model_copy(update={"labels": labels})
        else:
            widened[key] = commitment.model_copy(update={"start": key[0], "end": key[1], "text": text[key[0]:key[1]]})
    return sorted(widened.values(), key=lambda c: c.start)


def _sentence_span(text: str, commitment: Commitment) -> tuple[int, int]:
    """Return the offsets of the sentence (or line) that holds a commitment, without surrounding spaces."""
    start = max(text.rfind(mark, 0, commitment.start) for mark in (". ", "! ", "? ", "\n")) + 1
    after = max(commitment.start, commitment.end - 1)  # a span may already end with its full stop
    ends = [i + 1 for i in (text.find(mark, after) for mark in (". ", "! ", "? ", "\n")) if i != -1]
    end = min(ends) if ends else len(text)
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _sentence_of(text: str, commitment: Commitment) -> str:
    """Return the whole sentence (or line) that holds a commitment span."""
    start = max(text.rfind(mark, 0, commitment.start) for mark in (". ", "! ", "? ", "\n")) + 1
    ends = [i for i in (text.find(mark, commitment.end) for mark in (". ", "\n")) if i != -1]
    return text[start:min(ends) + 1 if ends else len(text)]


def _states_policy(sentence: str, sources: Iterable[str]) -> bool:
    """Return whether a sentence states policy an approved source supports, rather than promising.

    Word for word from a source, or a close paraphrase (content-word overlap ≥ POLICY_OVERLAP) that
    promises nothing in the first person ("Under GDPR you have the right to erasure" is policy;
    "We will refund you" is a promise even where refunds are policy).
    """
    if _quotes_source(sentence, sources):
        return True
    if _FIRST_PERSON_PROMISE.search(sentence):
        return False
    return any(overlap(sentence=sentence, source=source) >= POLICY_OVERLAP for source in sources)


def _contradicts_policy(commitment: Commitment, sources: Iterable[str]) -> bool:
    """Return whether a money promise goes against a source that rules that money out."""
    return bool(_MONEY.intersection(commitment.labels)) and any(_NO_MONEY.search(s.lower()) for s in sources)


def _normalise(text: str) -> str:
    """Return text without citations, Markdown emphasis and extra spaces, lowercased."""
    return " ".join(_MARKUP.sub("", _CITATION.sub("", text)).lower().split())


def _quotes_source(text: str, sources: Iterable[str]) -> bool:
    """Return whether a span is quoted word for word from an approved source (policy, not a promise)."""
    needle = _normalise(text).rstrip(".!")
    return len(needle) > 20 and any(needle in _normalise(source) for source in sources)
