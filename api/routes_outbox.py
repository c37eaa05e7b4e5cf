"""``/v1/outbox``: deliveries for leads and admins; list dead or pending ones and requeue them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from api.deps import PrincipalDep, ServicesDep
from api.schemas import ErrorBody
from review import outbox
from review.db import transaction

router = APIRouter(prefix="/v1/outbox", tags=["outbox"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (401, 403, 404, 409, 422)}


class OutboxPublic(BaseModel):
    """One page of deliveries, oldest first; pass ``next_after`` as ``after`` for the next."""

    items: list[outbox.OutboxItem]
    next_after: int | None


@router.get("", response_model=OutboxPublic, responses=ERRORS)
def list_outbox(
    services: ServicesDep, principal: PrincipalDep, state: Literal["pending", "dead", "sent"] | None = None,
    after: Annotated[int, Query(ge=0, le=2_147_483_647)] = 0, limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> OutboxPublic:
    """List deliveries with their state, attempts and last error (``state=dead`` for dead letters)."""
    principal.require("manage_outbox")
    with services.sessions() as session:
        items = outbox.list_items(session=session, state=state, after=after, limit=limit)
    return OutboxPublic(items=items, next_after=items[-1].id if len(items) == limit else None)


@router.post("/{message_id}/requeue", response_model=outbox.OutboxItem, responses=ERRORS)
def requeue(services: ServicesDep, principal: PrincipalDep,
            message_id: Annotated[int, Path(ge=1, le=2_147_483_647)]) -> outbox.OutboxItem:
    """Send a dead (or waiting) delivery again: same ``draft_id``, exactly the approved text."""
    principal.require("manage_outbox")
    with transaction(services.sessions) as session:
        return outbox.requeue(session=session, message_id=message_id, actor=principal.actor)
