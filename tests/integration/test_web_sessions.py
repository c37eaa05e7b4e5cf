"""Sign-out and password changes end a session on the server; cookies are Secure behind TLS."""

from __future__ import annotations

import re

import httpx

from agent.settings import Settings
from review.db import transaction
from review.services import Services
from review.users import set_password
from tests.browser.factories import PASSWORD, add_user
from tests.servers import running_app


def _sign_in(base: str, name: str, **headers: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30, headers=headers)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token
    answer = client.post("/login", data={"csrf": token.group(1), "name": name, "password": PASSWORD})
    assert answer.status_code == 303, answer.text
    return client


def _copy(client: httpx.Client, base: str) -> httpx.Client:
    """A second browser holding a copy of the first one's cookie."""
    return httpx.Client(base_url=base, timeout=30, cookies={"draftgate_session": client.cookies["draftgate_session"]})


def test_a_copied_cookie_stops_working_after_sign_out_and_after_a_password_change(settings: Settings) -> None:
    services = Services(settings=settings, use_model=False)
    add_user(services, "alice", "rep")
    with running_app(settings=settings, services=services, run_worker=False) as base:
        browser = _sign_in(base, "alice")
        stolen = _copy(browser, base)
        assert stolen.get("/queue").status_code == 200
        token = re.search(r'name="csrf" value="([^"]+)"', browser.get("/queue").text)
        assert token
        assert browser.post("/logout", data={"csrf": token.group(1)}).status_code == 303
        assert stolen.get("/queue").status_code == 303, "sign-out ends the session for every copy of the cookie"

        browser = _sign_in(base, "alice")
        stolen = _copy(browser, base)
        with transaction(services.sessions) as session:
            set_password(session=session, name="alice", password="another long passphrase")
        assert stolen.get("/queue").status_code == 303
    services.close()


def test_the_session_cookie_is_secure_behind_tls(settings: Settings) -> None:
    services = Services(settings=settings, use_model=False)
    add_user(services, "alice", "rep")
    with running_app(settings=settings, services=services, run_worker=False) as base:
        plain = httpx.Client(base_url=base).get("/login").headers.get("set-cookie", "")
        assert "draftgate_session" in plain and "secure" not in plain.lower()
        behind_tls = httpx.Client(base_url=base, headers={"X-Forwarded-Proto": "https"}).get("/login")
        cookie = behind_tls.headers.get("set-cookie", "")
        assert "draftgate_session" in cookie and "; secure" in cookie.lower(), cookie
    services.close()
