"""The passage store: Chroma, embedded (``PersistentClient``) or a server (``HttpClient``).

Chroma is the single source of truth for what is ingested: each passage carries its article's
``source_path`` and ``article_hash``, so the ingested versions are read back from the store
itself and an interrupted ingest is simply finished by the next one.

Each passage also records the ``index_version``: the chunking version and the embedder's
``model_id``. Vectors of two embedders are never compared: a passage from another index version
counts as stale, is never searched, and is re-chunked and re-embedded by the next ingest.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from knowledge.answered import SEPARATOR, AnsweredIndex, AnsweredTicket
from knowledge.chunking import CHUNKING_VERSION, Passage
from knowledge.embeddings import Embedder

_BATCH = 256
_PAGE = 5000
STALE = "stale"


class PassageStore:
    """Passages of approved articles with their embeddings and metadata."""

    def __init__(self, *, client: Any, collection: str, embedder: Embedder) -> None:
        self.embedder = embedder
        self.index_version = f"{CHUNKING_VERSION}/{embedder.model_id}"
        self._collection = client.get_or_create_collection(
            name=collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )
        self._answered = client.get_or_create_collection(
            name=f"{collection}-answered", metadata={"hnsw:space": "cosine"}, embedding_function=None
        )

    @classmethod
    def open(cls, *, path: Path | None, url: str | None, collection: str, embedder: Embedder) -> PassageStore:
        """Open the store at a Chroma server URL if given, else in a local folder."""
        settings = ChromaSettings(anonymized_telemetry=False)
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
        """Return ``source_path -> article_hash`` of every stored article; ``stale`` for another index version."""
        versions: dict[str, str] = {}
        for _, _, meta in self._get_all(include=["metadatas"]):
            path = str(meta["source_path"])
            current = meta.get("index_version") == self.index_version
            if not current or versions.get(path, meta["article_hash"]) != meta["article_hash"]:
                versions[path] = STALE
            else:
                versions.setdefault(path, str(meta["article_hash"]))
        return versions

    def embed_passages(self, *, passages: Sequence[Passage]) -> list[list[float]]:
        """Return the vectors this store would give the passages."""
        return self.embedder.embed([embedding_text(p) for p in passages]) if passages else []

    def add(self, *, passages: Sequence[Passage], article_meta: dict[str, dict[str, Any]],
            vectors: Sequence[Sequence[float]] | None = None) -> None:
        """Store passages, embedding them unless ``vectors`` (from ``embed_passages``) are given."""
        if vectors is not None and len(vectors) != len(passages):
            raise ValueError(f"{len(vectors)} vectors for {len(passages)} passages")
        for start in range(0, len(passages), _BATCH):
            batch = passages[start:start + _BATCH]
            given = vectors[start:start + _BATCH] if vectors is not None else None
            embeddings = [list(v) for v in given] if given is not None else self.embed_passages(passages=batch)
            self._collection.upsert(
                ids=[p.passage_id for p in batch],
                embeddings=embeddings,
                documents=[p.text for p in batch],
                metadatas=[self._metadata(p, article_meta.get(p.source_path, {})) for p in batch],
            )

    def add_answered(self, *, tickets: Sequence[AnsweredTicket]) -> None:
        """Store answered tickets (by id: a ticket stored again replaces the earlier one) with their vectors."""
        for start in range(0, len(tickets), _BATCH):
            batch = tickets[start:start + _BATCH]
            self._answered.upsert(
                ids=[t.id for t in batch], embeddings=self.embedder.embed([t.text for t in batch]),
                documents=[t.text for t in batch],
                metadatas=[{"articles": SEPARATOR.join(t.articles), "index_version": self.index_version}
                           for t in batch],
            )

    def answered_count(self) -> int:
        """Return the number of stored answered tickets."""
        return int(self._answered.count())

    def answered(self) -> AnsweredIndex:
        """Return every answered ticket of this embedder with its vector (others were embedded by another model)."""
        vectors: list[Sequence[float]] = []
        articles: list[list[str]] = []
        while True:
            got = self._answered.get(include=["embeddings", "metadatas"], where={"index_version": self.index_version},
                                     limit=_PAGE, offset=len(articles))
            found = got["embeddings"] if got["embeddings"] is not None else []
            vectors += [list(v) for v in found]
            articles += [str(m["articles"]).split(SEPARATOR) for m in got["metadatas"] or []]
            if len(got["ids"]) < _PAGE:
                return AnsweredIndex(vectors=vectors, articles=articles)

    def clear_answered(self) -> None:
        """Remove every answered ticket."""
        ids = self._answered.get(include=[])["ids"]
        if ids:
            self._answered.delete(ids=ids)

    def delete_article(self, *, source_path: str, keep_hash: str | None = None) -> None:
        """Remove an article's passages, except those of the version ``keep_hash`` in this index version."""
        where: dict[str, Any] = {"source_path": source_path}
        if keep_hash:
            where = {"$and": [where, {"$or": [{"article_hash": {"$ne": keep_hash}},
                                              {"index_version": {"$ne": self.index_version}}]}]}
        self._collection.delete(where=where)

    def all_passages(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Return every (id, text, metadata) of this index version, for the lexical index."""
        return self._get_all(include=["documents", "metadatas"], where={"index_version": self.index_version})

    def stale_count(self) -> int:
        """Return how many stored passages belong to another chunking or embedder (re-ingest fixes them)."""
        return len(self._get_all(include=[], where={"index_version": {"$ne": self.index_version}}))

    def _get_all(self, *, include: list[str], where: dict[str, Any] | None = None) -> list[tuple[str, str, Any]]:
        """Return (id, document, metadata) of every matching passage, read in pages (SQLite limits one read)."""
        rows: list[tuple[str, str, Any]] = []
        while True:
            got = self._collection.get(include=include, where=where, limit=_PAGE, offset=len(rows))
            docs = got.get("documents") or [""] * len(got["ids"])
            metas = got.get("metadatas") or [{}] * len(got["ids"])
            rows += list(zip(got["ids"], docs, metas, strict=True))
            if len(got["ids"]) < _PAGE:
                return rows

    def embed_query(self, *, query: str) -> list[float]:
        """Return the query's vector from this store's embedder."""
        return self.embedder.embed([query])[0]

    def embed_queries(self, *, queries: Sequence[str]) -> list[list[float]]:
        """Return the vectors of several query texts, embedded in one batch."""
        return self.embedder.embed(list(queries)) if queries else []

    def dense_search(self, *, query: str, n: int, vector: Sequence[float] | None = None,
                     only_current: bool = True, total: int | None = None) -> list[tuple[str, float]]:
        """Return (passage id, cosine similarity) of the ``n`` nearest passages of this index version.

        ``only_current=False`` skips the index-version filter (a faster search) when the caller knows
        that no passage of another chunking or embedder is stored; ``total``, the number of stored
        passages when the caller has just counted them (the retriever does, per query), saves a count.
        """
        total = self.count() if total is None else total
        if total == 0:
            return []
        vector = self.embed_query(query=query) if vector is None else vector
        where = {"index_version": self.index_version} if only_current else None
        got = self._collection.query(query_embeddings=[list(vector)], n_results=min(n, total), include=["distances"],
                                     where=where)
        return [(pid, 1.0 - float(d)) for pid, d in zip(got["ids"][0], (got["distances"] or [[]])[0], strict=True)]

    def vectors(self, *, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Return the stored vector of each given passage (ids not stored are left out)."""
        if not ids:
            return {}
        got = self._collection.get(ids=list(dict.fromkeys(ids)), include=["embeddings"])
        found = got["embeddings"]
        if found is None or len(found) == 0:
            return {}
        return {pid: np.asarray(v, dtype=np.float32) for pid, v in zip(got["ids"], found, strict=True)}

    def similarities(self, *, vector: Sequence[float], ids: Sequence[str]) -> dict[str, float]:
        """Return the cosine similarity of the query vector to each given passage."""
        if not ids:
            return {}
        got = self._collection.get(ids=list(ids), include=["embeddings"])
        found = got["embeddings"]
        if found is None or len(found) == 0:
            return {}
        sims = np.asarray(found, dtype=np.float32) @ np.asarray(vector, dtype=np.float32)
        return {pid: float(s) for pid, s in zip(got["ids"], sims, strict=True)}

    def _metadata(self, passage: Passage, article: dict[str, Any]) -> dict[str, Any]:
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
            "description": article.get("description") or "",
            "review_by": str(article.get("review_by") or "")[:10],
            "status": article.get("status") or "approved",
            "kind": passage.kind,
            "index_version": self.index_version,
            "embedder": self.embedder.model_id,
        }


def embedding_text(passage: Passage) -> str:
    """Return what is embedded for a passage: title and section path give the vector its topic."""
    if passage.kind == "summary":
        return passage.text
    return f"{passage.title} — {passage.section}\n{passage.text}"
