"""Parts of the retrieval evaluation: embedding cache, the fixed-chunk baseline, threshold calibration."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import chromadb
import numpy as np

from knowledge.articles import ArticleError, exclusion_reason, iter_article_files, load_article
from knowledge.embeddings import Embedder, LocalMiniLMOnnx, local_embedder
from knowledge.retrieval import Retriever, plan_allows

BASELINE_CHUNK = 1000
BASELINE_OVERLAP = 200


def make_embedder(runtime: str, *, max_tokens: int = 256) -> Embedder:
    """Return the local embedder for ``runtime`` (onnx or torch); ONNX may use a shorter token window."""
    if runtime == "onnx" and max_tokens != 256:
        return LocalMiniLMOnnx(max_tokens=max_tokens)
    return local_embedder(runtime="torch" if runtime == "torch" else "onnx")


class CachingEmbedder:
    """An embedder that remembers vectors on disk by text, so reruns only embed what changed."""

    def __init__(self, *, inner: Embedder, cache_dir: Path) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.path = cache_dir / f"{inner.model_id}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            data = np.load(self.path)
            self.vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
        self.embedded = 0

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Return cached vectors, embedding the texts not seen before."""
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        todo = list(dict.fromkeys(i for i, k in enumerate(keys) if k not in self.vectors))
        if todo:
            fresh = self.inner.embed([texts[i] for i in todo])
            self.embedded += len(todo)
            for i, vector in zip(todo, fresh, strict=True):
                self.vectors[keys[i]] = np.asarray(vector, dtype=np.float32)
        return [self.vectors[k].tolist() for k in keys]

    def save(self) -> None:
        """Write the cache file."""
        if not self.vectors:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        np.savez(self.path, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))


def fixed_chunks(text: str, *, size: int = BASELINE_CHUNK, overlap: int = BASELINE_OVERLAP) -> list[str]:
    """Cut text into windows of ``size`` characters overlapping by ``overlap``."""
    step = size - overlap
    return [text[i:i + size] for i in range(0, max(len(text) - overlap, 1), step) if text[i:i + size].strip()]


class FixedChunkBaseline:
    """The plain start: raw article files in fixed-size chunks, MiniLM vectors in Chroma, dense only."""

    def __init__(self, *, corpus: Path, embedder: Embedder, workdir: Path, today: dt.date) -> None:
        self.embedder = embedder
        self.articles: dict[str, dict[str, str]] = {}
        client = chromadb.PersistentClient(path=str(workdir), settings=chromadb.Settings(anonymized_telemetry=False))
        self.collection = client.get_or_create_collection(name="baseline", metadata={"hnsw:space": "cosine"})
        ids, docs, metas = [], [], []
        for path in iter_article_files(corpus):
            try:
                article = load_article(path=path, root=corpus)
            except ArticleError:
                continue
            if exclusion_reason(article=article, today=today):
                continue
            self.articles[article.source_path] = {"min_plan": article.min_plan or "", "plans": "|".join(article.plans)}
            for i, chunk in enumerate(fixed_chunks(path.read_text(encoding="utf-8", errors="replace"))):
                ids.append(f"{article.source_path}#{i}")
                docs.append(chunk)
                metas.append({"source_path": article.source_path})
        for start in range(0, len(ids), 256):
            self.collection.add(ids=ids[start:start + 256], documents=docs[start:start + 256],
                                metadatas=metas[start:start + 256],  # type: ignore[arg-type]
                                embeddings=self.embedder.embed(docs[start:start + 256]))  # type: ignore[arg-type]

    def rank(self, *, query: str, plan: str | None, depth: int) -> list[str]:
        """Return distinct articles for ``query`` that the customer's plan allows, best first."""
        got = self.collection.query(query_embeddings=self.embedder.embed([query]), n_results=100,  # type: ignore[arg-type]
                                    include=["metadatas"])
        ranking: list[str] = []
        for meta in (got["metadatas"] or [[]])[0]:
            path = str(meta["source_path"])
            info = self.articles[path]
            if path not in ranking and plan_allows(customer_plan=plan, min_plan=info["min_plan"], plans=info["plans"]):
                ranking.append(path)
        return ranking[:depth]


def calibrate(*, runs: Sequence[tuple[Retriever, Sequence[Any], Sequence[Any]]]) -> str:
    """Return a Markdown table of how often each threshold flags answerable and off-topic tickets weak.

    ``runs`` holds, per corpus, its retriever, its labelled tickets and its unanswerable tickets.
    """
    answerable: list[tuple[float, bool]] = []
    off_topic: list[float] = []
    for retriever, cases, unanswerable in runs:
        for case in cases:
            found = retriever.retrieve(query=case.query, k=5, plan=case.plan, locale=case.locale)
            hit = bool(found.results) and found.results[0].source_path in case.relevant
            answerable.append((_confidence(found), hit))
        for case in unanswerable:
            found = retriever.retrieve(query=case.query, k=5, plan=case.plan, locale=case.locale)
            off_topic.append(_confidence(found))
    return _threshold_table(answerable=answerable, off_topic=off_topic)


def _confidence(found: Any) -> float:
    """Return the signal the weak flag is judged on: the best cosine similarity among the results."""
    return max((r.similarity for r in found.results), default=0.0)


def _threshold_table(*, answerable: list[tuple[float, bool]], off_topic: list[float]) -> str:
    """Return the share flagged weak per threshold, for answerable and off-topic tickets."""
    lines = [f"answerable runs: {len(answerable)}; off-topic runs: {len(off_topic)}", "",
             "| threshold | answerable flagged weak | answerable with a top-1 hit flagged weak |"
             " off-topic flagged weak |", "|---|---|---|---|"]
    hits = [c for c, hit in answerable if hit]
    for t in np.arange(0.20, 0.61, 0.025):
        lines.append(f"| {t:.3f} | {np.mean([c < t for c, _ in answerable]):.3f} | "
                     f"{np.mean([c < t for c in hits]):.3f} | {np.mean([c < t for c in off_topic]):.3f} |")
    return "\n".join(lines)
