"""The review queue page: filters, counts, ordering, paging; each row opens a draft."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from agent.escalation_reasons import REASONS as ESCALATION_REASONS
from agent.routing import CATEGORIES, PRODUCT_AREAS, URGENCIES
from review.summaries import json_list
from web.common import Reader, page, services_of
from web.queries import AGE_LABELS, PAGE_SIZE, STATUSES, QueueFilter, languages, list_queue, pending_counts

router = APIRouter(include_in_schema=False)


@router.get("/queue")
def queue(request: Request, me: Reader) -> Response:
    """Show the drafts waiting for review (or any status), filtered and ordered as asked."""
    filters = QueueFilter.from_query(request.query_params)
    now = dt.datetime.now(dt.UTC)
    with services_of(request).sessions() as session:
        rows, total = list_queue(session=session, filters=filters, now=now)
        counts = pending_counts(session=session)
        routed_languages = languages(session=session)
    items = [_row(d) for d in rows]
    pages = max(1, -(-total // PAGE_SIZE))
    return page(request, "queue.html", items=items, total=total, counts=counts, f=filters, pages=pages,
                statuses=STATUSES, ages=AGE_LABELS, escalation_reasons=ESCALATION_REASONS,
                routing_options=_routing_options(request, routed_languages),
                filtered=filters.query_string(page=1, order="newest") != "")


def _routing_options(request: Request, routed_languages: list[str]) -> dict[str, list[str]]:
    """Return the values each routing filter offers."""
    areas = [*PRODUCT_AREAS, *services_of(request).policy.product_areas, "general"]
    return {"category": list(CATEGORIES), "product_area": list(dict.fromkeys(areas)), "urgency": list(URGENCIES),
            "language": routed_languages}


def _row(row: Any) -> dict[str, object]:
    """Return what one queue row shows about a draft (a row of ``review.summaries.summary_select``)."""
    return {"draft": row, "subject": row.subject or "(no subject)",
            "customer": row.customer_name or row.customer_email or "",
            "reasons": json_list(row.reasons), "escalation_reasons": json_list(row.escalation_reasons)}
