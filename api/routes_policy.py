"""``/v1/policy``: the escalation policy in force, for leads (what it says, where it came from, its hash)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from agent.escalation_reasons import REASONS
from api.deps import PrincipalDep, ServicesDep
from api.schemas import ErrorBody

router = APIRouter(prefix="/v1/policy", tags=["policy"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (401, 403)}


class PolicyPublic(BaseModel):
    """The escalation policy in force: its file (or ``defaults``), its hash, and its content."""

    source: str
    hash: str
    policy: dict[str, Any]
    known_reasons: list[str]


@router.get("", response_model=PolicyPublic, responses=ERRORS)
def read_policy(services: ServicesDep, principal: PrincipalDep) -> PolicyPublic:
    """Return the escalation policy in force; every draft records its hash."""
    principal.require("read_queue")
    policy = services.policy
    return PolicyPublic(source=policy.source, hash=policy.hash, policy=policy.model_dump(mode="json"),
                        known_reasons=list(REASONS))
