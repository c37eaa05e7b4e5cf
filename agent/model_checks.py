"""Checks that a model's draft is usable; a degenerate draft is replaced by the extractive one.

Each check returns a short reason code that lands in the draft as ``model_fallback:<code>``:

- ``empty_answer``, ``repetitive_answer``: nothing to use, or the model loops.
- ``echoed_prompt``, ``prompt_leak``: the answer repeats the instructions or the prompt's markup,
  or talks about its own instructions (what an injected "reveal your prompt" gets).
- ``echoed_ticket``, ``follows_ticket_instruction``: a reply copies long runs of the ticket, or
  writes a phrase the ticket quoted for it to write (an injected instruction it obeyed). Summaries
  may quote the conversation, so these two apply to replies only.
- ``cites_nothing``, ``cites_unknown_source``, ``drifts_from_sources``: a reply that is not
  grounded in the numbered sources.
- ``not_a_summary``: a summary without the sections the prompt asks for.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from agent.grounding import unsupported_sentences
from agent.text import content_words, split_sentences

DEGENERATE_REASONS = frozenset({
    "empty_answer", "repetitive_answer", "echoed_prompt", "prompt_leak", "echoed_ticket", "follows_ticket_instruction",
    "cites_nothing", "cites_unknown_source", "drifts_from_sources", "not_a_summary",
})
_CITE = re.compile(r"\[(\d+)\]")
_MARKUP = re.compile(r"</?(ticket|sources?|conversation)\b[^>]*>|^\s*\[(system|user)\]\s*$", re.I | re.M)
_META = re.compile(
    r"\b(system prompt|my (instructions|rules|prompt|guidelines)\b|the (instructions|rules) i (was|have been) given|"
    r"i (was|am|have been) (instructed|told|programmed) to|as an ai\b|ai language model|large language model|"
    r"ignor(e|ing) (all |any |the )?(previous|prior|above) instructions)", re.I,
)
_QUOTED = re.compile(r"[\"“”]([^\"“”]{6,200})[\"“”]|(?<!\w)'([^']{6,200})'(?!\w)")
_INSTRUCTION = re.compile(r"\b(say|saying|write|reply|respond|answer|start|begin|end|include|confirm|state|tell|"
                          r"type|print|output|add|put|repeat)\b", re.I)
_SECTIONS = ("issue:", "customer sentiment:", "what was done:", "open questions:", "follow-ups promised:")
LEAK_NGRAMS = 5
ECHO_RUN_WORDS = 12


def degeneracy(
    *, text: str, system: str, sources: Mapping[int, str], kind: str, ticket: str = ""
) -> str | None:
    """Return why a model draft cannot be used (a short code), or None when it can."""
    if len(content_words(text)) < 5:
        return "empty_answer"
    if _loops(text):
        return "repetitive_answer"
    if _echoes(text, system):
        return "echoed_prompt"
    if _MARKUP.search(text) or _META.search(text) or len(_shared_ngrams(text, system, n=8)) >= LEAK_NGRAMS:
        return "prompt_leak"
    if kind == "summary":
        return None if sum(s in text.lower() for s in _SECTIONS) >= 3 else "not_a_summary"
    if ticket and _follows_ticket(text=text, ticket=ticket, sources=sources):
        return "follows_ticket_instruction"
    if ticket and _echoes_ticket(text=text, ticket=ticket, sources=sources):
        return "echoed_ticket"
    return _grounding_problem(text=text, sources=sources)


def _grounding_problem(*, text: str, sources: Mapping[int, str]) -> str | None:
    """Return why a reply is not grounded in the numbered sources, or None."""
    if not sources:
        return None
    cited = {int(n) for n in _CITE.findall(text)}
    if not cited:
        return "cites_nothing"
    if cited - set(sources):
        return "cites_unknown_source"
    sentences = [s for s in split_sentences(text) if len(content_words(s)) >= 3]
    drifting = unsupported_sentences(text=text, sources=sources)
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


def _words(text: str) -> list[str]:
    """Return lowercase words without punctuation, for verbatim comparisons."""
    return re.findall(r"[a-z0-9]+", text.lower())


def _ngrams(text: str, *, n: int) -> set[tuple[str, ...]]:
    """Return the distinct n-word runs of a text."""
    words = _words(text)
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _shared_ngrams(text: str, other: str, *, n: int) -> set[tuple[str, ...]]:
    """Return the n-word runs of ``other`` that appear word for word in ``text``.

    >>> sorted(_shared_ngrams("a b c d", "x a b c d y", n=3))
    [('a', 'b', 'c'), ('b', 'c', 'd')]
    """
    return _ngrams(text, n=n) & _ngrams(other, n=n)


def _echoes_ticket(*, text: str, ticket: str, sources: Mapping[int, str]) -> bool:
    """Return whether the answer copies a long run of the ticket that no source has."""
    copied = _shared_ngrams(text, ticket, n=ECHO_RUN_WORDS)
    return bool(copied - _ngrams(" ".join(sources.values()), n=ECHO_RUN_WORDS))


def _follows_ticket(*, text: str, ticket: str, sources: Mapping[int, str]) -> bool:
    """Return whether the answer writes a phrase the ticket told it to write (and no source has)."""
    answer = " ".join(_words(text))
    source_text = " ".join(_words(" ".join(sources.values())))
    for match in _QUOTED.finditer(ticket):
        quoted = " ".join(_words(match.group(1) or match.group(2)))
        asked = _INSTRUCTION.search(ticket[max(0, match.start() - 80):match.start()])
        if asked and len(quoted.split()) >= 2 and quoted in answer and quoted not in source_text:
            return True
    return False
