"""A high-value account's draft needs two people in the browser; routing, hand-off and the preview are shown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from agent.models import HandoffBrief, Routing
from agent.settings import Settings
from tests.browser.conftest import Site, sign_in
from tests.browser.factories import add_draft, add_user, result, ticket
from tests.receiver import Receiver

pytestmark = pytest.mark.browser
FOOTER = "Drafted with AI assistance, checked by a person."


@pytest.fixture
def site_settings(settings: Settings, webhook_receiver: Receiver, tmp_path: Path) -> Settings:
    """Deliver to a real receiver, under a policy that adds a footer on e-mail."""
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"disclosure:\n  email: {{mode: footer, text: \"{FOOTER}\"}}\n")
    return settings.model_copy(update={"delivery_url": webhook_receiver.url, "delivery_secret": SecretStr("s3cret"),
                                       "delivery_poll_s": 0.1, "escalation_policy": policy})


def _open(page: Any, site: Site, who: str, subject: str) -> None:
    """Sign in and open a draft from the queue's awaiting or pending list."""
    sign_in(page, site, who)
    page.goto(f"{site.base}/queue?status=all")
    page.get_by_role("link", name=subject).click()


def test_two_people_approve_a_high_value_draft(chromium: Any, page: Any, site: Site,
                                               webhook_receiver: Receiver) -> None:
    add_user(site.services, "omar", "rep")
    routing = Routing(category="account_management", product_area="billing", urgency="normal", language="en")
    brief = HandoffBrief(issue="Renewal pricing.", customer_impact="Account: ARR 250,000.", tried="Nothing.",
                         asked="Can we get a discount?")
    add_draft(site.services, ticket("T-9", "Renewal pricing", channel="email", arr=250000),
              result(escalate=True, escalation_reasons=["account_value"], risk="medium", needs_human_review=True,
                     reasons=["escalated:account_value"], routing=routing, handoff=brief))
    _open(page, site, "alice", "Renewal pricing")
    assert "Two people must approve this draft" in page.locator(".alert.warn").first.inner_text()
    assert "urgency normal" in page.locator("#routing").inner_text().replace("\n", " ")
    assert "Can we get a discount?" in page.locator("#handoff").inner_text()
    assert page.locator("#customer-preview").inner_text().endswith(FOOTER)
    page.locator("#checklist input[type=checkbox]").first.check()
    page.get_by_role("button", name="Approve (a second approver must confirm)").click()
    assert "needs a second approver" in page.locator("#done").inner_text()
    assert "you cannot approve it again" in page.locator("#awaiting").inner_text()
    assert page.get_by_role("button", name="Approve as second approver and send").count() == 0

    second = chromium.new_context().new_page()
    sign_in(second, site, "omar")
    second.goto(f"{site.base}/queue?status=awaiting_second_approval")
    second.get_by_role("link", name="Renewal pricing").click()
    assert "First approved by" in second.locator("#awaiting").inner_text()
    assert "alice" in second.locator("#awaiting").inner_text()
    second.locator("#checklist input[type=checkbox]").first.check()
    second.get_by_role("button", name="Approve as second approver and send").click()
    assert "Approved." in second.locator("#done").inner_text()
    delivered = webhook_receiver.wait_for(1)
    text = json.loads(delivered[0][1])["text"]
    assert text.endswith("\n\n" + FOOTER) and text.startswith("Hi,")
    assert second.locator("#final-text").inner_text().endswith(FOOTER)
