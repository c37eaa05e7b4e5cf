"""Train and measure the section choice of the drafter (``agent.answer.SectionModel``).

    .venv/bin/python evals/sections.py            # cross-validated accuracy: hand weights vs learned
    .venv/bin/python evals/sections.py --train    # also fit on every set and write agent/data/section_model.json

Data: the written retrieval training tickets, each labelled with the article that answers it and the
heading of the section that does (``section``; "" for the article's opening). Per ticket the
candidates are what the drafter sees: every passage of the three articles retrieval returns, with
the similarity the drafter computes (to the ticket, averaged with its first question). Only tickets
whose answering article is among those three count. A pairwise logistic regression learns which of
two passages answers; its weights are divided by the similarity weight, so scores stay in units of
similarity (the runner-up margin of 0.1 keeps its meaning). Figures are cross-validated: each help
center's tickets are scored by a model fitted on the other's, and each half of the Plausible tickets
by a model fitted on the other half plus the sample help center's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.answer import (  # noqa: E402
    SECTION_FEATURES,
    SECTION_MODEL_PATH,
    Section,
    SectionModel,
    questions,
    section_features,
    section_model,
)
from evals.rerank import TRAIN, retriever_with  # noqa: E402
from evals.retrieval import load_cases, open_corpus  # noqa: E402
from evals.retrieval_support import CachingEmbedder, make_embedder  # noqa: E402
from knowledge.retrieval import Retriever  # noqa: E402

SETS = ("sample_written", "plausible_written")
C = 1.0


class Ticket(NamedTuple):
    """One labelled ticket's candidate passages, their features and which of them answer it."""

    set: str
    id: str
    rows: np.ndarray
    answers: list[bool]


def heading(section: str) -> str:
    """Return the last heading of a passage's section path."""
    return section.split(" > ")[-1].strip()


def candidates(*, retriever: Retriever, query: str, plan: str | None,
               locale: str | None) -> tuple[list[str], list[Section]]:
    """Return the three retrieved articles and their passages, scored as the drafter scores them."""
    found = retriever.retrieve(query=query, k=5, plan=plan, locale=locale)
    articles = [r.source_path for r in found.results][:3]
    passages = retriever.sections(query=query, source_paths=articles, plan=plan, locale=locale)
    body = query.split("\n\n", 1)[-1]
    asked = questions(text=body) or questions(text=query)
    if asked:
        focused = {r.passage_id: r.similarity for r in retriever.sections(
            query=asked[0], source_paths=articles, plan=plan, locale=locale)}
        passages = [r.model_copy(update={"similarity": (r.similarity + focused.get(r.passage_id, 0.0)) / 2})
                    for r in passages]
    return articles, [Section(source_path=r.source_path, title=r.title, section=r.section, text=r.chunk,
                              similarity=r.similarity, passage_id=r.passage_id, article_hash=r.article_hash)
                      for r in passages]


