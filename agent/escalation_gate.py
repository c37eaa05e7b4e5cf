"""Run cue patterns only where they can match, so classification stays fast on long tickets.

Python's `re` has no fast literal scan for a pattern that starts with `\\b(?:refund|money ...)`:
searching ~150 such patterns costs about 5 µs per character of ticket. Instead, each pattern's
possible literal prefixes are read from its parse tree once and reduced to word-prefix keys, and
the ticket's words are indexed by prefix once. When every branch starts at a word boundary with
a key of 3+ letters, the pattern is tried (`pattern.match`) only at the word starts carrying a
key; otherwise, if each prefix holds some 3+ letter word, the pattern is searched only when one
of those words occurs. Patterns with no usable prefix are searched in full.

The gate never changes a result, only the time it takes (tested against a plain search).
"""

import importlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

GATE_CHARS = 6
_MAX_PREFIXES = 256
_WORD = re.compile(r"\w+")
_WORD_RUN = re.compile(r"\w*")

class WordIndex(NamedTuple):
    """Word starts of a text by word prefix, and the set of those prefixes for fast tests."""

    starts: dict[str, list[int]]
    prefixes: frozenset[str]


class Gate(NamedTuple):
    """Word-prefix keys of a pattern; `at_start`: every match starts with a key at a word start."""

    keys: frozenset[str]
    at_start: bool


def literal_gate(*, pattern: str) -> Gate | None:
    """Return the gate of a pattern, or None when every text must be searched."""
    try:  # re._parser and re._constants are private but stable since 3.11; without them: no gate
        ops = importlib.import_module("re._constants")
        parsed = importlib.import_module("re._parser").parse(pattern)
        prefixes, _ = _prefixes(seq=parsed, ops=ops)
        anchored = _word_anchored(seq=parsed, ops=ops)
    except (ImportError, AttributeError, TypeError, ValueError, IndexError):
        return None
    starts = {_leading_word(prefix=p)[:GATE_CHARS] for p in prefixes}
    if anchored and starts and min(map(len, starts)) >= 3:
        return Gate(keys=frozenset(starts), at_start=True)
    inner = [_longest_inner_word(prefix=p, anchored=anchored) for p in prefixes]
    if not inner or not all(inner):
        return None
    return Gate(keys=frozenset(word[:GATE_CHARS] for word in inner if word), at_start=False)


def _leading_word(*, prefix: str) -> str:
    """Return the run of word characters a prefix starts with ("" if none)."""
    match = _WORD_RUN.match(prefix)
    return match.group(0) if match else ""


def _longest_inner_word(*, prefix: str, anchored: bool) -> str:
    """Return the longest 3+ letter word of a prefix that must start a word of the text, or ""."""
    words = [m.group(0) for m in _WORD.finditer(prefix) if m.start() > 0 or anchored]
    return max((w for w in words if len(w) >= 3), key=len, default="")


def split_alternatives(*, pattern: str) -> list[str]:
    """Split a pattern at its top-level `|` (outside groups and character classes)."""
    parts, depth, in_class, escaped, start = [], 0, False, False, 0
    for i, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    return [*parts, pattern[start:]]


def _word_anchored(*, seq: Any, ops: Any) -> bool:
    """Tell whether every branch of a parsed pattern starts with `\\b`."""
    op, arg = seq[0]
    if op is ops.AT:
        return arg is ops.AT_BOUNDARY
    if op is ops.SUBPATTERN:
        return _word_anchored(seq=arg[3], ops=ops)
    if op is ops.BRANCH:
        return all(_word_anchored(seq=branch, ops=ops) for branch in arg[1])
    return False


def _prefixes(*, seq: Any, ops: Any) -> tuple[set[str], bool]:
    """Return the literal prefixes of a parsed sequence and whether they cover all of it."""
    out = {""}
    for op, arg in seq:
        if op in (ops.AT, ops.ASSERT, ops.ASSERT_NOT):
            continue
        if op is ops.LITERAL:
            out = {p + chr(arg) for p in out}
            continue
        parts = _alternatives(op=op, arg=arg, ops=ops)
        if parts is None:
            return out, False
        grown = {p + s for p in out for part, _ in parts for s in part}
        if len(grown) > _MAX_PREFIXES:
            return out, False
        out = grown
        if not all(complete for _, complete in parts):
            return out, False
    return out, True


def _alternatives(*, op: Any, arg: Any, ops: Any) -> list[tuple[set[str], bool]] | None:
    """Return the prefix sets of a group, a branch or a tiny character class; None otherwise."""
    if op is ops.SUBPATTERN:
        return [_prefixes(seq=arg[3], ops=ops)]
    if op is ops.BRANCH:
        return [_prefixes(seq=branch, ops=ops) for branch in arg[1]]
    if op is ops.IN and len(arg) <= 3 and all(kind is ops.LITERAL for kind, _ in arg):
        return [({chr(code)}, True) for _, code in arg]
    return None


def word_index(*, text: str) -> WordIndex:
    """Map every 3 to GATE_CHARS-character word prefix of text to the word starts that carry it."""
    by_word: dict[str, list[int]] = defaultdict(list)
    for match in _WORD.finditer(text):
        by_word[match.group(0)].append(match.start())
    starts: dict[str, list[int]] = defaultdict(list)
    for word, offsets in by_word.items():
        for size in range(3, min(len(word), GATE_CHARS) + 1):
            starts[word[:size]].extend(offsets)
    return WordIndex(starts=starts, prefixes=frozenset(starts))


def gated_matches(
    *, pattern: re.Pattern[str], gate: Gate | None, text: str, index: WordIndex
) -> Iterable[re.Match[str]]:
    """Return the matches of pattern in text, trying only where its gate allows."""
    if gate is None:
        return pattern.finditer(text)
    if gate.keys.isdisjoint(index.prefixes):
        return ()
    if not gate.at_start:
        return pattern.finditer(text)
    starts = sorted({s for key in gate.keys & index.prefixes for s in index.starts[key]})
    return _matches_at(pattern=pattern, text=text, starts=starts)


def _matches_at(*, pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """Yield the matches of pattern that start exactly at one of the given offsets."""
    for start in starts:
        match = pattern.match(text, start)
        if match is not None:
            yield match
