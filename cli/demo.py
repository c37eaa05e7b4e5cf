"""``draftgate demo``: the sample help center, the sample tickets, the review queue, offline.

The port is bound before anything else, so a busy port fails at once with how to pick another, and
the URL is announced only once the port is held. Each run revokes the previous run's demo keys before
printing four new ones, so at most four demo keys are ever live.
"""

from __future__ import annotations

import errno
import json
import socket
from pathlib import Path

import typer
from sqlalchemy import select

from agent.models import Ticket
from agent.settings import Settings
from cli.progress import IngestProgress
from knowledge.ingest import ingest_folder
from review import drafts
from review.auth import ROLES, Principal, create_key, revoke_key
from review.db import transaction
from review.services import Services
from review.tables import ApiKey, Draft

DEMO_DIR = Path(__file__).parent / "demo_data"
HELP_CENTER = DEMO_DIR / "helpcenter"
TICKETS = DEMO_DIR / "tickets.jsonl"


def run(*, settings: Settings, host: str, port: int) -> None:
    """Bind the port, prepare the demo data and serve it until interrupted."""
    import uvicorn

    from api.app import create_app

    listener = bind(host=host, port=port)
    services = Services(settings=settings)
    typer.echo("Ingesting the sample help center…", err=True)
    report = ingest_folder(root=HELP_CENTER, store=services.store(), default_status=settings.default_article_status,
                           stamp_path=services.stamp_path, progress=IngestProgress())
    typer.echo(f"  {report.summary()}", err=True)
    for skipped in report.skipped:
        typer.echo(f"  skipped {skipped.source_path}: {skipped.reason}", err=True)
    revoked = revoke_demo_keys(services)
    keys = {role: _new_key(services, role) for role in ROLES}
    created = draft_samples(services=services)
    typer.echo(f"Drafted {created} sample ticket(s); the queue is ready.", err=True)
    if revoked:
        typer.echo(f"Revoked the {revoked} demo key(s) of the previous run.", err=True)
    url = f"http://{host}:{listener.getsockname()[1]}"
    typer.echo(f"\ndraftgate demo is running at {url}/  (API docs: {url}/docs)")
    for role, key in keys.items():
        typer.echo(f"  {role:<9} key: {key}")
    typer.echo("Sign in to the review queue with the rep or lead key. Press Ctrl+C to stop.\n")
    config = uvicorn.Config(create_app(settings=settings, services=services), log_level="warning")
    uvicorn.Server(config).run(sockets=[listener])


def bind(*, host: str, port: int) -> socket.socket:
    """Return a listening socket on ``host:port``, or exit 2 saying how to choose another port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as exc:
        listener.close()
        why = "is already in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
        typer.echo(f"Port {port} on {host} {why}. Pick another one: `draftgate demo --port {port + 1}` "
                   f"(or `make demo PORT={port + 1}`).", err=True)
        raise typer.Exit(2) from None
    listener.listen(2048)
    listener.set_inheritable(True)
    return listener


def revoke_demo_keys(services: Services) -> int:
    """Revoke the live keys an earlier demo run created; return how many."""
    with transaction(services.sessions) as session:
        ids = session.execute(select(ApiKey.id).where(ApiKey.name.in_([f"demo-{role}" for role in ROLES]),
                                                      ApiKey.revoked_at.is_(None))).scalars().all()
        for key_id in ids:
            revoke_key(session=session, key_id=key_id, actor="demo")
    return len(ids)


def _new_key(services: Services, role: str) -> str:
    """Create a demo key for a role."""
    with transaction(services.sessions) as session:
        return create_key(session=session, role=role, name=f"demo-{role}", actor="demo")


def draft_samples(*, services: Services) -> int:
    """Draft every sample ticket that has no draft yet; return how many were created."""
    with services.sessions() as session:
        known = set(session.execute(select(Draft.ticket_id)).scalars())
        key_id = session.execute(select(ApiKey.id).where(ApiKey.name == "demo-ticketing", ApiKey.revoked_at.is_(None))
                                 .order_by(ApiKey.id.desc())).scalars().first()
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
