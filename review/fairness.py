"""Fairness and coverage figures for CS leads: outcomes split by customer group, and knowledge gaps.

Fairness. Over the drafts created in a window, for each of ``plan``, ``locale``, ``region`` and
``channel`` (from the ticket's ``customer``; missing values form the group ``(none)``), each group
gets its counts and rates:

- acceptance rate: approved (or sent) / decided (approved, sent, rejected, escalated);
- rejection rate and escalated rate: rejected / decided and escalated / decided;
- escalation-signal rate: drafts the pipeline flagged ``escalate`` / drafts;
- mean edit distance: characters changed, over the group's edited approvals (from the review log).

A group with fewer decisions than ``min_group`` (default 20) carries a warning: its rates are too
noisy to compare with the others.

Knowledge gaps. Reply drafts that had no approved source (``no_approved_source``) grouped by
topic, the routing's product area and category, with the commonest words of their redacted
subjects, so the team sees which article to write next. Largest group first.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from agent.redaction import redact
from review.tables import Draft, ReviewEvent

DIMENSIONS = ("plan", "locale", "region", "channel")
MIN_GROUP = 20
NONE = "(none)"
_WORD = re.compile(r"[^\W\d_][\w'-]{3,}")
_STOP = frozenset("this that with from have your there their about would could should what when where which "
                  "please thanks thank hello help need want still cannot can't doesn't does didn't just some "
                  "been into also they them then than here more very much like after before other only".split())


class GroupFigures(BaseModel):
    """The outcomes of one customer group (for example ``locale = de``)."""

    dimension: str
    group: str
    drafts: int = 0
    decided: int = 0
    approved: int = 0
    rejected: int = 0
    escalated: int = 0
    escalation_signals: int = 0
    edited: int = 0
    acceptance_rate: float | None = None
    rejection_rate: float | None = None
    escalated_rate: float | None = None
    escalation_signal_rate: float | None = None
    mean_edit_distance: float | None = None
    warning: str | None = Field(default=None, description="set when the group is too small to compare")


class FairnessReport(BaseModel):
    """Outcomes by plan, locale, region and channel over a window."""

    since: str | None
    until: str | None
    min_group: int
    groups: list[GroupFigures]


class KnowledgeGap(BaseModel):
    """Tickets of one topic that no approved article answered."""

    product_area: str
    category: str
    tickets: int
    keywords: list[str]
    examples: list[str] = Field(description="ticket ids (or draft ids) to read")


class KnowledgeGapsReport(BaseModel):
    """The topics with no approved source, largest first."""

    since: str | None
    until: str | None
    drafts_without_source: int
    gaps: list[KnowledgeGap]


def _drafts(session: Session, since: str | None, until: str | None) -> list[Draft]:
    """Return the drafts created in the window (only the columns the reports read)."""
    query = select(Draft).options(load_only(
        Draft.id, Draft.ticket_id, Draft.status, Draft.escalate, Draft.ticket_json, Draft.result_json, Draft.kind,
        Draft.category, Draft.product_area))
    if since:
        query = query.where(Draft.created_at >= since)
    if until:
        query = query.where(Draft.created_at <= until)
    return list(session.scalars(query))


def _edit_distances(session: Session, draft_ids: Iterable[str]) -> dict[str, int]:
    """Return the edit distance of each edited draft, from the review log."""
    distances: dict[str, int] = {}
    ids = list(draft_ids)
    for start in range(0, len(ids), 500):
        rows = session.execute(select(ReviewEvent.draft_id, ReviewEvent.details).where(
            ReviewEvent.action == "edited", ReviewEvent.draft_id.in_(ids[start:start + 500])))
        for draft_id, details in rows:
            distances[str(draft_id)] = int(json.loads(details or "{}").get("edit_distance", 0))
    return distances


def fairness(*, session: Session, since: str | None = None, until: str | None = None,
             min_group: int = MIN_GROUP) -> FairnessReport:
    """Return the outcome figures of each customer group in the window."""
    rows = _drafts(session, since, until)
    edits = _edit_distances(session, [d.id for d in rows if d.status in ("approved", "sent")])
    groups: dict[tuple[str, str], GroupFigures] = {}
    distances: dict[tuple[str, str], list[int]] = defaultdict(list)
    for draft in rows:
        customer = json.loads(draft.ticket_json).get("customer") or {}
        for dimension in DIMENSIONS:
            value = str(customer.get(dimension) or NONE).strip()[:100] or NONE
            key = (dimension, value)
            figures = groups.setdefault(key, GroupFigures(dimension=dimension, group=value))
            _count(figures, draft)
            if draft.id in edits:
                distances[key].append(edits[draft.id])
    for key, figures in groups.items():
        _rates(figures, distances[key], min_group)
    ordered = sorted(groups.values(), key=lambda g: (DIMENSIONS.index(g.dimension), -g.drafts, g.group))
    return FairnessReport(since=since, until=until, min_group=min_group, groups=ordered)


def _count(figures: GroupFigures, draft: Draft) -> None:
    """Add one draft to its group's counts."""
    figures.drafts += 1
    figures.escalation_signals += int(bool(draft.escalate))
    if draft.status in ("approved", "sent", "rejected", "escalated"):
        figures.decided += 1
        figures.approved += int(draft.status in ("approved", "sent"))
        figures.rejected += int(draft.status == "rejected")
        figures.escalated += int(draft.status == "escalated")