def collect(*, embedder: CachingEmbedder, workdir: Path) -> list[Ticket]:
    """Return the candidates of every labelled ticket whose answering article is retrieved."""
    tickets: list[Ticket] = []
    for name in SETS:
        path, corpus = TRAIN[name]
        labels = {row["id"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row}
        retriever = retriever_with(store=open_corpus(corpus=corpus, embedder=embedder, workdir=workdir / name), pool=[])
        for case in load_cases(path=path, split="all"):
            row = labels[case.id]
            want_article, want = row["relevant"][0], str(row.get("section", "")).strip()
            articles, found = candidates(retriever=retriever, query=case.query, plan=case.plan, locale=case.locale)
            if want_article not in articles or not found:
                continue
            first = next(s.passage_id for s in found if s.source_path == want_article)
            answers = [s.source_path == want_article and (heading(s.section) == want if want else s.passage_id == first)
                       for s in found]
            if not any(answers):
                continue
            rows = np.asarray(section_features(question=case.query, candidates=found, article_order=articles))
            tickets.append(Ticket(set=name, id=case.id, rows=rows, answers=answers))
    return tickets


def fit(tickets: Sequence[Ticket], *, c: float = C) -> SectionModel:
    """Fit a pairwise logistic regression; return its weights in units of similarity."""
    from sklearn.linear_model import LogisticRegression

    diffs = [t.rows[i] - t.rows[j] for t in tickets for i, good in enumerate(t.answers) if good
             for j, bad in enumerate(t.answers) if not bad]
    d = np.asarray(diffs)
    model = LogisticRegression(C=c, max_iter=5000, fit_intercept=False).fit(
        np.vstack([d, -d]), np.concatenate([np.ones(len(d)), np.zeros(len(d))]))
    weights = model.coef_[0] / max(model.coef_[0][0], 1e-6)
    return SectionModel(features=list(SECTION_FEATURES), weights=[round(float(w), 4) for w in weights])


def accuracy(tickets: Sequence[Ticket], *, model: SectionModel) -> tuple[float, float]:
    """Return the share of tickets whose best candidate answers, and whose best two include one that does."""
    top1 = top2 = 0
    for t in tickets:
        order = sorted(range(len(t.answers)), key=lambda i: -model.score(t.rows[i]))
        top1 += t.answers[order[0]]
        top2 += any(t.answers[i] for i in order[:2])
    n = max(len(tickets), 1)
    return top1 / n, top2 / n


def folds(tickets: Sequence[Ticket]) -> list[tuple[str, list[Ticket], list[Ticket]]]:
    """Return (name, train, test): each help center by the other, each Plausible half by the rest."""
    half = {t.id: hashlib.sha256(t.id.encode()).digest()[0] % 2 for t in tickets}
    out = [(f"{name} (fitted on the other help center)", [t for t in tickets if t.set != name],
            [t for t in tickets if t.set == name]) for name in SETS]
    for h in (0, 1):
        test = [t for t in tickets if t.set == "plausible_written" and half[t.id] == h]
        out.append((f"plausible_written half {h + 1} (fitted on the rest)",
                    [t for t in tickets if t not in test], test))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Print the cross-validated table; with ``--train`` fit on everything and write the model."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", action="store_true")
    parser.add_argument("--c", type=float, default=C)
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "eval-cache")
    args = parser.parse_args(argv)
    embedder = CachingEmbedder(inner=make_embedder("onnx", max_tokens=256), cache_dir=args.cache)
    with tempfile.TemporaryDirectory(prefix="sections-") as tmp:
        tickets = collect(embedder=embedder, workdir=Path(tmp))
    embedder.save()
    hand = SectionModel(features=list(SECTION_FEATURES),
                        weights=[{"similarity": 1.0, "rank_0": 0.04, "rank_2": -0.03, "rank_3plus": -0.05,
                                  "heading_shared": 0.12, "steps": 0.05}.get(f, 0.0) for f in SECTION_FEATURES])
    print("| tickets scored | n | hand weights top-1 | top-2 | learned top-1 | top-2 |\n|---|---|---|---|---|---|")
    for name, train, test in folds(tickets):
        h, learned = accuracy(test, model=hand), accuracy(test, model=fit(train, c=args.c))
        print(f"| {name} | {len(test)} | {h[0]:.3f} | {h[1]:.3f} | {learned[0]:.3f} | {learned[1]:.3f} |")
    if args.train:
        model = fit(tickets, c=args.c)
        SECTION_MODEL_PATH.write_text(json.dumps(model.model_dump(), indent=1) + "\n", encoding="utf-8")
        section_model.cache_clear()
        print("weights: " + ", ".join(f"{f} {w:+.3f}" for f, w in zip(model.features, model.weights, strict=True)))
        print(f"wrote {SECTION_MODEL_PATH.relative_to(ROOT)} ({len(tickets)} tickets)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
