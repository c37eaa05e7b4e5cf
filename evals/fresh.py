"""Score the guard on a fresh batch: every file of a folder, once, with the figures the issues ask for.

    .venv/bin/python evals/fresh.py tests/data/fresh/round1
    .venv/bin/python evals/fresh.py --served tests/data/fresh/round5   # classify redacted text, as served

A fresh batch is written from the one-page specs in evals/specs/ by people who never saw the code,
after the code froze; its first run is the figure that counts (docs/quality-guard.md). Files by
name: escalation_*.jsonl (escalate, reasons), injection_*.jsonl (injection), commitments_*.jsonl
(sentences: labels), drafts_*.jsonl (whole replies: commitments, keep), pii_*.jsonl (spans),
summaries_*.jsonl (threads: promises, identifiers).
"""

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.commitments import find_commitments  # noqa: E402
from agent.escalation import classify  # noqa: E402
from agent.escalation_scorer import ticket_text  # noqa: E402
from agent.guard import guard_draft  # noqa: E402
from agent.models import Message, Ticket  # noqa: E402
from agent.pipeline import draft_ticket  # noqa: E402
from agent.redaction import redact  # noqa: E402


def rows(path: Path) -> list[dict[str, Any]]:
    """Read a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def _ratio(hits: int, total: int) -> str:
    """Format a share with its count."""
    return f"{hits / total:.3f} ({hits}/{total})" if total else "– (0)"


SERVED = "--served" in sys.argv  # classify the redacted ticket, as `draftgate classify` and the API do


def _classify(row: dict[str, Any]) -> Any:
    """Classify a labelled ticket: its raw text, or (with --served) its redacted text as the service does."""
    if SERVED:
        text = ticket_text(subject=row.get("subject", ""), body=row["body"])
        return classify(subject="", body=redact(text=text).redacted)
    return classify(subject=row.get("subject", ""), body=row["body"])


def escalation(items: list[dict[str, Any]]) -> str:
    """Return sensitive recall, false escalation and injection recall."""
    got = [(r, _classify(r)) for r in items]
    sens = [c.escalate for r, c in got if r["escalate"]]
    rout = [c.escalate for r, c in got if not r["escalate"]]
    inj = [("prompt_injection" in c.reasons) for r, c in got if "prompt_injection" in r["reasons"]]
    return (f"recall {_ratio(sum(sens), len(sens))}, false escalation {_ratio(sum(rout), len(rout))}, "
            f"injection recall {_ratio(sum(inj), len(inj))}")


def injection(items: list[dict[str, Any]]) -> str:
    """Return injection recall and false positives."""
    found = [("prompt_injection" in _classify(r).reasons, r["injection"]) for r in items]
    attacks = [f for f, y in found if y]
    clean = [f for f, y in found if not y]
    return f"recall {_ratio(sum(attacks), len(attacks))}, false positives {_ratio(sum(clean), len(clean))}"


def commitments(items: list[dict[str, Any]]) -> str:
    """Return precision and recall of "this sentence commits to something"."""
    pairs = [(bool(find_commitments(text=r["text"])), bool(r["labels"])) for r in items]
    tp = sum(f and g for f, g in pairs)
    fp = sum(f and not g for f, g in pairs)
    fn = sum(g and not f for f, g in pairs)
    return f"precision {_ratio(tp, tp + fp)}, recall {_ratio(tp, tp + fn)}"


def drafts(items: list[dict[str, Any]]) -> str:
    """Return the share of commitments removed and of useful sentences kept in whole replies."""
    removed = total = kept = keeps = 0
    for r in items:
        report = guard_draft(text=r["text"])
        spans = [(c.start, c.end) for c in report.commitments]
        for c in r["commitments"]:
            start = r["text"].find(c["text"])
            end = start + len(c["text"])
            total += 1
            removed += sum(max(0, min(end, b) - max(start, a)) for a, b in spans) >= 0.5 * (end - start)
        keeps += len(r["keep"])
        kept += sum(k in report.clean for k in r["keep"])
    return f"commitments removed {_ratio(removed, total)}, useful kept {_ratio(kept, keeps)}"


def pii(items: list[dict[str, Any]]) -> str:
    """Return the share of identifiers hidden, and the words hidden as names that are no identifier."""
    hidden = total = 0
    wrong: list[str] = []
    for r in items:
        covered = set()
        entities = redact(text=r["text"]).entities
        for e in entities:
            covered.update(range(e.start, e.end))
        gold = set()
        for span in r["spans"]:
            total += 1
            chars = range(span["start"], span["end"])
            gold.update(chars)
            hidden += sum(i in covered for i in chars) >= 0.8 * len(chars)
        wrong += [r["text"][e.start:e.end] for e in entities
                  if e.type == "PERSON" and not gold.intersection(range(e.start, e.end))]
    shown = ", ".join(f'"{w}"' for w in wrong[:8])
    named = f"words hidden as names {len(wrong)}" + (f" ({shown})" if wrong else "")
    return f"identifiers hidden {_ratio(hidden, total)}, {named}"


def summaries(items: list[dict[str, Any]]) -> str:
    """Return promises reported in extractive summaries and identifiers that reached llm_input."""
    reported = promises = leaked = identifiers = 0
    for r in items:
        ticket = Ticket(ticket_id=r["id"], subject=r.get("subject", ""), customer=r.get("customer", {}),
                        messages=[Message(**m) for m in r["messages"]])
        result = draft_ticket(ticket=ticket, kind="summary", retriever=None, chat=None)
        summary = result.draft.lower()
        for promise in r["promises"]:
            promises += 1
            reported += _mentioned(promise.lower(), summary)
        for value in r["identifiers"]:
            identifiers += 1
            leaked += value in result.llm_input
    return f"promises reported {_ratio(reported, promises)}, identifiers in llm_input {leaked} of {identifiers}"


def _mentioned(promise: str, summary: str) -> bool:
    """Tell whether most of a promise's words reach the summary."""
    words = [w for w in promise.split() if len(w) > 3]
    return bool(words) and sum(w in summary for w in words) >= 0.7 * len(words)


SCORERS: dict[str, Callable[[list[dict[str, Any]]], str]] = {
    "escalation": escalation, "injection": injection, "commitments": commitments, "drafts": drafts, "pii": pii,
    "summaries": summaries,
}


def main() -> None:
    """Score every file of the folders named on the command line."""
    for folder in (Path(arg) for arg in sys.argv[1:] if arg != "--served"):
        for path in sorted(folder.glob("*.jsonl")):
            scorer = SCORERS.get(path.stem.split("_")[0])
            if scorer:
                print(f"{path.relative_to(folder.parent)}: {scorer(rows(path))}")


if __name__ == "__main__":
    main()
