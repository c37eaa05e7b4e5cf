"""Readability and accessibility of a reply: long sentences, jargon, walls of text, missing structure.

Each problem is a finding like the guard's (``readability:long_sentence`` ...), so the rep fixes it
before sending, and every reply records its Flesch-Kincaid grade level (``readability_grade``):
``0.39 * words/sentence + 11.8 * syllables/word - 15.59``, with syllables counted as vowel groups
(a silent final "e" dropped), which is within about one grade of dictionary counts on English prose.
Citation markers and the internal "Needs human review" note are left out. Thresholds come from the
policy's ``readability`` section; the grade is a figure for English and only a rough one for other
languages, so a grade finding is raised for English replies only.

>>> report = readability(text="Hi Dana. You can export your stats from the dashboard.", rules=Readability())
>>> report.findings, round(report.grade, 1)
([], 1.7)
"""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel

from agent.findings import Finding
from agent.models import NEEDS_HUMAN_REVIEW
from agent.policy import Readability
from agent.text import split_sentences

_CITATION = re.compile(r"\s*\[\d+\]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_VOWELS = re.compile(r"[aeiouy]+")
_LIST_LINE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.M)
JARGON = ("as per", "per our", "aforementioned", "utilize", "utilise", "leverage", "synergy", "pursuant",
          "please be advised", "kindly be advised", "herewith", "heretofore", "l1", "l2", "l3", "sla", "rca",
          "root cause analysis", "repro", "upstream", "downstream", "backend", "back-end", "idempotent", "payload",
          "deprecated", "escalate to tier", "ticket id", "workaround has been applied")


class ReadabilityReport(BaseModel):
    """The grade level of a reply and what makes it hard to read."""

    grade: float | None
    findings: list[Finding]


def readability(*, text: str, rules: Readability, language: str = "en") -> ReadabilityReport:
    """Return the grade level and readability findings of a customer-facing reply."""
    body = "\n".join(line for line in _CITATION.sub("", text).splitlines() if NEEDS_HUMAN_REVIEW not in line)
    sentences = [s for s in split_sentences(body) if _WORD.search(s)]
    words = _WORD.findall(body)
    if not words:
        return ReadabilityReport(grade=None, findings=[])
    syllables = sum(_syllables(w) for w in words)
    grade = 0.39 * len(words) / max(1, len(sentences)) + 11.8 * syllables / len(words) - 15.59
    findings = []
    if any(len(_WORD.findall(s)) > rules.max_sentence_words for s in sentences):
        findings.append(Finding("readability", "long_sentence"))
    if _jargon(tuple(rules.jargon)).search(" ".join(body.split())):
        findings.append(Finding("readability", "jargon"))
    paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
    if any(len(_WORD.findall(p)) > rules.max_paragraph_words for p in paragraphs if not _LIST_LINE.search(p)):
        findings.append(Finding("readability", "wall_of_text"))
    if len(words) > rules.structure_above_words and len(paragraphs) < 3 and not _LIST_LINE.search(body):
        findings.append(Finding("readability", "no_structure"))
    if language == "en" and grade > rules.max_grade:
        findings.append(Finding("readability", "grade_level"))
    return ReadabilityReport(grade=round(grade, 1), findings=findings)


@functools.lru_cache(maxsize=16)
def _jargon(extra: tuple[str, ...]) -> re.Pattern[str]:
    """Return one pattern for the built-in jargon and the policy's extra words (whole words, any case)."""
    terms = sorted({t.lower() for t in (*JARGON, *extra)}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![\w-])", re.I)


def _syllables(word: str) -> int:
    """Count a word's syllables as its vowel groups, ignoring a silent final e (at least one)."""
    word = word.lower()
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)
