"""``draftgate privacy erase/purge``: answer a customer's erasure request; enforce the retention period."""

from __future__ import annotations

from typing import Annotated

import typer

privacy_app = typer.Typer(help="Erase a customer's personal data; purge data past the retention period.",
                          no_args_is_help=True)


@privacy_app.command("erase")
def erase(
    email: Annotated[str | None, typer.Option("--email", help="the customer's e-mail as sent in tickets")] = None,
    ticket_id: Annotated[str | None, typer.Option("--ticket-id", help="erase one ticket's drafts")] = None,
    reason: Annotated[str, typer.Option("--reason", help="request reference, logged")] = "erasure request",
) -> None:
    """Erase a customer's tickets, drafts, delivered texts and edit diffs; the review log still verifies."""
    from agent.settings import Settings
    from review import privacy
    from review.db import transaction
    from review.errors import DraftgateError
    from review.services import Services

    services = Services(settings=Settings(), use_model=False)
    try:
        with transaction(services.sessions) as session:
            draft_ids = privacy.drafts_of_customer(session=session, email=email, ticket_id=ticket_id)
            done = privacy.erase(session=session, draft_ids=draft_ids, actor="cli", reason=reason)
    except DraftgateError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(2) from None
    typer.echo(f"erased {done.drafts} draft(s), {done.personal_records} log record(s), "
               f"{done.outbox_payloads} delivery payload(s)")


@privacy_app.command("purge")
def purge() -> None:
    """Erase the personal data of drafts decided longer ago than DRAFTGATE_RETENTION_DAYS (run it daily)."""
    from agent.settings import Settings
    from review import privacy
    from review.db import transaction
    from review.services import Services

    settings = Settings()
    if settings.retention_days is None:
        typer.echo("DRAFTGATE_RETENTION_DAYS is not set: nothing is purged", err=True)
        return
    services = Services(settings=settings, use_model=False)
    with transaction(services.sessions) as session:
        draft_ids = privacy.expired_drafts(session=session, retention_days=settings.retention_days)
        done = privacy.erase(session=session, draft_ids=draft_ids, actor="retention",
                             reason=f"retention {settings.retention_days} days") if draft_ids else None
    typer.echo(f"purged {done.drafts if done else 0} draft(s) older than {settings.retention_days} days")
