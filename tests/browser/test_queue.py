"""Reps sign in and work the queue in a real browser: filters, order, counts, keyboard, and no JavaScript."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from agent.customer_text import render_record
from tests.browser.conftest import Site, sign_in
from tests.browser.factories import add_draft, flagged_result, result, ticket

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing").expect


def test_sign_in_with_a_password_or_an_api_key(page: Any, site: Site) -> None:
    page.goto(f"{site.base}/queue")
    assert "/login?next=/queue" in page.url, "signed-out people are sent to sign in"

    page.get_by_label("Name").fill("alice")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.get_by_role("alert").inner_text() == "Wrong name or password."

    sign_in(page, site, "alice")
    assert page.get_by_role("heading", name="Review queue").is_visible()
    assert "Signed in as alice (rep)" in page.locator("header").inner_text()
    assert page.get_by_role("link", name="Review log").count() == 0, "reps do not see the lead pages"
    cookie = next(c for c in page.context.cookies() if c["name"] == "draftgate_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax"

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    page.goto(f"{site.base}/queue")
    assert "/login" in page.url, "signing out ends the session"

    page.get_by_label("Rep, lead or admin API key").fill(site.keys["lead"])
    page.get_by_role("button", name="Sign in with key").click()
    page.wait_for_url("**/queue")
    assert "Signed in as test-lead (lead)" in page.locator("header").inner_text()
    assert page.get_by_role("link", name="Review log").is_visible()


def _subjects(page: Any) -> list[str]:
    """Return the subjects listed in the queue table, top to bottom."""
    return page.locator("[data-queue-row] a.open").all_inner_texts()  # type: ignore[no-any-return]


def _shows(page: Any, subjects: list[str]) -> None:
    """Wait until the queue lists exactly these subjects (filters refresh the table in place)."""
    expect(page.locator("[data-queue-row] a.open")).to_have_text(subjects)


def test_queue_filters_order_counts_and_keyboard(page: Any, site: Site) -> None:
    s = site.services
    add_draft(s, ticket("T-old", "Invoice copy"), result(), age_hours=30)
    add_draft(s, ticket("T-mid", "Export to Excel"), result(risk="medium"), age_hours=5)
    add_draft(s, ticket("T-new", "Refund for last month"), flagged_result())
    sign_in(page, site, "alice")

    assert _subjects(page) == ["Refund for last month", "Export to Excel", "Invoice copy"], "newest first"
    counts = page.get_by_role("list", name="Waiting for review").inner_text()
    assert "3 waiting" in counts and "1 high risk" in counts and "1 need human review" in counts

    page.get_by_label("Risk").select_option("high")
    page.wait_for_url(re.compile(r"risk=high"))
    _shows(page, ["Refund for last month"])
    page.get_by_label("Risk").select_option("")
    page.get_by_label("Escalation reason").select_option("billing")
    page.wait_for_url(re.compile(r"reason=billing"))
    _shows(page, ["Refund for last month"])
    page.get_by_label("Escalation reason").select_option("")
    page.get_by_label("Needs human review").select_option("no")
    page.wait_for_url(re.compile(r"flagged=no"))
    _shows(page, ["Export to Excel", "Invoice copy"])
    page.get_by_label("Age").select_option("gt24h")
    page.wait_for_url(re.compile(r"age=gt24h"))
    _shows(page, ["Invoice copy"])
    page.goto(f"{site.base}/queue?order=oldest")
    assert _subjects(page) == ["Invoice copy", "Export to Excel", "Refund for last month"]
    assert page.get_by_label("Order").input_value() == "oldest"

    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("j")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Export to Excel", "j / k move the focus between drafts"
    outline = page.evaluate("getComputedStyle(document.activeElement.closest('tr')).boxShadow")
    assert outline != "none", "the focused row is visibly marked"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/queue/[0-9a-f-]{36}$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Export to Excel"


def test_the_core_actions_work_without_javascript(chromium: Any, site: Site) -> None:
    draft_id = add_draft(site.services, ticket("T-nojs", "Where is my invoice"), result())
    add_draft(site.services, ticket("T-other", "Something else"), result(risk="medium"))
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, site, "alice")
        page.get_by_label("Risk").select_option("low")
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(r"risk=low"))
        assert _subjects(page) == ["Where is my invoice"]
        page.get_by_role("link", name="Where is my invoice").click()
        page.get_by_role("button", name="Approve and send").click()
        page.wait_for_url(re.compile(r"done=approved"))
        assert "Approved" in page.get_by_role("status").first.inner_text()
    finally:
        context.close()
    read = httpx.get(f"{site.base}/v1/drafts/{draft_id}", headers={"Authorization": f"Bearer {site.keys['rep']}"})
    customer_ready = render_record(text=result().draft, record=result().model_dump(mode="json"))
    assert read.json()["status"] == "approved" and read.json()["final_text"] == customer_ready
    assert "[1]" not in customer_ready, "the marker became a link or was dropped"



UNLABELLED = """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button'))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
  .map(el => el.outerHTML)"""


def test_every_page_has_labels_one_heading_and_a_skip_link(page: Any, site: Site) -> None:
    draft_id = add_draft(site.services, ticket("T-a11y", "Refund for last month"), flagged_result())
    page.goto(f"{site.base}/login")
    assert page.evaluate(UNLABELLED) == []
    sign_in(page, site, "lena")
    for path in ("/queue", f"/queue/{draft_id}", "/audit", f"/audit/drafts/{draft_id}", "/dashboard"):
        page.goto(f"{site.base}{path}")
        assert page.evaluate(UNLABELLED) == [], path
        assert page.locator("h1").count() == 1 and page.locator("html").get_attribute("lang") == "en"
        assert page.evaluate("Array.from(document.querySelectorAll('svg[role=img]')).every("
                             "s => s.getAttribute('aria-labelledby'))"), path
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to main content", path
