"""Browser fixtures: Debian's Chromium driven by Playwright, and the real app on loopback.

Install once (CI does the same): ``apt-get install -y chromium`` and ``pip install playwright``.
Never ``playwright install``: it downloads a browser build, which this project does not use.
Without /usr/bin/chromium (or the playwright package) every browser test is skipped with that reason;
with ``BROWSER_TESTS=required`` (set it in CI) they fail instead, so a missing browser cannot pass unseen.
``CHROMIUM_PATH`` points at another Chromium binary.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest

from agent.settings import Settings
from review.auth import Principal
from review.services import Services
from tests.browser.factories import PASSWORD, add_user
from tests.servers import make_keys, running_app

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``browser`` marker."""
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright (skipped without it)")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Launch headless Chromium once per run, or skip with the reason."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: run `apt-get install -y chromium` to enable the browser tests")
    try:
        import playwright.sync_api as sync_api
    except ImportError:
        _unavailable("the playwright package is missing: `pip install playwright` (never `playwright install`)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _unavailable(reason: str) -> NoReturn:
    """Skip the browser tests, or fail them when they are required (``BROWSER_TESTS=required``)."""
    if os.environ.get("BROWSER_TESTS") == "required":
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass
class Site:
    """The running app and what the tests need to drive it."""

    base: str
    services: Services
    keys: dict[str, str]
    rep: Principal
    lead: Principal


@pytest.fixture
def site_settings(settings: Settings) -> Settings:
    """Settings of the app under test (tests may override this fixture)."""
    return settings


@pytest.fixture
def site(site_settings: Settings) -> Iterator[Site]:
    """Serve the real app with keys and two accounts: ``alice`` (rep) and ``lena`` (lead)."""
    services = Services(settings=site_settings, use_model=False)
    keys = make_keys(services)
    rep, lead = add_user(services, "alice", "rep"), add_user(services, "lena", "lead")
    with running_app(settings=site_settings, services=services, run_worker=bool(site_settings.delivery_url)) as base:
        yield Site(base=base, services=services, keys=keys, rep=rep, lead=lead)
    services.close()


@pytest.fixture
def page(chromium: Any, site: Site) -> Iterator[Any]:
    """A fresh browser context and page; any JavaScript dialog fails the test (XSS guard)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert dialogs == [], f"a page opened a JavaScript dialog: {dialogs}"
    assert blocked == [], f"the Content-Security-Policy blocked something: {blocked}"


def sign_in(page: Any, site: Site, name: str, password: str = PASSWORD) -> None:
    """Sign in through the form with a name and password."""
    page.goto(f"{site.base}/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/queue")
