"""The in-memory side of retrieval: every searchable passage with its metadata, filters and BM25 index.

Built from the store once per ingest (the retriever rebuilds it when the store changes); all the
per-query filters are boolean arrays over the same passage order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from knowledge.lexical import LexicalIndex, indexed_text, tokenize
from knowledge.plans import compares_plans, plan_allows


class PassageIndex:
    """Passages of one index version: texts, metadata, filters and the lexical index."""

    def __init__(self, *, rows: Sequence[tuple[str, str, dict[str, Any]]], has_stale: bool = False,
                 stored: int | None = None) -> None:
        self.has_stale = has_stale  # the store also holds passages of another chunking or embedder
        self.stored = len(rows) if stored is None else stored  # passages in the store, of any index version
        self.ids = [pid for pid, _, _ in rows]
        self.position = {pid: i for i, pid in enumerate(self.ids)}
        self.docs = {pid: (text, meta) for pid, text, meta in rows}
        self.content = np.array([m.get("kind", "content") != "summary" for _, _, m in rows], dtype=bool)
        self.plan_text = np.array([compares_plans(t) for _, t, _ in rows], dtype=bool) & self.content
        self.by_article: dict[str, list[str]] = {}
        for pid, _, meta in rows:
            if meta.get("kind", "content") != "summary":
                self.by_article.setdefault(meta["source_path"], []).append(pid)
        for pids in self.by_article.values():
            pids.sort(key=_passage_number)
        self.summary_of = {m["source_path"]: pid for pid, _, m in rows if m.get("kind", "content") == "summary"}
        self._titles: dict[str, frozenset[str]] = {}
        self._names: dict[str, frozenset[str]] = {}
        self.lexical = LexicalIndex(ids=self.ids, texts=[indexed_text(text=t, meta=m) for _, t, m in rows])
        self._locales = {m.get("locale", "en").split("-")[0] for _, _, m in rows}
        self._masks: dict[tuple[str, str, str], np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def article(self, pid: str) -> str:
        """Return the article path of a passage."""
        return str(self.docs[pid][1]["source_path"])

    def title_words(self, article: str) -> frozenset[str]:
        """Return the stemmed words of an article's title (cached)."""
        if article not in self._titles:
            pids = self.by_article.get(article) or [self.summary_of.get(article, "")]
            title = str(self.docs[pids[0]][1].get("title") or "") if pids[0] in self.docs else ""
            self._titles[article] = frozenset(tokenize([title])[0])
        return self._titles[article]

    def named_words(self, article: str) -> frozenset[str]:
        """Return the stemmed words of an article's title and section headings (cached)."""
        if article not in self._names:
            sections = {str(self.docs[pid][1].get("section") or "") for pid in self.by_article.get(article, [])}
            words = tokenize([" ".join(s.replace(" > ", " ") for s in sorted(sections))])[0]
            self._names[article] = self.title_words(article) | frozenset(words)
        return self._names[article]

    def is_summary(self, pid: str) -> bool:
        """Return whether a passage is an article's summary (ranked, never quoted)."""
        return not self.content[self.position[pid]]

    def allowed(self, *, plan: str | None, locale: str | None, today: dt.date | None = None) -> np.ndarray:
        """Return the plan, locale, approval and expiry filter over all passages (cached per plan, language, day).

        Approval and ``review_by`` are checked here, at retrieval, not only at ingest: an article
        whose review date passes stops answering customers the next day, without a re-ingest.
        """
        language = (locale or "").split("-")[0].split("_")[0].lower()
        day = (today or dt.date.today()).isoformat()
        key = ((plan or "").strip().lower(), language, day)
        if key not in self._masks:
            use_locale = bool(language) and language in self._locales
            self._masks[key] = np.array([
                plan_allows(customer_plan=key[0], min_plan=m.get("min_plan", ""), plans=m.get("plans", ""))
                and (not use_locale or m.get("locale", "en").split("-")[0] == language)
                and current(meta=m, day=day)
                for _, m in (self.docs[pid] for pid in self.ids)
            ], dtype=bool)
        return self._masks[key]

    def plan_overview(self, *, mask: np.ndarray) -> np.ndarray:
        """Return the passages of the allowed article that compares plans the most (none if no article does)."""
        counts: dict[str, int] = {}
        for i in np.flatnonzero(self.plan_text & mask):
            article = self.article(self.ids[i])
            counts[article] = counts.get(article, 0) + 1
        chosen = np.zeros(len(self.ids), dtype=bool)
        if counts:
            best = max(sorted(counts), key=lambda a: counts[a])
            chosen[[self.position[pid] for pid in self.by_article[best]]] = True
        allowed: np.ndarray = chosen & mask
        return allowed

    def first_allowed(self, *, article: str, mask: np.ndarray) -> str | None:
        """Return the article's first content passage that the mask allows."""
        return next((pid for pid in self.by_article.get(article, []) if mask[self.position[pid]]), None)


def current(*, meta: dict[str, Any], day: str) -> bool:
    """Return whether a passage's article is approved and not past its review date (ISO ``day``)."""
    review_by = str(meta.get("review_by") or "")[:10]
    return str(meta.get("status") or "approved") == "approved" and (not review_by or review_by >= day)


def _passage_number(pid: str) -> int:
    """Return the running number at the end of a passage id (``<hash>-<n>``)."""
    tail = pid.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0
