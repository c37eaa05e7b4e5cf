"""Checks that a model's draft is usable; a degenerate draft is replaced by the extractive one."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from agent.grounding import unsupported_sentences
from agent.text import content_words, split_sentences

_CITE = re.compile(r"\[(\d+)\]")


def degeneracy(*, text: str, system: str, sources: Mapping[int, str], kind: str) -> str | None:
    """Return why a model draft cannot be used (a short code), or None when it can."""
    words = content_words(text)
    if len(words) < 5:
        return "empty_answer"
    if _loops(text):
        return "repetitive_answer"
    if _echoes(text, system):
        return "echoed_prompt"
    if kind == "reply" and sources and not _CITE.search(text):
        return "cites_nothing"
    sentences = [s for s in split_sentences(text) if len(content_words(s)) >= 3]
    drifting = unsupported_sentences(text=text, sources=sources) if sources else []
    if sentences and len(drifting) > max(1, len(sentences) // 2):
        return "drifts_from_sources"
    return None


def _loops(text: str) -> bool:
    """Return whether the text repeats itself (the same line or 6-word run many times)."""
    lines = [ln.strip().lower() for ln in text.splitlines() if ln.strip()]
    if lines and Counter(lines).most_common(1)[0][1] >= 3:
        return True
    tokens = text.lower().split()
    grams = Counter(tuple(tokens[i:i + 6]) for i in range(max(0, len(tokens) - 5)))
    return bool(grams) and grams.most_common(1)[0][1] >= 3


def _echoes(text: str, system: str) -> bool:
    """Return whether the answer mostly repeats the instructions."""
    rules = {ln.strip().lower() for ln in system.splitlines() if len(ln.strip()) > 30}
    lines = [ln.strip().lower() for ln in text.splitlines() if len(ln.strip()) > 30]
    return bool(lines) and sum(ln in rules for ln in lines) >= max(2, len(lines) // 3)
