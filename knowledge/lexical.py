"""The lexical side of retrieval: a BM25 (``bm25s``) index over passages, with field boosts.

A passage is indexed as its text plus its article's title, section path and description, each
repeated (``*_BOOST``) so that a query naming the topic of an article finds it even when the
passage itself never repeats the topic's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import bm25s
import numpy as np
import Stemmer

TITLE_BOOST = 3
SECTION_BOOST = 2
DESCRIPTION_BOOST = 1
_STEMMER = Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> list[list[str]]:
    """Return stemmed, stop-word-free tokens for BM25."""
    tokens: list[list[str]] = bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, return_ids=False,
                                             show_progress=False)
    return tokens


def indexed_text(*, text: str, meta: dict[str, Any]) -> str:
    """Return what BM25 sees of a passage: boosted title, section path, description and text."""
    title = str(meta.get("title") or "")
    section = str(meta.get("section") or "").replace(" > ", " ")
    description = str(meta.get("description") or "")
    return " ".join([title] * TITLE_BOOST + [section] * SECTION_BOOST + [description] * DESCRIPTION_BOOST + [text])


class LexicalIndex:
    """BM25 over a fixed list of passages, searched with a per-passage allow mask."""

    def __init__(self, *, ids: Sequence[str], texts: Sequence[str]) -> None:
        self.ids = list(ids)
        self._bm25: bm25s.BM25 | None = None
        if texts:
            self._bm25 = bm25s.BM25()
            self._bm25.index(tokenize(list(texts)), show_progress=False)

    def search(self, *, query: str, n: int, mask: np.ndarray) -> list[tuple[str, float]]:
        """Return (passage id, BM25 score) of the best ``n`` allowed passages, best first."""
        if self._bm25 is None or not mask.any():
            return []
        tokens = tokenize([query])
        if not tokens[0]:
            return []
        docs, scores = self._bm25.retrieve(
            tokens, k=min(n, len(self.ids)), show_progress=False, weight_mask=mask.astype(np.float32)
        )
        return [(self.ids[int(i)], float(s)) for i, s in zip(docs[0], scores[0], strict=True) if s > 0]
