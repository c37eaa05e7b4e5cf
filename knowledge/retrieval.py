"""Hybrid retrieval: BM25 (bm25s) and dense (Chroma) rankings fused by reciprocal rank fusion.

Filters: a passage gated to a higher plan (``min_plan``) or listed for other plans (``plans``)
never answers a customer on a lower plan; the locale filter applies when the corpus has
articles in the customer's language. The ``weak`` flag says that no passage cleared the
calibrated similarity threshold, so the drafter must hand over instead of stretching.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import Stemmer
from pydantic import BaseModel

from knowledge.store import PassageStore

PLAN_ORDER = ("free", "hobby", "starter", "basic", "growth", "pro", "team", "business", "premium", "enterprise")
RRF_K = 60
_STEMMER = Stemmer.Stemmer("english")


class RetrievedPassage(BaseModel):
    """One passage answering a query, with where it comes from and how well it matched."""

    source_path: str
    title: str
    section: str
    chunk: str
    score: float
    similarity: float
    article_hash: str
    passage_id: str
    min_plan: str | None = None


class Retrieval(BaseModel):
    """The passages found for a query and whether they are too weak to answer from."""

    results: list[RetrievedPassage]
    weak: bool


def plan_allows(*, customer_plan: str | None, min_plan: str, plans: str) -> bool:
    """Return whether a customer on ``customer_plan`` may be answered from a passage."""
    plan = (customer_plan or "").strip().lower()
    if not plan:
        return True
    if plans and plan not in plans.split("|"):
        return False
    if min_plan and plan in PLAN_ORDER and min_plan in PLAN_ORDER:
        return PLAN_ORDER.index(plan) >= PLAN_ORDER.index(min_plan)
    return True


def tokenize(texts: list[str]) -> list[list[str]]:
    """Return stemmed, stop-word-free tokens for BM25."""
    return bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, return_ids=False, show_progress=False)  # type: ignore[return-value]


class Retriever:
    """Hybrid retriever over a PassageStore; the lexical index is rebuilt when the store changes."""

    def __init__(self, *, store: PassageStore, min_similarity: float, stamp_path: Path | None = None) -> None:
        self.store = store
        self.min_similarity = min_similarity
        self.stamp_path = stamp_path
        self._lock = threading.Lock()
        self._fingerprint: tuple[int, str] | None = None
        self._ids: list[str] = []
        self._position: dict[str, int] = {}
        self._docs: dict[str, tuple[str, dict[str, Any]]] = {}
        self._bm25: bm25s.BM25 | None = None

    def retrieve(self, *, query: str, k: int = 5, plan: str | None = None, locale: str | None = None) -> Retrieval:
        """Return the ``k`` best passages for ``query`` that this customer may be answered from."""
        self._refresh()
        if not self._ids or not query.strip():
            return Retrieval(results=[], weak=True)
        mask = self._mask(plan=plan, locale=locale)
        pool = max(50, k * 10)
        dense = [(pid, sim) for pid, sim in self.store.dense_search(query=query, n=pool * 2)
                 if pid in self._position and mask[self._position[pid]]][:pool]
        lexical = self._lexical(query=query, n=pool, mask=mask)
        return self._fuse(dense=dense, lexical=lexical, k=k)

    def _fuse(self, *, dense: list[tuple[str, float]], lexical: list[str], k: int) -> Retrieval:
        """Fuse the two rankings by reciprocal rank fusion and build the results."""
        similarity = dict(dense)
        fused: dict[str, float] = {}
        for ranking in ([pid for pid, _ in dense], lexical):
            for rank, pid in enumerate(ranking):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
        best = sorted(fused, key=lambda pid: -fused[pid])[:k]
        results = [self._result(pid, fused[pid], similarity.get(pid, 0.0)) for pid in best]
        top_similarity = max((sim for _, sim in dense[:3]), default=0.0)
        return Retrieval(results=results, weak=top_similarity < self.min_similarity)

    def _result(self, pid: str, score: float, similarity: float) -> RetrievedPassage:
        """Build one result from the cached passage."""
        text, meta = self._docs[pid]
        return RetrievedPassage(
            source_path=meta["source_path"], title=meta["title"], section=meta["section"], chunk=text,
            score=round(score, 6), similarity=round(similarity, 4), article_hash=meta["article_hash"],
            passage_id=pid, min_plan=meta.get("min_plan") or None,
        )

    def _lexical(self, *, query: str, n: int, mask: np.ndarray) -> list[str]:
        """Return passage ids ranked by BM25, best first, only where ``mask`` allows."""
        if self._bm25 is None or not mask.any():
            return []
        tokens = tokenize([query])
        if not tokens[0]:
            return []
        docs, scores = self._bm25.retrieve(
            tokens, k=min(n, len(self._ids)), show_progress=False, weight_mask=mask.astype(np.float32)
        )
        return [self._ids[int(i)] for i, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def _mask(self, *, plan: str | None, locale: str | None) -> np.ndarray:
        """Return a 0/1 array over passages this customer may be answered from."""
        language = (locale or "").split("-")[0].split("_")[0].lower()
        locales = {m.get("locale", "en").split("-")[0] for _, m in self._docs.values()}
        use_locale = bool(language) and language in locales
        return np.array([
            plan_allows(customer_plan=plan, min_plan=m.get("min_plan", ""), plans=m.get("plans", ""))
            and (not use_locale or m.get("locale", "en").split("-")[0] == language)
            for _, m in (self._docs[pid] for pid in self._ids)
        ], dtype=bool)

    def _refresh(self) -> None:
        """Rebuild the lexical index when the store's content changed."""
        stamp = self.stamp_path.read_text() if self.stamp_path and self.stamp_path.exists() else ""
        fingerprint = (self.store.count(), stamp)
        with self._lock:
            if fingerprint == self._fingerprint:
                return
            rows = self.store.all_passages()
            self._ids = [pid for pid, _, _ in rows]
            self._position = {pid: i for i, pid in enumerate(self._ids)}
            self._docs = {pid: (text, meta) for pid, text, meta in rows}
            corpus = [f"{m['title']} {m['section']} {text}" for _, text, m in rows]
            self._bm25 = None
            if corpus:
                self._bm25 = bm25s.BM25()
                self._bm25.index(tokenize(corpus), show_progress=False)
            self._fingerprint = fingerprint
