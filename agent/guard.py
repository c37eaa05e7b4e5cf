"""The guard: strip unauthorized commitments, flag unsupported sentences, say why a person must look.

A summary may report a promise someone made in the conversation — on a line starting with
"Reported agent promise:" — but may not make one; such reported promises are kept and listed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import BaseModel, Field

from agent.commitments import Commitment, find_commitments, strip_commitments
from agent.grounding import unsupported_sentences
from agent.models import NEEDS_HUMAN_REVIEW, UnsupportedSentence

_REPORTED = re.compile(r"^[-*\s]*Reported (agent|customer) promise:.*$", re.M | re.I)


class GuardReport(BaseModel):
    """What the guard found in a draft and the text left after stripping commitments."""

    commitments: list[Commitment]
    reported_promises: list[Commitment] = Field(default_factory=list)
    clean: str
    unsupported: list[UnsupportedSentence] = Field(default_factory=list)
    needs_human_review: bool
    reasons: list[str]


def guard_draft(*, text: str, sources: Mapping[int, str] | None = None) -> GuardReport:
    """Check a draft: strip commitments, check grounding when sources are given, list the reasons."""
    found = find_commitments(text=text)
    reported_spans = [(m.start(), m.end()) for m in _REPORTED.finditer(text)]
    reported = [c for c in found if any(s <= c.start and c.end <= e for s, e in reported_spans)]
    commitments = [c for c in found if c not in reported]
    clean = strip_commitments(text=text, commitments=commitments) if commitments else text
    unsupported = unsupported_sentences(text=clean, sources=sources) if sources is not None else []
    reasons: list[str] = []
    for label in dict.fromkeys(label for c in commitments for label in c.labels):
        reasons.append(f"commitment_removed:{label}")
    if unsupported:
        reasons.append("unsupported_sentence")
    if NEEDS_HUMAN_REVIEW.lower() in clean.lower():
        reasons.append("missing_information")
    return GuardReport(
        commitments=commitments, reported_promises=reported, clean=clean, unsupported=unsupported,
        needs_human_review=bool(reasons), reasons=reasons,
    )
