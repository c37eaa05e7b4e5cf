"""The escalation reasons in one table: code, severity, risk, hand-over sentence, UI label.

Adding a reason is one row here; the detector, the pipeline's hand-over lines, the queue's filters
and the review pages all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EscalationReason:
    """One reason a person must own a ticket."""

    code: str
    severity: int
    label: str
    handover: str
    high_risk: bool = False


TABLE: tuple[EscalationReason, ...] = (  # in the documented order; severity 1 is the most severe
    EscalationReason("billing", 9, "Billing", "the customer disputes a charge; the billing team must check the "
                     "account."),
    EscalationReason("refund", 8, "Refund", "the customer asks for a refund; only the billing team can decide on it."),
    EscalationReason("legal", 3, "Legal", "the ticket raises a legal matter; route it to the legal contact, do not "
                     "answer on policy alone.", high_risk=True),
    EscalationReason("security", 1, "Security", "the ticket reports a possible security incident or account takeover; "
                     "follow the security runbook.", high_risk=True),
    EscalationReason("privacy", 6, "Privacy", "the ticket makes a privacy request (access, export or deletion); it "
                     "must be logged and handled by the privacy team."),
    EscalationReason("outage", 5, "Outage", "the ticket reports an outage affecting several people; check the status "
                     "page and the incident channel.", high_risk=True),
    EscalationReason("distress", 4, "Customer in distress", "the customer sounds distressed or upset; a person should "
                     "answer with care."),
    EscalationReason("asks_for_human", 11, "Asks for a person", "the customer asks to talk to a person."),
    EscalationReason("contract", 10, "Contract", "the ticket concerns contract terms or cancellation; an account owner "
                     "must answer."),
    EscalationReason("regulated", 7, "Regulated data", "the ticket touches a regulated topic; answer only with "
                     "approved wording."),
    EscalationReason("prompt_injection", 2, "Prompt injection attempt", "the ticket contains instructions aimed at the "
                     "drafting system; they were ignored.", high_risk=True),
    EscalationReason("always_human", 12, "Always a person", "the account is marked “always a person”; an "
                     "account owner answers this customer personally."),
    EscalationReason("account_value", 13, "High-value account", "the account is high-value (by revenue or tier) "
                     "under the escalation policy; its owner should see the reply."),
    EscalationReason("competitor", 14, "Competitor mentioned", "the customer is comparing us with, or moving to, "
                     "another provider; the account owner should answer."),
    EscalationReason("complexity", 15, "Complex case", "the case spans several products or teams, circles in a long "
                     "thread, or this account was escalated repeatedly; one person should take it over."),
)
BY_CODE = {reason.code: reason for reason in TABLE}
REASONS = tuple(reason.code for reason in TABLE)
SEVERITY = tuple(reason.code for reason in sorted(TABLE, key=lambda r: r.severity))  # most severe first
HIGH_RISK = frozenset(reason.code for reason in TABLE if reason.high_risk)


def label(code: str) -> str:
    """Return the readable name of an escalation reason."""
    reason = BY_CODE.get(code)
    return reason.label if reason else code.replace("_", " ").capitalize()


def handover(code: str) -> str | None:
    """Return the hand-over sentence of a reason, if it has one."""
    reason = BY_CODE.get(code)
    return reason.handover if reason else None
