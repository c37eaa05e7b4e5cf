"""Count how many drafts are flagged, and why, for the recorded model and the extractive drafter.

    .venv/bin/python evals/drafts.py              # replay tests/cassettes/evals/drafts_smollm2.yaml, offline
    .venv/bin/python evals/drafts.py --live       # ask the server at --base-url and re-record that cassette

Both drafters draft the same 20 sample tickets (`cli/demo_data/tickets.jsonl`) against the sample help
center (`cli/demo_data/helpcenter`, ingested into a temporary store with the local MiniLM embedder).
Replay matches each request on its body; a ticket whose request is not in the cassette (a prompt,
redaction or retrieval change since the recording) is counted as "not recorded" — re-record then.
The live server for `--live` is the one the cassette tests use (see docs/quality-drafts.md).
"""

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import vcr  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from agent.guard import guard_draft  # noqa: E402
from agent.llm import Completion, OpenAIChat  # noqa: E402
from agent.models import DraftResult, Ticket  # noqa: E402
from agent.pipeline import draft_ticket  # noqa: E402
from agent.settings import Settings  # noqa: E402

TICKETS = ROOT / "cli" / "demo_data" / "tickets.jsonl"
HELP_CENTER = ROOT / "cli" / "demo_data" / "helpcenter"
CASSETTE = ROOT / "tests" / "cassettes" / "evals" / "drafts_smollm2.yaml"
BASE_URL = "http://127.0.0.1:8099/v1"
MODEL = "smollm2-135m-instruct"


def load_tickets() -> list[Ticket]:
    """Return the sample tickets."""
    lines = TICKETS.read_text(encoding="utf-8").splitlines()
    return [Ticket.model_validate(json.loads(line)) for line in lines if line.strip()]


def sample_retriever(*, data_dir: Path) -> Any:
    """Ingest the sample help center into ``data_dir`` and return a retriever over it."""
    from knowledge.embeddings import LocalMiniLM
    from knowledge.ingest import ingest_folder
    from knowledge.retrieval import Retriever
    from knowledge.store import PassageStore

    store = PassageStore.open(path=data_dir / "chroma", url=None, collection="helpcenter", embedder=LocalMiniLM())
    ingest_folder(root=HELP_CENTER, store=store, stamp_path=data_dir / "knowledge.stamp")
    return Retriever(store=store, min_similarity=0.40, stamp_path=data_dir / "knowledge.stamp")


class KeepingChat:
    """Wraps a chat model and keeps its last raw answer, to ask what the guard alone would say."""

    def __init__(self, chat: OpenAIChat) -> None:
        self.chat, self.model_id, self.last = chat, chat.model_id, ""

    def complete(self, *, system: str, user: str) -> Completion:
        """Ask the wrapped model and keep the answer."""
        completion = self.chat.complete(system=system, user=user)
        self.last = completion.text
        return completion


def guard_alone_passes(*, answer: str, ticket: Ticket, result: DraftResult) -> bool:
    """Return whether the raw answer would have reached the queue unflagged without the model checks."""
    sources = {c.n: c.passage for c in result.citations} if result.kind == "reply" else {0: ticket.conversation()}
    report = guard_draft(text=answer, sources=sources)
    return not (report.reasons or result.escalate or (result.kind == "reply" and not result.citations))


def model_drafts(
    *, tickets: list[Ticket], retriever: Any, live: bool, base_url: str
) -> tuple[list[DraftResult | None], int]:
    """Draft every ticket with the recorded model (None where a replayed request is not recorded).

    Also return how many raw answers the guard alone would have let through unflagged.
    """
    settings = Settings(_env_file=None, model=MODEL, model_timeout_s=300, model_max_retries=0,  # type: ignore[call-arg]
                        openai_base_url=base_url, openai_api_key=SecretStr("sk-eval-not-stored"))
    recorder = vcr.VCR(filter_headers=["authorization", "api-key"], record_mode="all" if live else "none",
                       match_on=["method", "scheme", "host", "port", "path", "query", "body"])
    if live:
        CASSETTE.unlink(missing_ok=True)
    results: list[DraftResult | None] = []
    unflagged_by_guard = 0
    with recorder.use_cassette(str(CASSETTE)) as cassette:
        chat = KeepingChat(OpenAIChat(settings=settings))
        for ticket in tickets:
            played, chat.last = cassette.play_count, ""
            result = draft_ticket(ticket=ticket, kind=ticket.kind or "reply", retriever=retriever, chat=chat)
            recorded = live or cassette.play_count > played
            results.append(result if recorded else None)
            unflagged_by_guard += recorded and guard_alone_passes(answer=chat.last, ticket=ticket, result=result)
    return results, unflagged_by_guard


def tally(results: list[DraftResult | None]) -> dict[str, Any]:
    """Count drafts, flagged drafts, model drafts kept, and each reason."""
    done = [r for r in results if r is not None]
    reasons = Counter(reason for r in done for reason in r.reasons)
    return {"drafts": len(done), "not_recorded": len(results) - len(done),
            "flagged": sum(r.needs_human_review for r in done),
            "model_text_used": sum(r.drafter == "llm" for r in done),
            "reasons": reasons, "prompt_tokens": sum(r.usage.get("prompt_tokens", 0) for r in done),
            "completion_tokens": sum(r.usage.get("completion_tokens", 0) for r in done)}


def report(*, extractive: dict[str, Any], model: dict[str, Any]) -> str:
    """Return the Markdown tables for docs/quality-drafts.md."""
    rows = ["| | extractive | recorded model (SmolLM2-135M) |", "|---|---:|---:|"]
    for key in ("drafts", "not_recorded", "flagged", "model_text_used", "prompt_tokens", "completion_tokens"):
        rows.append(f"| {key.replace('_', ' ')} | {int(extractive[key])} | {int(model[key])} |")
    rows += ["", "| reason | extractive | recorded model |", "|---|---:|---:|"]
    every = sorted(set(extractive["reasons"]) | set(model["reasons"]),
                   key=lambda r: (-(extractive["reasons"][r] + model["reasons"][r]), r))
    rows += [f"| `{r}` | {extractive['reasons'][r]} | {model['reasons'][r]} |" for r in every]
    return "\n".join(rows)


def main() -> None:
    """Draft the sample tickets both ways and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--live", action="store_true", help="ask the live server and re-record the cassette")
    parser.add_argument("--base-url", default=BASE_URL, help="the server's URL while recording (kept in the cassette)")
    parser.add_argument("--per-ticket", action="store_true", help="also print each ticket's reasons")
    args = parser.parse_args()
    tickets = load_tickets()
    with tempfile.TemporaryDirectory() as tmp:
        retriever = sample_retriever(data_dir=Path(tmp))
        extractive = [draft_ticket(ticket=t, kind=t.kind or "reply", retriever=retriever, chat=None) for t in tickets]
        model, unflagged_by_guard = model_drafts(tickets=tickets, retriever=retriever, live=args.live,
                                                 base_url=args.base_url)
    if args.per_ticket:
        for ticket, plain, drafted in zip(tickets, extractive, model, strict=True):
            print(ticket.ticket_id, plain.reasons, drafted.reasons if drafted else "not recorded", sep="\t")
    print(report(extractive=tally(list(extractive)), model=tally(model)))
    print(f"\nRaw model answers the guard alone would have let through unflagged: {unflagged_by_guard} "
          f"of {sum(r is not None for r in model)}")


if __name__ == "__main__":
    main()
