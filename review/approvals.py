"""The second approver: drafts whose reasons the policy lists need two different people to approve.

The first approval records itself (who, when, which text) and moves the draft to
``awaiting_second_approval``; nothing is queued for delivery. The second approval, by a different
person, approves exactly the text the first one approved and queues it. The same person can never
be both: people are told apart by their review-log identity (``role:name`` of the key or web
user), so one person holding two keys under two names is the one case this cannot see.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.orm import Session

from agent.policy import EscalationPolicy
from review import review_log
from review.auth import Principal
from review.errors import Conflict
from review.tables import Draft

AWAITING = "awaiting_second_approval"


def second_approval_reasons(*, draft: Draft, policy: EscalationPolicy) -> list[str]:
    """Return the draft's escalation reasons that the policy says need a second approver."""
    reasons = json.loads(draft.result_json).get("escalation_reasons", [])
    return [r for r in reasons if r in policy.second_approver.reasons]


def check_second(*, draft: Draft, principal: Principal, final_text: str | None) -> str:
    """Return the text to approve as the second approver, or raise Conflict why not."""
    if principal.actor == draft.first_approved_by:
        raise Conflict("you gave the first approval of this draft; a different person must give the second",
                       code="same_approver")
    first_text = draft.final_text or draft.draft_text
    if final_text is not None and final_text != first_text:
        raise Conflict("the second approver approves the text the first approver approved; reject or escalate "
                       "the draft to change it", code="second_approval_text_changed")
    return first_text


def record_first(*, session: Session, draft: Draft, principal: Principal, text: str, note: str | None,
                 reasons: list[str], acknowledged: bool) -> None:
    """Log the first approval of a draft that needs two."""
    review_log.append(session=session, action="first_approval", actor=principal.actor, draft_id=draft.id, note=note,
                      details={"needs_second_approver_for": reasons, "acknowledged_flags": acknowledged,
                               "edited": text != draft.draft_text,
                               "final_text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()})
