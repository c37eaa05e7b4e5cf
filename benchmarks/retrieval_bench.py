"""Benchmark retrieval latency (p50/p95) at 1k, 10k and 50k passages.

    .venv/bin/python benchmarks/retrieval_bench.py                       # 1k, 10k, 50k; ONNX embedder
    .venv/bin/python benchmarks/retrieval_bench.py --sizes 1000 10000    # fewer sizes
    .venv/bin/python benchmarks/retrieval_bench.py --embedder torch

The store is filled with the real passages of both help centers (sample and Plausible), then
with synthetic passages made by perturbing real ones: words dropped and sentences shuffled for
the text (what BM25 sees), the real passage's vector plus Gaussian noise, renormalised, for the
embedding (what Chroma searches). Embedding 50k texts would take about an hour on two cores and
latency does not depend on which text a vector came from, only on how many there are.
Queries are the 155 labelled tickets (redacted like ``draftgate retrieve``), each with its
customer's plan; the query embedding is part of every timed call.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evals.retrieval import SETS, load_cases  # noqa: E402
from evals.retrieval_support import CachingEmbedder  # noqa: E402
from knowledge.chunking import Passage, chunk_article, summary_passage  # noqa: E402
from knowledge.embeddings import Embedder, local_embedder  # noqa: E402
from knowledge.ingest import load_retrievable  # noqa: E402
from knowledge.retrieval import RetrievalConfig, Retriever  # noqa: E402
from knowledge.store import PassageStore, embedding_text  # noqa: E402

TODAY = dt.date(2026, 11, 23)
NOISE = 0.02


class SyntheticEmbedder:
    """Embeds queries with the model, real passages through a cache, synthetic ones as noisy copies."""

    def __init__(self, *, inner: Embedder, passages: Embedder, seed: int = 7) -> None:
        self.inner = inner
        self.passages = passages
        self.model_id = inner.model_id
        self.known: dict[str, np.ndarray] = {}
        self.base_of: dict[str, str] = {}
        self.rng = np.random.default_rng(seed)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Return model vectors for new texts and perturbed vectors for synthetic ones."""
        fresh = [t for t in texts if t not in self.known and t not in self.base_of]
        # queries (and answered tickets) are embedded on every call, as in use: never remembered
        asked = dict(zip(fresh, self.inner.embed(fresh) if fresh else [], strict=True))
        out = []
        for text in texts:
            if text in asked:
                out.append(list(asked[text]))
            elif text not in self.known:
                noisy = self.known[self.base_of[text]] + self.rng.normal(0, NOISE, 384).astype(np.float32)
                out.append((noisy / np.linalg.norm(noisy)).tolist())
            else:
                out.append(self.known[text].tolist())
        return out


def real_passages() -> tuple[list[Passage], dict[str, dict[str, object]]]:
    """Return every passage of both help centers, and per-article filter metadata."""
    passages: list[Passage] = []
    meta: dict[str, dict[str, object]] = {}
    for name in ("sample", "plausible"):
        for article in load_retrievable(root=SETS[name][1], today=TODAY).values():
            source = f"{name}/{article.source_path}"
            for p in [*chunk_article(article=article), summary_passage(article=article)]:
                update = {"source_path": source, "passage_id": f"{name}-{p.passage_id}"}
                passages.append(p.model_copy(update=update))
            meta[source] = {"plans": article.plans, "locale": article.locale, "description": article.description}
    return passages, meta


def perturb(*, passage: Passage, n: int, rng: random.Random) -> Passage:
    """Return a synthetic passage: the real one with words dropped and sentences shuffled."""
    sentences = passage.text.split(". ")
    rng.shuffle(sentences)
    words = [w for w in ". ".join(sentences).split() if rng.random() > 0.15]
    article = f"synthetic/{n // 8}/{passage.source_path}"
    return passage.model_copy(update={"passage_id": f"syn-{n}", "source_path": article, "text": " ".join(words)})


def fill(*, store: PassageStore, embedder: SyntheticEmbedder, size: int) -> None:
    """Fill the store with the real passages, then synthetic ones up to ``size``."""
    passages, meta = real_passages()
    texts = [embedding_text(p) for p in passages]
    for text, vector in zip(texts, embedder.passages.embed(texts), strict=True):
        embedder.known[text] = np.asarray(vector, dtype=np.float32)
    rng = random.Random(11)
    synthetic = []
    for n in range(max(0, size - len(passages))):
        base = passages[n % len(passages)]
        fake = perturb(passage=base, n=n, rng=rng)
        embedder.base_of.setdefault(embedding_text(fake), embedding_text(base))
        meta.setdefault(fake.source_path, meta[base.source_path])
        synthetic.append(fake)
    everything = (passages + synthetic)[:size]
    for start in range(0, len(everything), 5000):
        store.add(passages=everything[start:start + 5000], article_meta=meta)


def bench_size(*, size: int, embedder: SyntheticEmbedder, workdir: Path, rounds: int,
               method: str = "hybrid") -> dict[str, float]:
    """Return build time and p50/p95 latency in ms for a store of ``size`` passages.

    ``method``: ``fused`` (no learned rerank), ``hybrid`` (the default) or ``hybrid+answered`` (the
    default with the Plausible training tickets stored as answered tickets, about 570).
    """
    store = PassageStore.open(path=workdir / f"chroma-{size}", url=None, collection="bench", embedder=embedder)
    start = time.perf_counter()
    if not store.count():
        fill(store=store, embedder=embedder, size=size)
    filled = time.perf_counter() - start
    store.clear_answered()
    if method == "hybrid+answered":
        from evals.rerank import TRAIN, answered_pool

        store.add_answered(tickets=answered_pool([n for n in TRAIN if TRAIN[n][1].name == "articles"]))
    retriever = Retriever(store=store, min_similarity=0.4,
                          config=RetrievalConfig(learned_rerank=method != "fused"))
    start = time.perf_counter()
    retriever.retrieve(query="warm up", k=5)
    index_build = time.perf_counter() - start
    cases = [c for name in SETS for c in load_cases(path=SETS[name][0], split="all")]
    timings = []
    for _ in range(rounds):
        for case in cases:
            start = time.perf_counter()
            retriever.retrieve(query=case.query, k=5, plan=case.plan, locale=case.locale)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {"passages": store.count(), "fill_s": filled, "index_s": index_build, "queries": len(timings),
            "p50": statistics.median(timings), "p95": timings[int(0.95 * (len(timings) - 1))]}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the latency benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 50000])
    parser.add_argument("--embedder", default="onnx", choices=["onnx", "torch"])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--methods", nargs="+", default=["hybrid"], choices=["fused", "hybrid", "hybrid+answered"])
    args = parser.parse_args(argv)
    model = local_embedder(runtime="torch" if args.embedder == "torch" else "onnx")
    cache = CachingEmbedder(inner=model, cache_dir=ROOT / "var" / "eval-cache")  # real passages embed once
    embedder = SyntheticEmbedder(inner=model, passages=cache)
    print(f"embedder: {embedder.model_id}\n")
    print("| passages | method | fill store s | first query (index build) s | queries | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="retrieval-bench-") as tmp:
        for size in args.sizes:
            for method in args.methods:
                r = bench_size(size=size, embedder=embedder, workdir=Path(tmp), rounds=args.rounds, method=method)
                print(f"| {r['passages']:,} | {method} | {r['fill_s']:.0f} | {r['index_s']:.1f} | {r['queries']} | "
                      f"{r['p50']:.0f} | {r['p95']:.0f} |", flush=True)
    cache.save()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
