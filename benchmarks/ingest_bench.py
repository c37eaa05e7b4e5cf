"""Benchmark ingestion: articles/s and chunks/s, cold and incremental, torch and ONNX side by side.

    .venv/bin/python benchmarks/ingest_bench.py                           # Plausible docs, ONNX
    .venv/bin/python benchmarks/ingest_bench.py --embedders torch onnx    # both (torch needs .[torch])
    .venv/bin/python benchmarks/ingest_bench.py --corpus cli/demo_data/helpcenter

Per embedder, in fresh Chroma folders: model load (import and first text), embedding alone on
the exact passages ingestion makes (one call), a cold ingest with one embedding call per article
(how ingestion worked before) and one with passages batched across articles (now), a re-ingest
of the unchanged folder, and a re-ingest after one article changed. Wall-clock seconds and process
CPU seconds are both printed: on a shared machine the CPU figure is the steadier one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge import ingest  # noqa: E402
from knowledge.chunking import chunk_article, summary_passage  # noqa: E402
from knowledge.embeddings import Embedder, local_embedder  # noqa: E402
from knowledge.ingest import ingest_folder, load_retrievable  # noqa: E402
from knowledge.store import PassageStore, embedding_text  # noqa: E402

PLAUSIBLE = ROOT.parent / "shared" / "data" / "helpcenter" / "articles"
TODAY = dt.date(2026, 11, 23)


def cpu_seconds() -> float:
    """Return the CPU time this process used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(work: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run ``work``; return (its result, wall seconds, CPU seconds)."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = work()
    return result, time.perf_counter() - wall, cpu_seconds() - cpu


def passage_texts(*, corpus: Path) -> list[str]:
    """Return the texts ingestion embeds for the corpus, in ingestion order."""
    texts = []
    for article in load_retrievable(root=corpus, today=TODAY).values():
        passages = [*chunk_article(article=article), summary_passage(article=article)]
        texts += [embedding_text(p) for p in passages]
    return texts


def bench_embedder(*, name: str, corpus: Path, workdir: Path) -> list[tuple[str, str, float, float, str]]:
    """Return (embedder, step, wall s, CPU s, rate) rows for one embedder."""
    embedder: Embedder = local_embedder(runtime="torch" if name == "torch" else "onnx")
    texts = passage_texts(corpus=corpus)
    rows = []
    _, wall, cpu = timed(lambda: embedder.embed(["warm up the model"]))
    rows.append((name, "load model + first text", wall, cpu, ""))
    _, wall, cpu = timed(lambda: embedder.embed(texts))
    rows.append((name, f"embed {len(texts)} passages", wall, cpu, f"{len(texts) / wall:.1f} chunks/s"))
    root = workdir / "kb"
    shutil.copytree(corpus, root)
    for group, label in ((1, "one embedding call per article, as before"), (ingest.EMBED_GROUP, "batched")):
        store = PassageStore.open(path=workdir / f"chroma-{group}", url=None, collection="bench", embedder=embedder)
        cold, wall, cpu = timed(lambda g=group, s=store: _ingest(root=root, store=s, group=g))
        articles = len(cold.added)
        rows.append((name, f"cold ingest ({label}): {articles} articles, {cold.passages} passages", wall, cpu,
                     f"{articles / wall:.2f} articles/s, {cold.passages / wall:.1f} chunks/s"))
    _, wall, cpu = timed(lambda: ingest_folder(root=root, store=store, today=TODAY))
    rows.append((name, "re-ingest, nothing changed", wall, cpu, f"{articles / wall:.0f} articles/s"))
    changed = root / sorted(cold.added)[articles // 2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\n## Benchmark note\n\nOne more paragraph.\n")
    report, wall, cpu = timed(lambda: ingest_folder(root=root, store=store, today=TODAY))
    rows.append((name, f"re-ingest, 1 article changed ({report.passages} passages)", wall, cpu,
                 f"{articles / wall:.1f} articles/s"))
    return rows


def _ingest(*, root: Path, store: PassageStore, group: int) -> Any:
    """Ingest with ``group`` passages per embedding call (1: one call per article)."""
    default, ingest.EMBED_GROUP = ingest.EMBED_GROUP, group
    try:
        return ingest_folder(root=root, store=store, today=TODAY)
    finally:
        ingest.EMBED_GROUP = default


def table(rows: Sequence[tuple[str, str, float, float, str]]) -> str:
    """Return the rows as a Markdown table."""
    lines = ["| embedder | step | wall s | CPU s | rate (wall) |", "|---|---|---|---|---|"]
    lines += [f"| {e} | {step} | {wall:.2f} | {cpu:.2f} | {rate} |" for e, step, wall, cpu, rate in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ingestion benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=PLAUSIBLE)
    parser.add_argument("--embedders", nargs="+", default=["onnx"], choices=["torch", "onnx"])
    args = parser.parse_args(argv)
    rows = []
    for name in args.embedders:
        with tempfile.TemporaryDirectory(prefix=f"ingest-bench-{name}-") as tmp:
            rows += bench_embedder(name=name, corpus=args.corpus, workdir=Path(tmp))
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
