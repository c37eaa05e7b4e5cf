"""Accounts across drafts: which account a ticket belongs to, and how often it was escalated lately."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from agent.models import Ticket
from review.tables import Draft


def account_key(ticket: Ticket) -> str | None:
    """Return the account of a ticket: ``customer.account_id``, else the customer's e-mail (lower case)."""
    customer = ticket.customer
    if customer.account_id:
        return f"id:{customer.account_id.strip()}"[:320]
    return f"email:{customer.email.strip().lower()}"[:320] if customer.email else None


def recent_escalations(*, session: Session, key: str | None, days: int, now: dt.datetime | None = None) -> int:
    """Count an account's drafts of the last ``days`` days that carried escalation signals or were escalated."""
    if key is None:
        return 0
    since = ((now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)).isoformat(timespec="microseconds")
    return int(session.execute(
        select(func.count()).select_from(Draft).where(
            Draft.account_key == key, Draft.created_at >= since,
            or_(Draft.escalate.is_(True), Draft.status == "escalated"))
    ).scalar_one())
