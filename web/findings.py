"""Turn the guard's findings into what a rep reads: labels, the checklist, marked-up draft text, diffs.

Everything here returns plain data; the templates escape it, so no customer or model text ever
becomes markup.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel

from agent import escalation_reasons
from agent.findings import Finding

_CHECKS = {
    "no_approved_source": "No approved article covers this ticket: I checked every statement myself.",
    "weak_retrieval": "The sources only loosely match: I checked they answer what the customer asked.",
    "unsupported_sentence": "Some sentences have no supporting source (highlighted): I checked, fixed or removed them.",
    "missing_information": "The draft says information is missing: I filled it in or removed the gap.",
    "readability:long_sentence": "A sentence is very long: I split it or checked that it reads easily.",
    "readability:jargon": "The reply uses jargon: I replaced it with words the customer uses.",
    "readability:wall_of_text": "A paragraph is a wall of text: I broke it up.",
    "readability:no_structure": "A long reply without paragraphs or a list: I gave it structure.",
    "readability:grade_level": "The reply reads above the policy's grade level: I made it simpler.",
    "unanswered_question": "The ticket asks something no approved article answers: I answered it myself.",
}
_PREFIXED = {
    "commitment_removed": "A {x} promise was removed from the draft: my reply makes no promise we can't keep.",
    "escalated": "Escalation signal ({x}): I can own this ticket myself, or I escalate it instead.",
    "model_fallback": "The model failed ({x}), so this is the extractive fallback: I checked it reads right.",
    "pipeline_error": "Drafting failed ({x}): I checked the whole reply by hand.",
    "contradicts_policy": "A {x} promise goes against an approved article's policy: I checked what we may offer.",
    "unsupported_language": "The ticket is written in a language the guard has no model for ({x}): I read the "
                            "ticket and the reply myself.",
    "ticket_truncated": "The ticket is longer than {x} characters and was drafted from its start and end: "
                        "I read the whole ticket.",
    "language_mismatch": "The ticket is written in another language ({x}) than the English articles: I checked the "
                         "answer fits and replied in the customer's language.",
}
_SHORT = {
    "no_approved_source": "No approved source", "weak_retrieval": "Weak retrieval",
    "unsupported_sentence": "Unsupported sentence", "missing_information": "Missing information",
    "commitment_removed": "Promise removed", "escalated": "Escalation", "model_fallback": "Model fallback",
    "pipeline_error": "Pipeline error", "unsupported_language": "Unsupported language",
    "contradicts_policy": "Against policy", "readability": "Readability", "ticket_truncated": "Long ticket cut",
    "unanswered_question": "Unanswered question", "language_mismatch": "Language mismatch",
}
_CITE = re.compile(r"\[(\d{1,3})\]")
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


class ChecklistItem(BaseModel):
    """One "Needs human review" reason the rep must tick before approving."""

    reason: str
    label: str


class Segment(BaseModel):
    """A piece of draft text: plain, a citation marker, and whether no source supports it."""

    text: str
    cite: int | None = None
    unsupported: str | None = None


def escalation_label(reason: str) -> str:
    """Return the readable name of an escalation reason."""
    return escalation_reasons.label(reason)


def reason_label(reason: str) -> str:
    """Return a short readable name of a guard or pipeline reason (e.g. 'Promise removed: refund')."""
    head, tail = Finding.of(reason)
    short = _SHORT.get(head, head.replace("_", " ").capitalize())
    if head == "escalated":
        tail = escalation_label(tail)
    return f"{short}: {tail.replace('_', ' ')}" if tail else short


def checklist(reasons: list[str]) -> list[ChecklistItem]:
    """Return the checklist of a flagged draft, one item per reason."""
    items = []
    for reason in reasons:
        head, tail = Finding.of(reason)
        if reason in _CHECKS:
            label = _CHECKS[reason]
        elif head in _PREFIXED:
            label = _PREFIXED[head].format(x=escalation_label(tail) if head == "escalated" else tail)
        else:
            label = f"{reason_label(reason)}: I checked it."
        items.append(ChecklistItem(reason=reason, label=label))
    return items


def all_ticked(*, reasons: list[str], ticked: list[str]) -> bool:
    """Return whether every reason of the checklist was ticked."""
    return set(reasons) <= set(ticked)


def annotate(text: str, unsupported: list[dict[str, Any]]) -> list[Segment]:
    """Split draft text into segments, marking unsupported sentences and citation markers."""
    spans: list[tuple[int, int, str]] = []
    for item in unsupported:
        needle = str(item.get("text", "")).strip()
        start = text.find(needle) if needle else -1
        while start >= 0 and any(s < start + len(needle) and start < e for s, e, _ in spans):
            start = text.find(needle, start + 1)
        if start >= 0:
            spans.append((start, start + len(needle), str(item.get("reason", "no cited passage supports it"))))
    segments: list[Segment] = []
    cursor = 0
    for start, end, reason in sorted(spans):
        segments += _cites(text[cursor:start], None)
        segments += _cites(text[start:end], reason)
        cursor = end
    return segments + _cites(text[cursor:], None)


def _cites(text: str, unsupported: str | None) -> list[Segment]:
    """Split a piece of text around citation markers like [2]."""
    out: list[Segment] = []
    cursor = 0
    for match in _CITE.finditer(text):
        if match.start() > cursor:
            out.append(Segment(text=text[cursor:match.start()], unsupported=unsupported))
        out.append(Segment(text=match.group(0), cite=int(match.group(1)), unsupported=unsupported))
        cursor = match.end()
    if cursor < len(text):
        out.append(Segment(text=text[cursor:], unsupported=unsupported))
    return out


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Return (op, text) pieces turning ``before`` into ``after`` word by word; op is =, - or +.

    Whitespace between two changes joins them, so a rewritten phrase reads as one removal and one addition.
    """
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    pieces: list[tuple[str, str]] = []
    removed, added = "", ""
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        same = "".join(a[i1:i2])
        if op == "equal" and (removed or added) and not same.strip() and index + 1 < len(opcodes):
            removed, added = removed + same, added + same
            continue
        if op == "equal":
            pieces += [(o, t) for o, t in (("-", removed), ("+", added)) if t] + [("=", same)]
            removed, added = "", ""
            continue
        removed, added = removed + same, added + "".join(b[j1:j2])
    return pieces + [(o, t) for o, t in (("-", removed), ("+", added)) if t]


def finding_types(details: dict[str, Any]) -> set[str]:
    """Return the finding types of a ``guard_findings`` review-log event (its reasons, plus labels)."""
    types = {str(r) for r in details.get("reasons", [])}
    for commitment in details.get("removed_commitments", []):
        types |= {str(Finding("commitment_removed", label)) for label in commitment.get("labels", [])}
    if details.get("unsupported_sentences"):
        types.add("unsupported_sentence")
    return types


def finding_kind(reason: str) -> str:
    """Return the family of a reason, e.g. 'commitment_removed:refund' -> 'commitment_removed'."""
    return Finding.of(reason).code
