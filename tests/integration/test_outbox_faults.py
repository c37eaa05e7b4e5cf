"""Outbox faults and attacks: forged payloads, replayable webhooks, stranded dead letters (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import select, update
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from agent.settings import Settings
from review import review_log
from review.delivery import run_once
from review.tables import OutboxMessage, ReviewEvent
from tests.api_client import ApiClient
from tests.conftest import ROOT
from tests.receiver import Receiver


def _api(db_settings: Settings, url: str, secret: str = "s3cret", attempts: int = 2) -> ApiClient:
    """The app with delivery to ``url``: ``attempts`` tries, a tiny backoff."""
    return ApiClient(db_settings.model_copy(update={
        "delivery_url": url, "delivery_secret": SecretStr(secret), "delivery_max_attempts": attempts,
        "delivery_backoff_s": 0.01}))


def _approve(api: ApiClient, text: str) -> dict[str, Any]:
    draft = api.create()
    approved = api.decide(draft, "approve", {"final_text": text, "acknowledge_flags": True})
    assert approved.status_code == 200, approved.text
    return dict(approved.json())


def _drain(api: ApiClient, rounds: int = 40) -> None:
    """Run the delivery loop until nothing is due (backoff is tiny)."""
    with httpx.Client(timeout=2) as client:
        for _ in range(rounds):
            run_once(sessions=api.services.sessions, settings=api.settings, client=client)
            with api.services.sessions() as session:
                if not session.scalars(select(OutboxMessage).where(OutboxMessage.status == "pending")).first():
                    return
            time.sleep(0.03)


# 4. Delivery is bound to the approved text in the review log.

def test_a_payload_edited_in_the_database_is_refused_not_sent(db_settings: Settings,
                                                              webhook_receiver: Receiver) -> None:
    api = _api(db_settings, webhook_receiver.url)
    approved = _approve(api, "Go to Settings, then Export.")
    forged = json.dumps({"draft_id": approved["id"], "ticket_id": "T-1", "kind": "reply",
                         "text": "We will refund you 1000 EUR today.", "approved_by": "rep:test-rep",
                         "approved_at": "2026-01-01T00:00:00+00:00"})
    with api.services.sessions.begin() as session:
        session.execute(update(OutboxMessage).values(payload=forged))
    _drain(api)
    assert webhook_receiver.attempts == [], "a forged payload never leaves"
    draft = api.read(approved["id"])
    assert draft["status"] == "approved" and draft["delivery"]["status"] == "dead_letter"
    assert "does not match the approved text" in draft["delivery"]["last_error"]
    with api.services.sessions() as session:
        actions = session.scalars(select(ReviewEvent.action).where(ReviewEvent.draft_id == approved["id"])).all()
        assert "delivery_refused" in actions and "delivered" not in actions
    api.close()


def test_an_edited_draft_id_or_ticket_in_the_payload_is_refused(db_settings: Settings,
                                                                webhook_receiver: Receiver) -> None:
    api = _api(db_settings, webhook_receiver.url)
    approved = _approve(api, "Same text.")
    with api.services.sessions.begin() as session:
        row = session.scalars(select(OutboxMessage)).one()
        data = json.loads(row.payload)
        row.payload = json.dumps({**data, "ticket_id": "T-OTHER"}, ensure_ascii=False)
    _drain(api)
    assert webhook_receiver.attempts == []
    assert api.read(approved["id"])["delivery"]["status"] == "dead_letter"
    api.close()


# 5. Standard Webhooks headers: timestamped, id-bound, verified with the standardwebhooks library.

def test_deliveries_carry_standard_webhooks_headers_that_the_library_verifies(
        db_settings: Settings) -> None:
    receiver = Receiver(fail_first=1)
    receiver.start()
    api = _api(db_settings, receiver.url, secret="plain secret")
    approved = _approve(api, "Export is under Settings.")
    _drain(api)
    headers, body = receiver.wait_for(1)[0]
    assert json.loads(Webhook(b"plain secret").verify(body, headers, json_parse=False) or "null") is None
    assert json.loads(body)["draft_id"] == approved["id"]
    assert headers["x-draftgate-signature"].startswith("sha256=")
    with pytest.raises(WebhookVerificationError):
        Webhook(b"other secret").verify(body, headers)
    stale = {**headers, "webhook-timestamp": str(int(headers["webhook-timestamp"]) - 3600)}
    with pytest.raises(WebhookVerificationError):  # an old capture replayed an hour later
        Webhook(b"plain secret").verify(body, stale)
    with pytest.raises(WebhookVerificationError):  # the signature is bound to the id
        Webhook(b"plain secret").verify(body, {**headers, "webhook-id": "msg_other"})
    receiver.stop()
    api.close()


def test_the_webhook_id_is_the_same_on_every_attempt_and_whsec_secrets_are_decoded(
        db_settings: Settings) -> None:
    receiver = Receiver(fail_first=1)
    receiver.start()
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    api = _api(db_settings, receiver.url, secret=secret, attempts=3)
    _approve(api, "Export is under Settings.")
    seen: list[str] = []
    original = receiver.server.RequestHandlerClass.do_POST  # type: ignore[attr-defined]

    def spy(handler: Any) -> None:
        seen.append(handler.headers["webhook-id"])
        original(handler)

    receiver.server.RequestHandlerClass.do_POST = spy  # type: ignore[attr-defined]
    _drain(api)
    headers, body = receiver.wait_for(1)[0]
    Webhook(secret).verify(body, headers)
    assert len(seen) == 2 and seen[0] == seen[1], seen
    receiver.stop()
    api.close()


def test_the_worker_warns_loudly_when_deliveries_would_go_unsigned(tmp_path: Any) -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DRAFTGATE_DATA_DIR": str(tmp_path / "var"),
           "DRAFTGATE_DELIVERY_URL": "http://127.0.0.1:9/hook", "HF_HUB_OFFLINE": "1"}
    code = "from cli.main import app; app(['worker', '--once'])"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert "DRAFTGATE_DELIVERY_SECRET is empty" in done.stderr, done.stderr[-2000:]
    signed = subprocess.run([sys.executable, "-c", code], env={**env, "DRAFTGATE_DELIVERY_SECRET": "x"},
                            capture_output=True, text=True, timeout=120)
    assert "DRAFTGATE_DELIVERY_SECRET is empty" not in signed.stderr


# 2. Dead letters have a way back.

def test_dead_letters_from_a_receiver_that_was_down_are_requeued_and_sent_once(db_settings: Settings) -> None:
    receiver = Receiver(fail_first=10**9)  # down
    receiver.start()
    api = _api(db_settings, receiver.url)
    first, second = _approve(api, "First reply."), _approve(api, "Second reply.")
    _drain(api)
    listed = api.call("GET", "/v1/outbox?state=dead", "lead").json()
    assert {i["draft_id"] for i in listed["items"]} == {first["id"], second["id"]}
    assert all(i["last_error"] == "HTTP 503" and i["attempts"] == 2 for i in listed["items"])
    assert api.call("GET", "/v1/outbox?state=dead", "rep").status_code == 403
    receiver.reset()  # back up
    one = next(i for i in listed["items"] if i["draft_id"] == first["id"])
    assert api.call("POST", f"/v1/outbox/{one['id']}/requeue", "rep").status_code == 403
    answer = api.call("POST", f"/v1/outbox/{one['id']}/requeue", "admin")
    assert answer.status_code == 200 and answer.json()["state"] == "pending", answer.text
    _drain(api)
    assert [json.loads(b)["text"] for _, b in receiver.received] == ["First reply."]
    assert api.read(first["id"])["status"] == "sent"
    assert api.call("POST", f"/v1/outbox/{one['id']}/requeue", "lead").status_code == 409, "sent is final"
    assert api.call("POST", "/v1/outbox/999999/requeue", "lead").status_code == 404
    with api.services.sessions() as session:
        actions = session.scalars(select(ReviewEvent.action).where(ReviewEvent.draft_id == first["id"])).all()
        assert "delivery_requeued" in actions
        assert review_log.verify_all(session=session)[1] == []
    receiver.stop()
    api.close()
