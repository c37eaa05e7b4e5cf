"""``draftgate replay``: the first-week experiment on closed tickets, as one command.

Each closed ticket ``{id, subject, body|messages, customer, human_reply}`` (optionally ``steps``,
``relevant``, ``how_to``) is drafted like a new ticket, nothing stored or sent, and compared with
the reply a person sent (``cli.replay_compare``). One JSON line per ticket: the draft record plus
``comparison``. The success measures and every stop condition go to stderr and, with a report
path, into a self-contained HTML report (``cli.replay_report``). Bad lines get an ``error``.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from typing import IO, Any

from pydantic import BaseModel, Field

from cli.batch import run as run_batch
from cli.batch import ticket_of
from cli.replay_compare import STOP_CONDITIONS, compare
from review.services import Services


class TicketOutcome(BaseModel):
    """What the summary needs of one replayed ticket."""

    id: str
    subject: str
    how_to: bool
    steps: int
    missing_steps: list[str]
    similarity: float
    edit_share: float
    notes: int
    added_commitments: int
    stop_conditions: list[str]
    questions: int
    unanswered: list[str]
    answered_or_flagged: bool
    seconds: float
    cited: list[str]
    relevant: list[str]
    draft: str
    human_reply: str


class Summary(BaseModel):
    """The success measures of a replay."""

    tickets: int
    failed_lines: int
    how_to: int
    steps_covered: float | None = Field(description="mean share of the human reply's steps the draft carries "
                                                    "(how-to tickets)")
    steps_covered_all: float | None
    sendable_as_is: float | None = Field(description="share of drafts with every step, no note and no stop condition")
    mean_edit_share: float | None
    mean_similarity: float | None
    draft_seconds_p50: float | None
    draft_seconds_p95: float | None
    unauthorized_commitments: int
    multi_question: int
    multi_question_answered_or_flagged: int
    first_source_right: float | None
    stop_conditions: dict[str, int]


class Replay:
    """Replays closed tickets through the drafting pipeline and keeps the outcomes."""

    def __init__(self, *, services: Services) -> None:
        self.services = services
        self.outcomes: list[TicketOutcome] = []

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        """Draft one closed ticket and compare it with the human reply."""
        human = row.get("human_reply")
        if not isinstance(human, str) or not human.strip():
            raise ValueError("each closed ticket needs a string field `human_reply`")
        ticket = ticket_of({k: v for k, v in row.items() if k not in ("human_reply", "steps", "relevant", "how_to")})
        started = time.perf_counter()
        result = self.services.draft(ticket=ticket, kind="reply")
        seconds = time.perf_counter() - started
        steps = row.get("steps") if isinstance(row.get("steps"), list) else None
        relevant = row.get("relevant") if isinstance(row.get("relevant"), list) else None
        comparison = compare(result=result, human_reply=human, steps=steps, relevant=relevant,
                             subject=ticket.subject, body=ticket.conversation()[len(ticket.subject):])
        how_to = bool(row["how_to"]) if "how_to" in row else bool(comparison.steps)
        self.outcomes.append(TicketOutcome(
            id=str(row.get("id")), subject=ticket.subject, how_to=how_to, steps=len(comparison.steps),
            missing_steps=comparison.missing_steps, similarity=comparison.similarity,
            edit_share=_edit_share(result.customer_preview, human), notes=result.draft.count("Needs human review"),
            added_commitments=len(comparison.added_commitments), stop_conditions=comparison.stop_conditions,
            questions=len(comparison.questions), unanswered=result.unanswered_questions,
            answered_or_flagged=not comparison.neither_answered_nor_flagged,
            seconds=seconds, cited=[c.source_path for c in result.citations], relevant=relevant or [],
            draft=result.customer_preview, human_reply=human))
        return {**result.model_dump(), "comparison": comparison.model_dump(
            include={"similarity", "missing_steps", "added_commitments", "stop_conditions",
                     "neither_answered_nor_flagged"})}

    def summary(self, *, failed: int) -> Summary:
        """Return the success measures over the replayed tickets."""
        out = self.outcomes
        how_to = [o for o in out if o.how_to and o.steps]
        multi = [o for o in out if o.questions >= 2]
        timed = sorted(o.seconds for o in out)
        labelled = [o for o in out if o.relevant]
        return Summary(
            tickets=len(out), failed_lines=failed, how_to=len(how_to),
            steps_covered=_mean([1 - len(o.missing_steps) / o.steps for o in how_to]),
            steps_covered_all=_mean([1 - len(o.missing_steps) / o.steps for o in out if o.steps]),
            sendable_as_is=_mean([float(not o.missing_steps and not o.notes and not o.stop_conditions) for o in out]),
            mean_edit_share=_mean([o.edit_share for o in out]), mean_similarity=_mean([o.similarity for o in out]),
            draft_seconds_p50=round(statistics.median(timed), 3) if timed else None,
            draft_seconds_p95=round(timed[min(len(timed) - 1, int(0.95 * len(timed)))], 3) if timed else None,
            unauthorized_commitments=sum(o.added_commitments > 0 for o in out), multi_question=len(multi),
            multi_question_answered_or_flagged=sum(o.answered_or_flagged for o in multi),
            first_source_right=_mean([float(bool(o.cited) and o.cited[0] in o.relevant) for o in labelled]),
            stop_conditions={c: sum(c in o.stop_conditions for o in out) for c in STOP_CONDITIONS},
        )


def run(*, services: Services, lines: list[str], out: IO[str], err: IO[str]) -> tuple[Replay, Summary]:
    """Replay every line, write the JSONL to ``out`` and the measures to ``err``."""
    replay = Replay(services=services)
    failed = run_batch(lines=lines, handle=replay.row, out=out)
    summary = replay.summary(failed=failed)
    err.write(describe(summary, replay.outcomes))
    return replay, summary


def describe(summary: Summary, outcomes: list[TicketOutcome]) -> str:
    """Return the measures and every stop condition hit, as lines for stderr."""
    lines = [f"replayed {summary.tickets} closed tickets ({summary.failed_lines} bad lines)"]
    for key, value in summary.model_dump(exclude={"tickets", "failed_lines", "stop_conditions"}).items():
        lines.append(f"  {key}: {value}")
    lines.append("  stop conditions: " + json.dumps(summary.stop_conditions))
    counts = Counter(c for o in outcomes for c in o.stop_conditions)
    for outcome in outcomes:
        for condition in outcome.stop_conditions:
            lines.append(f"  stop {condition}: {outcome.id} ({outcome.subject[:60]})")
    if not counts:
        lines.append("  no stop condition hit")
    return "\n".join(lines) + "\n"


def _edit_share(draft: str, human: str) -> float:
    """Return the share of characters a rep would change to turn the draft into the human reply."""
    import difflib

    matcher = difflib.SequenceMatcher(a=draft, b=human, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    total = len(draft) + len(human)
    return round((total - 2 * kept) / total, 4) if total else 0.0


def _mean(values: list[float]) -> float | None:
    """Return the mean rounded to 3 places, or None for no values."""
    return round(sum(values) / len(values), 3) if values else None
