"""Hybrid retrieval: BM25 (bm25s) and dense (Chroma) rankings fused by reciprocal rank fusion.

The query is the ticket without greetings, signatures and redaction placeholders. Both rankings
are fused per article (an article's rank in a ranking is the rank of its best passage), so one
long article cannot crowd the results; each article is represented by its best passage.

Expiry and approval are checked on every query (``PassageIndex.allowed``), not only at ingest.

Filters: a passage gated to a higher plan (``min_plan``) or listed for other plans (``plans``)
never answers a customer on a lower plan; the locale filter applies when the corpus has
articles in the customer's language. ``similarity`` is the cosine similarity of the query to
the passage (for every result, also those found by BM25 alone); ``weak`` says that no result
cleared the calibrated threshold, so the drafter must hand over instead of stretching.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel

from knowledge.answered import CONFIDENT, AnsweredIndex
from knowledge.lexical import tokenize
from knowledge.passage_index import PassageIndex
from knowledge.plans import PLAN_ORDER, plan_allows, required_plan
from knowledge.query import clean_query, focus_text, ticket_sentences
from knowledge.rerank import RERANK_DEPTH, Signals, load_model, rerank
from knowledge.store import PassageStore

RRF_K = 20
Method = Literal["hybrid", "dense", "bm25"]
Ranking = tuple[list[str], float]  # passage ids best first, and the ranking's weight in the fusion
Searches = dict[str, list[tuple[str, float]]]  # dense search results per query text, within one call
Named = dict[str, list[tuple[str, float]]]  # each ranking of one query by name, passage ids with their scores
__all__ = ["PLAN_ORDER", "Retrieval", "RetrievalConfig", "RetrievedPassage", "Retriever", "plan_allows", "tokenize"]
log = logging.getLogger(__name__)


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
    confirmed: bool = False  # an answered ticket at least answered.CONFIDENT similar was answered from this article


class Retrieval(BaseModel):
    """The passages found for a query and whether they are too weak to answer from."""

    results: list[RetrievedPassage]
    weak: bool


class RetrievalConfig(BaseModel):
    """How the rankings are made and fused; the defaults are the measured best (docs/quality-retrieval.md)."""

    method: Method = "hybrid"
    rrf_k: int = RRF_K
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    pool: int = 60
    per_article: int = 1
    clean_query: bool = True
    summary_weight: float = 1.0
    upgrade_weight: float = 1.0
    rerank_depth: int = 8
    rerank_weight: float = 0.0  # the question-focus rerank; off until it measures better (docs/quality-replay.md)
    answered_weight: float = 1.0  # the ranking voted by answered tickets (knowledge/answered.py), when any are stored
    learned_rerank: bool = True  # the learned rerank of the first fused articles (knowledge/rerank.py), hybrid only


def fuse_articles(
    *, rankings: Sequence[tuple[Sequence[str], float]], article_of: dict[str, str], rrf_k: int
) -> tuple[list[str], dict[str, float], dict[str, float]]:
    """Fuse passage rankings by weighted RRF per article; return (articles best first, article and passage scores)."""
    article_score: dict[str, float] = defaultdict(float)
    passage_score: dict[str, float] = defaultdict(float)
    for ranking, weight in rankings:
        seen: dict[str, int] = {}
        for rank, pid in enumerate(ranking):
            passage_score[pid] += weight / (rrf_k + rank + 1)
            article = article_of[pid]
            if article not in seen:
                seen[article] = len(seen)
                article_score[article] += weight / (rrf_k + seen[article] + 1)
    best_passage: dict[str, float] = defaultdict(float)
    for pid, value in passage_score.items():
        best_passage[article_of[pid]] = max(best_passage[article_of[pid]], value)
    order = sorted(article_score, key=lambda a: (-article_score[a], -best_passage[a], a))
    return order, dict(article_score), dict(passage_score)


@dataclass(frozen=True)
class Search:
    """The rankings of one query, before they are fused into results."""

    index: PassageIndex
    text: str
    vector: Sequence[float]
    mask: np.ndarray
    rankings: list[Ranking]
    dense: dict[str, float]
    named: Named
    upgrade: bool  # the best match is above the customer's plan: the plan comparison was ranked in


class Retriever:
    """Hybrid retriever over a PassageStore; the in-memory index is rebuilt when the store changes."""

    def __init__(self, *, store: PassageStore, min_similarity: float, stamp_path: Path | None = None,
                 method: Method | None = None, config: RetrievalConfig | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.store = store
        self.today = today
        self.min_similarity = min_similarity
        self.stamp_path = stamp_path
        self.config = config or RetrievalConfig()
        if method is not None:
            self.config = self.config.model_copy(update={"method": method})
        self._lock = threading.Lock()
        self._fingerprint: tuple[int, str] | None = None
        self._index = PassageIndex(rows=[])
        self._answered = AnsweredIndex(vectors=[], articles=[])

    def retrieve(self, *, query: str, k: int = 5, plan: str | None = None, locale: str | None = None) -> Retrieval:
        """Return the best passages of the ``k`` best articles that this customer may be answered from."""
        found = self._search(query=query, plan=plan, locale=locale)
        if found is None:
            return Retrieval(results=[], weak=True)
        reorder = None
        # a feature above the customer's plan is answered from the plan comparison: a policy, not a match to rerank
        if self.config.learned_rerank and self.config.method == "hybrid" and not found.upgrade:
            model = load_model()
            reorder = rerank(signals=self.signals(found), model=model) if model else None
        return self._build(index=found.index, rankings=found.rankings, dense=found.dense, vector=found.vector,
                           mask=found.mask, k=k, order=reorder, nearest=dict(found.named.get("nearest", [])))

    def rerank_signals(self, *, query: str, plan: str | None = None, locale: str | None = None) -> Signals | None:
        """Return what the learned rerank reads for a query (None when nothing can be searched); for training it."""
        found = self._search(query=query, plan=plan, locale=locale)
        return None if found is None else self.signals(found)

    def _search(self, *, query: str, plan: str | None, locale: str | None) -> Search | None:
        """Run the rankings of the configured method for one query."""
        index = self._refresh()
        text = clean_query(query) if self.config.clean_query else query.strip()
        if not index.content.any() or not text:
            return None
        mask = index.allowed(plan=plan, locale=locale, today=self.today())
        vector = self.store.embed_query(query=text)
        searches: Searches = {}
        named: Named = {}
        rankings, dense = self._rankings(index=index, text=text, vector=vector, mask=mask, searches=searches,
                                         named=named)
        upgrade: list[Ranking] = []
        if self.config.upgrade_weight and not mask.all():
            upgrade = self._upgrade_rankings(index=index, text=text, vector=vector, mask=mask, searches=searches)
            rankings += upgrade
        if self.config.rerank_depth and self.config.rerank_weight:
            rankings += self._focus_rankings(index=index, text=text, vector=vector, mask=mask, rankings=rankings)
        if self.config.answered_weight and self.config.method == "hybrid" and len(self._answered):
            rankings += self._answered_rankings(index=index, vector=vector, mask=mask, dense=dense, named=named)
        return Search(index=index, text=text, vector=vector, mask=mask, rankings=rankings, dense=dense, named=named,
                      upgrade=bool(upgrade))

    def _answered_rankings(self, *, index: PassageIndex, vector: Sequence[float], mask: np.ndarray,
                           dense: dict[str, float], named: Named) -> list[Ranking]:
        """Rank the articles that the nearest answered tickets were answered from (those this customer may see).

        Each voted article is represented by its passage nearest the query (its first allowed one when
        the dense search did not reach it).
        """
        best: dict[str, str] = {}
        for near in dense:
            best.setdefault(index.article(near), near)
        voted: list[tuple[str, float]] = []
        for vote in self._answered.vote(vector=vector):
            pid: str | None = best.get(vote.article) or index.first_allowed(article=vote.article, mask=mask)
            if pid is not None:
                voted.append((pid, vote.votes))
                named["nearest"] = [*named.get("nearest", []), (vote.article, vote.nearest)]
        named["answered"] = voted
        return [([pid for pid, _ in voted], self.config.answered_weight)] if voted else []

    def signals(self, found: Search) -> Signals:
        """Return what the learned rerank reads for one search."""
        index, text, vector, mask, named = found.index, found.text, found.vector, found.mask, found.named
        rankings = found.rankings
        order, article_score, _ = fuse_articles(rankings=rankings, article_of=_article_of(index, rankings),
                                                rrf_k=self.config.rrf_k)
        candidates = order[:RERANK_DEPTH]
        passages = {a: [pid for pid in index.by_article.get(a, []) if mask[index.position[pid]]] for a in candidates}
        summary_of = {a: index.summary_of[a] for a in candidates if a in index.summary_of}
        ids = [pid for pids in passages.values() for pid in pids] + list(summary_of.values())
        vectors = self.store.vectors(ids=ids)
        focus = focus_text(text)
        focus_vector = self.store.embed_query(query=focus) if focus and focus != text else vector
        kept = [pid for pid in ids if pid in vectors]
        sentences = ticket_sentences(text)
        whole: dict[str, float] = {}
        asked: dict[str, float] = {}
        per_sentence: dict[str, list[float]] = {}
        if kept:
            matrix = np.stack([vectors[pid] for pid in kept])
            whole = dict(zip(kept, (matrix @ np.asarray(vector, dtype=np.float32)).tolist(), strict=True))
            asked = dict(zip(kept, (matrix @ np.asarray(focus_vector, dtype=np.float32)).tolist(), strict=True))
            if sentences:
                said = matrix @ np.asarray(self.store.embed_queries(queries=sentences), dtype=np.float32).T
                per_sentence = {pid: row.tolist() for pid, row in zip(kept, said, strict=True)}
        lexical: dict[str, float] = {}
        for pid, value in named.get("lexical", []):
            lexical.setdefault(index.article(pid), value)
        return Signals(
            order=order, article_score=article_score,
            dense=[index.article(pid) for pid, _ in named.get("dense", [])],
            summaries=[index.article(pid) for pid, _ in named.get("summaries", [])],
            answered=[(index.article(pid), votes) for pid, votes in named.get("answered", [])],
            lexical=list(lexical.items()), whole=whole, focus=asked, sentences=per_sentence, passages=passages,
            summary_of=summary_of,
            named={a: index.named_words(a) for a in candidates}, titled={a: index.title_words(a) for a in candidates},
            query_words=frozenset(tokenize([text])[0]),
        )

    def _focus_rankings(self, *, index: PassageIndex, text: str, vector: Sequence[float], mask: np.ndarray,
                        rankings: list[Ranking]) -> list[Ranking]:
        """Rerank the first articles by how well any of their passages (summary included) meets the ticket's questions.

        The query's subject line and question sentences are embedded on their own; each candidate
        article scores the best similarity of its passages to them, averaged with the best to the
        whole ticket. The result joins the fusion as one more weighted ranking.
        """
        order, _, _ = fuse_articles(rankings=rankings, article_of=_article_of(index, rankings), rrf_k=self.config.rrf_k)
        candidates = order[:self.config.rerank_depth]
        focus = focus_text(text)
        pids = [pid for a in candidates for pid in index.by_article.get(a, []) if mask[index.position[pid]]]
        if not pids or not focus:
            return []
        whole = self.store.similarities(vector=vector, ids=pids)
        asked = self.store.similarities(vector=self.store.embed_query(query=focus), ids=pids)
        best: dict[str, tuple[float, str]] = {}
        for pid in pids:
            value = (whole.get(pid, 0.0) + asked.get(pid, 0.0)) / 2
            article = index.article(pid)
            if article not in best or value > best[article][0]:
                best[article] = (value, pid)
        ranked = sorted(best, key=lambda a: -best[a][0])
        return [([best[a][1] for a in ranked], self.config.rerank_weight)]

    def sections(self, *, query: str, source_paths: Sequence[str], plan: str | None = None,
                 locale: str | None = None) -> list[RetrievedPassage]:
        """Return every allowed content passage of the given articles, in article order, with its similarity."""
        index = self._refresh()
        mask = index.allowed(plan=plan, locale=locale, today=self.today())
        pids = [pid for path in source_paths for pid in index.by_article.get(path, [])
                if mask[index.position[pid]] and not index.is_summary(pid)]
        text = clean_query(query) if self.config.clean_query else query.strip()
        if not pids or not text:
            return []
        similarity = self.store.similarities(vector=self.store.embed_query(query=text), ids=pids)
        return [self._result(index, pid, 0.0, similarity.get(pid, 0.0)) for pid in pids]

    def _rankings(self, *, index: PassageIndex, text: str, vector: Sequence[float], mask: np.ndarray,
                  searches: Searches, named: Named | None = None) -> tuple[list[Ranking], dict[str, float]]:
        """Return the weighted passage rankings of the configured method, and the dense similarities.

        ``named`` receives each ranking with its scores under its name (dense, summaries, lexical).
        """
        named = {} if named is None else named
        rankings: list[tuple[list[str], float]] = []
        dense: dict[str, float] = {}
        if self.config.method in ("hybrid", "dense"):
            if text not in searches:
                searches[text] = self.store.dense_search(query=text, n=self.config.pool * 4, vector=vector,
                                                         only_current=index.has_stale, total=index.stored)
            dense, summaries = self._dense(index=index, found=searches[text], mask=mask)
            named["dense"] = list(dense.items())
            named["summaries"] = [(pid, 0.0) for pid in summaries]
            rankings.append((list(dense), self.config.dense_weight))
            if self.config.summary_weight:
                rankings.append((summaries, self.config.summary_weight))
        if self.config.method in ("hybrid", "bm25"):
            lexical = index.lexical.search(query=text, n=self.config.pool, mask=mask & index.content)
            named["lexical"] = lexical
            rankings.append(([pid for pid, _ in lexical], self.config.lexical_weight))
        return rankings, dense

    def _dense(self, *, index: PassageIndex, found: list[tuple[str, float]],
               mask: np.ndarray) -> tuple[dict[str, float], list[str]]:
        """Return the nearest allowed content passages (id -> similarity) and article summaries, best first."""
        allowed = [(pid, sim) for pid, sim in found if pid in index.position and mask[index.position[pid]]]
        content = [(pid, sim) for pid, sim in allowed if not index.is_summary(pid)]
        summaries = [pid for pid, _ in allowed if index.is_summary(pid)]
        return dict(content[:self.config.pool]), summaries[:self.config.pool]

    def _upgrade_rankings(self, *, index: PassageIndex, text: str, vector: Sequence[float], mask: np.ndarray,
                          searches: Searches) -> list[Ranking]:
        """Rank the plan overview for the feature when the best match overall is above the customer's plan.

        A customer asking about a feature their plan lacks is answered from the article that compares
        plans (the one with most passages naming several plans); the gated article's title and plan
        pick its best passage.
        """
        everything = np.ones_like(mask)
        rankings, _ = self._rankings(index=index, text=text, vector=vector, mask=everything, searches=searches)
        order, _, _ = fuse_articles(rankings=rankings, article_of=_article_of(index, rankings), rrf_k=self.config.rrf_k)
        gated = [pid for pid in index.by_article.get(order[0], []) if not mask[index.position[pid]]] if order else []
        if not gated:
            return []
        meta = index.docs[gated[0]][1]
        hint = f"{meta['title']} {required_plan(min_plan=meta.get('min_plan', ''), plans=meta.get('plans', ''))} plan"
        hint_rankings, _ = self._rankings(index=index, text=hint, vector=self.store.embed_query(query=hint),
                                          mask=index.plan_overview(mask=mask), searches=searches)
        return [(ranking, weight * self.config.upgrade_weight) for ranking, weight in hint_rankings]

    def _build(self, *, index: PassageIndex, rankings: list[tuple[list[str], float]], dense: dict[str, float],
               vector: Sequence[float], mask: np.ndarray, k: int, order: list[str] | None = None,
               nearest: dict[str, float] | None = None) -> Retrieval:
        """Fuse the rankings (or take ``order``), keep the best content passages per article with their similarities.

        ``nearest``: per article, the similarity of the nearest answered ticket that voted for it; at
        ``answered.CONFIDENT`` or more the article is ``confirmed``, a confident answer on its own.
        """
        nearest = nearest or {}
        fused, article_score, passage_score = fuse_articles(
            rankings=rankings, article_of=_article_of(index, rankings), rrf_k=self.config.rrf_k)
        order = order or fused
        by_article: dict[str, list[str]] = defaultdict(list)
        for pid in sorted(passage_score, key=lambda p: -passage_score[p]):
            if not index.is_summary(pid):
                by_article[index.article(pid)].append(pid)
        chosen: list[tuple[str, str]] = []
        for article in order:
            first = index.first_allowed(article=article, mask=mask)
            pids = by_article.get(article) or ([first] if first else [])
            chosen += [(article, pid) for pid in pids[:self.config.per_article]]
            if len(chosen) >= k:
                break
        chosen = chosen[:k]
        missing = [pid for _, pid in chosen if pid not in dense]
        similarity = {**dense, **self.store.similarities(vector=vector, ids=missing)}
        results = [self._result(index, pid, article_score[a], similarity.get(pid, 0.0),
                                confirmed=nearest.get(a, 0.0) >= CONFIDENT) for a, pid in chosen]
        strong = any(r.similarity >= self.min_similarity or r.confirmed for r in results)
        return Retrieval(results=results, weak=not strong)

    @staticmethod
    def _result(index: PassageIndex, pid: str, score: float, similarity: float,
                confirmed: bool = False) -> RetrievedPassage:
        """Build one result from the indexed passage."""
        text, meta = index.docs[pid]
        return RetrievedPassage(
            source_path=meta["source_path"], title=meta["title"], section=meta["section"], chunk=text,
            score=round(score, 6), similarity=round(similarity, 4), article_hash=meta["article_hash"],
            passage_id=pid, min_plan=meta.get("min_plan") or None, confirmed=confirmed,
        )

    def _refresh(self) -> PassageIndex:
        """Return the in-memory index, rebuilt when the store's content changed."""
        stamp = self.stamp_path.read_text() if self.stamp_path and self.stamp_path.exists() else ""
        fingerprint = (self.store.count(), stamp)
        with self._lock:
            if fingerprint != self._fingerprint:
                self._answered = self.store.answered()
                rows = self.store.all_passages()
                if len(rows) < fingerprint[0]:
                    log.warning("%d passages were made by another chunking or embedder and are not searched; "
                                "run draftgate ingest again", fingerprint[0] - len(rows))
                self._index = PassageIndex(rows=rows, has_stale=len(rows) < fingerprint[0], stored=fingerprint[0])
                self._fingerprint = fingerprint
            return self._index


def _article_of(index: PassageIndex, rankings: Sequence[tuple[Sequence[str], float]]) -> dict[str, str]:
    """Return passage id -> article path for every passage in the rankings."""
    return {pid: index.article(pid) for ranking, _ in rankings for pid in ranking}
