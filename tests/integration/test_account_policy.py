"""Account-aware escalation, the second approver, routing, hand-off and disclosure over the HTTP API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from agent.settings import Settings
from review.tables import OutboxMessage, ReviewEvent
from tests.api_client import ApiClient

POLICY = """\
version: 1
account_value:
  arr_at_least: 200000
  tiers: [strategic]
competitors:
  names: [Matomo, Fathom]
second_approver:
  reasons: [legal, account_value, security]
disclosure:
  chat: {mode: footer, text: "Drafted with AI assistance, checked by a person."}
  email: {mode: header, text: "This reply was prepared with AI help."}
"""


@pytest.fixture
def api(db_settings: Settings) -> Iterator[ApiClient]:
    """The API on SQLite and PostgreSQL with the default escalation policy."""
    client = ApiClient(db_settings)
    yield client
    client.close()


@pytest.fixture
def policy_api(db_settings: Settings, tmp_path: Path) -> Iterator[ApiClient]:
    """The API with a lead's policy file: higher ARR bar, named competitors, disclosure per channel."""
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY)
    client = ApiClient(db_settings.model_copy(update={"escalation_policy": path}))
    yield client
    client.close()


def test_account_reasons_route_and_brief_an_enterprise_ticket(api: ApiClient) -> None:
    draft = api.create(subject="Renewal", body="We are comparing you with other providers before we renew. "
                       "How do I export my boards?",
                       customer={"plan": "enterprise", "arr": 250000, "region": "EU", "channel": "email"})
    assert draft["escalate"] is True
    assert {"account_value", "competitor"} <= set(draft["escalation_reasons"])
    assert draft["risk"] in ("medium", "high")
    assert any(e.startswith("account_value: ARR 250,000") for e in draft["evidence"])
    assert draft["routing"]["category"] == "account_management" and draft["routing"]["language"] == "en"
    assert draft["handoff"]["asked"] == "How do I export my boards?"
    assert "ARR 250,000" in draft["handoff"]["customer_impact"]
    policy = api.call("GET", "/v1/policy", "lead").json()
    assert draft["policy_hash"] == policy["hash"] and policy["source"] == "defaults"


def test_always_human_and_ordinary_customer(api: ApiClient) -> None:
    marked = api.create(customer={"always_human": True})
    plain = api.create(customer={"plan": "pro", "arr": 5000})
    assert marked["escalation_reasons"] == ["always_human"] and marked["escalate"]
    assert plain["escalation_reasons"] == [] and plain["escalate"] is False and plain["handoff"] is None


def test_custom_contract_with_a_billing_topic_is_contract(api: ApiClient) -> None:
    draft = api.create(subject="Invoice", body="I was charged twice this month, please refund the extra charge.",
                       customer={"custom_contract": True})
    assert "contract" in draft["escalation_reasons"]
    no_contract = api.create(subject="Invoice", body="I was charged twice this month, please refund the extra charge.")
    assert "contract" not in no_contract["escalation_reasons"]


def test_second_approver_is_a_different_person(api: ApiClient) -> None:
    draft = api.create(customer={"arr": 150000})
    assert draft["second_approval_reasons"] == ["account_value"]
    first = api.decide(draft, "approve", {"acknowledge_flags": True, "final_text": "Edited reply."})
    assert first.status_code == 200, first.text
    waiting = first.json()
    assert waiting["status"] == "awaiting_second_approval" and waiting["first_approved_by"] == "rep:test-rep"
    assert waiting["delivery"]["status"] == "not_approved"
    again = api.decide(waiting, "approve", {"acknowledge_flags": True})
    assert again.status_code == 409 and again.json()["code"] == "same_approver"
    changed = api.decide(waiting, "approve", {"acknowledge_flags": True, "final_text": "Other text."}, role="lead")
    assert changed.status_code == 409 and changed.json()["code"] == "second_approval_text_changed"
    listed = api.call("GET", "/v1/drafts?status=awaiting_second_approval", "rep").json()
    assert [d["id"] for d in listed["items"]] == [draft["id"]]
    second = api.decide(waiting, "approve", {"acknowledge_flags": True}, role="lead")
    assert second.status_code == 200, second.text
    assert second.json()["status"] == "approved" and second.json()["final_text"] == "Edited reply."
    with api.services.sessions() as session:
        payload = json.loads(session.scalars(select(OutboxMessage)).one().payload)
        actions = [e.action for e in session.scalars(select(ReviewEvent).order_by(ReviewEvent.seq))]
    assert payload["text"] == "Edited reply." and payload["approved_by"] == "lead:test-lead"
    assert actions[-3:] == ["edited", "first_approval", "approved"]


def test_a_waiting_draft_can_be_rejected(api: ApiClient) -> None:
    draft = api.create(customer={"arr": 150000})
    waiting = api.decide(draft, "approve", {"acknowledge_flags": True, "final_text": "Edited reply."}).json()
    rejected = api.decide(waiting, "reject", {"reason_code": "tone"}, role="lead")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"


def test_routing_filters_in_the_api(api: ApiClient) -> None:
    billing = api.create(subject="Invoice", body="I was charged twice on my invoice.")
    howto = api.create(subject="Boards", body="How do I export my boards to CSV?")
    assert billing["routing"]["category"] == "billing" and howto["routing"]["category"] == "how_to"
    found = api.call("GET", "/v1/drafts?category=billing", "rep").json()
    assert [d["id"] for d in found["items"]] == [billing["id"]]
    by_area = api.call("GET", f"/v1/drafts?product_area={howto['routing']['product_area']}&urgency="
                              f"{howto['routing']['urgency']}&language=en", "rep").json()
    assert howto["id"] in [d["id"] for d in by_area["items"]]
    bad = api.call("GET", "/v1/drafts?category=a%20b", "rep")
    assert bad.status_code == 422


def test_policy_file_sets_thresholds_competitors_and_disclosure(policy_api: ApiClient) -> None:
    below = policy_api.create(customer={"arr": 150000, "channel": "chat"})
    assert "account_value" not in below["escalation_reasons"]
    assert below["preview"].endswith("\n\nDrafted with AI assistance, checked by a person.")
    tier = policy_api.create(body="We might move to Matomo next month.", customer={"tier": "Strategic"})
    assert {"account_value", "competitor"} <= set(tier["escalation_reasons"])
    # the draft holds an internal note (no article answers it): the rep writes the reply
    approved = policy_api.decide(below, "approve", {"acknowledge_flags": True, "final_text": "Edited reply."}).json()
    assert approved["status"] == "approved"
    assert approved["final_text"] == "Edited reply.\n\nDrafted with AI assistance, checked by a person."
    with policy_api.services.sessions() as session:
        payload = json.loads(session.scalars(select(OutboxMessage)).one().payload)
    assert payload["text"] == approved["final_text"]
    email = policy_api.create(customer={"channel": "email"})
    assert email["preview"].startswith("This reply was prepared with AI help.\n\n")
    shown = policy_api.call("GET", "/v1/policy", "rep").json()
    assert shown["policy"]["second_approver"]["reasons"] == ["legal", "account_value", "security"]
    assert shown["source"].endswith("policy.yaml") and below["policy_hash"] == shown["hash"]
