"""Measure retrieval: recall@1, recall@5 and MRR per method on the labelled ticket sets.

    .venv/bin/python evals/retrieval.py                      # both sets, all methods, ONNX embedder
    .venv/bin/python evals/retrieval.py --embedder torch     # the same with the torch embedder
    .venv/bin/python evals/retrieval.py --max-tokens 128     # ONNX embedding only the first 128 tokens
    .venv/bin/python evals/retrieval.py --split holdout      # only the held-out half of each set
    .venv/bin/python evals/retrieval.py --calibrate          # also pick the "no good answer" threshold
    .venv/bin/python evals/retrieval.py --misses             # also list the tickets the kept method misses

Sets: ``tests/data/retrieval_sample.jsonl`` (the bundled sample help center) and
``tests/data/retrieval_plausible.jsonl`` (Plausible's docs in ``../shared/data/helpcenter``).
A ticket is a hit at k when any of its ``relevant`` articles is among the first k distinct
articles retrieved. The query is what ``draftgate retrieve`` sends: the redacted conversation,
with the customer's plan and locale as filters. Methods:

- ``baseline``: what a user starts from: the raw article files cut into fixed 1,000-character
  chunks (200 overlap), MiniLM vectors in Chroma, no BM25; only the plan filter of ours applied.
- ``dense``, ``bm25``: ``knowledge.retrieval.Retriever`` with that method.
- ``fused``: hybrid, the dense and lexical rankings fused, without the learned rerank (the kept method
  until 2026-12-03).
- ``hybrid``: the default: fused, then the first articles re-ordered by the learned rerank
  (``knowledge/rerank.py``).
- ``hybrid+answered``: the default with answered tickets stored (``draftgate ingest --answered``): the
  training sets of ``evals/rerank.py`` for the same help center, never the set being scored.
- ``hybrid+focus``: hybrid with the question-focus rerank (``RetrievalConfig.rerank_weight``) joining
  the fusion: the first 8 articles re-ranked by how well their passages meet the subject and question
  sentences.

Each set is split in two halves by a hash of the ticket id; "dev" is the half looked at while
tuning, "holdout" the half that was not. Embeddings are cached on disk per model (``--cache``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evals.retrieval_support import (  # noqa: E402
    CachingEmbedder,
    FixedChunkBaseline,
    calibrate,
    make_embedder,
)
from knowledge.ingest import ingest_folder  # noqa: E402
from knowledge.retrieval import RetrievalConfig, Retriever  # noqa: E402
from knowledge.store import PassageStore  # noqa: E402

DATA = ROOT / "tests" / "data"
SETS = {
    "sample": (DATA / "retrieval_sample.jsonl", ROOT / "cli" / "demo_data" / "helpcenter"),
    "plausible": (DATA / "retrieval_plausible.jsonl", ROOT.parent / "shared" / "data" / "helpcenter" / "articles"),
    # written after the method froze; scored once, first run in docs/quality-retrieval.md; never tuned on
    "plausible_b": (DATA / "retrieval_plausible_b.jsonl", ROOT.parent / "shared" / "data" / "helpcenter" / "articles"),
    # the fresh closed tickets of the replay's first run (docs/quality-replay.md); tickets the docs do not answer
    # (no relevant article) are left out
    "closed_b": (ROOT / "evals" / "data" / "closed_plausible_b.jsonl",
                 ROOT.parent / "shared" / "data" / "helpcenter" / "articles"),
    # written after the learned rerank and answered tickets froze (50d8c85); first run in docs/quality-retrieval.md
    "closed_c": (ROOT / "evals" / "data" / "closed_plausible_c.jsonl",
                 ROOT.parent / "shared" / "data" / "helpcenter" / "articles"),
    # written after drafting froze again (db2dd19); first run in docs/quality-retrieval.md
    "closed_d": (ROOT / "evals" / "data" / "closed_plausible_d.jsonl",
                 ROOT.parent / "shared" / "data" / "helpcenter" / "articles"),
}
UNANSWERABLE = DATA / "retrieval_unanswerable.jsonl"
METHODS = ("baseline", "dense", "bm25", "fused", "hybrid", "hybrid+answered", "hybrid+focus")
TODAY = dt.date(2026, 11, 23)
DEPTH = 10


class Case(NamedTuple):
    """One labelled ticket."""

    id: str
    query: str
    plan: str | None
    locale: str | None
    relevant: frozenset[str]


class Scores(NamedTuple):
    """Recall@1, recall@5 and MRR@10 over a set of tickets."""

    n: int
    r1: float
    r5: float
    mrr: float


def load_cases(*, path: Path, split: str, redact: bool = True) -> list[Case]:
    """Read a labelled set; keep the tickets of ``split`` (dev, holdout or all)."""
    redactor = _redactor() if redact else (lambda text: text)
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if (split != "all" and half(row["id"]) != split) or not row.get("relevant", True):
            continue
        customer = row.get("customer") or {}
        text = "\n\n".join(p for p in (row.get("subject", "").strip(), row.get("body", "").strip()) if p)
        cases.append(Case(id=row["id"], query=redactor(text), plan=customer.get("plan"),
                          locale=customer.get("locale"), relevant=frozenset(row.get("relevant", []))))
    return cases


def half(case_id: str) -> str:
    """Return the fixed half (dev or holdout) a ticket id belongs to."""
    return "dev" if hashlib.sha256(case_id.encode()).digest()[0] % 2 == 0 else "holdout"


def score(*, rankings: Sequence[Sequence[str]], cases: Sequence[Case]) -> Scores:
    """Score article rankings against the labels."""
    r1 = r5 = rr = 0.0
    for ranking, case in zip(rankings, cases, strict=True):
        rank = next((i for i, path in enumerate(ranking[:DEPTH]) if path in case.relevant), None)
        r1 += rank == 0
        r5 += rank is not None and rank < 5
        rr += 0.0 if rank is None else 1.0 / (rank + 1)
    n = len(cases)
    return Scores(n=n, r1=r1 / n, r5=r5 / n, mrr=rr / n)


def distinct_articles(paths: Sequence[str]) -> list[str]:
    """Return article paths in first-seen order without repeats."""
    return list(dict.fromkeys(paths))


def retriever_ranker(*, retriever: Retriever) -> Callable[[Case], list[str]]:
    """Return a function that ranks articles for a case with a Retriever."""

    def rank(case: Case) -> list[str]:
        found = retriever.retrieve(query=case.query, k=DEPTH * 3, plan=case.plan, locale=case.locale)
        return distinct_articles([r.source_path for r in found.results])

    return rank


def baseline_ranker(*, baseline: FixedChunkBaseline) -> Callable[[Case], list[str]]:
    """Return a function that ranks articles for a case with the fixed-chunk baseline."""

    def rank(case: Case) -> list[str]:
        return baseline.rank(query=case.query, plan=case.plan, depth=DEPTH)

    return rank


def open_corpus(*, corpus: Path, embedder: Any, workdir: Path) -> PassageStore:
    """Ingest a corpus into a fresh embedded Chroma store under ``workdir``."""
    store = PassageStore.open(path=workdir / "chroma", url=None, collection="eval", embedder=embedder)
    ingest_folder(root=corpus, store=store, today=TODAY)
    return store


def evaluate_set(*, name: str, split: str, embedder: Any, methods: Sequence[str], workdir: Path,
                 misses: bool) -> dict[str, Scores]:
    """Return the scores of each method on one labelled set."""
    path, corpus = SETS[name]
    cases = load_cases(path=path, split=split)
    store = open_corpus(corpus=corpus, embedder=embedder, workdir=workdir / name)
    out: dict[str, Scores] = {}
    for method in methods:
        if method == "baseline":
            rank = baseline_ranker(baseline=FixedChunkBaseline(
                corpus=corpus, embedder=embedder, workdir=workdir / f"{name}-baseline", today=TODAY))
        elif method == "hybrid+answered":
            from evals.rerank import TRAIN, retriever_with

            pool = [n for n in TRAIN if TRAIN[n][1] == corpus and n != name]
            rank = retriever_ranker(retriever=retriever_with(store=store, pool=pool))
        else:
            config = {"hybrid+focus": RetrievalConfig(rerank_weight=1.0, learned_rerank=False),
                      "fused": RetrievalConfig(learned_rerank=False)}.get(method)
            store.clear_answered()
            rank = retriever_ranker(retriever=Retriever(store=store, min_similarity=0.0, today=lambda: TODAY,
                                                        method="hybrid" if method == "fused" else
                                                        method.split("+")[0],  # type: ignore[arg-type]
                                                        config=config))
        rankings = [rank(case) for case in cases]
        out[method] = score(rankings=rankings, cases=cases)
        if misses and method == methods[-1]:
            _print_misses(name=name, cases=cases, rankings=rankings)
    return out


def calibration(*, names: Sequence[str], embedder: Any, workdir: Path) -> str:
    """Return the weak-threshold table over the labelled sets and the unanswerable tickets."""
    runs = []
    for name in names:
        path, corpus = SETS[name]
        retriever = Retriever(store=open_corpus(corpus=corpus, embedder=embedder, workdir=workdir / name),
                              min_similarity=0.0, today=lambda: TODAY)
        off_topic = [c for c in load_cases(path=UNANSWERABLE, split="all") if name in unanswerable_in(c.id)]
        runs.append((retriever, load_cases(path=path, split="all"), off_topic))
    return calibrate(runs=runs)


def unanswerable_in(case_id: str) -> list[str]:
    """Return the corpora in which an unanswerable ticket has no answer."""
    for line in UNANSWERABLE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if row.get("id") == case_id:
            return list(row.get("corpora") or SETS)
    return []


def _print_misses(*, name: str, cases: Sequence[Case], rankings: Sequence[Sequence[str]]) -> None:
    """Print each ticket whose first article is not relevant."""
    for case, ranking in zip(cases, rankings, strict=True):
        if not ranking or ranking[0] not in case.relevant:
            print(f"- {name} {case.id} want {sorted(case.relevant)} got {list(ranking[:5])}", file=sys.stderr)


def table(results: dict[str, dict[str, Scores]]) -> str:
    """Return the scores as a Markdown table."""
    lines = ["| set | method | tickets | recall@1 | recall@5 | MRR@10 |", "|---|---|---|---|---|---|"]
    for name, per_method in results.items():
        for method, s in per_method.items():
            lines.append(f"| {name} | {method} | {s.n} | {s.r1:.3f} | {s.r5:.3f} | {s.mrr:.3f} |")
    return "\n".join(lines)


def _redactor() -> Callable[[str], str]:
    """Return the product's redaction (what ``draftgate retrieve`` sends), or identity without it."""
    try:
        from agent.redaction import redact
    except ImportError:  # pragma: no cover - the agent package is part of the repo
        return lambda text: text
    return lambda text: redact(text=text).redacted


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation and print Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    parser.add_argument("--split", default="all", choices=("all", "dev", "holdout"))
    parser.add_argument("--embedder", default="onnx", choices=("onnx", "torch"))
    parser.add_argument("--max-tokens", type=int, default=256, help="ONNX only: embed the first N tokens")
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "eval-cache")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    embedder = CachingEmbedder(inner=make_embedder(args.embedder, max_tokens=args.max_tokens), cache_dir=args.cache)
    results: dict[str, dict[str, Scores]] = {}
    with tempfile.TemporaryDirectory(prefix="retrieval-eval-") as tmp:
        for name in args.sets:
            results[name] = evaluate_set(name=name, split=args.split, embedder=embedder, methods=args.methods,
                                         workdir=Path(tmp), misses=args.misses)
        print(f"embedder: {embedder.model_id}; split: {args.split}; today: {TODAY}\n")
        print(table(results))
        if args.calibrate:
            print()
            print(calibration(names=args.sets, embedder=embedder, workdir=Path(tmp)))
    embedder.save()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
