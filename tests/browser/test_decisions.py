"""Reps decide drafts in a real browser: approve an edited flagged draft, reject, escalate."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from agent.settings import Settings
from tests.browser.conftest import Site, sign_in
from tests.browser.factories import add_draft, flagged_result, result, ticket
from tests.receiver import Receiver

pytestmark = pytest.mark.browser


@pytest.fixture
def site_settings(settings: Settings, webhook_receiver: Receiver) -> Settings:
    """Deliver approved text to a real receiver, polling the outbox quickly."""
    return settings.model_copy(update={"delivery_url": webhook_receiver.url, "delivery_secret": SecretStr("s3cret"),
                                       "delivery_poll_s": 0.1})


def _api(site: Site, draft_id: str) -> dict[str, Any]:
    """Read a draft through the HTTP API."""
    response = httpx.get(f"{site.base}/v1/drafts/{draft_id}", headers={"Authorization": f"Bearer {site.keys['lead']}"})
    return response.json()  # type: ignore[no-any-return]


def _assert_findings_in_place(page: Any) -> None:
    """Check the draft page shows the ticket, the guard's findings and the cited source."""
    assert page.locator("#ticket-body").inner_text() == "I was charged twice."
    assert "dana@orchard.example" in page.get_by_role("region", name="The customer's ticket").inner_text()
    flags = page.locator("#flags")
    assert "I've refunded your last invoice." in flags.locator("del").inner_text()
    assert flags.locator(".tag").inner_text() == "refund"
    marked = page.locator(".annotated mark.unsupported").first.inner_text()
    assert marked.startswith("Our phone line is open around the clock."), "the unsupported sentence is highlighted"
    source = page.locator("#source-1")
    assert "Refunds and cancellations" in source.inner_text() and "Requesting a refund" in source.inner_text()
    assert source.locator("code.hash").inner_text() == "3f9a1c2b7d4e"


def test_approving_an_edited_flagged_draft_needs_every_checklist_box(page: Any, site: Site,
                                                                     webhook_receiver: Receiver) -> None:
    draft_id = add_draft(site.services, ticket("T-7", "Refund for last month", body="I was charged twice."),
                         flagged_result())
    sign_in(page, site, "alice")
    page.get_by_role("link", name="Refund for last month").click()
    _assert_findings_in_place(page)

    edited = "Hi Dana,\n\nYou can request a refund from Settings → Billing → Invoices [1].\n\nBest,\nAlice"
    page.get_by_label("Reply to send (edit it here before approving)").fill(edited)
    boxes = page.locator("#checklist input[type=checkbox]")
    assert boxes.count() == 2
    boxes.nth(0).check()
    page.evaluate("document.querySelectorAll('#checklist input').forEach(b => b.removeAttribute('required'))")
    page.get_by_role("button", name="Approve and send").click()
    assert "Tick every item" in page.get_by_role("alert").inner_text(), "the server enforces the checklist"
    assert _api(site, draft_id)["status"] == "pending_review"
    assert page.get_by_label("Reply to send (edit it here before approving)").input_value() == edited, "edits kept"
    kept = page.locator("#checklist input")
    assert kept.nth(0).is_checked() and not kept.nth(1).is_checked(), "ticks kept"

    kept.nth(1).check()
    page.get_by_role("button", name="Approve and send").click()
    page.wait_for_url(re.compile(r"done=approved"))
    page.locator("#delivery .tag", has_text="sent").wait_for()
    delivered = edited.replace(" [1]", "")  # the citation has no public link: its marker is dropped
    assert page.locator("#final-text").inner_text() == delivered

    stored = _api(site, draft_id)
    assert stored["status"] == "sent" and stored["final_text"] == delivered
    assert json.loads(webhook_receiver.received[0][1])["text"] == delivered, "exactly the approved text is delivered"
    events = httpx.get(f"{site.base}/v1/audit", params={"draft": draft_id},
                       headers={"Authorization": f"Bearer {site.keys['lead']}"}).json()["items"]
    approved = next(e for e in events if e["action"] == "approved")
    assert approved["actor"] == "rep:alice" and approved["details"]["acknowledged_flags"] is True
    assert any(e["action"] == "edited" for e in events)


def test_rejecting_with_a_reason_code(page: Any, site: Site, webhook_receiver: Receiver) -> None:
    draft_id = add_draft(site.services, ticket("T-8", "Export to Excel"), result())
    sign_in(page, site, "alice")
    page.goto(f"{site.base}/queue/{draft_id}")
    page.get_by_label("Reason").select_option("other")
    page.get_by_role("button", name="Reject").click()
    assert "Say why in the note" in page.get_by_role("alert").inner_text()
    assert _api(site, draft_id)["status"] == "pending_review"

    page.get_by_label("Reason").select_option("tone")
    page.get_by_label("Note (needed for “other”)").fill("Too curt for a first reply.")
    page.get_by_role("button", name="Reject").click()
    page.wait_for_url(re.compile(r"done=rejected"))
    assert "Rejected. Nothing is sent." in page.locator("#done").inner_text()
    assert page.get_by_role("button", name="Approve and send").count() == 0, "a decided draft has no forms"
    stored = _api(site, draft_id)
    assert stored["status"] == "rejected" and stored["reason_code"] == "tone"
    assert stored["note"] == "Too curt for a first reply." and stored["delivery"]["status"] == "not_approved"
    assert webhook_receiver.wait_for(1, timeout=1) == [], "a rejected draft is never delivered"


def test_escalating_to_a_team(page: Any, site: Site) -> None:
    draft_id = add_draft(site.services, ticket("T-9", "Charged twice"), flagged_result())
    sign_in(page, site, "alice")
    page.goto(f"{site.base}/queue/{draft_id}")
    assert page.locator("#teams option").first.get_attribute("value") == "billing", "matching team suggested first"
    page.get_by_label("Team or person").fill("billing")
    page.get_by_role("button", name="Escalate").click()
    page.wait_for_url(re.compile(r"done=escalated"))
    assert _api(site, draft_id)["escalated_to"] == "billing"
    assert "to billing" in page.get_by_role("region", name="Draft reply").inner_text()
