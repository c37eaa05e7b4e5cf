"""The slim form of a draft for queue listings: its review state and what a queue row shows, no pipeline record.

A full draft carries the model input, the citations and the guard's details (about 8 KB each, 400 KB a
page of 50). A queue row needs a few columns (the reason lists among them, written with the draft)
and three small fields of the stored ticket, which the database extracts itself (SQLite
``json_extract``, PostgreSQL ``json_extract_path_text``), so neither the records nor the tickets are
sent over or decoded.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, ColumnElement, Select, cast, func, select

from review.tables import Draft

PREVIEW_CHARS = 240


class DraftSummary(BaseModel):
    """A draft as a queue row shows it; ``GET /v1/drafts/{id}`` gives the full record."""

    id: str
    ticket_id: str | None
    kind: str
    status: str
    version: int
    etag: str
    created_at: str
    updated_at: str
    subject: str | None
    customer: str | None
    preview: str
    needs_human_review: bool
    reasons: list[str]
    escalate: bool
    escalation_reasons: list[str]
    risk: str
    decided_by: str | None
    decided_at: str | None
    delivery_status: str


def json_text(column: Any, dialect: str, *path: str) -> ColumnElement[Any]:
    """Return a stored JSON text's field at ``path``: strings as they are, arrays and objects as JSON."""
    if dialect == "postgresql":
        return func.json_extract_path_text(cast(column, JSON), *path)
    return func.json_extract(column, "$." + ".".join(path))


def summary_select(dialect: str) -> Select[Any]:
    """Return the SELECT of the summary columns (add WHERE, ORDER BY and paging)."""
    query: Select[Any] = select(  # type: ignore[assignment]
        Draft.id, Draft.ticket_id, Draft.kind, Draft.status, Draft.version, Draft.created_at, Draft.updated_at,
        Draft.needs_human_review, Draft.escalate, Draft.risk, Draft.decided_by, Draft.decided_at,
        Draft.category, Draft.product_area, Draft.urgency, Draft.language,
        func.substr(Draft.draft_text, 1, PREVIEW_CHARS).label("preview"),
        json_text(Draft.ticket_json, dialect, "subject").label("subject"),
        json_text(Draft.ticket_json, dialect, "customer", "name").label("customer_name"),
        json_text(Draft.ticket_json, dialect, "customer", "email").label("customer_email"),
        # the columns are written with every draft (a row from before them reads the record, lazily)
        func.coalesce(Draft.reasons, json_text(Draft.result_json, dialect, "reasons")).label("reasons"),
        func.coalesce(Draft.escalation_reasons, json_text(Draft.result_json, dialect, "escalation_reasons"))
        .label("escalation_reasons"),
    )
    return query


def summary(row: Any, delivery_status: str) -> DraftSummary:
    """Return the summary of one row of :func:`summary_select`."""
    return DraftSummary(
        id=row.id, ticket_id=row.ticket_id, kind=row.kind, status=row.status, version=row.version,
        etag=f'"{row.id[:8]}-v{row.version}"', created_at=row.created_at, updated_at=row.updated_at,
        subject=row.subject, customer=row.customer_name or row.customer_email, preview=row.preview or "",
        needs_human_review=bool(row.needs_human_review), reasons=json_list(row.reasons), escalate=bool(row.escalate),
        escalation_reasons=json_list(row.escalation_reasons), risk=row.risk, decided_by=row.decided_by,
        decided_at=row.decided_at, delivery_status=delivery_status,
    )


def json_list(raw: str | None) -> list[str]:
    """Decode a JSON array extracted by the database."""
    return [str(x) for x in json.loads(raw)] if raw else []
