"""A ticket becomes an approved, delivered reply, end to end, over real HTTP with a real receiver."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
import pytest
from sqlalchemy import text

from agent.settings import Settings
from review.review_log import verify_all
from review.services import Services
from tests.receiver import Receiver
from tests.servers import make_keys, running_app

SECRET = "e2e-secret"
TICKET = {
    "ticket_id": "T-100", "subject": "Can't receive the password reset email",
    "body": "Hi, I'm Dana Whitfield (dana@orchard.example). I asked for a password reset twice but no email "
            "arrives. How do I reset my password?",
    "customer": {"plan": "pro", "locale": "en", "name": "Dana Whitfield"}, "kind": "reply",
}


@pytest.fixture
def stack(ingested_settings: Settings, database_url: str, webhook_receiver: Receiver):  # type: ignore[no-untyped-def]
    """The app on loopback with delivery to a real receiver, on SQLite and on PostgreSQL.

    Yields (base, keys, receiver, services).
    """
    settings = ingested_settings.model_copy(update={
        "delivery_url": webhook_receiver.url, "delivery_secret": __import__("pydantic").SecretStr(SECRET),
        "delivery_poll_s": 0.1, "database_url": database_url,
    })
    services = Services(settings=settings)
    keys = make_keys(services)
    with running_app(settings=settings, services=services) as base:
        yield base, keys, webhook_receiver, services


def auth(key: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", **headers}


def test_ticket_to_delivered_reply(stack) -> None:  # type: ignore[no-untyped-def]
    base, keys, receiver, services = stack
    created = httpx.post(f"{base}/v1/drafts", json=TICKET, headers=auth(keys["ticketing"], **{"Idempotency-Key": "a"}),
                         timeout=60)
    assert created.status_code == 201, created.text
    draft = created.json()
    assert draft["status"] == "pending_review"
    assert draft["citations"], "the reply cites the approved password article"
    assert draft["citations"][0]["source_path"] == "account/reset-password.md"
    assert "dana@orchard.example" not in draft["llm_input"] and "Whitfield" not in draft["llm_input"]

    queue = httpx.get(f"{base}/v1/drafts", headers=auth(keys["rep"])).json()
    assert [d["id"] for d in queue["items"]] == [draft["id"]]
    read = httpx.get(f"{base}/v1/drafts/{draft['id']}", headers=auth(keys["rep"]))
    etag = read.headers["ETag"]

    assert httpx.post(f"{base}/v1/drafts/{draft['id']}/approve", json={"acknowledge_flags": True},
                      headers=auth(keys["rep"])).status_code == 428
    assert httpx.post(f"{base}/v1/drafts/{draft['id']}/approve", json={"acknowledge_flags": True},
                      headers=auth(keys["rep"], **{"If-Match": '"stale"'})).status_code == 412
    assert httpx.post(f"{base}/v1/drafts/{draft['id']}/approve", json={"acknowledge_flags": True},
                      headers=auth(keys["ticketing"], **{"If-Match": etag})).status_code == 403
    assert receiver.wait_for(1, timeout=1.5) == [], "nothing is delivered before approval"

    final = read.json()["draft"] + "\n\nP.S. Edited by the rep."
    approved = httpx.post(f"{base}/v1/drafts/{draft['id']}/approve",
                          json={"final_text": final, "acknowledge_flags": True},
                          headers=auth(keys["rep"], **{"If-Match": etag}))
    assert approved.status_code == 200, approved.text
    assert approved.headers["ETag"] != etag
    assert approved.json()["status"] == "approved"

    deliveries = receiver.wait_for(1)
    assert len(deliveries) == 1
    headers, body = deliveries[0]
    payload = json.loads(body)
    assert payload["text"] == approved.json()["final_text"], "exactly the approved customer text is delivered"
    assert payload["text"].endswith("P.S. Edited by the rep.") and "[1]" not in payload["text"]
    assert "**" not in payload["text"], "Markdown is rendered for the channel (plain text by default)"
    assert payload["draft_id"] == draft["id"] and payload["ticket_id"] == "T-100"
    want = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["x-draftgate-signature"] == want

    sent = _wait_status(base, keys["rep"], draft["id"], "sent")
    assert sent["delivery"]["status"] == "sent"
    assert receiver.wait_for(2, timeout=1.5) == deliveries, "delivered exactly once"

    actions = [e["action"] for e in httpx.get(f"{base}/v1/audit", headers=auth(keys["lead"])).json()["items"]
               if e["draft_id"] == draft["id"]]
    assert actions[0] == "draft_created" and {"edited", "approved", "delivered"} <= set(actions)
    with services.sessions() as session:
        count, problems = verify_all(session=session)
    assert count >= 5 and problems == []


def test_rejected_and_escalated_drafts_are_never_delivered(stack) -> None:  # type: ignore[no-untyped-def]
    base, keys, receiver, _ = stack
    ids = []
    for n in range(2):
        r = httpx.post(f"{base}/v1/drafts", json={**TICKET, "ticket_id": f"T-{n}"}, headers=auth(keys["ticketing"]),
                       timeout=60)
        ids.append(r.json()["id"])
    etags = [httpx.get(f"{base}/v1/drafts/{i}", headers=auth(keys["rep"])).headers["ETag"] for i in ids]
    bad = httpx.post(f"{base}/v1/drafts/{ids[0]}/reject", json={"reason_code": "made-up"},
                     headers=auth(keys["rep"], **{"If-Match": etags[0]}))
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_reason_code"
    assert httpx.post(f"{base}/v1/drafts/{ids[0]}/reject", json={"reason_code": "inaccurate"},
                      headers=auth(keys["rep"], **{"If-Match": etags[0]})).status_code == 200
    assert httpx.post(f"{base}/v1/drafts/{ids[1]}/escalate", json={"to": "billing"},
                      headers=auth(keys["rep"], **{"If-Match": etags[1]})).status_code == 200
    again = httpx.post(f"{base}/v1/drafts/{ids[0]}/approve", json={"acknowledge_flags": True},
                       headers=auth(keys["rep"], **{"If-Match": httpx.get(
                           f"{base}/v1/drafts/{ids[0]}", headers=auth(keys["rep"])).headers["ETag"]}))
    assert again.status_code == 409
    assert receiver.wait_for(1, timeout=2) == []


def test_tampered_review_log_is_detected(stack) -> None:  # type: ignore[no-untyped-def]
    base, keys, _, services = stack
    httpx.post(f"{base}/v1/drafts", json=TICKET, headers=auth(keys["ticketing"]), timeout=60)
    with services.sessions() as session:
        assert verify_all(session=session)[1] == []
    with services.engine.begin() as connection:  # what someone with database access could do
        connection.execute(text("update review_log set note = 'rewritten' where seq = 2"))
    with services.sessions() as session:
        problems = verify_all(session=session)[1]
    assert [p.seq for p in problems] == [2]


def test_idempotency_and_errors(stack) -> None:  # type: ignore[no-untyped-def]
    base, keys, _, _ = stack
    h = auth(keys["ticketing"], **{"Idempotency-Key": "same"})
    first = httpx.post(f"{base}/v1/drafts", json=TICKET, headers=h, timeout=60)
    replay = httpx.post(f"{base}/v1/drafts", json=TICKET, headers=h, timeout=60)
    assert replay.status_code == 201 and replay.json()["id"] == first.json()["id"]
    other = httpx.post(f"{base}/v1/drafts", json={**TICKET, "body": "different"}, headers=h)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    malformed = httpx.post(f"{base}/v1/drafts", content=b"{not json", headers={**auth(keys["ticketing"]),
                                                                                  "Content-Type": "application/json"})
    assert malformed.status_code == 422 and malformed.json()["code"] == "malformed_json"
    missing = httpx.post(f"{base}/v1/drafts", json={"customer": {"plan": "pro"}}, headers=auth(keys["ticketing"]))
    assert missing.status_code == 422 and missing.json()["code"] == "invalid_request"
    assert httpx.post(f"{base}/v1/drafts", json=TICKET).status_code == 401
    huge = httpx.post(f"{base}/v1/drafts", content=b'{"body": "' + b"x" * 2_000_000 + b'"}',
                      headers={**auth(keys["ticketing"]), "Content-Type": "application/json"})
    assert huge.status_code == 413 and huge.json()["code"] == "body_too_large"


def _wait_status(base: str, key: str, draft_id: str, status: str) -> dict:  # type: ignore[type-arg]
    import time

    for _ in range(100):
        got = httpx.get(f"{base}/v1/drafts/{draft_id}", headers=auth(key)).json()
        if got["status"] == status:
            return got  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError(f"draft never reached {status}")
