"""The ``draftgate`` command line: batch JSONL commands, keys, the review-log check, serve, demo.

Batch commands read JSONL (one object per line, with an ``id``) and write one JSON line per input
line to stdout, same ``id``, same order. A bad line gets an ``error`` field; the run goes on and
exits 1 at the end.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import structlog
import typer

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from agent.settings import Settings
from cli import batch
from cli.users import users_app

# stdout carries the JSONL contract; every log line goes to stderr.
structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=sys.stderr))

app = typer.Typer(help="draftgate: grounded drafts that nobody sends before a person approves them.",
                  no_args_is_help=True, add_completion=False)
keys_app = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)
audit_app = typer.Typer(help="Check and export the review log.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")
app.add_typer(users_app, name="users")

InputFile = Annotated[Path, typer.Option("--input", "-i", help="JSONL file ('-' for stdin)")]


def _settings() -> Settings:
    """Read the settings from the environment."""
    return Settings()


def _run_batch(input_path: Path, handle: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Apply ``handle`` to every JSONL line and exit 1 if any line failed."""
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
def ingest(path: Annotated[Path, typer.Argument(help="folder of help-center articles")]) -> None:
    """Ingest approved, current articles; report added / updated / removed / skipped on stderr."""
    from knowledge.ingest import ingest_folder
    from review.services import Services

    settings = _settings()
    services = Services(settings=settings, use_model=False)
    try:
        report = ingest_folder(root=path, store=services.store(), default_status=settings.default_article_status,
                               stamp_path=services.stamp_path)
    except FileNotFoundError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    for label, paths in (("added", report.added), ("updated", report.updated), ("removed", report.removed)):
        for p in paths:
            typer.echo(f"{label}: {p}", err=True)
    for skipped in report.skipped:
        typer.echo(f"skipped: {skipped.source_path}: {skipped.reason}", err=True)
    typer.echo(report.summary(), err=True)


@app.command()
def retrieve(input: InputFile, k: Annotated[int, typer.Option("--k", min=1, max=50)] = 5) -> None:
    """Find approved passages for each ticket."""
    from review.services import Services

    services = Services(settings=_settings(), use_model=False)
    _run_batch(input, lambda row: batch.retrieve(row, retriever=services.retriever(), k=k))


@app.command()
def classify(input: InputFile) -> None:
    """Decide for each ticket whether a person must own it, why, and how risky it is."""
    _run_batch(input, batch.classify_row)


@app.command()
def redact(input: InputFile) -> None:
    """Replace customer identifiers in each text with typed placeholders."""
    _run_batch(input, batch.redact_row)


@app.command()
def guard(input: InputFile) -> None:
    """Find and strip unauthorized commitments in each text."""
    _run_batch(input, batch.guard_row)


@app.command()
def draft(input: InputFile, kind: Annotated[str, typer.Option("--kind", help="reply or summary")] = "reply") -> None:
    """Draft a reply or summary for each ticket (nothing is stored or sent)."""
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
def worker_command() -> None:
    """Deliver approved drafts from the outbox (for running delivery as its own process)."""
    from review.delivery import DeliveryWorker
    from review.services import Services

    settings = _settings()
    services = Services(settings=settings, use_model=False)
    if not settings.delivery_url:
        typer.echo("DRAFTGATE_DELIVERY_URL is not set: approved drafts wait in the outbox", err=True)
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
def audit_verify() -> None:
    """Check the review-log hash chain; exit 1 on any break."""
    from review.review_log import verify_all
    from review.services import Services

    services = Services(settings=_settings(), use_model=False)
    with services.sessions() as session:
        count, problems = verify_all(session=session)
    for problem in problems:
        typer.echo(f"seq {problem.seq}: {problem.problem}", err=True)
    if problems:
        typer.echo(f"review log BROKEN: {len(problems)} problem(s) in {count} rows", err=True)
        raise typer.Exit(1)
    typer.echo(f"review log intact: {count} rows verified")


@audit_app.command("export")
def audit_export(format: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "jsonl") -> None:
    """Write the whole review log to stdout as CSV or JSONL."""
    from review.audit import AuditFilter, export
    from review.services import Services

    services = Services(settings=_settings(), use_model=False)
    with services.sessions() as session:
        for chunk in export(session=session, filters=AuditFilter(), fmt=format):
            sys.stdout.write(chunk)


def main() -> None:
    """Run the command line."""
    app()


if __name__ == "__main__":
    main()

