"""Embeddings through an OpenAI-compatible endpoint: batched, concurrent, retried, and an ingest that resumes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pytest

from agent.llm import OpenAIEmbedder
from agent.settings import Settings
from knowledge.ingest import ingest_folder
from knowledge.store import PassageStore
from tests.embeddings_stub import embeddings_stub, vector

TOPICS = ("export", "invoice", "password", "webhook", "archive", "calendar", "billing", "sso")


def write_help_center(root: Path, articles: int) -> None:
    """Write ``articles`` small approved articles of a few sections each."""
    for n in range(articles):
        topic = TOPICS[n % len(TOPICS)]
        sections = "\n\n".join(f"## Step {s} for {topic} {n}\n\nOpen settings, choose {topic} option {s} and save. "
                               f"This applies to workspace {n} and to every board in it." for s in range(4))
        path = root / topic / f"article-{n:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: How to {topic} ({n})\n---\n\nThis article explains {topic} number {n}.\n\n"
                        f"{sections}\n", encoding="utf-8")


def _embedder(url: str, tmp_path: Path, **changes: object) -> OpenAIEmbedder:
    settings = Settings(data_dir=tmp_path / "var", openai_base_url=url, embeddings="openai",  # type: ignore[call-arg]
                        embedding_model="stub-embed", _env_file=None)
    return OpenAIEmbedder(settings=settings.model_copy(update=changes))


def test_batches_go_out_concurrently_and_come_back_in_order(tmp_path: Path) -> None:
    texts = [f"passage number {n}" for n in range(300)]
    with embeddings_stub(latency_s=0.05, per_text_s=0.0) as (url, stats):
        vectors = _embedder(url, tmp_path, embedding_batch_size=32, embedding_concurrency=4).embed(texts)
    assert vectors == [pytest.approx(vector(t, 384), abs=1e-6) for t in texts]
    assert stats.requests == math.ceil(300 / 32) and stats.texts == 300
    assert stats.max_in_flight > 1, "requests overlap"


def test_failed_requests_are_retried(tmp_path: Path) -> None:
    texts = [f"text {n}" for n in range(100)]
    with embeddings_stub(latency_s=0.01, per_text_s=0.0, fail_every=3, fail_status=503) as (url, stats):
        vectors = _embedder(url, tmp_path, embedding_batch_size=20, model_max_retries=3).embed(texts)
    assert len(vectors) == 100 and vectors[7] == pytest.approx(vector("text 7", 384), abs=1e-6)
    assert stats.failures >= 1 and stats.texts == 100


class Interrupted(BaseException):
    """What a kill looks like to the ingest: nothing after it runs."""


class DiesAfter:
    """An embedder that passes ``calls`` calls to another, then dies like a killed process."""

    def __init__(self, inner: OpenAIEmbedder, calls: int) -> None:
        self.inner, self.calls, self.model_id = inner, calls, inner.model_id

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if self.calls == 0:
            raise Interrupted
        self.calls -= 1
        return self.inner.embed(texts)


def test_an_interrupted_ingest_resumes_where_it_stopped(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    write_help_center(root, 120)
    with embeddings_stub(latency_s=0.01, per_text_s=0.0) as (url, stats):
        embedder = _embedder(url, tmp_path, embedding_batch_size=64)
        dying = DiesAfter(embedder, calls=1)
        store = PassageStore.open(path=tmp_path / "chroma", url=None, collection="helpcenter", embedder=dying)  # type: ignore[arg-type]
        with pytest.raises(Interrupted):
            ingest_folder(root=root, store=store)
        stored = store.article_versions()
        assert 0 < len(stored) < 120, "the first group was stored before the kill"
        first_texts = stats.texts

        store = PassageStore.open(path=tmp_path / "chroma", url=None, collection="helpcenter", embedder=embedder)
        report = ingest_folder(root=root, store=store)
    assert len(report.unchanged) == len(stored) and len(report.added) == 120 - len(stored)
    assert stats.texts - first_texts == report.passages, "only the articles not stored were embedded again"
    assert len(store.article_versions()) == 120
