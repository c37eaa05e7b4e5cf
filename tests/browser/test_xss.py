"""Ticket, article and model text is shown as text in a real browser: markup never runs."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from agent.models import Message, RemovedCommitment, Ticket, UnsupportedSentence
from tests.browser.conftest import Site, sign_in
from tests.browser.factories import add_draft, citation, flagged_result

pytestmark = pytest.mark.browser
ATTACK = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2;alert(1)">'
BREAKOUT = "</textarea></div><script>window.__xss=3</script>"


def _hostile_draft(site: Site) -> str:
    """Store a draft with markup in every field a page shows."""
    ticket = Ticket(ticket_id=f"T-{ATTACK}", subject=f"Help {ATTACK}", body=f"My text {ATTACK}",
                    messages=[Message(author="customer", body=f"Again {ATTACK}")],
                    customer={"plan": ATTACK, "name": f"Eve {ATTACK}", "email": f"{ATTACK}@x.example"})
    result = flagged_result(
        draft=f"Reply {BREAKOUT} [1] {ATTACK}",
        citations=[citation(title=f"Title {ATTACK}", section=f"Section {ATTACK}", passage=f"Passage {ATTACK}",
                            source_path=f"x/{ATTACK}.md")],
        removed_commitments=[RemovedCommitment(text=f"Promise {ATTACK}", labels=[ATTACK])],
        unsupported_sentences=[UnsupportedSentence(text=ATTACK, support=0.0, reason=f"reason {ATTACK}")],
        evidence=[f"evidence {ATTACK}"], reasons=["unsupported_sentence", f"weird:{ATTACK}"],
    )
    return add_draft(site.services, ticket, result)


def _assert_inert(page: Any) -> None:
    """Check that no injected script ran and no injected element exists."""
    assert page.evaluate("window.__xss") is None, "an injected script ran"
    assert page.locator("main script, main img, main iframe").count() == 0
    assert page.locator("script").count() == 2, "only the page's own scripts"


def test_markup_in_tickets_and_articles_is_shown_as_text(page: Any, site: Site) -> None:
    draft_id = _hostile_draft(site)
    sign_in(page, site, "lena")
    _assert_inert(page)
    assert f"Help {ATTACK}" in page.locator("[data-queue-row]").inner_text()

    page.get_by_role("link", name=re.compile("^Help ")).click()
    page.wait_for_url(f"**/queue/{draft_id}")
    _assert_inert(page)
    assert page.locator("#ticket-body").inner_text() == f"My text {ATTACK}"
    assert page.get_by_role("heading", level=1).inner_text() == f"Help {ATTACK}"
    assert f"Passage {ATTACK}" in page.locator("#source-1").inner_text()
    editor = page.get_by_label("Reply to send (edit it here before approving)")
    assert editor.input_value() == f"Reply {BREAKOUT} [1] {ATTACK}", "the textarea holds the text, unbroken"

    page.get_by_label("Team or person").fill(f"team {ATTACK}")
    page.get_by_label("Note (optional)").fill(f"note {ATTACK}")
    page.get_by_role("button", name="Escalate").click()
    page.wait_for_url(re.compile("done=escalated"))
    _assert_inert(page)
    assert f"team {ATTACK}" in page.get_by_role("region", name="Draft reply").inner_text()

    for path in ("/audit", f"/audit/drafts/{draft_id}", "/dashboard", "/queue?status=all"):
        page.goto(f"{site.base}{path}")
        _assert_inert(page)


def test_markup_posted_through_the_api_is_inert(page: Any, site: Site) -> None:
    created = httpx.post(f"{site.base}/v1/drafts", headers={"Authorization": f"Bearer {site.keys['ticketing']}"},
                         json={"ticket_id": "T-api", "subject": f"API {ATTACK}", "body": f"Body {ATTACK}"}, timeout=120)
    assert created.status_code == 201, created.text
    sign_in(page, site, "alice")
    page.goto(f"{site.base}/queue/{created.json()['id']}")
    _assert_inert(page)
    assert page.locator("#ticket-body").inner_text() == f"Body {ATTACK}"
    csp = httpx.get(f"{site.base}/login").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
