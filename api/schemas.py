"""Request and response bodies of the HTTP API."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator

from agent.models import MAX_BODY_CHARS, Customer, Message
from review.public import DraftPublic
from review.review_log import ChainProblem
from review.summaries import DraftSummary

# Exactly the characters Python's str.strip() removes, so the schema and the validator agree on "blank".
NOT_BLANK = ("[^\\t\\n\\u000b\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029"
             "\\u202f\\u205f\\u3000]")
# No text field takes NUL: PostgreSQL cannot store it, and no ticket or reply needs it.
NO_NUL = "^[^\\x00]*$"
HAS_TEXT: dict[str, Any] = {"anyOf": [
    {"required": ["body"], "properties": {"body": {"type": "string", "pattern": NOT_BLANK}}},
    {"required": ["messages"], "properties": {"messages": {"type": "array", "minItems": 1}}},
    {"required": ["subject"], "properties": {"subject": {"type": "string", "pattern": NOT_BLANK}}},
]}


class CustomerIn(Customer):
    """The customer as a request names them: like ``Customer``, with no NUL characters.

    The named fields refuse a NUL (422); the CRM's own extra fields lose theirs, in names and values
    at any depth: PostgreSQL cannot read a NUL back out of the stored ticket, and the schema cannot
    forbid one inside free-form values.
    """

    @model_validator(mode="before")
    @classmethod
    def _extras_without_nul(cls, data: Any) -> Any:
        """Drop NUL characters from the names and values of fields the model does not declare."""
        if not isinstance(data, dict):
            return data
        return {key if key in cls.model_fields else _without_nul(key): value if key in cls.model_fields
                else _without_nul(value) for key, value in data.items()}

    plan: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    locale: str | None = Field(default="en", max_length=35, pattern=NO_NUL)
    name: str | None = Field(default=None, max_length=200, pattern=NO_NUL)
    email: str | None = Field(default=None, max_length=320, pattern=NO_NUL)
    account_id: str | None = Field(default=None, max_length=200, pattern=NO_NUL)
    tier: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    region: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    channel: str | None = Field(default=None, max_length=50, pattern=NO_NUL)


def _without_nul(value: Any) -> Any:
    """Return a JSON value with every NUL character removed from its strings and keys."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


class MessageIn(Message):
    """One message of a thread, as a request sends it."""

    body: str = Field(max_length=MAX_BODY_CHARS, pattern=NO_NUL)


class DraftCreate(BaseModel):
    """A ticket to draft a reply or summary for (unknown fields are ignored; ``id`` means ``ticket_id``)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, json_schema_extra=HAS_TEXT)

    ticket_id: str | None = Field(default=None, max_length=200, pattern=NO_NUL,
                                  validation_alias=AliasChoices("ticket_id", "id"))
    subject: str = Field(default="", max_length=2000, pattern=NO_NUL)
    body: str | None = Field(default=None, max_length=MAX_BODY_CHARS, pattern=NO_NUL)
    messages: list[MessageIn] | None = Field(default=None, max_length=500)
    customer: CustomerIn = Field(default_factory=CustomerIn)
    kind: Literal["reply", "summary"] = "reply"

    @model_validator(mode="after")
    def _has_text(self) -> DraftCreate:
        """Require something to draft from."""
        if not re.search(NOT_BLANK, self.body or "") and not self.messages and not re.search(NOT_BLANK, self.subject):
            raise ValueError("send `body` or `messages` (or at least a `subject`)")
        return self


class ApproveRequest(BaseModel):
    """Approve a draft, optionally with the rep's edited text."""

    model_config = ConfigDict(extra="forbid")

    final_text: str | None = Field(default=None, min_length=1, max_length=MAX_BODY_CHARS, pattern=NO_NUL)
    acknowledge_flags: bool = False
    note: str | None = Field(default=None, max_length=5000, pattern=NO_NUL)


class RejectRequest(BaseModel):
    """Reject a draft with a reason code from the configured list."""

    model_config = ConfigDict(extra="forbid")

    reason_code: str = Field(min_length=1, max_length=50, pattern=NO_NUL)
    note: str | None = Field(default=None, max_length=5000, pattern=NO_NUL)


class EscalateRequest(BaseModel):
    """Hand a draft's ticket to a team or person."""

    model_config = ConfigDict(extra="forbid")

    to: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    note: str | None = Field(default=None, max_length=5000, pattern=NO_NUL)


class DraftsPublic(BaseModel):
    """One page of the review queue."""

    items: list[DraftPublic]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class DraftSummariesPublic(BaseModel):
    """One page of the review queue in its slim form (``view=summary``)."""

    view: Literal["summary"] = "summary"
    items: list[DraftSummary]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class ReviewEventPublic(BaseModel):
    """One review-log row."""

    seq: int
    action: str
    actor: str
    draft_id: str | None
    note: str | None
    details: dict[str, Any]
    created_at: str
    prev_hash: str
    hash: str


class ReviewEventsPublic(BaseModel):
    """One page of the review log."""

    items: list[ReviewEventPublic]
    next_after: int | None


class ErrorBody(BaseModel):
    """Every error: a stable code and a message for people."""

    code: str
    message: str
    errors: list[dict[str, Any]] = Field(default_factory=list)


class ChainReport(BaseModel):
    """The result of checking the review log's hash chain."""

    ok: bool
    rows: int
    problems: list[ChainProblem]
