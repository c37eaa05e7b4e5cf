"""Find the sentences or clauses of a draft that promise something nobody authorized, and strip them.

A commitment is a span of the draft in which the writer promises a refund, credit, timeline, roadmap
item, contract change, legal conclusion, security outcome or other guarantee. The span is the whole
sentence, or only the promising clause when a sentence joins a safe clause and a promise with
"and" or ";". Quoted policy ("refunds can be requested within 30 days"), hand-offs ("billing will
review it"), questions, hedges and refusals ("we can't promise a date") are not commitments.

The finder is deterministic: first rules, sentence and clause segmentation (`commitments_segment`),
then per clause a promise form and exclusions (`commitments_forms`) and topic lexicons
(`commitments_topics`); then, for a sentence the rules pass over, a small linear model
(`commitments_model`) that catches phrasings no rule was written for. Questions, refusals, hand-offs
("I'll update you"), instructions, cited sentences and sentences under five words are never handed
to the model. Stripping lives in `commitments_strip`. Figures and known weaknesses:
docs/quality-commitments.md.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from agent import commitments_forms as forms
from agent import commitments_topics as topics
from agent.commitments_scorer import model_verdict
from agent.commitments_segment import Span, clauses, sentences
from agent.commitments_strip import strip_spans

LABELS = ("refund", "credit", "timeline", "roadmap", "contract", "legal", "security", "guarantee")
_IMPLICIT_TOPICS = ("refund", "credit", "contract", "security")
_SPEAKER_BEFORE = re.compile(r"\b(?:i|we)\s*$")
# Sentences never handed to the sentence model: instructions ("Turn off Smart Sync."), and sentences
# citing a source ("[2]"), which grounding checks against the passage they quote.
_NOT_FOR_MODEL = re.compile(
    r"^\W*(?:please |then |now |next, |first, )?(?:open|click|go|select|choose|turn|tap|enter|type|press|use|try|"
    r"set|add|remove|restart|sign|log|visit|navigate|find|copy|paste|upload|download|check|make sure|contact|reply|"
    r"follow|see|read|install|update|switch|toggle|drag|export|import|create|delete|edit)\b|\[\d+\]"
)
_MODEL_MIN_WORDS = 5


class Commitment(BaseModel):
    """One promise in a draft: the exact text, its labels and its character offsets."""

    text: str
    labels: list[str]
    start: int
    end: int
    source: Literal["rule", "model"] = "rule"


def find_commitments(*, text: str) -> list[Commitment]:
    """Return the commitments in a sentence or a whole draft, in the order they appear."""
    found: list[Commitment] = []
    for sentence in sentences(text=text):
        spans = _sentence_commitments(text=text, sentence=sentence)
        source: Literal["rule", "model"] = "rule"
        if not spans:
            spans, source = _model_commitment(text=text, sentence=sentence), "model"
        for span, labels in spans:
            ordered = [label for label in LABELS if label in labels]
            found.append(Commitment(text=text[span.start:span.end], labels=ordered, start=span.start, end=span.end,
                                    source=source))
    return found


def _model_commitment(*, text: str, sentence: Span) -> list[tuple[Span, set[str]]]:
    """Return the whole sentence when the model reads a promise in it that the rules did not find."""
    words = text[sentence.start:sentence.end]
    lowered = words.replace("\u2019", "'").lower()
    if len(lowered.split()) < _MODEL_MIN_WORDS or _NOT_FOR_MODEL.search(lowered) or forms.QUESTION.search(lowered):
        return []
    if forms.NEGATED_CAPACITY.search(lowered) or _future_kinds(text=lowered)[1]:
        return []
    verdict = model_verdict(sentence=words)
    return [(sentence, set(verdict.labels))] if verdict.labels else []


def strip_commitments(*, text: str, commitments: Sequence[Commitment]) -> str:
    """Return the text with the commitments removed, mending spaces, punctuation and list items."""
    return strip_spans(text=text, spans=[(c.start, c.end) for c in commitments])


@functools.lru_cache(maxsize=8192)
def clause_labels(*, clause: str) -> frozenset[str]:
    """Return the commitment labels of one clause (empty when it promises nothing); cached per clause."""
    return frozenset(_clause_labels(clause=clause))


def _clause_labels(*, clause: str) -> set[str]:
    """Decide the labels of one clause: promise form, exclusions, then topics, roadmap, timeline, guarantee."""
    original = clause.replace("\u2019", "'").replace("\u2018", "'")
    text = original.lower()
    if forms.QUESTION.search(text) or forms.NEGATED_CAPACITY.search(text) or forms.OPEN_QUESTION.search(text):
        return set()
    promise_future, handoff_future, speaker_future = _future_kinds(text=text)
    offer = bool(forms.STRONG_FORM.search(text))
    strong = offer or speaker_future or bool(forms.DONE_FORM.search(text))
    future = promise_future or bool(forms.FUTURE_FORM.search(text) or topics.ROADMAP_COMING.search(text))
    assertions = {label for label, pattern in topics.ASSERTIONS.items() if pattern.search(text)}
    implicit = False
    if not (strong or future or handoff_future or assertions):
        implicit = _implicit_claim(text=text)
        if not implicit:
            return set()
    if not strong and _excluded(original=original, text=text):
        return set()
    unconditional = forms.CONDITION.sub(" ", text)
    timed = bool(topics.DEADLINE.search(unconditional) or topics.PERIOD.search(unconditional))
    future = future or (handoff_future and timed)
    committed = strong or future or implicit
    labels = _topic_labels(text=unconditional, committed=committed, assertions=assertions)
    if future and _is_roadmap(text=text, labels=labels):
        labels.add("roadmap")
    if timed and (future or offer) and _is_timeline(text=unconditional, labels=labels):
        labels.add("timeline")
    if not labels and committed and topics.GUARANTEE_CUE.search(text):
        labels.add("guarantee")
    if labels == {"timeline"} and not topics.DEADLINE.search(unconditional) and topics.GUARANTEE_CUE.search(text):
        labels = {"guarantee"}  # "will work perfectly this winter": the season scopes a guarantee
    return labels


def _implicit_claim(*, text: str) -> bool:
    """Return whether a clause states an outcome of this customer's case in money, terms or security."""
    if not forms.ABOUT_CUSTOMER.search(text) or forms.NOT_A_CLAIM.search(text):
        return False
    text = topics.CONTRACT_NOUN.sub(" ", text)
    return any(topics.TOPICS[label].search(text) for label in _IMPLICIT_TOPICS)


