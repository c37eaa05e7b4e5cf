"""Train and measure the learned rerank of retrieval (``knowledge/rerank.py``).

    .venv/bin/python evals/rerank.py              # cross-validated figures per set, fused vs reranked
    .venv/bin/python evals/rerank.py --train      # also fit on every training set and write the model

Training sets: labelled tickets of two help centers (the bundled sample and Plausible's docs):
``TRAIN`` below. Features never name an article, so the model learns how the signals weigh, not
which article answers. Figures are cross-validated by *set*: each set is scored by a model fitted on
the other sets only (sets of the same help center written by other people included), so no ticket is
scored by a model that saw it. The fresh sets of ``evals/retrieval.py`` that are marked first-run are
never trained on.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evals.retrieval import TODAY, Case, load_cases, open_corpus  # noqa: E402
from evals.retrieval_support import CachingEmbedder, make_embedder  # noqa: E402
from knowledge.answered import AnsweredTicket  # noqa: E402
from knowledge.query import clean_query  # noqa: E402
from knowledge.rerank import FEATURES, MODEL_PATH, RerankModel, features, save_model  # noqa: E402
from knowledge.retrieval import RetrievalConfig, Retriever  # noqa: E402
from knowledge.store import PassageStore  # noqa: E402

DATA = ROOT / "tests" / "data"
WRITTEN = ROOT / "evals" / "data"
PLAUSIBLE = ROOT.parent / "shared" / "data" / "helpcenter" / "articles"
SAMPLE = ROOT / "cli" / "demo_data" / "helpcenter"
TRAIN = {
    "sample": (DATA / "retrieval_sample.jsonl", SAMPLE),
    "sample_written": (WRITTEN / "retrieval_train_sample.jsonl", SAMPLE),
    "plausible": (DATA / "retrieval_plausible.jsonl", PLAUSIBLE),
    "plausible_b": (DATA / "retrieval_plausible_b.jsonl", PLAUSIBLE),
    "closed_a": (WRITTEN / "closed_plausible_a.jsonl", PLAUSIBLE),
    "closed_b": (WRITTEN / "closed_plausible_b.jsonl", PLAUSIBLE),
    "plausible_written": (WRITTEN / "retrieval_train_plausible.jsonl", PLAUSIBLE),
}
C = 1.0
KIND = "pairwise"


class Query(NamedTuple):
    """One labelled ticket's candidates: their feature rows and which of them answer it."""

    set: str
    articles: list[str]
    rows: np.ndarray
    relevant: frozenset[str]
    answered: bool  # collected with the answered tickets of the other sets of its help center


def collect(*, names: Sequence[str], embedder: CachingEmbedder, workdir: Path) -> list[Query]:
    """Return the candidates and features of every ticket of the named sets (fused order, no rerank).

    Each ticket is collected twice: without answered tickets, and with the answered tickets of the
    other sets of its help center (never its own set), so the model learns both situations.
    """
    queries: list[Query] = []
    stores: dict[Path, PassageStore] = {}
    for name in names:
        path, corpus = TRAIN[name]
        if not path.exists():
            print(f"skipped {name}: {path} is missing", file=sys.stderr)
            continue
        if corpus not in stores:
            stores[corpus] = open_corpus(corpus=corpus, embedder=embedder, workdir=workdir / corpus.name)
        cases = load_cases(path=path, split="all")
        for pool in ([], [n for n in names if n != name and TRAIN[n][1] == corpus]):
            retriever = retriever_with(store=stores[corpus], pool=pool, learned=False)
            queries += [_query(name=name, case=case, retriever=retriever, answered=bool(pool)) for case in cases]
    return queries


def answered_pool(names: Sequence[str]) -> list[AnsweredTicket]:
    """Return the tickets of the named sets as answered tickets (what ``draftgate ingest --answered`` stores)."""
    tickets = []
    for name in names:
        path = TRAIN[name][0]
        if path.exists():
            tickets += [AnsweredTicket(id=f"{name}/{c.id}", text=clean_query(c.query), articles=sorted(c.relevant))
                        for c in load_cases(path=path, split="all")]
    return tickets


def retriever_with(*, store: PassageStore, pool: Sequence[str], learned: bool = True) -> Retriever:
    """Return a retriever over the store with exactly the answered tickets of the named sets."""
    store.clear_answered()
    store.add_answered(tickets=answered_pool(pool))
    return Retriever(store=store, min_similarity=0.0, today=lambda: TODAY,
                     config=RetrievalConfig(learned_rerank=learned))


def _query(*, name: str, case: Case, retriever: Retriever, answered: bool) -> Query:
    """Return one ticket's candidates and feature rows."""
    signals = retriever.rerank_signals(query=case.query, plan=case.plan, locale=case.locale)
    if signals is None:
        return Query(set=name, articles=[], rows=np.zeros((0, len(FEATURES))), relevant=case.relevant,
                     answered=answered)
    articles, rows = features(signals=signals)
    return Query(set=name, articles=articles, rows=rows, relevant=case.relevant, answered=answered)


