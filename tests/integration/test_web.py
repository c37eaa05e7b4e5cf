"""The web pages over real HTTP, without a browser: CSRF, the server-side checklist, sessions, roles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from agent.settings import Settings
from review.db import transaction
from review.services import Services
from review.users import MAX_FAILURES, set_disabled, set_password
from tests.browser.factories import PASSWORD, add_draft, add_user, decide, flagged_result, result, ticket
from tests.servers import make_keys, running_app


@pytest.fixture
def web(settings: Settings) -> Iterator[tuple[str, Services, dict[str, str]]]:
    """The app on loopback with keys and the accounts alice (rep) and lena (lead)."""
    services = Services(settings=settings, use_model=False)
    keys = make_keys(services)
    add_user(services, "alice", "rep")
    add_user(services, "lena", "lead")
    with running_app(settings=settings, services=services, run_worker=False) as base:
        yield base, services, keys
    services.close()


def _csrf(client: httpx.Client, path: str) -> str:
    """Return the CSRF token of the form on a page."""
    match = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert match, f"no form on {path}"
    return match.group(1)


def _signed_in(base: str, name: str = "alice", password: str = PASSWORD) -> httpx.Client:
    """Return a client signed in with a name and password."""
    client = httpx.Client(base_url=base, timeout=30)
    response = client.post("/login", data={"csrf": _csrf(client, "/login"), "name": name, "password": password})
    assert response.status_code == 303, response.text
    return client


def _status(base: str, keys: dict[str, str], draft_id: str) -> dict[str, Any]:
    """Read a draft through the API."""
    return httpx.get(f"{base}/v1/drafts/{draft_id}", headers={"Authorization": f"Bearer {keys['lead']}"}).json()  # type: ignore[no-any-return]


def test_forms_need_the_session_csrf_token_and_this_origin(web: Any) -> None:
    base, services, keys = web
    draft_id = add_draft(services, ticket("T-1", "Invoice"), result())
    client = _signed_in(base)
    form = {"etag": _status(base, keys, draft_id)["etag"], "final_text": "Hello"}
    assert client.post(f"/queue/{draft_id}/approve", data=form).status_code == 400
    assert client.post(f"/queue/{draft_id}/approve", data={**form, "csrf": "forged"}).status_code == 400
    token = _csrf(client, f"/queue/{draft_id}")
    foreign = client.post(f"/queue/{draft_id}/approve", data={**form, "csrf": token},
                          headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 400
    assert _status(base, keys, draft_id)["status"] == "pending_review"
    assert client.post("/logout", data={}).status_code == 400, "even sign-out needs the token"


def test_the_checklist_is_enforced_by_the_server(web: Any) -> None:
    base, services, keys = web
    draft_id = add_draft(services, ticket("T-2", "Refund"), flagged_result())
    client = _signed_in(base)
    token, etag = _csrf(client, f"/queue/{draft_id}"), _status(base, keys, draft_id)["etag"]
    form = {"csrf": token, "etag": etag, "final_text": "Edited reply [1]."}
    partly = client.post(f"/queue/{draft_id}/approve", data={**form, "ack": ["commitment_removed:refund"]})
    assert partly.status_code == 422 and "Tick every item" in partly.text
    assert "Edited reply [1]." in partly.text, "the edit comes back in the editor"
    forged = client.post(f"/queue/{draft_id}/approve", data={**form, "ack": ["made_up", "also_made_up"]})
    assert forged.status_code == 422
    assert _status(base, keys, draft_id)["status"] == "pending_review"
    done = client.post(f"/queue/{draft_id}/approve",
                       data={**form, "ack": ["commitment_removed:refund", "unsupported_sentence"]})
    assert done.status_code == 303
    stored = _status(base, keys, draft_id)
    assert stored["status"] == "approved" and stored["final_text"].startswith("Edited reply")
    assert "[1]" not in stored["final_text"], "the marker became the article's link or was dropped"


def test_a_stale_form_keeps_the_edit_and_says_what_happened(web: Any) -> None:
    base, services, keys = web
    draft_id = add_draft(services, ticket("T-3", "Invoice"), result())
    client = _signed_in(base)
    token, etag = _csrf(client, f"/queue/{draft_id}"), _status(base, keys, draft_id)["etag"]
    lena = add_user(services, "lena2", "lead")
    decide(services, draft_id, lena, "reject", reason_code="tone")
    late = client.post(f"/queue/{draft_id}/approve", data={"csrf": token, "etag": etag, "final_text": "Mine"})
    assert late.status_code == 409 and "Someone else already decided this draft (it is rejected)" in late.text
    assert _status(base, keys, draft_id)["status"] == "rejected"


def test_sessions_end_when_the_account_changes_and_wrong_passwords_lock_it(web: Any) -> None:
    base, services, _ = web
    client = _signed_in(base)
    assert client.get("/queue").status_code == 200
    with transaction(services.sessions) as session:
        set_password(session=session, name="alice", password="a brand new passphrase")
    assert client.get("/queue").status_code == 303, "a password change signs out open sessions"
    client = _signed_in(base, password="a brand new passphrase")
    with transaction(services.sessions) as session:
        set_disabled(session=session, name="alice", disabled=True)
    assert client.get("/queue").status_code == 303, "disabling an account ends its sessions"

    stranger = httpx.Client(base_url=base)
    for _ in range(MAX_FAILURES):
        token = _csrf(stranger, "/login")
        stranger.post("/login", data={"csrf": token, "name": "lena", "password": "guess"})
    locked = stranger.post("/login", data={"csrf": _csrf(stranger, "/login"), "name": "lena", "password": PASSWORD})
    assert locked.status_code == 401 and "too many wrong passwords" in locked.text.lower()


def test_sign_in_never_redirects_off_site_and_pages_send_security_headers(web: Any) -> None:
    base, _, keys = web
    client = httpx.Client(base_url=base)
    response = client.post("/login", data={"csrf": _csrf(client, "/login"), "key": keys["rep"],
                                           "next": "//evil.example/x"})
    assert response.headers["location"] == "/queue"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    page = client.get("/queue")
    assert page.headers["cache-control"] == "no-store" and "frame-ancestors 'none'" in page.headers[
        "content-security-policy"]
    ticketing = httpx.Client(base_url=base)
    refused = ticketing.post("/login", data={"csrf": _csrf(ticketing, "/login"), "key": keys["ticketing"]})
    assert refused.status_code == 401, "a ticketing key cannot open the review pages"


def test_admins_read_the_queue_but_cannot_decide(web: Any) -> None:
    base, services, keys = web
    draft_id = add_draft(services, ticket("T-4", "Invoice"), result())
    client = httpx.Client(base_url=base)
    client.post("/login", data={"csrf": _csrf(client, "/login"), "key": keys["admin"]})
    page = client.get(f"/queue/{draft_id}")
    assert page.status_code == 200 and "Approve and send" not in page.text
    forced = client.post(f"/queue/{draft_id}/approve", data={"csrf": _csrf(client, "/queue"),
                                                              "etag": _status(base, keys, draft_id)["etag"]})
    assert forced.status_code == 403
    assert _status(base, keys, draft_id)["status"] == "pending_review"


def test_leads_export_the_filtered_log_as_csv(web: Any) -> None:
    base, services, _ = web
    draft_id = add_draft(services, ticket("T-5", "=HYPERLINK(\"x\")"), result())
    decide(services, draft_id, add_user(services, "bob", "rep"), "reject", reason_code="tone", note="=1+1")
    lead = _signed_in(base, "lena")
    export = lead.get("/audit/export.csv", params={"action": "rejected"})
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    lines = export.text.strip().splitlines()
    assert len(lines) == 2 and ",rejected,rep:bob," in lines[1] and ",'=1+1," in lines[1], "formulas are defused"
    assert _signed_in(base).get("/audit/export.csv").status_code == 403


def test_queue_and_review_log_filters_on_each_database(db_settings: Settings) -> None:
    from web.audit_query import LogFilter, newest_page
    from web.queries import QueueFilter, list_queue, pending_counts

    services = Services(settings=db_settings, use_model=False)
    billing = add_draft(services, ticket("T-b", "Charged twice"), flagged_result())
    plain = add_draft(services, ticket("T-p", "Invoice copy"), result(), age_hours=30)
    decide(services, plain, add_user(services, "bob", "rep"), "reject", reason_code="tone")
    with services.sessions() as session:
        def ids(**query: str) -> list[str]:
            return [d.id for d in list_queue(session=session, filters=QueueFilter.from_query(query))[0]]

        assert ids(reason="billing") == [billing] and ids(reason="legal") == []
        assert ids(status="all", age="gt24h") == [plain] and ids(status="all", order="oldest") == [plain, billing]
        assert pending_counts(session=session)["flagged"] == 1
        found, _ = newest_page(session=session, filters=LogFilter(finding="commitment_removed:refund"), before=None,
                               limit=50)
        assert {e.draft_id for e in found} == {billing}
        rejected, _ = newest_page(session=session, filters=LogFilter(reason="tone"), before=None, limit=50)
        assert [(e.action, e.draft_id) for e in rejected] == [("rejected", plain)]
    services.close()
