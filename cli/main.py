"""The ``draftgate`` command line: batch JSONL commands, keys, the review-log check, serve, demo.

Batch commands read JSONL (one object per line, with an ``id``) and write one JSON line per input
line to stdout, same ``id``, same order. A bad line gets an ``error`` field; the run goes on and
exits 1 at the end.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from cli.outbox import outbox_app
from cli.privacy import privacy_app
from cli.reports import policy_app, report_app
from cli.users import users_app

if TYPE_CHECKING:
    from agent.policy import EscalationPolicy
    from agent.settings import Settings

# Every command imports what it needs when it runs, so `--help` and the text commands never pay for
# the store, the database or the web stack (see benchmarks/cli_startup.py). Help is plain text
# (rich_markup_mode=None): rendering it with rich would double the time `--help` takes.
app = typer.Typer(help="draftgate: grounded drafts that nobody sends before a person approves them.",
                  no_args_is_help=True, add_completion=False, rich_markup_mode=None)
keys_app = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True, rich_markup_mode=None)
audit_app = typer.Typer(help="Check and export the review log.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")
app.add_typer(users_app, name="users")
app.add_typer(report_app, name="report")
app.add_typer(policy_app, name="policy")
app.add_typer(outbox_app, name="outbox")
app.add_typer(privacy_app, name="privacy")

InputFile = Annotated[Path, typer.Option("--input", "-i", help="JSONL file ('-' for stdin)")]


def _settings() -> Settings:
    """Read the settings from the environment (logs to stderr); stop with the reason if the policy is bad."""
    import structlog

    from agent.settings import Settings

    # stdout carries the JSONL contract; every log line goes to stderr.
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=sys.stderr))
    settings = Settings()
    _policy(settings.escalation_policy)
    return settings


def _policy(path: Path | None) -> EscalationPolicy:
    """Load the escalation policy, or exit 2 with the file, line and reason."""
    from agent.policy import PolicyError, load_policy

    try:
        return load_policy(path)
    except PolicyError as exc:
        typer.echo(f"error: the escalation policy is refused: {exc}", err=True)
        raise typer.Exit(2) from None


def _run_batch(input_path: Path, handle: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Apply ``handle`` to every JSONL line and exit 1 if any line failed."""
    from cli import batch

    failed = batch.run(lines=_lines(input_path), handle=handle, out=sys.stdout)
    if failed:
        typer.echo(f"{failed} line(s) failed; see their `error` field", err=True)
        raise typer.Exit(1)


def _lines(path: Path) -> list[str]:
    """Return the lines of the input file."""
    if str(path) == "-":
        return sys.stdin.read().splitlines()
    if not path.exists():
        typer.echo(f"no such input file: {path}", err=True)
        raise typer.Exit(2)
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="folder of help-center articles")],
    answered: Annotated[Path | None, typer.Option(
        "--answered", help="closed tickets (JSONL with `relevant` article paths) that teach retrieval how "
                           "customers describe what each article solves")] = None,
) -> None:
    """Ingest approved, current articles; progress, then added / updated / removed / skipped on stderr."""
    from cli.progress import IngestProgress
    from knowledge.ingest import ingest_folder
    from review.services import Services

    settings = _settings()
    services = Services(settings=settings, use_model=False)
    lines = _lines(answered) if answered is not None else []
    try:
        report = ingest_folder(root=path, store=services.store(), default_status=settings.default_article_status,
                               stamp_path=services.stamp_path, progress=IngestProgress())
    except FileNotFoundError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    for label, paths in (("added", report.added), ("updated", report.updated), ("removed", report.removed)):
        for p in paths:
            typer.echo(f"{label}: {p}", err=True)
    for skipped in report.skipped:
        typer.echo(f"skipped: {skipped.source_path}: {skipped.reason}", err=True)
    typer.echo(report.summary(), err=True)
    if answered is not None:
        _ingest_answered(services=services, lines=lines, source=str(answered))


def _ingest_answered(*, services: Any, lines: list[str], source: str) -> None:
    """Store the answered tickets of a JSONL file; a bad line is named on stderr and makes the exit code 1."""
    from cli.batch import answered_ticket

    tickets, bad = [], 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            tickets.append(answered_ticket(json.loads(line), line=number))
        except (ValueError, TypeError) as exc:
            bad += 1
            typer.echo(f"skipped: {source}:{number}: {str(exc).splitlines()[0]}", err=True)
    services.store().add_answered(tickets=tickets)
    services.stamp_path.write_text(uuid.uuid4().hex)
    typer.echo(f"answered tickets: {len(tickets)} stored, {bad} skipped", err=True)
    if bad:
        raise typer.Exit(1)


