"""Find the sentences or clauses of a draft that promise something nobody authorized, and strip them.

A commitment is a span of the draft in which the writer promises a refund, credit, timeline, roadmap
item, contract change, legal conclusion, security outcome or other guarantee. The span is the whole
sentence, or only the promising clause when a sentence joins a safe clause and a promise with
"and" or ";". Quoted policy ("refunds can be requested within 30 days"), hand-offs ("billing will
review it"), questions, hedges and refusals ("we can't promise a date") are not commitments.

The finder is deterministic rules (no model): sentence and clause segmentation
(`commitments_segment`), then per clause a promise form, topic lexicons and exclusions
(`commitments_lexicon`). Stripping lives in `commitments_strip`. Figures: docs/quality-commitments.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel

from agent import commitments_lexicon as lex
from agent.commitments_segment import Span, clauses, sentences
from agent.commitments_strip import strip_spans

LABELS = ("refund", "credit", "timeline", "roadmap", "contract", "legal", "security", "guarantee")
_IMPLICIT_TOPICS = ("refund", "credit", "contract", "security")


class Commitment(BaseModel):
    """One promise in a draft: the exact text, its labels and its character offsets."""

    text: str
    labels: list[str]
    start: int
    end: int


def find_commitments(*, text: str) -> list[Commitment]:
    """Return the commitments in a sentence or a whole draft, in the order they appear."""
    found: list[Commitment] = []
    for sentence in sentences(text=text):
        for span, labels in _sentence_commitments(text=text, sentence=sentence):
            ordered = [label for label in LABELS if label in labels]
            found.append(Commitment(text=text[span.start:span.end], labels=ordered, start=span.start, end=span.end))
    return found


def strip_commitments(*, text: str, commitments: Sequence[Commitment]) -> str:
    """Return the text with the commitments removed, mending spaces, punctuation and list items."""
    return strip_spans(text=text, spans=[(c.start, c.end) for c in commitments])


def clause_labels(*, clause: str) -> set[str]:
    """Return the commitment labels of one clause (empty when it promises nothing)."""
    original = clause.replace("\u2019", "'").replace("\u2018", "'")
    text = original.lower()
    if lex.QUESTION.search(text) or lex.NEGATED_CAPACITY.search(text) or lex.OPEN_QUESTION.search(text):
        return set()
    promise_future, handoff_future = _future_kinds(text=text)
    strong = bool(lex.STRONG_FORM.search(text) or lex.DONE_FORM.search(text)) or _speaker_future(text=text)
    future = promise_future or bool(lex.FUTURE_FORM.search(text) or lex.ROADMAP_COMING.search(text))
    assertions = {label for label, pattern in lex.ASSERTIONS.items() if pattern.search(text)}
    implicit = False
    if not (strong or future or handoff_future or assertions):
        implicit = _implicit_claim(text=text)
        if not implicit:
            return set()
    if not strong and _excluded(original=original, text=text):
        return set()
    unconditional = lex.CONDITION.sub(" ", text)
    timed = bool(lex.DEADLINE.search(unconditional) or lex.PERIOD.search(unconditional))
    future = future or (handoff_future and timed)
    committed = strong or future or implicit
    labels = _topic_labels(text=text, committed=committed, assertions=assertions)
    if future and _is_roadmap(text=text, labels=labels):
        labels.add("roadmap")
    if timed and (future or lex.STRONG_FORM.search(text)) and _is_timeline(text=unconditional, labels=labels):
        labels.add("timeline")
    if not labels and committed and lex.GUARANTEE_CUE.search(text):
        labels.add("guarantee")
    return labels


def _implicit_claim(*, text: str) -> bool:
    """Return whether a clause states an outcome of this customer's case in money, terms or security."""
    if not lex.ABOUT_CUSTOMER.search(text) or lex.NOT_A_CLAIM.search(text):
        return False
    text = lex.CONTRACT_NOUN.sub(" ", text)
    return any(lex.TOPICS[label].search(text) for label in _IMPLICIT_TOPICS)


def _excluded(*, original: str, text: str) -> bool:
    """Return whether the clause hedges, quotes policy or describes how the product works."""
    hedged = lex.HEDGE.search(text) or lex.MAY.search(original)
    return bool(hedged or lex.POLICY.search(text) or lex.PRODUCT_RULE.search(text))


