"""Delivery: retries with backoff, the visible dead letter, leases, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select, update

from agent.settings import Settings
from review import review_log
from review.delivery import claim_next, run_once
from review.tables import OutboxMessage, ReviewEvent
from tests.api_client import ApiClient
from tests.conftest import free_port
from tests.receiver import Receiver


@pytest.fixture
def failing_receiver() -> Iterator[Receiver]:
    """A receiver that answers 503 to everything."""
    receiver = Receiver(fail_first=10**9)
    receiver.start()
    yield receiver
    receiver.stop()


def _api(db_settings: Settings, monkeypatch: pytest.MonkeyPatch, url: str) -> ApiClient:
    """The app configured from the environment, as an operator would: two attempts, a small backoff."""
    monkeypatch.setenv("DRAFTGATE_DELIVERY_URL", url)
    monkeypatch.setenv("DRAFTGATE_DELIVERY_SECRET", "dead-letter")
    monkeypatch.setenv("DRAFTGATE_DELIVERY_MAX_ATTEMPTS", "2")
    monkeypatch.setenv("DRAFTGATE_DELIVERY_BACKOFF_S", "0.05")
    settings = Settings(data_dir=db_settings.data_dir, database_url=db_settings.database_url,  # type: ignore[call-arg]
                        _env_file=None)
    assert settings.delivery_max_attempts == 2
    return ApiClient(settings)


def _approve(api: ApiClient, text: str) -> dict[str, object]:
    draft = api.create()
    approved = api.decide(draft, "approve", {"final_text": text, "acknowledge_flags": True})
    assert approved.status_code == 200, approved.text
    return dict(approved.json())


def _deliver_until(api: ApiClient, done: str, timeout: float = 20) -> dict[str, object]:
    """Run the delivery loop until the draft's delivery status is ``done``; return the draft."""
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2) as client:
        while time.monotonic() < deadline:
            run_once(sessions=api.services.sessions, settings=api.settings, client=client)
            with api.services.sessions() as session:
                draft_id = session.scalars(select(OutboxMessage.draft_id)).first()
            draft = api.read(draft_id) if draft_id else {}
            if draft and draft["delivery"]["status"] == done:  # type: ignore[index]
                return draft
            time.sleep(0.05)
    raise AssertionError(f"delivery never reached {done}")


def test_a_receiver_that_always_fails_dead_letters_the_draft_visibly(
        db_settings: Settings, monkeypatch: pytest.MonkeyPatch, failing_receiver: Receiver) -> None:
    api = _api(db_settings, monkeypatch, failing_receiver.url)
    approved = _approve(api, "Go to Settings, then Export.")
    draft = _deliver_until(api, "dead_letter")
    assert draft["status"] == "approved", "a dead letter is never marked sent"
    assert draft["delivery"] == {"status": "dead_letter", "attempts": 2, "last_error": "HTTP 503", "sent_at": None}
    assert [json.loads(b)["text"] for b in failing_receiver.attempts] == ["Go to Settings, then Export."] * 2
    with httpx.Client(timeout=2) as client:
        run_once(sessions=api.services.sessions, settings=api.settings, client=client)
    assert len(failing_receiver.attempts) == 2, "a dead letter is not retried"
    with api.services.sessions() as session:
        events = session.execute(select(ReviewEvent.action, ReviewEvent.note).where(
            ReviewEvent.draft_id == approved["id"], ReviewEvent.action.like("delivery%"))).all()
        assert [tuple(e) for e in events] == [("delivery_failed", "HTTP 503"), ("delivery_dead_lettered", "HTTP 503")]
        assert review_log.verify_all(session=session)[1] == []
    metrics = api.call("GET", "/metrics", "lead").text
    assert 'draftgate_outbox{status="dead"} 1.0' in metrics
    api.close()


def test_an_unreachable_receiver_dead_letters_with_the_connection_error(
        db_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    api = _api(db_settings, monkeypatch, f"http://127.0.0.1:{free_port()}/hook")
    _approve(api, "Use the Export button.")
    draft = _deliver_until(api, "dead_letter")
    assert str(draft["delivery"]["last_error"]).startswith("ConnectError")  # type: ignore[index]
    api.close()


def test_a_failed_attempt_is_retried_with_the_same_bytes_then_sent(
        db_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    receiver = Receiver(fail_first=1)
    receiver.start()
    api = _api(db_settings, monkeypatch, receiver.url)
    approved = _approve(api, "Export is under Settings.")
    draft = _deliver_until(api, "sent")
    assert draft["status"] == "sent" and draft["delivery"]["attempts"] == 2  # type: ignore[index]
    assert len(receiver.attempts) == 2 and receiver.attempts[0] == receiver.attempts[1]
    assert [json.loads(b)["draft_id"] for _, b in receiver.received] == [approved["id"]]
    receiver.stop()
    api.close()


def test_a_lease_keeps_other_workers_off_until_it_expires(db_settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                                          webhook_receiver: Receiver) -> None:
    api = _api(db_settings, monkeypatch, webhook_receiver.url)
    _approve(api, "Leased text.")
    first = claim_next(sessions=api.services.sessions, settings=api.settings)
    assert first is not None
    assert claim_next(sessions=api.services.sessions, settings=api.settings) is None, "leased to the first worker"
    with api.services.sessions.begin() as session:  # the first worker died; its lease runs out
        session.execute(update(OutboxMessage).values(claimed_until="2000-01-01T00:00:00.000000+00:00"))
    again = claim_next(sessions=api.services.sessions, settings=api.settings)
    assert again is not None and again.id == first.id and again.payload == first.payload
    api.close()
