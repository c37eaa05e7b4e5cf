"""Nothing internal reaches the customer: notes refused on approval, markers linked, Markdown rendered."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from agent.settings import Settings
from review.services import Services
from tests.receiver import Receiver
from tests.servers import make_keys, running_app

HELP = "https://help.example.com/"
TICKET = {
    "ticket_id": "T-CT", "subject": "Reset my password and also refund me",
    "body": "How do I reset my password? And can I get a refund for last month?",
    "customer": {"plan": "pro", "locale": "en", "name": "Dr. Dana Whitfield"}, "kind": "reply",
}


@pytest.fixture
def stack(ingested_settings: Settings, webhook_receiver: Receiver):  # type: ignore[no-untyped-def]
    """The app with delivery to a real receiver and a public help-center address."""
    settings = ingested_settings.model_copy(update={
        "delivery_url": webhook_receiver.url, "delivery_secret": SecretStr("s"), "delivery_poll_s": 0.1,
        "help_center_url": HELP})
    services = Services(settings=settings)
    keys = make_keys(services)
    with running_app(settings=settings, services=services) as base:
        yield base, keys, webhook_receiver


def _post(base: str, key: str, path: str, body: dict[str, Any], **headers: str) -> httpx.Response:
    return httpx.post(f"{base}{path}", json=body, headers={"Authorization": f"Bearer {key}", **headers}, timeout=60)


def test_internal_notes_never_reach_the_webhook(stack) -> None:  # type: ignore[no-untyped-def]
    base, keys, receiver = stack
    draft = _post(base, keys["ticketing"], "/v1/drafts", TICKET).json()
    assert "Needs human review" in draft["draft"], "the refund question is handed over with an internal note"
    assert draft["citations"] and draft["citations"][0]["url"].startswith(HELP)
    assert "Needs human review" not in draft["customer_preview"] and "[1]" not in draft["customer_preview"]
    etag = httpx.get(f"{base}/v1/drafts/{draft['id']}", headers={"Authorization": f"Bearer {keys['rep']}"}).headers["ETag"]

    assert _post(base, keys["rep"], f"/v1/drafts/{draft['id']}/approve", {"acknowledge_flags": True}).status_code == 428
    refused = _post(base, keys["rep"], f"/v1/drafts/{draft['id']}/approve", {"acknowledge_flags": True},
                    **{"If-Match": etag})
    assert refused.status_code == 422 and refused.json()["code"] == "internal_note_in_text"
    assert receiver.wait_for(1, timeout=1.0) == [], "a refused approval delivers nothing"

    edited = "\n".join(ln for ln in draft["draft"].splitlines() if not ln.startswith("Needs human review"))
    approved = _post(base, keys["rep"], f"/v1/drafts/{draft['id']}/approve",
                     {"acknowledge_flags": True, "final_text": edited}, **{"If-Match": etag})
    assert approved.status_code == 200, approved.text
    text = json.loads(receiver.wait_for(1)[0][1])["text"]
    assert text == approved.json()["final_text"]
    assert "Needs human review" not in text and "[1]" not in text and "**" not in text
    assert draft["citations"][0]["url"] in text, "the marker became the article's public link"
    assert text.startswith("Hi Dana,") or text.startswith("Hi there,"), "the greeting never says 'Hi Dr.,'"