def _topic_labels(*, text: str, committed: bool, assertions: set[str]) -> set[str]:
    """Return the assertion labels plus the topics that a promise or an assertion makes commitments."""
    topics = {label for label, pattern in lex.TOPICS.items() if pattern.search(text)}
    if lex.NO_ENTITLEMENT.search(text):
        topics.clear()
    labels = set(assertions)
    if committed:
        labels |= topics
    elif labels:
        labels |= topics & {"refund", "credit", "contract"}
    if "contract" in labels and "credit" in labels and not _beyond(text=text, noise=lex.NO_CHARGE, label="credit"):
        labels.discard("credit")
    if "legal" in labels and "contract" in labels and not _beyond(text=text, noise=lex.CONTRACT_NOUN, label="contract"):
        labels.discard("contract")
    return labels


def _sentence_commitments(*, text: str, sentence: Span) -> list[tuple[Span, set[str]]]:
    """Return the commitment spans of one sentence: the whole sentence or runs of promising clauses."""
    parts = clauses(text=text, sentence=sentence)
    labelled = [(part, clause_labels(clause=text[part.start:part.end])) for part in parts]
    _inherit_topics(text=text, labelled=labelled)
    if all(labels for _, labels in labelled):
        return [(sentence, set().union(*(labels for _, labels in labelled)))]
    runs: list[tuple[Span, set[str]]] = []
    for part, labels in labelled:
        if not labels:
            continue
        if runs and _adjacent(parts=parts, left=runs[-1][0], right=part):
            runs[-1] = (Span(runs[-1][0].start, part.end), runs[-1][1] | labels)
        else:
            runs.append((part, set(labels)))
    return runs


def _inherit_topics(*, text: str, labelled: list[tuple[Span, set[str]]]) -> None:
    """Give a bare "it's done" clause, and the clause it refers back to, that clause's topics."""
    for index in range(1, len(labelled)):
        part, labels = labelled[index]
        if labels or not lex.DONE_WITH_IT.search(text[part.start:part.end].lower()):
            continue
        before = text[labelled[index - 1][0].start:labelled[index - 1][0].end].lower()
        topics = {label for label in _IMPLICIT_TOPICS if lex.TOPICS[label].search(before)}
        labels |= topics
        labelled[index - 1][1].update(topics)


def _adjacent(*, parts: Sequence[Span], left: Span, right: Span) -> bool:
    """Return whether the clause `right` directly follows the run ending at `left`."""
    ends = [p.end for p in parts]
    starts = [p.start for p in parts]
    return left.end in ends and right.start in starts and starts.index(right.start) == ends.index(left.end) + 1


def _future_kinds(*, text: str) -> tuple[bool, bool]:
    """Return whether the clause has a promising future verb and whether it has a hand-off future verb."""
    promise = handoff = False
    for match in lex.FUTURE_MARK.finditer(text):
        if lex.HANDOFF.match(text, match.end()):
            handoff = True
        else:
            promise = True
    return promise, handoff


def _speaker_future(*, text: str) -> bool:
    """Return whether "I" or "we" promise something in the future tense (not a hand-off)."""
    for match in lex.FUTURE_MARK.finditer(text):
        before = text[:match.start()].rstrip().lower().split()
        if before and before[-1] in ("i", "we") and not lex.HANDOFF.match(text, match.end()):
            return True
    return False


def _beyond(*, text: str, noise: re.Pattern[str], label: str) -> bool:
    """Return whether the clause still has the label's topic once the noise words are left out."""
    return bool(lex.TOPICS[label].search(noise.sub(" ", text)))


def _is_roadmap(*, text: str, labels: set[str]) -> bool:
    """Return whether a future clause promises a feature or a fix in a release."""
    if labels & {"refund", "credit", "contract"}:
        return False
    if lex.ROADMAP_COMING.search(text) or lex.ROADMAP_FEATURE.search(text) or lex.RELEASE.search(text):
        return True
    return bool(lex.FEATURE_NOUN.search(text))


def _is_timeline(*, text: str, labels: set[str]) -> bool:
    """Return whether the time words are a promised date rather than the length of a credit or term."""
    if lex.DEADLINE.search(text):
        return True
    return not labels or bool(labels - {"credit", "contract"})
