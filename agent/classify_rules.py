"""Match the escalation cue lexicon against a ticket and explain each match.

Text is normalised first (NFKC, zero-width characters removed, lower case, straight quotes,
single spaces), so a cue written once covers "Refund", "REFUND" and "ｒｅｆｕｎｄ". Prompt-injection
cues also run on a leet-folded copy ("1gn0re prev1ous" → "ignore previous").

A weak cue is dropped when its sentence is about the customer's own work in the product
("a board to track refunds", "a template for GDPR requests from our customers"), because then
the sensitive word names their content, not their problem with us.
"""

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from agent.classify_lexicon import CUES, Cue

MAX_RULE_CHARS = 20_000
_QUOTE_CHARS = 60

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"), None)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"})
_SPACES = re.compile(r"\s+")
_SPACED_LETTERS = re.compile(r"\b(?:[a-z] ){4,}[a-z]\b")
_SENTENCE_END = re.compile(r"[.!?;\n]|\s-\s")

_OWN_WORK = re.compile(
    r"\b(?:boards?|columns?|templates?|labels?|tags?|automations?|automation rules?|workflows?|forms?|"
    r"custom fields?|checklists?|dashboards?|runbooks?|views?|swimlanes?|cards? (?:on|in|from|to) (?:a |the |my |our )?board|"
    r"(?:our|my) (?:own )?(?:customers|clients|shoppers|buyers|vendors|suppliers|e-?shop|shop|store)|"
    r"track(?:s|ing)?|manag(?:e|es|ing) (?:our|their|customer|client)|handl(?:e|es|ing) (?:customer|client))\b"
)


class CueHit(NamedTuple):
    """One cue that fired: its reason, the matched words, and whether it is severe."""

    reason: str
    quote: str
    severe: bool


def normalise(*, text: str) -> str:
    """Return text in the form the cue patterns expect."""
    text = unicodedata.normalize("NFKC", text[:MAX_RULE_CHARS]).translate(_ZERO_WIDTH)
    return _SPACES.sub(" ", text.translate(_QUOTES).lower()).strip()


def leet_fold(*, text: str) -> str:
    """Undo digit-for-letter and spaced-letter obfuscation ("1gn0re", "i g n o r e")."""
    folded = text.translate(_LEET)
    return _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), folded)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[Cue, re.Pattern[str]], ...]:
    """Compile every cue pattern once."""
    return tuple((cue, re.compile(cue.pattern)) for cue in CUES)


def _sentence(*, text: str, start: int, end: int) -> str:
    """Return the sentence of text that holds the span start:end."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_END.search(text, end)
    return text[left : right_match.start() if right_match else len(text)]


def _is_own_work(*, text: str, match: re.Match[str], subject_end: int) -> bool:
    """Tell whether the sentence around a match (the whole ticket for the subject) is about own content."""
    if match.end() <= subject_end:
        return bool(_OWN_WORK.search(text))
    return bool(_OWN_WORK.search(_sentence(text=text, start=match.start(), end=match.end())))


def _first_match(*, cue: Cue, pattern: re.Pattern[str], text: str, subject_end: int) -> re.Match[str] | None:
    """Return the first match of a cue, skipping weak matches that name the customer's own content."""
    for match in pattern.finditer(text):
        if not (cue.weak and _is_own_work(text=text, match=match, subject_end=subject_end)):
            return match
    return None


def _quote(*, match: re.Match[str]) -> str:
    """Return the matched words, shortened for display."""
    words = match.group(0).strip(" .,:;<>[]()")
    return words if len(words) <= _QUOTE_CHARS else words[: _QUOTE_CHARS - 1].rstrip() + "…"


def find_cues(*, subject: str, body: str) -> list[CueHit]:
    """Return every cue that fires on the ticket, at most one per pattern."""
    subject = normalise(text=subject)
    text = f"{subject}. {normalise(text=body)}" if subject else normalise(text=body)
    subject_end = len(subject)
    folded = leet_fold(text=text)
    hits: list[CueHit] = []
    for cue, pattern in _compiled():
        match = _first_match(cue=cue, pattern=pattern, text=text, subject_end=subject_end)
        if match is None and cue.reason == "prompt_injection" and folded != text:
            match = pattern.search(folded)
        if match is None:
            continue
        hits.append(CueHit(reason=cue.reason, quote=_quote(match=match), severe=cue.severe))
    return hits
