"""The outbox page for leads and admins: dead and pending deliveries, their last error, a requeue button."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from review import outbox
from review.auth import Principal
from review.db import transaction
from review.errors import DraftgateError
from web.common import CheckedForm, NotAllowed, _signed_in, page, services_of

router = APIRouter(include_in_schema=False)
SHOWN = ("dead", "pending")


def _outbox_keeper(request: Request) -> Principal:
    """Return the signed-in person if their role may manage the outbox."""
    principal = _signed_in(request)
    if not principal.can("manage_outbox"):
        raise NotAllowed("Only leads and admins can open the outbox.")
    return principal


Keeper = Annotated[Principal, Depends(_outbox_keeper)]


@router.get("/outbox")
def outbox_page(request: Request, me: Keeper, done: str = "", error: str = "") -> Response:
    """Show dead and pending deliveries with their last error and a requeue button."""
    with services_of(request).sessions() as session:
        groups = {state: outbox.list_items(session=session, state=state, limit=500) for state in SHOWN}
    return page(request, "outbox.html", groups=groups, done=done[:200], error=error[:300])


@router.post("/outbox/{message_id}/requeue", dependencies=[CheckedForm])
def requeue(request: Request, me: Keeper, message_id: int) -> Response:
    """Requeue one delivery and come back to the outbox."""
    try:
        with transaction(services_of(request).sessions) as session:
            outbox.requeue(session=session, message_id=message_id, actor=me.actor)
    except DraftgateError as exc:
        return page(request, "error.html", 409 if exc.code == "not_requeueable" else 404, error=exc.message)
    return RedirectResponse(f"/outbox?done={message_id}", status_code=303)


@router.post("/outbox/requeue-dead", dependencies=[CheckedForm])
def requeue_all(request: Request, me: Keeper, confirm: Annotated[str, Form()] = "") -> Response:
    """Requeue every dead delivery."""
    with transaction(services_of(request).sessions) as session:
        items = outbox.requeue_dead(session=session, actor=me.actor)
    return RedirectResponse(f"/outbox?done={len(items)}+dead", status_code=303)
