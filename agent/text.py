"""Small text helpers shared by the drafters and the guard: sentences and content words."""

from __future__ import annotations

import re

import Stemmer

_SENTENCE_END = re.compile(r"(?<=[^\d\s][.!?])(?:\s*\[\d+\])*\s+(?=[\"'(\[]?[A-Z0-9])")
_WORD = re.compile(r"[a-z0-9][a-z0-9'_-]*")
_STEMMER = Stemmer.Stemmer("english")
_STOP = frozenset(
    "a an the and or but if then so of to in on at by for with from as is are was were be been being it "
    "its this that these those there here you your yours we our us i me my he she they them their do does "
    "did done can could will would should may might must shall have has had not no yes what which who "
    "whom how when where why all any each some such than too very just also into about over under again "
    "more most other only own same both few up down out off once please hi hello thanks thank get got one ".split()
)


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping trailing citation markers like [1] with their sentence."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        pieces = _split_line(line)
        out.extend(p for p in pieces if p)
    return out


def _split_line(line: str) -> list[str]:
    """Split one line at sentence ends, moving citation markers back onto their sentence."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        pieces.append(line[start:match.end()].strip())
        start = match.end()
    pieces.append(line[start:].strip())
    return pieces


def content_words(text: str) -> list[str]:
    """Return lowercase content words, stemmed."""
    words = []
    for word in _WORD.findall(text.lower()):
        if word in _STOP or len(word) < 2 or (word.isdigit() and len(word) < 2):
            continue
        words.append(stem(word))
    return words


def stem(word: str) -> str:
    """Return the Snowball stem of a word, so that 'exports', 'exporting' and 'exported' match 'export'."""
    stemmed: str = _STEMMER.stemWord(word)
    return stemmed


def overlap(*, sentence: str, source: str) -> float:
    """Return the share of the sentence's content words found in the source text."""
    words = content_words(sentence)
    if not words:
        return 1.0
    vocabulary = set(content_words(source))
    return sum(w in vocabulary for w in words) / len(words)
