"""Measure the account-aware reasons and the routing fields on real customer messages.

Banking77's test split (3,080 real bank-customer messages, none of them about leaving for a
competitor by design of the dataset's intents) is run through ``agent.account.account_reasons``
with a customer that has no account fields, so every ``competitor`` or ``complexity`` it raises is
a false alarm a rep would see; the messages that raised one are listed with ``--errors``. Also
reports the routing categories' spread and the cost per ticket of account reasons + routing +
readability (not a speed contract; figures go in docs/quality-account.md).

Run: .venv/bin/python evals/account.py [--errors] [--data-dir ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

from agent.account import account_reasons
from agent.models import Ticket
from agent.policy import EscalationPolicy
from agent.readability import readability
from agent.routing import route

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Print trigger rates, the routing spread and the time per ticket."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    with (args.data_dir / "banking77" / "test.csv").open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    policy, raised, categories, flagged = EscalationPolicy(), Counter[str](), Counter[str](), []
    start = time.perf_counter()
    for text in texts:
        ticket = Ticket(subject="", body=text)  # type: ignore[call-arg]
        verdict = account_reasons(ticket=ticket, text=text, topics=[], policy=policy)
        categories[route(text=text, reasons=verdict.reasons, risk="low", language="en").category] += 1
        readability(text=text, rules=policy.readability)
        raised.update(verdict.reasons)
        if verdict.reasons:
            flagged.append((verdict.reasons, text))
    elapsed_ms = 1000 * (time.perf_counter() - start) / len(texts)
    print(f"Banking77 test: {len(texts)} messages, customer without account fields")
    for reason in ("competitor", "complexity", "account_value", "always_human", "contract"):
        print(f"  {reason}: {raised[reason]} ({100 * raised[reason] / len(texts):.2f}%)")
    print("routing categories: " + ", ".join(f"{c} {n}" for c, n in categories.most_common()))
    print(f"account reasons + routing + readability: {elapsed_ms:.2f} ms per message")
    if args.errors:
        for reasons, text in flagged:
            print(f"  {','.join(reasons)}: {text}")


if __name__ == "__main__":
    main()
