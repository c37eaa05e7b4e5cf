"""Measure the escalation classifier, or retrain its linear model.

    .venv/bin/python evals/escalation.py              # Banking77 test + held-out SaaS set + latency
    .venv/bin/python evals/escalation.py --errors     # also list the held-out tickets it gets wrong
    .venv/bin/python evals/escalation.py --ablation   # also the figures of rules alone and model alone
    .venv/bin/python evals/escalation.py --lengths    # also ms per ticket for long, cue-dense tickets
    .venv/bin/python evals/escalation.py --train      # refit agent/data/escalation_model.npz

Banking77: the test split, scored with `escalation_map.json` (intents mapped to `null` are left
out). Held-out: `tests/data/escalation_heldout.jsonl`, SaaS tickets written before tuning.
"Sensitive recall" is the share of tickets that should escalate and do; "false escalation" is
the share of routine tickets that escalate anyway. Per reason, "escalated" counts a ticket that
escalates for any reason and "reason" one whose reasons include the expected one.
"""

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.escalation import REASONS, SEVERITY, classify  # noqa: E402
from agent.escalation_rules import find_cues  # noqa: E402
from agent.escalation_scorer import load_model, score_ticket  # noqa: E402
from evals.training import TrainConfig, banking_examples, train_and_save  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
HELDOUT = ROOT / "tests" / "data" / "escalation_heldout.jsonl"


class Case(NamedTuple):
    """One labelled ticket."""

    id: str
    subject: str
    body: str
    reasons: tuple[str, ...]


class Outcome(NamedTuple):
    """One ticket with what the classifier said and how long it took."""

    case: Case
    reasons: tuple[str, ...]
    escalate: bool
    seconds: float


def banking_cases(*, data_dir: Path) -> list[Case]:
    """Return the scored Banking77 test messages."""
    rows = banking_examples(banking_dir=data_dir / "banking77", split="test")
    return [
        Case(id=f"b{i}", subject="", body=r.text, reasons=() if r.label == "none" else (r.label,))
        for i, r in enumerate(rows)
    ]


def heldout_cases(*, path: Path = HELDOUT) -> list[Case]:
    """Return the hand-written held-out SaaS tickets."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Case(id=r["id"], subject=r["subject"], body=r["body"], reasons=tuple(r["reasons"])) for r in rows]


def run(*, cases: list[Case]) -> list[Outcome]:
    """Classify every case and time each call."""
    outcomes = []
    for case in cases:
        start = time.perf_counter()
        result = classify(subject=case.subject, body=case.body)
        outcomes.append(Outcome(case, tuple(result.reasons), result.escalate, time.perf_counter() - start))
    return outcomes


def rules_only(*, case: Case) -> tuple[str, ...]:
    """Return the reasons the cue rules alone give a case."""
    found = {hit.reason for hit in find_cues(subject=case.subject, body=case.body)}
    return tuple(r for r in SEVERITY if r in found)


def model_only(*, case: Case) -> tuple[str, ...]:
    """Return the reasons the linear model alone gives a case."""
    score = score_ticket(subject=case.subject, body=case.body)
    if score.escalate_probability < load_model().escalate_threshold:
        return ()
    return tuple(r for r in score.top_words if r in REASONS)


def print_ablation(*, name: str, cases: list[Case]) -> None:
    """Print sensitive recall and false escalation of each detector alone."""
    for label, detector in (("rules only", rules_only), ("model only", model_only)):
        outcomes = [Outcome(c, reasons, bool(reasons), 0.0) for c in cases for reasons in [detector(case=c)]]
        summary = summarise(outcomes=outcomes)
        recall, false = summary["sensitive_recall"], summary["false_escalation"]
        print(f"{name:<16}{label:<12} sensitive recall {recall:.3f}  false escalation {false:.3f}")


def summarise(*, outcomes: list[Outcome]) -> dict[str, object]:
    """Return recall per reason, sensitive recall and false-escalation rate."""
    sensitive = [o for o in outcomes if o.case.reasons]
    routine = [o for o in outcomes if not o.case.reasons]
    per_reason: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in sensitive:
        for reason in outcome.case.reasons:
            per_reason[reason].append(outcome)
    return {
        "tickets": len(outcomes),
        "sensitive": len(sensitive),
        "routine": len(routine),
        "sensitive_recall": _share(o.escalate for o in sensitive),
        "false_escalation": _share(o.escalate for o in routine),
        "per_reason": {
            reason: {
                "n": len(items),
                "escalated": _share(o.escalate for o in items),
                "reason": _share(reason in o.reasons for o in items),
            }
            for reason, items in sorted(per_reason.items())
        },
    }


def _share(flags: object) -> float:
    """Return the share of true values in an iterable of booleans."""
    values = list(flags)  # type: ignore[call-overload]
    return sum(values) / len(values) if values else 0.0


def print_summary(*, name: str, summary: dict[str, object]) -> None:
    """Print one data set's figures as a small table."""
    print(f"\n== {name}: {summary['tickets']} tickets ({summary['sensitive']} sensitive, {summary['routine']} routine)")
    print(f"{'reason':<18}{'n':>5}{'escalated':>11}{'reason':>9}")
    for reason, row in summary["per_reason"].items():  # type: ignore[attr-defined]
        print(f"{reason:<18}{row['n']:>5}{row['escalated']:>11.3f}{row['reason']:>9.3f}")
    print(f"sensitive recall  {summary['sensitive_recall']:.3f}")
    print(f"false escalation  {summary['false_escalation']:.3f}")