def _rates(figures: GroupFigures, distances: list[int], min_group: int) -> None:
    """Fill a group's rates and its small-group warning."""
    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    figures.acceptance_rate = share(figures.approved, figures.decided)
    figures.rejection_rate = share(figures.rejected, figures.decided)
    figures.escalated_rate = share(figures.escalated, figures.decided)
    figures.escalation_signal_rate = share(figures.escalation_signals, figures.drafts)
    figures.edited = len(distances)
    figures.mean_edit_distance = round(sum(distances) / len(distances), 1) if distances else None
    if figures.decided < min_group:
        figures.warning = f"only {figures.decided} decision(s), fewer than {min_group}: too few to compare"


def knowledge_gaps(*, session: Session, since: str | None = None, until: str | None = None,
                   examples: int = 5) -> KnowledgeGapsReport:
    """Group the reply drafts that had no approved source by topic, largest group first."""
    groups: dict[tuple[str, str], list[Draft]] = defaultdict(list)
    for draft in _drafts(session, since, until):
        if draft.kind == "reply" and "no_approved_source" in json.loads(draft.result_json).get("reasons", []):
            groups[(draft.product_area or "general", draft.category or "general")].append(draft)
    gaps = [KnowledgeGap(product_area=area, category=category, tickets=len(members),
                         keywords=_keywords(members), examples=[d.ticket_id or d.id for d in members[:examples]])
            for (area, category), members in groups.items()]
    gaps.sort(key=lambda g: (-g.tickets, g.product_area, g.category))
    return KnowledgeGapsReport(since=since, until=until, drafts_without_source=sum(g.tickets for g in gaps), gaps=gaps)


def _keywords(members: list[Draft], top: int = 6) -> list[str]:
    """Return the commonest words of the group's redacted subjects (or opening lines)."""
    words: Counter[str] = Counter()
    for draft in members[:200]:
        ticket = json.loads(draft.ticket_json)
        text = ticket.get("subject") or (ticket.get("body") or "")[:200]
        redacted = redact(text=text).redacted
        words.update({w.lower() for w in _WORD.findall(redacted) if w.lower() not in _STOP and not w.isupper()})
    return [word for word, _ in words.most_common(top)]


def to_csv(rows: list[BaseModel]) -> str:
    """Return report rows as CSV with a header (lists joined with '; ')."""
    out = io.StringIO()
    if not rows:
        return ""
    fields = list(type(rows[0]).model_fields)
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        values: dict[str, Any] = row.model_dump()
        writer.writerow({k: _cell("; ".join(map(str, v)) if isinstance(v, list) else v) for k, v in values.items()})
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Return a CSV cell that a spreadsheet will not run as a formula (customer fields are untrusted)."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