def _excluded(*, original: str, text: str) -> bool:
    """Return whether the clause hedges, quotes policy or describes how the product works."""
    hedged = forms.HEDGE.search(text) or forms.MAY.search(original)
    return bool(hedged or forms.POLICY.search(text) or forms.PRODUCT_RULE.search(text))


def _topic_labels(*, text: str, committed: bool, assertions: set[str]) -> set[str]:
    """Return the assertion labels plus the topics that a promise or an assertion makes commitments."""
    named = {label for label, pattern in topics.TOPICS.items() if pattern.search(text)}
    if topics.NO_ENTITLEMENT.search(text):
        named.clear()
    labels = set(assertions)
    if committed:
        labels |= named
    elif labels:
        labels |= named & {"refund", "credit", "contract"}
    if {"contract", "credit"} <= labels and not _beyond(text=text, noise=topics.NO_CHARGE, label="credit"):
        labels.discard("credit")
    if {"legal", "contract"} <= labels and not _beyond(text=text, noise=topics.CONTRACT_NOUN, label="contract"):
        labels.discard("contract")
    if {"refund", "credit"} <= labels and not _beyond(text=text, noise=topics.GOODWILL, label="credit"):
        labels.discard("credit")  # money paid back "as a gesture of goodwill" is a refund, not a credit
    if "guarantee" in labels and len(labels) > 1:
        labels.discard("guarantee")  # guarantee only where no other label fits
    return labels


def _sentence_commitments(*, text: str, sentence: Span) -> list[tuple[Span, set[str]]]:
    """Return the commitment spans of one sentence: the whole sentence or runs of promising clauses."""
    parts = clauses(text=text, sentence=sentence)
    labelled = [(part, set(clause_labels(clause=text[part.start:part.end]))) for part in parts]
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
        if labels or not forms.DONE_WITH_IT.search(text[part.start:part.end].lower()):
            continue
        before = text[labelled[index - 1][0].start:labelled[index - 1][0].end].lower()
        named = {label for label in _IMPLICIT_TOPICS if topics.TOPICS[label].search(before)}
        labels |= named
        labelled[index - 1][1].update(named)


def _adjacent(*, parts: Sequence[Span], left: Span, right: Span) -> bool:
    """Return whether the clause `right` directly follows the run ending at `left`."""
    ends = [p.end for p in parts]
    starts = [p.start for p in parts]
    return left.end in ends and right.start in starts and starts.index(right.start) == ends.index(left.end) + 1


def _future_kinds(*, text: str) -> tuple[bool, bool, bool]:
    """Return whether the clause has a promising future verb, a hand-off future verb, and "I/we will" promise."""
    promise = handoff = speaker = False
    for match in forms.FUTURE_MARK.finditer(text):
        if forms.HANDOFF.match(text, match.end()):
            handoff = True
            continue
        promise = True
        speaker = speaker or bool(_SPEAKER_BEFORE.search(text, 0, match.start()))
    return promise, handoff, speaker


def _beyond(*, text: str, noise: re.Pattern[str], label: str) -> bool:
    """Return whether the clause still has the label's topic once the noise words are left out."""
    return bool(topics.TOPICS[label].search(noise.sub(" ", text)))


def _is_roadmap(*, text: str, labels: set[str]) -> bool:
    """Return whether a future clause promises a feature or a fix in a release."""
    if topics.PHYSICAL.search(text):
        return False
    if topics.RELEASE.search(text):  # "in the next update" names a release even beside a credit
        return True
    if labels & {"refund", "credit", "contract"}:
        return False
    if topics.ROADMAP_COMING.search(text) or topics.FEATURE_NOUN.search(text) or topics.RELEASED_PART.search(text):
        return True
    markers = (forms.FUTURE_MARK.search(text), forms.FUTURE_FORM.search(text))
    start = min((m.start() for m in markers if m), default=0)
    return bool(topics.ROADMAP_FEATURE.search(text, start))


def _is_timeline(*, text: str, labels: set[str]) -> bool:
    """Return whether the time words are a promised date rather than the length of a credit or term."""
    if topics.DEADLINE.search(text):
        return True
    return not labels or bool(labels - {"credit", "contract"})
