"""``draftgate demo``: the sample help center, the sample tickets, the review queue, offline."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from sqlalchemy import select

from agent.models import Ticket
from agent.settings import Settings
from knowledge.ingest import ingest_folder
from review import drafts
from review.auth import ROLES, Principal, create_key
from review.db import transaction
from review.services import Services
from review.tables import ApiKey, Draft

DEMO_DIR = Path(__file__).parent / "demo_data"
HELP_CENTER = DEMO_DIR / "helpcenter"
TICKETS = DEMO_DIR / "tickets.jsonl"


def run(*, settings: Settings, host: str, port: int) -> None:
    """Prepare the demo data and serve it until interrupted."""
    import uvicorn

    from api.app import create_app

    services = Services(settings=settings)
    typer.echo("Ingesting the sample help center…", err=True)
    report = ingest_folder(root=HELP_CENTER, store=services.store(), default_status=settings.default_article_status,
                           stamp_path=services.stamp_path)
    typer.echo(f"  {report.summary()}", err=True)
    for skipped in report.skipped:
        typer.echo(f"  skipped {skipped.source_path}: {skipped.reason}", err=True)
    keys = {role: _new_key(services, role) for role in ROLES}
    created = draft_samples(services=services)
    typer.echo(f"Drafted {created} sample ticket(s); the queue is ready.", err=True)
    url = f"http://{host}:{port}"
    typer.echo(f"\ndraftgate demo is running at {url}/  (API docs: {url}/docs)")
    for role, key in keys.items():
        typer.echo(f"  {role:<9} key: {key}")
    typer.echo("Sign in to the review queue with the rep or lead key. Press Ctrl+C to stop.\n")
    uvicorn.run(create_app(settings=settings, services=services), host=host, port=port, log_level="warning")


def _new_key(services: Services, role: str) -> str:
    """Create a demo key for a role."""
    with transaction(services.sessions) as session:
        return create_key(session=session, role=role, name=f"demo-{role}", actor="demo")


def draft_samples(*, services: Services) -> int:
    """Draft every sample ticket that has no draft yet; return how many were created."""
    with services.sessions() as session:
        known = set(session.execute(select(Draft.ticket_id)).scalars())
        key_id = session.execute(select(ApiKey.id).where(ApiKey.name == "demo-ticketing")).scalars().first()
    assert key_id is not None, "the demo ticketing key is created first"
    principal = Principal(key_id=key_id, name="demo-ticketing", role="ticketing")
    created = 0
    for line in TICKETS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        ticket = Ticket.model_validate(row)
        if ticket.ticket_id in known:
            continue
        kind = ticket.kind or "reply"
        result = services.draft(ticket=ticket, kind=kind)
        with transaction(services.sessions) as session:
            drafts.create(session=session, principal=principal, ticket=ticket, result=result)
        created += 1
    return created
