"""Remove spans from a draft so that what is left still reads well.

Each removed span leaves a junction between the text before and the text after it. The junction
is mended: the connector that joined a removed clause (", and", ";", ", but") goes with it, a
sentence that now starts lower-case is capitalised, no double space or dangling punctuation is left,
a line or list item that became empty disappears (numbered lists are renumbered) and a paragraph
break never grows into a run of blank lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CONNECTOR_END = re.compile(r"(?:\s*[,;:]|,?\s+(?:and|but|though|although|whereas|however,?))\s*\Z", re.I)
_CONNECTOR_START = re.compile(r"^(?:[,;:]\s*)?(?:(?:and|but|though|although|whereas|however,?)\b\s*)?", re.I)
_TERMINAL_START = re.compile(r"^(?:\s*\[\d+(?:,\s*\d+)*\])*\s*[.!?]+")
_SENTENCE_DONE = re.compile(r"(?:[.!?][\"')\]]*(?:\s*\[\d+(?:,\s*\d+)*\])*|^|\n)\s*\Z")
_EMPTY_LINE = re.compile(r"(?:^|\n)[ \t]*(?:[-*•]|\d{1,2}[.)])?[ \t]*\Z")
_ITEM_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]*\Z")
_NUMBERED = re.compile(r"^([ \t]*)(\d{1,2})([.)][ \t]+)")


def strip_spans(*, text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Return the text without the given character spans, with every junction mended (CRLF kept)."""
    if "\r\n" not in text:
        return _strip_lf(text=text, spans=spans)
    def to_lf(position: int) -> int:
        return position - text.count("\r\n", 0, position)
    lf_spans = [(to_lf(start), to_lf(end)) for start, end in spans]
    return _strip_lf(text=text.replace("\r\n", "\n"), spans=lf_spans).replace("\n", "\r\n")


def _strip_lf(*, text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Return the text (LF line ends) without the spans, with every junction mended."""
    ranges = _merge(spans=spans, length=len(text))
    if not ranges:
        return text
    out = text[:ranges[0][0]]
    for index, (start, end) in enumerate(ranges):
        following = ranges[index + 1][0] if index + 1 < len(ranges) else len(text)
        out = _join(left=out, removed=text[start:end], right=text[end:following])
    if any(_ITEM_BEFORE.search(text[:start]) for start, _ in ranges):
        out = _renumber(text=out)
    out = out.lstrip("\n").rstrip()
    return out + ("\n" if text.endswith("\n") and out else "")


def _merge(*, spans: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Return the spans clipped to the text, sorted, with overlapping ones merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _join(*, left: str, removed: str, right: str) -> str:
    """Return left and right joined where a span was cut out between them."""
    left = left.rstrip(" \t")
    right = right.lstrip(" \t")
    clause_cut = not _SENTENCE_DONE.search(removed)
    if not right.strip(" \t") or right.startswith("\n"):
        return _join_line_end(left=left, right=right, clause_cut=clause_cut)
    if _TERMINAL_START.match(right):
        if _CONNECTOR_END.search(left):
            return _CONNECTOR_END.sub("", left) + (" " if right.startswith("[") else "") + right
        if _SENTENCE_DONE.search(left):
            return _glue(left=left, right=_TERMINAL_START.sub("", right).lstrip())
        return left + right
    if clause_cut and (_SENTENCE_DONE.search(left) or _CONNECTOR_END.search(left)):
        right = _CONNECTOR_START.sub("", right, count=1)
    if _SENTENCE_DONE.search(left):
        right = right[:1].upper() + right[1:]
    return _glue(left=left, right=right)


def _join_line_end(*, left: str, right: str, clause_cut: bool) -> str:
    """Join where the cut reached the end of a line: drop connectors, empty items and blank-line runs."""
    if clause_cut and _CONNECTOR_END.search(left) and not _SENTENCE_DONE.search(left):
        left = _CONNECTOR_END.sub("", left) + "."
    item = _EMPTY_LINE.search(left)
    if item:
        left = left[:item.start()]
    left_breaks = len(left) - len(left.rstrip("\n"))
    right_breaks = len(right) - len(right.lstrip("\n"))
    if left_breaks + right_breaks > 2:
        right = right.lstrip("\n")
        left = left.rstrip("\n") + "\n\n"
    return left + right


def _glue(*, left: str, right: str) -> str:
    """Join two pieces of a line with one space (none at a line start)."""
    if not left or left.endswith("\n") or not right:
        return left + right
    return f"{left} {right}"


def _renumber(*, text: str) -> str:
    """Renumber each run of consecutive numbered lines so no number is skipped."""
    lines = text.split("\n")
    expected: int | None = None
    for index, line in enumerate(lines):
        match = _NUMBERED.match(line)
        if not match:
            expected = None
            continue
        number = int(match.group(2)) if expected is None else expected
        lines[index] = f"{match.group(1)}{number}{match.group(3)}{line[match.end():]}"
        expected = number + 1
    return "\n".join(lines)
