"""Grounding: every sentence of a draft that states a product fact must be supported by a source."""

from __future__ import annotations

import re
from collections.abc import Mapping

from agent.models import NEEDS_HUMAN_REVIEW, UnsupportedSentence
from agent.text import content_words, overlap, split_sentences

MIN_SUPPORT = 0.6
_CITE = re.compile(r"\[(\d+)\]")
_SOCIAL = re.compile(
    r"^(hi|hello|hey|dear|thanks|thank you|best|kind regards|regards|cheers|sincerely|sorry|"
    r"if this doesn't|if that doesn't|if these steps|let me know|reply to this|i hope|hope this|from our help article|"
    r"the support team|issue:|customer sentiment:|open questions:|what was done:|follow-ups promised:|"
    r"- reported agent promise:|reported agent promise:)",
    re.I,
)


def unsupported_sentences(*, text: str, sources: Mapping[int, str]) -> list[UnsupportedSentence]:
    """Return the draft sentences that no numbered source supports, with the reason."""
    findings: list[UnsupportedSentence] = []
    everything = "\n".join(sources.values())
    for sentence in split_sentences(text):
        if not _states_fact(sentence):
            continue
        cited = [int(n) for n in _CITE.findall(sentence)]
        bare = _CITE.sub("", sentence)
        if cited:
            pool = "\n".join(sources.get(n, "") for n in cited)
            score = overlap(sentence=bare, source=pool)
            if any(n not in sources for n in cited):
                findings.append(UnsupportedSentence(text=sentence, support=score,
                                                    reason="cites a source that does not exist"))
            elif score < MIN_SUPPORT:
                findings.append(UnsupportedSentence(text=sentence, support=round(score, 2),
                                                    reason=f"the cited source {cited} does not support it"))
            continue
        score = overlap(sentence=bare, source=everything) if everything else 0.0
        if score < MIN_SUPPORT:
            findings.append(UnsupportedSentence(text=sentence, support=round(score, 2),
                                                reason="no citation and no source supports it"))
    return findings


def _states_fact(sentence: str) -> bool:
    """Return whether a sentence makes a claim that needs a source (not greeting, hand-off or flag)."""
    stripped = sentence.strip().lstrip("-*> ").strip()
    if stripped.startswith(NEEDS_HUMAN_REVIEW) or _SOCIAL.match(stripped):
        return False
    if stripped.endswith("?") or stripped.endswith(","):
        return False
    return len(content_words(_CITE.sub("", stripped))) >= 3
