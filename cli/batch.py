"""The JSONL batch contract shared by the CLI commands, one function per command."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from pydantic import ValidationError

from agent.models import Ticket

# Each command imports only its own step, so one-line runs of classify, redact and guard stay fast.
if TYPE_CHECKING:
    from agent.policy import EscalationPolicy
    from knowledge.answered import AnsweredTicket
    from knowledge.retrieval import Retriever
    from review.services import Services


def run(*, lines: list[str], handle: Callable[[dict[str, Any]], dict[str, Any]], out: IO[str]) -> int:
    """Write one output line per non-empty input line; return how many lines failed."""
    failed = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        row_id: Any = None
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("each line must be a JSON object")
            row_id = row.get("id")
            result = {"id": row_id, **handle(row)}
        except (ValueError, ValidationError, KeyError, TypeError) as exc:
            failed += 1
            result = {"id": row_id, "line": number, "error": _message(exc)}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return failed


def _message(exc: Exception) -> str:
    """Return a short, clear error for one line."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "line"
        return f"{where}: {first.get('msg')}"
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON: {exc.msg} at column {exc.colno}"
    return str(exc) or type(exc).__name__


def ticket_of(row: dict[str, Any]) -> Ticket:
    """Validate a ticket line (a numeric ``id`` is fine; ``ticket_id`` wins over ``id``)."""
    ticket_id = row.get("ticket_id", row.get("id"))
    fields = {k: v for k, v in row.items() if k not in ("ticket_id", "id")}
    return Ticket.model_validate({**fields, "id": None if ticket_id is None else str(ticket_id)})


def _text(row: dict[str, Any]) -> str:
    """Return the ``text`` field of a line, or raise."""
    text = row.get("text")
    if not isinstance(text, str):
        raise ValueError("each line needs a string field `text`")
    return text


def answered_ticket(row: Any, *, line: int) -> AnsweredTicket:
    """Return a closed ticket as retrieval learns from it: redacted text without greetings, and its articles."""
    from agent.redaction import redact
    from knowledge.answered import AnsweredTicket
    from knowledge.query import clean_query

    if not isinstance(row, dict):
        raise ValueError("each line must be a JSON object")
    relevant = row.get("relevant")
    if not isinstance(relevant, list) or not relevant or not all(isinstance(a, str) and a for a in relevant):
        raise ValueError("each answered ticket needs `relevant`: the article paths it was answered from")
    ticket = ticket_of({k: v for k, v in row.items() if k not in ("human_reply", "steps", "relevant", "how_to",
                                                                     "section")})
    text = clean_query(redact(text=ticket.conversation()).redacted)
    return AnsweredTicket(id=ticket.ticket_id or f"line-{line}", text=text, articles=list(dict.fromkeys(relevant)))


def retrieve(row: dict[str, Any], *, retriever: Retriever, k: int) -> dict[str, Any]:
    """Retrieve passages for one ticket line."""
    from agent.redaction import redact

    ticket = ticket_of(row)
    query = redact(text=ticket.conversation()).redacted
    found = retriever.retrieve(query=query, k=k, plan=ticket.customer.plan, locale=ticket.customer.locale)
    return {"results": [r.model_dump() for r in found.results], "weak": found.weak}


def classify_row(row: dict[str, Any], *, policy: EscalationPolicy | None = None) -> dict[str, Any]:
    """Classify one ticket line (on its redacted text), topic and account reasons."""
    from agent.account import with_account
    from agent.escalation import classify
    from agent.policy import EscalationPolicy
    from agent.redaction import redact

    ticket = ticket_of(row)
    safe = redact(text=ticket.conversation()).redacted
    verdict = with_account(classify(subject="", body=safe), ticket=ticket, text=safe,
                           policy=policy or EscalationPolicy())
    return verdict.model_dump()


def redact_row(row: dict[str, Any]) -> dict[str, Any]:
    """Redact one text line."""
    from agent.redaction import redact

    result = redact(text=_text(row))
    return {"redacted": result.redacted, "entities": [e.model_dump() for e in result.entities]}


def guard_row(row: dict[str, Any]) -> dict[str, Any]:
    """Guard one text line."""
    from agent.guard import guard_draft

    report = guard_draft(text=_text(row))
    return {"commitments": [{"text": c.text, "labels": c.labels, "start": c.start, "end": c.end, "source": c.source}
                            for c in report.commitments],
            "clean": report.clean, "needs_human_review": report.needs_human_review, "reasons": report.reasons}


def draft_row(row: dict[str, Any], *, services: Services, default_kind: str) -> dict[str, Any]:
    """Draft one ticket line without storing it."""
    ticket = ticket_of(row)
    kind = row.get("kind") or ticket.kind or default_kind
    if kind == "reply":
        result = services.draft(ticket=ticket, kind="reply")
    elif kind == "summary":
        result = services.draft(ticket=ticket, kind="summary")
    else:
        raise ValueError("kind must be reply or summary")
    return result.model_dump()