def fit(queries: Sequence[Query], *, c: float = C, kind: str = KIND) -> RerankModel:
    """Fit a logistic regression on the candidates of tickets whose answer is among them.

    ``pointwise``: each candidate is a row labelled answers / does not. ``pairwise``: each pair of an
    answering and a non-answering candidate of the same ticket is a row (their difference), so the
    model learns which of two candidates wins, the question the rerank asks.
    """
    from sklearn.linear_model import LogisticRegression

    usable = [q for q in queries if any(a in q.relevant for a in q.articles)]
    x = np.vstack([q.rows for q in usable])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    if kind == "pointwise":
        y = np.concatenate([[a in q.relevant for a in q.articles] for q in usable]).astype(int)
        model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit((x - mean) / scale, y)
        intercept = float(model.intercept_[0])
    else:
        diffs = []
        for q in usable:
            z = (q.rows - mean) / scale
            good = [i for i, a in enumerate(q.articles) if a in q.relevant]
            bad = [i for i, a in enumerate(q.articles) if a not in q.relevant]
            diffs += [z[i] - z[j] for i in good for j in bad]
        d = np.asarray(diffs)
        model = LogisticRegression(C=c, max_iter=2000, fit_intercept=False).fit(
            np.vstack([d, -d]), np.concatenate([np.ones(len(d)), np.zeros(len(d))]))
        intercept = 0.0
    return RerankModel(features=list(FEATURES), mean=mean.tolist(), scale=scale.tolist(),
                       coef=model.coef_[0].tolist(), intercept=intercept)


def recall(queries: Sequence[Query], *, model: RerankModel | None) -> tuple[float, float, float]:
    """Return recall@1, recall@5 and MRR over the candidates (fused order without a model)."""
    r1 = r5 = rr = 0.0
    for q in queries:
        order = list(q.articles)
        if model is not None and len(order) > 1:
            scores = model.score(q.rows)
            order = [order[i] for i in sorted(range(len(order)), key=lambda i: (-scores[i], i))]
        rank = next((i for i, a in enumerate(order) if a in q.relevant), None)
        r1 += rank == 0
        r5 += rank is not None and rank < 5
        rr += 0.0 if rank is None else 1.0 / (rank + 1)
    n = max(len(queries), 1)
    return r1 / n, r5 / n, rr / n


def crossval(queries: Sequence[Query], *, c: float = C, kind: str = KIND) -> str:
    """Return a Markdown table: each set scored fused and by a model fitted on the other sets, without and
    with the answered tickets of the other sets."""
    lines = ["| set | answered tickets | tickets | fused r@1 | fused r@5 | fused MRR | reranked r@1 | reranked r@5 "
             "| reranked MRR |", "|---|---|---|---|---|---|---|---|---|"]
    for answered in (False, True):
        totals: list[tuple[float, ...]] = []
        for name in dict.fromkeys(q.set for q in queries):
            held = [q for q in queries if q.set == name and q.answered == answered]
            if not held:
                continue
            model = fit([q for q in queries if q.set != name], c=c, kind=kind)
            before, after = recall(held, model=None), recall(held, model=model)
            totals.append((len(held), *before, *after))
            lines.append(f"| {name} | {'yes' if answered else 'no'} | {len(held)} | "
                         + " | ".join(f"{v:.3f}" for v in (*before, *after)) + " |")
        n = sum(t[0] for t in totals)
        mean = [sum(t[0] * t[i] for t in totals) / max(n, 1) for i in range(1, 7)]
        lines.append(f"| all | {'yes' if answered else 'no'} | {n} | " + " | ".join(f"{v:.3f}" for v in mean) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Collect features, print the cross-validated table, and with ``--train`` write the model."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(TRAIN), choices=list(TRAIN))
    parser.add_argument("--train", action="store_true", help=f"fit on every set and write {MODEL_PATH.name}")
    parser.add_argument("--c", type=float, nargs="+", default=[C], help="regularisation strengths to compare")
    parser.add_argument("--kind", nargs="+", default=[KIND], choices=("pointwise", "pairwise"))
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "eval-cache")
    args = parser.parse_args(argv)
    embedder = CachingEmbedder(inner=make_embedder("onnx", max_tokens=256), cache_dir=args.cache)
    with tempfile.TemporaryDirectory(prefix="rerank-") as tmp:
        queries = collect(names=args.sets, embedder=embedder, workdir=Path(tmp))
    embedder.save()
    for kind in args.kind:
        for c in args.c:
            print(f"{kind}, C = {c}\n\n{crossval(queries, c=c, kind=kind)}\n")
    if args.train:
        model = fit(queries, c=args.c[0], kind=args.kind[0])
        save_model(model=model)
        print("weights: " + ", ".join(f"{f} {w:+.2f}" for f, w in zip(model.features, model.coef, strict=True)))
        print(f"wrote {MODEL_PATH.relative_to(ROOT)} ({sum(len(q.articles) for q in queries)} candidates, "
              f"{len(queries)} tickets)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
