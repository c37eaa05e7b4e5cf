"""Account-aware escalation: reasons that come from who the customer is, not only from what they wrote.

Adds to the topic reasons of ``agent.escalation``, under the lead's ``EscalationPolicy``:

- ``always_human``: the customer record says ``always_human: true``;
- ``account_value``: ``arr`` at or above the policy's threshold, or a ``tier`` the policy lists;
- ``contract``: ``custom_contract: true`` and a topic the policy lists (billing, refund, contract);
- ``competitor``: the customer says they are moving to, or comparing us with, another provider
  (generic phrases, or a competitor the policy names);
- ``complexity``: several product areas in one ticket, a long thread or one going in circles
  (customer messages saying "still", "again", "as I said"), or repeated escalations of the same
  account within the policy's window (counted by the caller and passed in).

>>> from agent.models import Customer, Ticket
>>> from agent.policy import EscalationPolicy
>>> t = Ticket(subject="Renewal", body="We are evaluating Zendesk instead.", customer=Customer(arr=250000))
>>> account_reasons(ticket=t, text=t.conversation(), topics=[], policy=EscalationPolicy()).reasons
['account_value', 'competitor']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, Field

from agent import escalation_reasons
from agent.escalation import Classification
from agent.models import Ticket
from agent.policy import EscalationPolicy
from agent.routing import product_areas_in

_PRODUCT = r"(?:provider|vendor|tool|solution|service|platform|product|company|option)s?"
_SWITCHING = re.compile(
    r"\b(?:switch(?:ing)?|mov(?:e|ing)|migrat(?:e|ing)|go(?:ing)?)\s+(?:over\s+)?to\s+(?:another|a different|"
    rf"a cheaper|a competing|an alternative|a new)\s+{_PRODUCT}\b|"
    r"\b(?:compar(?:e|ing)|evaluat(?:e|ing)|looking at|considering)\s+(?:you\s+(?:with|to|against)\s+)?"
    rf"(?:other|another|alternative|competing|cheaper)\s+{_PRODUCT}\b|"
    r"\bcompetitors?\b|\balternatives? to (?:you|your)\b", re.I)
_NOT_A_NAME = r"(?!The\b|Our\b|My\b|Your\b|This\b|That\b|Pro\b|Business\b|Enterprise\b|Growth\b|Premium\b)"
# "moving to Matomo": a capitalised name after a switching verb (case matters here, so no re.I).
_SWITCHING_TO_NAME = re.compile(
    r"\b(?:[Ss]witch(?:ing)?|[Mm]ov(?:e|ing)|[Mm]igrat(?:e|ing))\s+(?:over\s+)?(?:to|over to)\s+"
    rf"{_NOT_A_NAME}[A-Z][\w.-]+|"
    r"\b(?:[Ee]valuating|[Cc]onsidering|[Tt]rying|[Gg]oing with|[Uu]sing)\s+"
    rf"{_NOT_A_NAME}[A-Z][\w.-]+\s+instead\b")
_CIRCLING = re.compile(r"\b(?:still (?:not|doesn'?t|isn'?t|no)|again|as i (?:said|already|mentioned|wrote)|"
                       r"i already|third time|second time|same (?:problem|issue)|nothing has changed)\b", re.I)


class AccountVerdict(BaseModel):
    """The account reasons of one ticket and what triggered each, for the rep."""

    reasons: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)


def account_reasons(*, ticket: Ticket, text: str, topics: Sequence[str], policy: EscalationPolicy,
                    earlier_escalations: int = 0) -> AccountVerdict:
    """Return the account-aware escalation reasons of a (redacted) ticket under a policy."""
    found: list[tuple[str, str]] = []
    found += _value(ticket=ticket, policy=policy)
    if policy.always_human and ticket.customer.always_human:
        found.append(("always_human", "always_human: the account is marked “always a person”"))
    contract_topics = sorted(set(topics).intersection(policy.contract_topics))
    if ticket.customer.custom_contract and contract_topics:
        found.append(("contract", f"contract: custom contract and a {', '.join(contract_topics)} topic"))
    found += _competitor(text=text, policy=policy)
    found += _complexity(ticket=ticket, text=text, policy=policy, earlier_escalations=earlier_escalations)
    reasons = list(dict.fromkeys(code for code, _ in found))
    return AccountVerdict(reasons=reasons, evidence=[quote for _, quote in found])


def _value(*, ticket: Ticket, policy: EscalationPolicy) -> list[tuple[str, str]]:
    """Return ``account_value`` when revenue or tier reach the policy's bar."""
    customer, rule = ticket.customer, policy.account_value
    if rule.arr_at_least is not None and customer.arr is not None and customer.arr >= rule.arr_at_least:
        return [("account_value", f"account_value: ARR {customer.arr:,.0f} ≥ {rule.arr_at_least:,.0f}")]
    tiers = {t.lower() for t in rule.tiers}
    if customer.tier and customer.tier.lower() in tiers:
        return [("account_value", f"account_value: tier {customer.tier}")]
    return []


def _competitor(*, text: str, policy: EscalationPolicy) -> list[tuple[str, str]]:
    """Return ``competitor`` when the customer names a competitor or says they are switching."""
    for name in policy.competitors.names:
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I):
            return [("competitor", f"competitor: mentions {name}")]
    match = _SWITCHING.search(text) or _SWITCHING_TO_NAME.search(text)
    return [("competitor", f"competitor: “{match.group(0).strip()}”")] if match else []


def _complexity(*, ticket: Ticket, text: str, policy: EscalationPolicy,
                earlier_escalations: int) -> list[tuple[str, str]]:
    """Return ``complexity`` for many product areas, a long or circling thread, or repeated escalations."""
    rule, found = policy.complexity, []
    areas = product_areas_in(text, policy.product_areas)
    if len(areas) >= rule.product_areas_at_least:
        found.append(("complexity", f"complexity: {len(areas)} product areas ({', '.join(areas)})"))
    messages = ticket.messages or []
    circling = sum(1 for m in messages if m.author == "customer" and _CIRCLING.search(m.body))
    if len(messages) >= rule.thread_messages_at_least:
        found.append(("complexity", f"complexity: a thread of {len(messages)} messages"))
    elif circling >= rule.repeated_customer_messages:
        found.append(("complexity", f"complexity: the customer repeated themselves in {circling} messages"))
    if earlier_escalations >= rule.escalations_at_least:
        found.append(("complexity", f"complexity: {earlier_escalations} escalations of this account in "
                                    f"{rule.escalation_window_days} days"))
    return found


def with_account(verdict: Classification, *, ticket: Ticket, text: str, policy: EscalationPolicy,
                 earlier_escalations: int = 0) -> Classification:
    """Return the topic verdict with the account reasons added (severity order, at least medium risk)."""
    account = account_reasons(ticket=ticket, text=text, topics=verdict.reasons, policy=policy,
                              earlier_escalations=earlier_escalations)
    if not account.reasons:
        return verdict
    found = set(verdict.reasons) | set(account.reasons)
    return verdict.model_copy(update={
        "escalate": True, "reasons": [r for r in escalation_reasons.SEVERITY if r in found],
        "risk": "medium" if verdict.risk == "low" else verdict.risk,
        "evidence": [*verdict.evidence, *account.evidence]})
