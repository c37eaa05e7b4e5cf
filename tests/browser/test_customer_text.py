"""In a real browser: the rep sees what the customer gets, and no internal note reaches the webhook."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pydantic import SecretStr

from agent.settings import Settings
from tests.browser.conftest import Site, sign_in
from tests.browser.factories import add_draft, citation, result, ticket
from tests.receiver import Receiver

pytestmark = pytest.mark.browser
LINK = "https://help.example.com/billing/refunds"
DRAFT = ("Hi Dana,\n\nOpen **Settings → Billing** and choose *Invoices* [1].\n\n"
         "Needs human review: no approved article answers “Can I pay by bank transfer?”; answer it or remove it.\n\n"
         "Best,\nSupport")


@pytest.fixture
def site_settings(settings: Settings, webhook_receiver: Receiver) -> Settings:
    """Deliver approved text to a real receiver, polling the outbox quickly."""
    return settings.model_copy(update={"delivery_url": webhook_receiver.url, "delivery_secret": SecretStr("s"),
                                       "delivery_poll_s": 0.1})


def test_a_rep_cannot_send_an_internal_note_and_sees_the_customer_text(page: Any, site: Site,
                                                                       webhook_receiver: Receiver) -> None:
    add_draft(site.services, ticket("T-9", "Invoices and bank transfer", body="Where are invoices? Bank transfer?"),
              result(draft=DRAFT, needs_human_review=True, reasons=["unanswered_question"],
                     citations=[citation(url=LINK)]))
    sign_in(page, site, "alice")
    page.get_by_role("link", name="Invoices and bank transfer").click()
    preview = page.locator("#customer-preview").inner_text()
    assert "Needs human review" not in preview and "[1]" not in preview and "**" not in preview
    assert LINK in preview and "Open Settings → Billing and choose Invoices" in preview
    assert "internal note" in page.locator("#internal-notes").inner_text()

    page.locator("#checklist input[type=checkbox]").first.check()
    page.get_by_role("button", name="Approve and send").click()
    assert "internal note" in page.get_by_role("alert").inner_text(), "ticking the checklist does not send the note"
    assert webhook_receiver.wait_for(1, timeout=1.0) == []

    editor = page.get_by_label("Reply to send (edit it here before approving)")
    editor.fill(DRAFT.replace(DRAFT.split("\n\n")[2] + "\n\n", "We accept bank transfers on annual plans.\n\n"))
    page.get_by_role("button", name="Preview what the customer gets").click()
    shown = page.locator("#customer-preview").inner_text()
    assert "bank transfers" in shown and "Needs human review" not in shown
    page.locator("#checklist input[type=checkbox]").first.check()
    page.get_by_role("button", name="Approve and send").click()
    page.wait_for_url(re.compile(r"done=approved"))
    text = json.loads(webhook_receiver.wait_for(1)[0][1])["text"]
    assert text == shown, "the customer gets exactly the preview the rep saw"
    assert "Needs human review" not in text and "[1]" not in text and LINK in text
