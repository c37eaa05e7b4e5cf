"""The API docs and the sign-in page render in a real browser while loading nothing from another host."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import Site
from tests.browser.factories import PASSWORD

pytestmark = pytest.mark.browser


def _record_requests(page: Any, site: Site) -> list[str]:
    """Abort every request to another host and return the list of those attempts."""
    here = urlsplit(site.base).netloc
    elsewhere: list[str] = []

    def route(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != here:
            elsewhere.append(url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", route)
    return elsewhere


def test_swagger_ui_renders_every_operation_offline(page: Any, site: Site) -> None:
    elsewhere = _record_requests(page, site)
    page.goto(f"{site.base}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/v1/drafts/{draft_id}/approve" in p.replace("\u200b", "") for p in paths), paths
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("draftgate")
    assert elsewhere == [], f"/docs asked another host for {elsewhere}"


def test_sign_in_and_queue_load_nothing_from_another_host(page: Any, site: Site) -> None:
    elsewhere = _record_requests(page, site)
    page.goto(f"{site.base}/login")
    page.get_by_label("Name").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/queue")
    assert page.goto(f"{site.base}/redoc").status == 404, "ReDoc is not served: its bundle calls a CDN"
    assert elsewhere == [], f"a page asked another host for {elsewhere}"
