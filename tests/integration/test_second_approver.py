"""Property: no single person can send a draft whose reasons need a second approver (real SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from agent.models import DraftResult, Ticket
from agent.policy import EscalationPolicy, SecondApprover
from agent.settings import Settings
from review import drafts
from review.auth import Principal, authenticate, create_key
from review.db import transaction
from review.errors import DraftgateError
from review.services import Services
from review.tables import OutboxMessage, ReviewEvent

PEOPLE = ("ana", "ben", "cho")
REASONS = ("legal", "account_value", "security", "billing")
Step = tuple[str, str, bool]  # (who, action, edits)
steps = st.lists(st.tuples(st.sampled_from(PEOPLE), st.sampled_from(("approve", "approve", "reject")), st.booleans()),
                 min_size=1, max_size=6)


def _draft(session: object, creator: Principal, reasons: list[str]) -> str:
    """Store a draft whose escalation reasons are given."""
    result = DraftResult(kind="reply", draft="Here is how.", citations=[], needs_human_review=bool(reasons),
                         reasons=[], escalate=bool(reasons), escalation_reasons=reasons, risk="medium",
                         removed_commitments=[], llm_input="", drafter="extractive", prompt_name="reply",
                         prompt_version="1")
    ticket = Ticket(subject="Question", body="How?")  # type: ignore[call-arg]
    return drafts.create(session=session, principal=creator, ticket=ticket, result=result).id  # type: ignore[arg-type]


@pytest.fixture
def people(db_settings: Settings) -> tuple[Services, dict[str, Principal]]:
    """A database with one reviewer key per person and one ticketing key."""
    services = Services(settings=db_settings, use_model=False)
    principals = {}
    with transaction(services.sessions) as session:
        for name in (*PEOPLE, "system"):
            key = create_key(session=session, role="rep" if name != "system" else "ticketing", name=name)
            principals[name] = authenticate(session=session, authorization=f"Bearer {key}")
    return services, principals


def _apply(services: Services, who: Principal, draft_id: str, action: str, edits: bool,
           policy: EscalationPolicy) -> None:
    """Try one decision with the draft's current ETag; refusals are part of the game."""
    with services.sessions() as session:
        current = drafts.etag(drafts.get(session=session, principal=who, draft_id=draft_id))
    try:
        with transaction(services.sessions) as session:
            if action == "approve":
                drafts.approve(session=session, principal=who, draft_id=draft_id, if_match=current,
                               final_text=f"Edited by {who.name}." if edits else None, acknowledge_flags=True,
                               note=None, policy=policy)
            else:
                drafts.reject(session=session, principal=who, draft_id=draft_id, if_match=current,
                              reason_code="tone", note=None, allowed_reasons=("tone",))
    except DraftgateError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=steps, reasons=st.lists(st.sampled_from(REASONS), unique=True, max_size=2),
       listed=st.lists(st.sampled_from(REASONS), unique=True, max_size=3))
def test_no_single_person_sends_a_two_person_draft(people: tuple[Services, dict[str, Principal]], plan: list[Step],
                                                   reasons: list[str], listed: list[str]) -> None:
    services, principals = people
    policy = EscalationPolicy(second_approver=SecondApprover(reasons=listed))
    with transaction(services.sessions) as session:
        draft_id = _draft(session, principals["system"], reasons)
    for who, action, edits in plan:
        _apply(services, principals[who], draft_id, action, edits, policy)
    with services.sessions() as session:
        draft = drafts.get(session=session, principal=principals["ana"], draft_id=draft_id)
        queued = session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.draft_id == draft_id))
        approvals = [e for e in session.scalars(select(ReviewEvent).where(ReviewEvent.draft_id == draft_id)
                                                .order_by(ReviewEvent.seq)) if e.action in ("first_approval", "approved")]
    two_needed = bool(set(reasons) & set(listed))
    assert queued == (1 if draft.status == "approved" else 0)
    if draft.status == "approved" and two_needed:
        assert [e.action for e in approvals] == ["first_approval", "approved"]
        assert approvals[0].actor != approvals[1].actor
        assert draft.first_approved_by == approvals[0].actor and draft.decided_by == approvals[1].actor
        assert json.loads(approvals[1].details)["first_approved_by"] == approvals[0].actor
    if draft.status == "approved" and not two_needed:
        assert [e.action for e in approvals] == ["approved"]
    if draft.status == "awaiting_second_approval":
        assert two_needed and [e.action for e in approvals] == ["first_approval"]
