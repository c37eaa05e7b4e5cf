"""``draftgate outbox list/requeue``: see dead and pending deliveries and send them again."""

from __future__ import annotations

import json
from typing import Annotated

import typer

outbox_app = typer.Typer(help="List deliveries and requeue dead letters.", no_args_is_help=True)


@outbox_app.command("list")
def outbox_list(
    state: Annotated[str | None, typer.Option("--state", help="pending, dead or sent")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per line")] = False,
) -> None:
    """List deliveries with their state, attempts and last error."""
    from agent.settings import Settings
    from review import outbox
    from review.services import Services

    if state is not None and state not in outbox.STATES:
        raise typer.BadParameter(f"--state must be one of {', '.join(outbox.STATES)}")
    services = Services(settings=Settings(), use_model=False)
    after = 0
    with services.sessions() as session:
        while items := outbox.list_items(session=session, state=state, after=after, limit=500):
            for entry in items:
                if as_json:
                    typer.echo(json.dumps(entry.model_dump(), ensure_ascii=False))
                else:
                    typer.echo(f"{entry.id}\t{entry.state}\t{entry.draft_id}\t{entry.ticket_id or ''}\t"
                               f"attempts={entry.attempts}\t{entry.last_error or ''}")
            after = items[-1].id


@outbox_app.command("requeue")
def outbox_requeue(
    message_id: Annotated[int | None, typer.Argument(help="the id shown by `outbox list`")] = None,
    all_dead: Annotated[bool, typer.Option("--all-dead", help="requeue every dead delivery")] = False,
) -> None:
    """Send a dead delivery again (same draft_id, exactly the approved text); logged in the review log."""
    from agent.settings import Settings
    from review import outbox
    from review.db import transaction
    from review.errors import DraftgateError
    from review.services import Services

    if (message_id is None) == (not all_dead):
        raise typer.BadParameter("give an outbox id or --all-dead (not both)")
    services = Services(settings=Settings(), use_model=False)
    try:
        with transaction(services.sessions) as session:
            if all_dead:
                items = outbox.requeue_dead(session=session, actor="cli")
            else:
                assert message_id is not None
                items = [outbox.requeue(session=session, message_id=message_id, actor="cli")]
    except DraftgateError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from None
    for entry in items:
        typer.echo(f"requeued {entry.id}\t{entry.draft_id}")
    typer.echo(f"{len(items)} delivery(ies) requeued", err=True)
