"""Leads audit in a real browser: review-log filters, CSV export, a draft's history, the dashboard."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from review.audit import EXPORT_COLUMNS
from tests.browser.conftest import Site, sign_in
from tests.browser.factories import add_draft, add_user, decide, flagged_result, result, ticket

pytestmark = pytest.mark.browser


@pytest.fixture
def decided(site: Site) -> dict[str, str]:
    """Three decided drafts: alice approves an edited flagged one, bob rejects one, alice escalates one."""
    s = site.services
    bob = add_user(s, "bob", "rep")
    ids = {"approved": add_draft(s, ticket("T-1", "Refund for last month"), flagged_result()),
           "rejected": add_draft(s, ticket("T-2", "Export to Excel"), result()),
           "escalated": add_draft(s, ticket("T-3", "Lawyer letter"), result(risk="high"))}
    decide(s, ids["approved"], site.rep, "approve", final_text="Hi Dana,\n\nPlease see Settings → Billing [1].")
    decide(s, ids["rejected"], bob, "reject", reason_code="tone")
    decide(s, ids["escalated"], site.rep, "escalate", to="legal")
    return ids


def _rows(page: Any) -> list[list[str]]:
    """Return (action, actor, draft) of each review-log row shown."""
    cells = page.locator("#events tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).slice(2, 5).map(c => c.innerText.trim()))")
    return cells  # type: ignore[no-any-return]


def test_review_log_filters_and_csv_export(page: Any, site: Site, decided: dict[str, str]) -> None:
    sign_in(page, site, "lena")
    page.get_by_role("link", name="Review log").click()
    assert len(_rows(page)) > 10

    page.get_by_label("Action").select_option("rejected")
    page.get_by_role("button", name="Apply filters").click()
    assert _rows(page) == [["rejected", "rep:bob", decided["rejected"][:8]]]

    page.goto(f"{site.base}/audit")
    page.get_by_label("Rep or actor").select_option("rep:alice")
    page.get_by_role("button", name="Apply filters").click()
    assert sorted(r[0] for r in _rows(page)) == ["approved", "edited", "escalated"]

    page.goto(f"{site.base}/audit")
    page.get_by_label("Reason").select_option("tone")
    page.get_by_role("button", name="Apply filters").click()
    assert [r[0] for r in _rows(page)] == ["rejected"]

    page.goto(f"{site.base}/audit")
    page.get_by_label("Guard finding").select_option("commitment_removed:refund")
    page.get_by_label("From (UTC day)").fill("2000-01-01")
    page.get_by_role("button", name="Apply filters").click()
    rows = _rows(page)
    assert {r[2] for r in rows} == {decided["approved"][:8]}, "every event of the drafts with that finding"
    assert {"draft_created", "guard_findings", "approved"} <= {r[0].replace(" ", "_") for r in rows}
    page.get_by_label("To (UTC day)").fill("2000-01-02")
    page.get_by_role("button", name="Apply filters").click()
    assert page.locator("#events tbody").inner_text().strip() == "No events match these filters.", "time filter"

    page.goto(f"{site.base}/audit?action=rejected")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    assert download.value.suggested_filename == "review-log.csv"
    table = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert tuple(table[0]) == EXPORT_COLUMNS
    assert [(row[2], row[3], row[4]) for row in table[1:]] == [("rejected", "rep:bob", decided["rejected"])]


def test_a_drafts_history_shows_the_diff_between_draft_and_sent_text(page: Any, site: Site,
                                                                    decided: dict[str, str]) -> None:
    sign_in(page, site, "lena")
    page.goto(f"{site.base}/audit?action=approved")
    page.get_by_role("link", name=decided["approved"][:8]).click()
    page.wait_for_url(re.compile(r"/audit/drafts/"))
    assert "matches the SHA-256 recorded at approval" in page.locator(".alert.ok").inner_text()
    diff = page.locator("#diff")
    added = [t.replace("[added] ", "") for t in diff.locator("ins").all_text_contents()]
    removed = "".join(diff.locator("del").all_text_contents())
    assert "Please see" in added, "added words are marked as added"
    assert "You can request a refund from" in removed and "Our phone line is open around the clock." in removed
    actions = page.locator("table tbody tr td:nth-child(3)").all_inner_texts()
    assert actions == ["draft created", "guard findings", "edited", "approved"]


def test_dashboard_draws_the_review_figures(page: Any, site: Site, decided: dict[str, str]) -> None:
    sign_in(page, site, "lena")
    page.get_by_role("link", name="Dashboard").click()
    tiles = page.get_by_role("list", name=re.compile("Summary")).inner_text()
    assert "Acceptance rate\n33%" in tiles and "1 approved · 1 rejected · 1 escalated" in tiles
    assert page.locator("svg[role=img]").count() == 7
    rejections = page.get_by_role("figure", name="Rejection reasons")
    assert "tone: 1." in rejections.locator("desc").text_content()
    findings = page.get_by_role("figure", name="Guard findings by type").locator("desc").text_content()
    assert "Promise removed: refund: 1." in findings and "Unsupported sentence: 1." in findings


def test_reps_cannot_open_the_lead_pages(page: Any, site: Site, decided: dict[str, str]) -> None:
    sign_in(page, site, "alice")
    for path in ("/audit", "/audit/export.csv", "/dashboard", f"/audit/drafts/{decided['approved']}"):
        response = page.goto(f"{site.base}{path}")
        assert response.status == 403, path
        assert "Only leads and admins" in page.get_by_role("alert").inner_text()