def print_latency(*, outcomes: list[Outcome]) -> None:
    """Print mean, p95 and max milliseconds per ticket."""
    ms = sorted(o.seconds * 1000 for o in outcomes)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    mean = statistics.fmean(ms)
    print(f"\n== latency over {len(ms)} tickets: mean {mean:.2f} ms, p95 {p95:.2f} ms, max {ms[-1]:.2f} ms")


def print_lengths(*, cases: list[Case]) -> None:
    """Print the best-of-5 mean time for tickets made of 1, 5, 20, 60 and 150 held-out bodies."""
    print("\n== latency by length (held-out bodies joined; best of 5 runs of 10 tickets)")
    for count in (1, 5, 20, 60, 150):
        bodies = ["\n\n".join(c.body for c in (cases * 2)[i : i + count]) for i in range(10)]
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            for body in bodies:
                classify(subject="Re: ticket", body=body)
            runs.append((time.perf_counter() - start) / len(bodies) * 1000)
        print(f"~{len(bodies[0].split()):>5} words: {min(runs):6.2f} ms")


def print_errors(*, outcomes: list[Outcome]) -> None:
    """Print held-out tickets whose escalation or reasons differ from the label."""
    print("\n== held-out mistakes (expected -> got)")
    for o in outcomes:
        missing = set(o.case.reasons) - set(o.reasons)
        if o.escalate != bool(o.case.reasons) or missing:
            expected, got = ", ".join(o.case.reasons) or "routine", ", ".join(o.reasons) or "routine"
            print(f"{o.case.id} [{expected} -> {got}] {o.case.subject}: {o.case.body[:90]}")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, then train or evaluate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="folder holding banking77/ and helpcenter/")
    parser.add_argument("--train", action="store_true", help="refit agent/data/escalation_model.npz and exit")
    parser.add_argument("--errors", action="store_true", help="list held-out mistakes")
    parser.add_argument("--ablation", action="store_true", help="also score rules alone and model alone")
    parser.add_argument("--lengths", action="store_true", help="also time long tickets")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--file", type=Path, help="score only this JSONL file of tickets (a fresh batch)")
    args = parser.parse_args(argv)
    if args.file:
        fresh = run(cases=heldout_cases(path=args.file))
        print_summary(name=args.file.name, summary=summarise(outcomes=fresh))
        if args.errors:
            print_errors(outcomes=fresh)
        return 0
    if args.train:
        path = train_and_save(data_dir=args.data_dir, config=TrainConfig())
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")
        return 0
    classify(subject="warm-up", body="load the model once")
    banking_set, heldout_set = banking_cases(data_dir=args.data_dir), heldout_cases()
    banking, heldout = run(cases=banking_set), run(cases=heldout_set)
    figures = {"banking77_test": summarise(outcomes=banking), "heldout_saas": summarise(outcomes=heldout)}
    print_summary(name="Banking77 test", summary=figures["banking77_test"])
    print_summary(name="Held-out SaaS", summary=figures["heldout_saas"])
    print_latency(outcomes=banking + heldout)
    if args.lengths:
        print_lengths(cases=heldout_set)
    if args.ablation:
        print("\n== each detector alone")
        print_ablation(name="Banking77 test", cases=banking_set)
        print_ablation(name="Held-out SaaS", cases=heldout_set)
    if args.errors:
        print_errors(outcomes=heldout)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