@app.command()
def retrieve(input: InputFile, k: Annotated[int, typer.Option("--k", min=1, max=50)] = 5) -> None:
    """Find approved passages for each ticket."""
    from cli import batch
    from review.services import Services

    services = Services(settings=_settings(), use_model=False)
    _run_batch(input, lambda row: batch.retrieve(row, retriever=services.retriever(), k=k))


@app.command()
def classify(input: InputFile) -> None:
    """Decide for each ticket whether a person must own it, why, and how risky it is."""
    from agent.policy import policy_path
    from cli import batch

    # the text commands never log and need one setting: no structlog, no pydantic-settings (0.4 s)
    policy = _policy(policy_path())
    _run_batch(input, lambda row: batch.classify_row(row, policy=policy))


@app.command()
def redact(input: InputFile) -> None:
    """Replace customer identifiers in each text with typed placeholders."""
    from cli import batch

    _run_batch(input, batch.redact_row)


@app.command()
def guard(input: InputFile) -> None:
    """Find and strip unauthorized commitments in each text."""
    from cli import batch

    _run_batch(input, batch.guard_row)


@app.command()
def draft(input: InputFile, kind: Annotated[str, typer.Option("--kind", help="reply or summary")] = "reply") -> None:
    """Draft a reply or summary for each ticket (nothing is stored or sent)."""
    from cli import batch
    from review.services import Services

    if kind not in ("reply", "summary"):
        raise typer.BadParameter("--kind must be reply or summary")
    services = Services(settings=_settings())
    _run_batch(input, lambda row: batch.draft_row(row, services=services, default_kind=kind))


@app.command()
def replay(input: InputFile,
           report: Annotated[Path | None, typer.Option("--report", help="write a self-contained HTML report here")]
           = None) -> None:
    """Replay closed tickets: draft each, compare with the human reply, report the success measures."""
    from cli import replay as replay_module
    from cli import replay_report
    from review.services import Services

    settings = _settings()
    services = Services(settings=settings)
    lines = _lines(input)
    outcome, summary = replay_module.run(services=services, lines=lines, out=sys.stdout, err=sys.stderr)
    if report is not None:
        replay_report.write(path=report, summary=summary, outcomes=outcome.outcomes, source=str(input),
                            drafter=settings.drafter_name)
        typer.echo(f"report: {report}", err=True)
    if summary.failed_lines:
        typer.echo(f"{summary.failed_lines} line(s) failed; see their `error` field", err=True)
        raise typer.Exit(1)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000,
          worker: Annotated[bool, typer.Option(help="run the delivery worker in this process")] = True) -> None:
    """Run the HTTP API and the review pages."""
    import uvicorn

    from api.app import create_app

    settings = _settings()
    uvicorn.run(create_app(settings=settings, run_worker=worker), host=host, port=port, log_level="info",
                timeout_graceful_shutdown=5)


@app.command("worker")
def worker_command(once: Annotated[bool, typer.Option("--once", help="attempt what is due once, then exit")]
                   = False) -> None:
    """Deliver approved drafts from the outbox (for running delivery as its own process)."""
    import httpx

    from review.delivery import DeliveryWorker, run_once
    from review.services import Services
    from review.webhooks import unsigned_warning

    settings = _settings()
    services = Services(settings=settings, use_model=False)
    if not settings.delivery_url:
        typer.echo("DRAFTGATE_DELIVERY_URL is not set: approved drafts wait in the outbox", err=True)
    if warning := unsigned_warning(settings):
        typer.echo(f"WARNING: {warning}", err=True)
    if once:
        with httpx.Client(timeout=settings.delivery_timeout_s) as client:
            run_once(sessions=services.sessions, settings=settings, client=client)
        return
    DeliveryWorker(sessions=services.sessions, settings=settings).run_forever()


