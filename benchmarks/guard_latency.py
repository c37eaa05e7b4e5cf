"""Measure redaction + classification + guard latency per draft, without a model.

Run: .venv/bin/python benchmarks/guard_latency.py [--rounds 20]

Each sample ticket (cli/demo_data/tickets.jsonl) is redacted and classified, and a ten-sentence draft
(sentences from ../shared/data/commitments_dev.jsonl, a mix of promises, policy and how-to text)
is guarded against two source passages, as the pipeline does. Prints p50/p95/max in ms, as wall
time and as the thread's CPU time (the fair figure when other work loads the machine).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from agent.escalation import classify
from agent.guard import guard_draft
from agent.redaction import redact

ROOT = Path(__file__).resolve().parent.parent
TICKETS = ROOT / "cli" / "demo_data" / "tickets.jsonl"
SENTENCES = ROOT.parent / "shared" / "data" / "commitments_dev.jsonl"


def main() -> None:
    """Time the offline guard path and print the distribution."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    tickets = [json.loads(line) for line in TICKETS.read_text().splitlines() if line.strip()]
    sentences = [json.loads(line)["text"] for line in SENTENCES.read_text().splitlines() if line.strip()]
    rng = random.Random(7)
    texts = [f"{t['subject']}\n\n{t.get('body') or ' '.join(m['body'] for m in t.get('messages', []))}"
             for t in tickets]
    redact(text="warm up"), classify(subject="", body="warm up"), guard_draft(text="warm up.", sources={1: "x"})
    timings: list[float] = []
    cpu: list[float] = []
    for _ in range(args.rounds):
        for text in texts:
            draft = "Hi there,\n\n" + " ".join(rng.sample(sentences, 10)) + " [1]\n\nBest regards"
            sources = {1: " ".join(rng.sample(sentences, 6)), 2: " ".join(rng.sample(sentences, 6))}
            start, start_cpu = time.perf_counter(), time.thread_time()
            safe = redact(text=text).redacted
            classify(subject="", body=safe)
            guard_draft(text=draft, sources=sources)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
    for name, values in (("wall", timings), ("cpu", cpu)):
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        print(f"{name}: drafts {len(values)}  p50 {statistics.median(values):.2f} ms  p95 {p95:.2f} ms  "
              f"max {values[-1]:.2f} ms")


if __name__ == "__main__":
    main()
