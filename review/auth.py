"""API keys per role, stored as SHA-256 hashes, and what each role may do."""

from __future__ import annotations

import hashlib
import secrets
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from review import review_log
from review.db import utcnow
from review.errors import Forbidden, NotAuthenticated
from review.tables import ApiKey

Role = Literal["ticketing", "rep", "lead", "admin"]
ROLES: tuple[Role, ...] = ("ticketing", "rep", "lead", "admin")

# What each role may do. Leads can act on drafts as reps do; admins manage keys and knowledge
# but do not approve customer-facing text (separation of duties).
PERMISSIONS: dict[str, frozenset[str]] = {
    "create_draft": frozenset({"ticketing", "admin"}),
    "read_own_drafts": frozenset({"ticketing"}),
    "read_queue": frozenset({"rep", "lead", "admin"}),
    "review": frozenset({"rep", "lead"}),
    "read_audit": frozenset({"lead", "admin"}),
    "manage_keys": frozenset({"admin"}),
    "manage_outbox": frozenset({"lead", "admin"}),
}


class Principal(BaseModel):
    """The authenticated caller."""

    key_id: int
    name: str
    role: str

    @property
    def actor(self) -> str:
        """Return how this caller appears in the review log."""
        return f"{self.role}:{self.name}"

    def can(self, permission: str) -> bool:
        """Return whether the caller's role grants a permission."""
        return self.role in PERMISSIONS[permission]

    def require(self, permission: str) -> None:
        """Raise Forbidden unless the caller's role grants a permission."""
        if not self.can(permission):
            raise Forbidden(f"the {self.role} role may not {permission.replace('_', ' ')}")


def hash_key(key: str) -> str:
    """Return the stored form of an API key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(*, session: Session, role: str, name: str, actor: str = "cli") -> str:
    """Create a key for a role and return it; only its hash is stored."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    key = f"dg_{role[:4]}_{secrets.token_urlsafe(32)}"
    row = ApiKey(name=name, role=role, key_hash=hash_key(key), prefix=key[:12], created_at=utcnow())
    session.add(row)
    session.flush()
    review_log.append(session=session, action="key_created", actor=actor, note=f"{role}:{name}",
                      details={"key_id": row.id, "prefix": row.prefix})
    return key


def revoke_key(*, session: Session, key_id: int, actor: str = "cli") -> ApiKey:
    """Revoke a key so it no longer authenticates."""
    row = session.get(ApiKey, key_id)
    if row is None:
        raise LookupError(f"no API key with id {key_id}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        review_log.append(session=session, action="key_revoked", actor=actor, note=f"{row.role}:{row.name}",
                          details={"key_id": row.id})
    return row


def authenticate(*, session: Session, authorization: str | None) -> Principal:
    """Return the caller of a ``Bearer`` key, or raise NotAuthenticated."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise NotAuthenticated("send Authorization: Bearer <API key>")
    token = authorization.split(" ", 1)[1].strip()
    row = session.execute(select(ApiKey).where(ApiKey.key_hash == hash_key(token))).scalar_one_or_none()
    if row is None or row.revoked_at is not None:
        raise NotAuthenticated("unknown or revoked API key")
    return Principal(key_id=row.id, name=row.name, role=row.role)
