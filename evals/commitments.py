"""Measure the commitment finder on the labelled dev set and the held-out set, and its latency.

Run from the repository root:  .venv/bin/python evals/commitments.py [--show-errors]
Score a new, unseen batch before it joins the held-out file:  ... evals/commitments.py --file NEW.jsonl
Refit the sentence model on dev + held-out (needs scikit-learn):  ... evals/commitments.py --train
Leave-one-batch-out figures of the model, to choose its threshold:  ... evals/commitments.py --cv

Scoring is per item (a sentence or a whole draft): "overall" compares "found any commitment" with
"has any label"; each label compares "found that label" with "has that label". Latency is measured
per sentence and for 10-sentence drafts: each text's median over 20 runs, then p50/p95 over texts, as
wall-clock time (inflated on a busy machine) and as CPU time of the thread (the work itself). The clause
cache is cleared before every run, so these are cold figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.commitments import LABELS, clause_labels, find_commitments  # noqa: E402
from agent.commitments_scorer import MODEL_PATH, model_verdict  # noqa: E402
from agent.commitments_segment import sentences  # noqa: E402
from agent.escalation_scorer import load_model, save_model, score_ticket  # noqa: E402
from evals.training import Example, TrainConfig, fit  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "commitments_dev.jsonl"
HELD_OUT = ROOT / "tests" / "data" / "commitments_heldout.jsonl"
WRITTEN = ROOT / "evals" / "data" / "written"
# The held-out file grew in batches, each written before the rules it was first scored against and
# scored once before any change it prompted (docs/quality-commitments.md keeps those first-run figures).
BATCHES = {f"held-out batch {n}": f"ho{'' if n == 1 else n}-" for n in range(1, 12)}


class Item(NamedTuple):
    """One labelled sentence or draft."""

    id: str
    text: str
    labels: frozenset[str]
    policy_statement: bool


def load(*, path: Path) -> list[Item]:
    """Read a JSONL file of {id, text, labels, policy_statement} items."""
    items = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            row = json.loads(line)
            policy = bool(row.get("policy_statement", False))
            items.append(Item(row["id"], row["text"], frozenset(row["labels"]), policy))
    return items


def written() -> list[Item]:
    """Return the agents' sentences written for training in seven languages (evals/data/written/)."""
    return [item for path in sorted(WRITTEN.glob("commitments_*.jsonl")) for item in load(path=path)]


def predict(*, text: str) -> frozenset[str]:
    """Return the union of the labels the finder gives a text."""
    return frozenset(label for c in find_commitments(text=text) for label in c.labels)


