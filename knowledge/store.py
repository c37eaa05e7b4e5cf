"""The passage store: Chroma, embedded (``PersistentClient``) or a server (``HttpClient``).

Chroma is the single source of truth for what is ingested: each passage carries its article's
``source_path`` and ``article_hash``, so the ingested versions are read back from the store
itself and an interrupted ingest is simply finished by the next one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb

from knowledge.chunking import Passage
from knowledge.embeddings import Embedder

_BATCH = 256


class PassageStore:
    """Passages of approved articles with their embeddings and metadata."""

    def __init__(self, *, client: Any, collection: str, embedder: Embedder) -> None:
        self.embedder = embedder
        self._collection = client.get_or_create_collection(
            name=collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )

    @classmethod
    def open(cls, *, path: Path | None, url: str | None, collection: str, embedder: Embedder) -> PassageStore:
        """Open the store at a Chroma server URL if given, else in a local folder."""
        settings = chromadb.Settings(anonymized_telemetry=False)
        if url:
            parts = urlparse(url)
            client: Any = chromadb.HttpClient(
                host=parts.hostname or "127.0.0.1", port=parts.port or 8000,
                ssl=parts.scheme == "https", settings=settings,
            )
        else:
            assert path is not None, "a Chroma folder or URL is required"
            path.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(path), settings=settings)
        return cls(client=client, collection=collection, embedder=embedder)

    def count(self) -> int:
        """Return the number of stored passages."""
        return int(self._collection.count())

    def article_versions(self) -> dict[str, str]:
        """Return ``source_path -> article_hash`` of every stored article."""
        got = self._collection.get(include=["metadatas"])
        return {m["source_path"]: m["article_hash"] for m in got["metadatas"] or []}

    def add(self, *, passages: Sequence[Passage], article_meta: dict[str, dict[str, Any]]) -> None:
        """Embed and store passages; ``article_meta`` adds per-article filter metadata."""
        for start in range(0, len(passages), _BATCH):
            batch = passages[start:start + _BATCH]
            vectors = self.embedder.embed([_embedding_text(p) for p in batch])
            self._collection.upsert(
                ids=[p.passage_id for p in batch],
                embeddings=vectors,  # type: ignore[arg-type]
                documents=[p.text for p in batch],
                metadatas=[_metadata(p, article_meta.get(p.source_path, {})) for p in batch],
            )

    def delete_article(self, *, source_path: str, keep_hash: str | None = None) -> None:
        """Remove an article's passages, except those of the version ``keep_hash``."""
        where: dict[str, Any] = {"source_path": source_path}
        if keep_hash:
            where = {"$and": [where, {"article_hash": {"$ne": keep_hash}}]}
        self._collection.delete(where=where)  # type: ignore[arg-type]

    def all_passages(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Return every (id, text, metadata) for the lexical index."""
        got = self._collection.get(include=["documents", "metadatas"])
        return list(zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True))  # type: ignore[arg-type]

    def dense_search(self, *, query: str, n: int) -> list[tuple[str, float]]:
        """Return (passage id, cosine similarity) of the ``n`` nearest passages."""
        total = self.count()
        if total == 0:
            return []
        vector = self.embedder.embed([query])[0]
        got = self._collection.query(query_embeddings=[vector], n_results=min(n, total), include=["distances"])
        return [(pid, 1.0 - float(d)) for pid, d in zip(got["ids"][0], (got["distances"] or [[]])[0], strict=True)]


def _embedding_text(passage: Passage) -> str:
    """Return what is embedded for a passage: title and section give the vector its topic."""
    return f"{passage.title} — {passage.section}\n{passage.text}"


def _metadata(passage: Passage, article: dict[str, Any]) -> dict[str, Any]:
    """Return the Chroma metadata of one passage (scalars only)."""
    return {
        "source_path": passage.source_path,
        "title": passage.title,
        "section": passage.section,
        "article_hash": passage.article_hash,
        "min_plan": passage.min_plan or "",
        "plans": "|".join(article.get("plans") or []),
        "locale": article.get("locale") or "en",
        "product_area": article.get("product_area") or "",
    }
