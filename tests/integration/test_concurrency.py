"""Races over real HTTP: many parallel clients against one running server, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from agent.settings import Settings
from review import review_log
from review.db import transaction
from review.services import Services
from review.tables import Draft, IdempotencyRecord, OutboxMessage, ReviewEvent
from tests.receiver import Receiver
from tests.servers import make_keys, running_app

pytestmark = pytest.mark.slow
TICKET = {"ticket_id": "T-RACE", "subject": "Export my boards", "body": "How do I export all boards to CSV?",
          "customer": {"plan": "pro", "locale": "en"}}
CLIENTS = 30


class Live:
    """A running server with keys, its services and the receiver behind it."""

    def __init__(self, base: str, keys: dict[str, str], services: Services, receiver: Receiver) -> None:
        self.base, self.keys, self.services, self.receiver = base, keys, services, receiver

    def headers(self, role: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}", **extra}

    def create(self, **ticket: Any) -> dict[str, Any]:
        created = httpx.post(f"{self.base}/v1/drafts", json={**TICKET, **ticket}, headers=self.headers("ticketing"),
                             timeout=60)
        assert created.status_code == 201, created.text
        return dict(created.json())


@pytest.fixture
def live(db_settings: Settings, webhook_receiver: Receiver) -> Iterator[Live]:
    """The app on loopback, delivering to a real receiver, on the parametrised database."""
    settings = db_settings.model_copy(update={"delivery_url": webhook_receiver.url,
                                              "delivery_secret": SecretStr("race"), "delivery_poll_s": 0.05})
    services = Services(settings=settings, use_model=False)
    keys = make_keys(services)
    with running_app(settings=settings, services=services) as base:
        yield Live(base, keys, services, webhook_receiver)
    services.close()


def together(count: int, call: Callable[[int], httpx.Response]) -> list[httpx.Response]:
    """Run ``call(i)`` for i in range(count) on ``count`` threads released at the same instant."""
    barrier = threading.Barrier(count)

    def run(i: int) -> httpx.Response:
        barrier.wait()
        return call(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_of_many_concurrent_approvals_exactly_one_wins_and_is_delivered_once(live: Live) -> None:
    draft = live.create()
    texts = [f"Reply number {i}: go to Settings, then Export." for i in range(CLIENTS)]

    def approve(i: int) -> httpx.Response:
        return httpx.post(f"{live.base}/v1/drafts/{draft['id']}/approve", timeout=60,
                          json={"final_text": texts[i], "acknowledge_flags": True},
                          headers=live.headers("rep", **{"If-Match": draft["etag"]}))

    answers = together(CLIENTS, approve)
    codes = Counter(a.status_code for a in answers)
    assert codes[200] == 1 and set(codes) <= {200, 409, 412}, codes
    winner = next(a.json() for a in answers if a.status_code == 200)
    assert all(a.json()["code"] in ("not_pending", "stale_etag") for a in answers if a.status_code != 200)

    deliveries = live.receiver.wait_for(1)
    assert [json.loads(body)["text"] for _, body in deliveries] == [winner["final_text"]]
    assert live.receiver.wait_for(2, timeout=1.0) == deliveries, "delivered once"
    with live.services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        approvals = session.scalars(select(ReviewEvent.actor).where(ReviewEvent.action == "approved")).all()
        assert len(approvals) == 1
        assert review_log.verify_all(session=session)[1] == []


def test_racing_approve_reject_and_escalate_leave_one_decision(live: Live) -> None:
    draft = live.create()
    actions = [random.Random(i).choice(["approve", "reject", "escalate"]) for i in range(CLIENTS)]
    bodies = {"approve": {"acknowledge_flags": True, "final_text": "Export from Settings."}, "reject": {"reason_code": "tone"}, "escalate": {"to": "tier2"}}

    def decide(i: int) -> httpx.Response:
        return httpx.post(f"{live.base}/v1/drafts/{draft['id']}/{actions[i]}", json=bodies[actions[i]], timeout=60,
                          headers=live.headers("rep", **{"If-Match": draft["etag"]}))

    answers = together(CLIENTS, decide)
    won = [i for i, a in enumerate(answers) if a.status_code == 200]
    assert len(won) == 1 and all(a.status_code in (409, 412) for a in answers if a.status_code != 200)
    expected = {"approve": "approved", "reject": "rejected", "escalate": "escalated"}[actions[won[0]]]
    with live.services.sessions() as session:
        stored = session.get(Draft, draft["id"])
        assert stored is not None and stored.status in (expected, "sent" if expected == "approved" else expected)
        outbox = session.scalar(select(func.count()).select_from(OutboxMessage))
        assert outbox == (1 if expected == "approved" else 0)
        decisions = session.scalar(select(func.count()).select_from(ReviewEvent).where(
            ReviewEvent.action.in_(["approved", "rejected", "escalated"])))
        assert decisions == 1


def test_concurrent_creates_with_one_idempotency_key_make_one_draft(live: Live) -> None:
    def create(_: int) -> httpx.Response:
        return httpx.post(f"{live.base}/v1/drafts", json=TICKET, timeout=60,
                          headers=live.headers("ticketing", **{"Idempotency-Key": "one-key"}))

    answers = together(20, create)
    codes = Counter(a.status_code for a in answers)
    assert codes[201] >= 1 and set(codes) <= {201, 409}, codes
    assert all(a.json()["code"] == "idempotency_in_progress" for a in answers if a.status_code == 409)
    ids = {a.json()["id"] for a in answers if a.status_code == 201}
    assert len(ids) == 1
    replay = create(0)
    assert replay.status_code == 201 and replay.json()["id"] in ids
    with live.services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Draft)) == 1
        assert session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 1


def test_parallel_creates_and_appends_keep_the_review_log_chain_intact(live: Live) -> None:
    answers = together(20, lambda i: httpx.post(f"{live.base}/v1/drafts", json={**TICKET, "ticket_id": f"T-{i}"},
                                                headers=live.headers("ticketing"), timeout=60))
    assert {a.status_code for a in answers} == {201}

    def append(i: int) -> None:
        for n in range(10):
            with transaction(live.services.sessions) as session:
                review_log.append(session=session, action="note", actor=f"thread-{i}", details={"n": n})

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(append, range(8)))
    with live.services.sessions() as session:
        count, problems = review_log.verify_all(session=session)
        seqs = session.scalars(select(ReviewEvent.seq).order_by(ReviewEvent.seq)).all()
    assert problems == [] and seqs == list(range(1, count + 1))
    assert count >= 4 + 20 + 80  # four keys, twenty drafts (plus guard findings), eighty notes
