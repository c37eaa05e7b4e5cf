"""Answered tickets: past tickets with the articles a person answered them from, as one more ranking.

A help center's own closed tickets say how its customers describe what an article solves ("my
numbers look way too low since Tuesday" for bot filtering), words no article uses. ``draftgate
ingest --answered FILE`` stores each closed ticket (redacted, greetings and signatures dropped) with
the article paths it was answered from, in a collection of its own beside the passages. At query
time the nearest answered tickets vote for their articles (``vote``: the ``NEIGHBOURS`` most
similar, each weighing its similarity to the power ``POWER``); the voted articles that this
customer may be answered from join the fusion as one ranking. Answered tickets are never quoted:
they only rank articles, and an article's approval, expiry and plan still decide whether it answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from pydantic import BaseModel

NEIGHBOURS = 10
POWER = 4
SEPARATOR = "|"
# an article voted by an answered ticket at least this similar to the new one is a confident answer even
# when no passage clears the similarity threshold (a ticket in another language, or in the customer's own
# words): among labelled tickets of two help centers, the first voted article was right for 0.90 of those
# whose nearest voter reached 0.7 (docs/quality-retrieval.md)
CONFIDENT = 0.7


class AnsweredTicket(BaseModel):
    """One closed ticket: an id, its redacted text and the articles a person answered it from."""

    id: str
    text: str
    articles: list[str]


class Vote(NamedTuple):
    """An article voted by answered tickets: its summed votes and its nearest voter's similarity."""

    article: str
    votes: float
    nearest: float


class AnsweredIndex:
    """The vectors of every stored answered ticket and the articles each was answered from."""

    def __init__(self, *, vectors: Sequence[Sequence[float]], articles: Sequence[Sequence[str]]) -> None:
        self.matrix = np.asarray(vectors, dtype=np.float32).reshape(len(articles), -1) if articles else None
        self.articles = [list(a) for a in articles]

    def __len__(self) -> int:
        return len(self.articles)

    def vote(self, *, vector: Sequence[float], neighbours: int = NEIGHBOURS, power: int = POWER) -> list[Vote]:
        """Return the articles of the nearest answered tickets with their votes, best first."""
        if self.matrix is None:
            return []
        sims = self.matrix @ np.asarray(vector, dtype=np.float32)
        nearest = np.argsort(-sims, kind="stable")[:neighbours]
        votes: dict[str, float] = {}
        closest: dict[str, float] = {}
        for i in nearest:
            for article in self.articles[int(i)]:
                votes[article] = votes.get(article, 0.0) + max(float(sims[i]), 0.0) ** power
                closest[article] = max(closest.get(article, 0.0), float(sims[i]))
        ranked = sorted(votes, key=lambda a: (-votes[a], a))
        return [Vote(article=a, votes=votes[a], nearest=closest[a]) for a in ranked]