def scores(
    *, gold: Sequence[frozenset[str]], found: Sequence[frozenset[str]], label: str | None
) -> tuple[float, float, float, int]:
    """Return precision, recall, F1 and support for one label, or for "any commitment" when label is None."""
    def has(labels: frozenset[str]) -> bool:
        return bool(labels) if label is None else label in labels
    pairs = list(zip(gold, found, strict=True))
    tp = sum(has(g) and has(f) for g, f in pairs)
    fp = sum(not has(g) and has(f) for g, f in pairs)
    fn = sum(has(g) and not has(f) for g, f in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, tp + fn


def report(*, name: str, items: Sequence[Item], show_errors: bool) -> None:
    """Print per-label and overall precision, recall and F1 for one data set."""
    gold = [item.labels for item in items]
    found = [predict(text=item.text) for item in items]
    print(f"\n== {name}: {len(items)} items, {sum(bool(g) for g in gold)} with a commitment")
    print(f"{'label':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}")
    for label in (None, *LABELS):
        precision, recall, f1, support = scores(gold=gold, found=found, label=label)
        print(f"{label or 'overall':<10} {precision:6.3f} {recall:6.3f} {f1:6.3f} {support:4d}")
    exact = sum(g == f for g, f in zip(gold, found, strict=True)) / len(items)
    policy = [f for item, f in zip(items, found, strict=True) if item.policy_statement]
    print(f"exact label-set match {exact:.3f}; policy statements kept {sum(not f for f in policy)}/{len(policy)}")
    if show_errors:
        for item, g, f in zip(items, gold, found, strict=True):
            if g != f:
                print(f"  {item.id}: gold={sorted(g)} found={sorted(f)} | {item.text!r}")


# Chosen by 4-fold cross-validation over all labelled sentences (seven languages): at 0.5 the model
# alone keeps English precision at 0.97 (recall 0.88); see docs/quality-commitments.md.
MODEL_CONFIG = TrainConfig(c=10.0, min_df=2, escalate_threshold=0.5, reason_threshold=0.3)


def training_rows(*, items: Sequence[Item]) -> list[Example]:
    """Return one row per label (or "none") for every single-sentence item."""
    rows = []
    for item in items:
        if len(sentences(text=item.text)) != 1:
            continue
        for label in sorted(item.labels) or ["none"]:
            rows.append(Example(text=item.text, label=label, weight=1.0, source=item.id))
    return rows


def train(*, items: Sequence[Item], config: TrainConfig = MODEL_CONFIG) -> dict[str, object]:
    """Fit the sentence model on labelled items and return it as plain data."""
    data = fit(examples=training_rows(items=items), config=config)
    data["format"] = "draftgate-commitment-linear/1"
    return data


def cross_validate(*, groups: dict[str, list[Item]]) -> None:
    """Print model-alone and rules+model precision/recall with each group left out in turn."""
    thresholds = (0.5, 0.6, 0.7, 0.8, 0.9)
    tallies = {(t, kind): [0, 0, 0] for t in thresholds for kind in ("model", "rules+model")}  # tp, fp, fn
    with tempfile.TemporaryDirectory() as tmp:
        for name, held in groups.items():
            rest = [item for other, items in groups.items() if other != name for item in items]
            path = Path(tmp) / f"{name}.npz"
            save_model(data=train(items=rest, config=MODEL_CONFIG._replace(escalate_threshold=0.0)), path=path)
            model = load_model(path=path)
            for item in held:
                probability = score_ticket(subject="", body=item.text, model=model).escalate_probability
                rules = bool(find_commitments(text=item.text))  # rules plus the shipped model
                for t in thresholds:
                    for kind, hit in (("model", probability >= t), ("rules+model", rules or probability >= t)):
                        tally = tallies[(t, kind)]
                        tally[0] += hit and bool(item.labels)
                        tally[1] += hit and not item.labels
                        tally[2] += not hit and bool(item.labels)
    print("\n== leave-one-batch-out (rules and shipped model saw every batch: that column is optimistic)")
    print(f"{'threshold':>9} {'kind':<12} {'P':>6} {'R':>6}")
    for (t, kind), (tp, fp, fn) in tallies.items():
        print(f"{t:9.2f} {kind:<12} {tp / max(1, tp + fp):6.3f} {tp / max(1, tp + fn):6.3f}")


def latency(*, texts: Sequence[str]) -> None:
    """Print p50/p95 wall-clock and CPU latency per sentence and for 10-sentence drafts."""
    drafts = [" ".join(texts[i:i + 10]) for i in range(0, len(texts) - 9, 10)]
    print()
    for name, clock in (("wall", time.perf_counter), ("cpu", time.thread_time)):
        per_sentence = _timings(texts=texts, repeat=20, clock=clock)
        per_draft = _timings(texts=drafts, repeat=20, clock=clock)
        print(f"latency ({name}) per sentence: p50 {_ms(per_sentence, 50)} ms, p95 {_ms(per_sentence, 95)} ms; "
              f"per 10-sentence draft: p50 {_ms(per_draft, 50)} ms, p95 {_ms(per_draft, 95)} ms")


def _timings(*, texts: Sequence[str], repeat: int, clock: Callable[[], float]) -> list[float]:
    """Return, per text, the median seconds find_commitments takes over several cold runs."""
    out = []
    for text in texts:
        runs = []
        for _ in range(repeat):
            clause_labels.cache_clear()
            model_verdict.cache_clear()
            start = clock()
            find_commitments(text=text)
            runs.append(clock() - start)
        out.append(statistics.median(runs))
    return out


def _ms(values: list[float], percentile: int) -> str:
    """Format a percentile of timings in milliseconds."""
    return f"{statistics.quantiles(values, n=100)[percentile - 1] * 1000:.3f}"


def main() -> None:
    """Evaluate the dev set, the held-out set and each held-out batch, then print latency."""
    parser = argparse.ArgumentParser(description="Measure the commitment finder.")
    parser.add_argument("--show-errors", action="store_true", help="list every item whose labels differ")
    parser.add_argument("--file", type=Path, help="score only this JSONL file (a fresh batch), no latency")
    parser.add_argument("--train", action="store_true", help=f"refit {MODEL_PATH.relative_to(ROOT)} and exit")
    parser.add_argument("--cv", action="store_true", help="leave-one-batch-out figures of the model and exit")
    args = parser.parse_args()
    if args.train or args.cv:
        items = load(path=DEV) + load(path=HELD_OUT) + written()
        if args.cv:
            groups = {"dev": load(path=DEV)}
            groups |= {name: [i for i in items if i.id.startswith(prefix)] for name, prefix in BATCHES.items()}
            groups |= {path.stem: load(path=path) for path in sorted(WRITTEN.glob("commitments_*.jsonl"))}
            cross_validate(groups=groups)
        else:
            save_model(data=train(items=items), path=MODEL_PATH)
            print(f"wrote {MODEL_PATH.relative_to(ROOT)} ({MODEL_PATH.stat().st_size // 1024} KiB)")
        return
    if args.file:
        report(name=args.file.name, items=load(path=args.file), show_errors=args.show_errors)
        return
    dev, held_out = load(path=DEV), load(path=HELD_OUT)
    report(name="dev", items=dev, show_errors=args.show_errors)
    report(name="held-out (all)", items=held_out, show_errors=False)
    for name, prefix in BATCHES.items():
        batch = [item for item in held_out if item.id.startswith(prefix)]
        report(name=name, items=batch, show_errors=args.show_errors)
    latency(texts=[item.text for item in dev + held_out if "\n" not in item.text])


if __name__ == "__main__":
    main()
