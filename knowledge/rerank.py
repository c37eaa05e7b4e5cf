"""The learned rerank: the first articles of the fused ranking re-ordered by a model of which one answers.

Fusing ranks throws away how well each candidate matched. For the first ``RERANK_DEPTH`` articles
of the fusion the rerank measures it again, with features that carry across help centers (never an
article's identity): its places in the dense, summary and lexical rankings and in the fusion, the
best similarity of its passages to the whole ticket and to the ticket's subject and questions, the
similarity of its summary, how many of the ticket's words its title and headings name, and its size.
A logistic regression over them (trained by ``evals/rerank.py --train`` on labelled tickets of two
help centers; figures in docs/quality-retrieval.md) scores each candidate; the candidates are
ordered by that score and the rest of the fusion follows unchanged.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel

MODEL_PATH = Path(__file__).with_name("data") / "rerank_model.json"
RERANK_DEPTH = 10
FEATURES = (
    "fused", "fused_rank", "dense_rank", "summary_rank", "lexical_rank", "lexical_ratio",
    "sim_best", "sim_gap", "focus_best", "focus_gap", "summary_sim", "title_covered", "query_named", "passages",
    "sentence_best", "sentence_cover", "sentence_gap", "answered_rank", "answered_vote",
)


class Signals(BaseModel):
    """What the retriever measured for one query: the rankings and the similarities of the candidates' passages."""

    order: list[str]  # articles, fused order
    article_score: dict[str, float]
    dense: list[str]  # articles in dense (content passage) order
    summaries: list[str]  # articles in summary order
    answered: list[tuple[str, float]] = []  # articles voted by answered tickets, with their votes, best first
    lexical: list[tuple[str, float]]  # articles with their best BM25 score, best first
    whole: dict[str, float]  # passage id -> similarity to the whole query
    focus: dict[str, float]  # passage id -> similarity to the subject and questions
    sentences: dict[str, list[float]] = {}  # passage id -> similarity to each sentence of the ticket
    passages: dict[str, list[str]]  # article -> its content passage ids
    summary_of: dict[str, str]  # article -> its summary passage id
    named: dict[str, frozenset[str]]  # article -> stemmed words of its title and headings
    titled: dict[str, frozenset[str]]  # article -> stemmed words of its title
    query_words: frozenset[str]


class RerankModel(BaseModel):
    """A standardised logistic regression over ``FEATURES``."""

    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float

    def score(self, rows: np.ndarray) -> np.ndarray:
        """Return each candidate's log-odds of answering the ticket."""
        z = (rows - np.asarray(self.mean)) / np.asarray(self.scale)
        return np.asarray(z @ np.asarray(self.coef) + self.intercept)


def features(*, signals: Signals, depth: int = RERANK_DEPTH) -> tuple[list[str], np.ndarray]:
    """Return the first ``depth`` candidate articles and one feature row per candidate (in ``FEATURES`` order)."""
    candidates = signals.order[:depth]
    if not candidates:
        return [], np.zeros((0, len(FEATURES)))
    top_score = max(signals.article_score.values()) or 1.0
    dense_rank = _ranks(signals.dense)
    summary_rank = _ranks(signals.summaries)
    lexical_rank = _ranks([a for a, _ in signals.lexical])
    answered_rank = _ranks([a for a, _ in signals.answered])
    votes = dict(signals.answered)
    top_votes = max(votes.values(), default=0.0) or 1.0
    lexical_score = dict(signals.lexical)
    top_lexical = max(lexical_score.values(), default=0.0) or 1.0

    def best(sims: Mapping[str, float], article: str) -> float:
        return max((sims.get(pid, 0.0) for pid in signals.passages.get(article, [])), default=0.0)

    whole = {a: max(best(signals.whole, a), signals.whole.get(signals.summary_of.get(a, ""), 0.0)) for a in candidates}
    focus = {a: max(best(signals.focus, a), signals.focus.get(signals.summary_of.get(a, ""), 0.0)) for a in candidates}
    top_whole, top_focus = max(whole.values()), max(focus.values())
    best_said = {a: _sentence_best(signals, a) for a in candidates}
    top_said = max(max(v, default=0.0) for v in best_said.values())
    rows = []
    for rank, article in enumerate(candidates):
        named = signals.named.get(article, frozenset())
        titled = signals.titled.get(article, frozenset())
        rows.append([
            signals.article_score.get(article, 0.0) / top_score,
            1.0 / (rank + 1),
            _reciprocal(dense_rank.get(article)),
            _reciprocal(summary_rank.get(article)),
            _reciprocal(lexical_rank.get(article)),
            lexical_score.get(article, 0.0) / top_lexical,
            whole[article],
            whole[article] - top_whole,
            focus[article],
            focus[article] - top_focus,
            signals.whole.get(signals.summary_of.get(article, ""), 0.0),
            len(titled & signals.query_words) / len(titled) if titled else 0.0,
            len(named & signals.query_words) / len(signals.query_words) if signals.query_words else 0.0,
            math.log1p(len(signals.passages.get(article, []))),
            max(best_said[article], default=0.0),
            sum(best_said[article]) / len(best_said[article]) if best_said[article] else 0.0,
            max(best_said[article], default=0.0) - top_said,
            _reciprocal(answered_rank.get(article)),
            votes.get(article, 0.0) / top_votes,
        ])
    return candidates, np.asarray(rows, dtype=np.float64)


def rerank(*, signals: Signals, model: RerankModel, depth: int = RERANK_DEPTH) -> list[str]:
    """Return the fused order with its first ``depth`` articles ordered by the model's score."""
    candidates, rows = features(signals=signals, depth=depth)
    if len(candidates) < 2:
        return list(signals.order)
    scores = model.score(rows)
    ranked = [candidates[i] for i in sorted(range(len(candidates)), key=lambda i: (-scores[i], i))]
    return ranked + list(signals.order[depth:])


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> RerankModel | None:
    """Return the trained rerank model, or None when none is installed (the fused order is kept)."""
    if not path.exists():
        return None
    model = RerankModel.model_validate(json.loads(path.read_text(encoding="utf-8")))
    if tuple(model.features) != FEATURES:
        return None
    return model


def save_model(*, model: RerankModel, path: Path = MODEL_PATH) -> None:
    """Write a trained model as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model.model_dump(), indent=1) + "\n", encoding="utf-8")
    load_model.cache_clear()


def _sentence_best(signals: Signals, article: str) -> list[float]:
    """Return, per sentence of the ticket, the best similarity of any of the article's passages to it."""
    rows = [signals.sentences[pid] for pid in [*signals.passages.get(article, []), signals.summary_of.get(article, "")]
            if pid in signals.sentences]
    return [max(values) for values in zip(*rows, strict=True)] if rows else []


def _ranks(articles: Sequence[str]) -> dict[str, int]:
    """Return each article's first place in a ranking of article paths (repeats ignored)."""
    ranks: dict[str, int] = {}
    for article in articles:
        ranks.setdefault(article, len(ranks))
    return ranks


def _reciprocal(rank: int | None) -> float:
    """Return 1 / (rank + 1), or 0 for an article the ranking did not find."""
    return 0.0 if rank is None else 1.0 / (rank + 1)
