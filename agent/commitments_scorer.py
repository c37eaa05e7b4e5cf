"""A linear model that catches promises the commitment rules have no pattern for.

The rules (`agent.commitments`) know the forms they were written for; replies phrase promises in
endless other ways ("that charge is history", "you won't lose a cent"). This model reads a whole
sentence the rules passed over and says how likely it promises something, and what about. It is
the escalation model's machinery (`agent.escalation_scorer`: TF-IDF word and character n-grams,
multinomial logistic regression, plain JSON, numpy only at run time) fitted on the labelled
commitment sentences (`python evals/commitments.py --train`). Its hits are reported with the
label "model" in the evidence so a reviewer can tell them from rule hits.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

from agent.commitments_topics import DEADLINE, PERIOD
from agent.escalation_scorer import LinearModel, load_model, score_ticket
from agent.language import guess_language

MODEL_PATH = Path(__file__).parent / "data" / "commitment_model.npz"


class ModelVerdict(NamedTuple):
    """The model's reading of one sentence: promise probability and the labels it stands behind."""

    probability: float
    labels: frozenset[str]


def commitment_model(*, path: Path = MODEL_PATH) -> LinearModel | None:
    """Return the shipped model, or None when the file is absent (the rules then work alone)."""
    return load_model(path=path) if path.exists() else None


@functools.lru_cache(maxsize=8192)
def model_verdict(*, sentence: str) -> ModelVerdict:
    """Return the promise probability of a sentence and its labels when it clears the threshold."""
    model = commitment_model()
    if model is None:
        return ModelVerdict(probability=0.0, labels=frozenset())
    score = score_ticket(subject="", body=sentence, model=model)
    if score.escalate_probability < model.escalate_threshold:
        return ModelVerdict(probability=score.escalate_probability, labels=frozenset())
    lowered = sentence.lower()
    dated = bool(DEADLINE.search(lowered) or PERIOD.search(lowered))
    ranked = sorted(((p, name) for name, p in score.probabilities.items() if name != "none"), reverse=True)
    labels = {name for p, name in ranked if p >= model.reason_threshold} or {ranked[0][1]}
    if not dated and guess_language(sentence) == "en":
        labels.discard("timeline")  # a promised time needs a time; without one the hit is dropped
    if not labels:
        return ModelVerdict(probability=score.escalate_probability, labels=frozenset())
    if len(labels) > 1:
        labels.discard("guarantee")  # guarantee only where no other label fits
    return ModelVerdict(probability=score.escalate_probability, labels=frozenset(labels))