@app.command()
def demo(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Ingest the sample help center, draft the sample tickets, and serve the review queue."""
    from cli import demo as demo_module

    demo_module.run(settings=_settings(), host=host, port=port)


@keys_app.command("create")
def keys_create(role: Annotated[str, typer.Option(help="ticketing, rep, lead or admin")],
                name: Annotated[str, typer.Option(help="who or what uses the key")]) -> None:
    """Create an API key and print it once, alone on the last line."""
    from review.auth import ROLES, create_key
    from review.db import transaction
    from review.services import Services

    if role not in ROLES:
        raise typer.BadParameter(f"role must be one of {', '.join(ROLES)}")
    services = Services(settings=_settings(), use_model=False)
    with transaction(services.sessions) as session:
        key = create_key(session=session, role=role, name=name)
    typer.echo(f"Created a {role} key named {name!r}. It is shown once; store it now:")
    typer.echo(key)


@keys_app.command("list")
def keys_list() -> None:
    """List keys (never the keys themselves)."""
    from sqlalchemy import select

    from review.services import Services
    from review.tables import ApiKey

    services = Services(settings=_settings(), use_model=False)
    with services.sessions() as session:
        for row in session.execute(select(ApiKey).order_by(ApiKey.id)).scalars():
            state = f"revoked {row.revoked_at}" if row.revoked_at else "active"
            typer.echo(f"{row.id}\t{row.role}\t{row.name}\t{row.prefix}…\t{row.created_at}\t{state}")


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[int, typer.Argument(help="the id shown by `keys list`")]) -> None:
    """Revoke a key."""
    from review.auth import revoke_key
    from review.db import transaction
    from review.services import Services

    services = Services(settings=_settings(), use_model=False)
    try:
        with transaction(services.sessions) as session:
            row = revoke_key(session=session, key_id=key_id)
    except LookupError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"revoked key {row.id} ({row.role}:{row.name})")


@audit_app.command("verify")
def audit_verify(
    checkpoints: Annotated[list[Path] | None, typer.Option(
        "--checkpoints", help="also check against checkpoints kept elsewhere (JSONL from `audit checkpoints`)")] = None,
) -> None:
    """Check the review-log hash chain and its signed checkpoints; exit 1 on any break, naming the check."""
    from review import checkpoints as anchors
    from review.services import Services

    settings = _settings()
    services = Services(settings=settings, use_model=False)
    for path in checkpoints or []:
        if not path.exists():
            typer.echo(f"no such checkpoint file: {path}", err=True)
            raise typer.Exit(2)
    with services.sessions() as session:
        count, problems = anchors.verify(session=session, settings=settings, extra=checkpoints or [])
    for problem in problems:
        typer.echo(f"[{problem.check}] seq {problem.seq}: {problem.problem}", err=True)
    if problems:
        failed = ", ".join(sorted({p.check for p in problems}))
        typer.echo(f"review log BROKEN: {len(problems)} problem(s) in {count} rows; failed checks: {failed}", err=True)
        raise typer.Exit(1)
    typer.echo(f"review log intact: {count} rows verified; chain and signed checkpoints agree")


@audit_app.command("checkpoints")
def audit_checkpoints() -> None:
    """Print the signed checkpoints (JSONL) so a lead can keep a copy outside this system."""
    from review import checkpoints as anchors

    settings = _settings()
    found, _ = anchors.read([anchors.path_of(settings)])
    for checkpoint in found:
        typer.echo(checkpoint.model_dump_json())


@audit_app.command("checkpoint")
def audit_checkpoint() -> None:
    """Sign the log's current head now (for logs started before checkpoints existed) and print it."""
    from review import checkpoints as anchors
    from review.services import Services

    settings = _settings()
    services = Services(settings=settings, use_model=False)
    with services.sessions() as session:
        checkpoint = anchors.checkpoint_now(settings=settings, session=session)
    typer.echo(checkpoint.model_dump_json() if checkpoint else "the review log is empty: nothing to anchor")


@audit_app.command("export")
def audit_export(format: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "jsonl") -> None:
    """Write the whole review log to stdout as CSV or JSONL."""
    from review.audit import AuditFilter, export
    from review.services import Services

    if format not in ("csv", "jsonl"):
        typer.echo(f"--format must be csv or jsonl, not {format!r}", err=True)
        raise typer.Exit(2)
    services = Services(settings=_settings(), use_model=False)
    with services.sessions() as session:
        for chunk in export(session=session, filters=AuditFilter(), fmt=format):
            sys.stdout.write(chunk)


def main() -> None:
    """Run the command line."""
    app()


if __name__ == "__main__":
    main()

