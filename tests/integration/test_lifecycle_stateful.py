"""Random sequences of create, edit, approve, reject, escalate, stale If-Match, retries, delivery and restarts.

After every step: nothing is delivered unless approved, a delivered text equals the approved text
exactly, no draft reaches the receiver as two texts, refused requests change nothing, and the
review log verifies. In-process (TestClient) against a fresh database per example, with delivery by
``review.delivery.run_once`` to a real loopback receiver.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)
from pydantic import SecretStr
from sqlalchemy import select

from agent.customer_text import internal_notes, render
from agent.settings import Settings
from api.app import create_app
from review import review_log
from review.delivery import run_once
from review.drafts import visible
from review.services import Services
from review.tables import Draft, OutboxMessage
from tests.receiver import Receiver
from tests.servers import make_keys

SUBJECTS = ["Reset my password", "Export boards to CSV", "I want a refund now", "Invite a teammate"]
EDITS = st.one_of(st.none(), st.text(max_size=40), st.sampled_from(["Thanks, fixed.", "  ", "Zoë ✓ done\n"]))
REASONS = st.sampled_from(["inaccurate", "tone", "other", "made_up"])


@dataclass
class Expected:
    """What the model says a draft must look like."""

    status: str
    etag: str
    draft: str
    needs_review: bool
    approved_text: str | None = None
    old_etags: tuple[str, ...] = ()


class ApprovalMachine(RuleBasedStateMachine):
    """The approval API as a state machine; class attributes are set by the test."""

    base_settings: ClassVar[Settings]
    new_database: ClassVar[Callable[[], str]]
    receiver: ClassVar[Receiver]
    drafts = Bundle("drafts")

    def __init__(self) -> None:
        super().__init__()
        self.settings = self.base_settings.model_copy(update={"database_url": type(self).new_database()})
        self.receiver.reset()
        self.model: dict[str, Expected] = {}
        self.used_keys: dict[str, tuple[str, str]] = {}
        self._start()
        self.keys = make_keys(self.services)

    def _start(self) -> None:
        """Start the app (again) on this example's database, as a process restart would."""
        self.steps_since_restart = 0
        self.services = Services(settings=self.settings, use_model=False)
        self.client = TestClient(create_app(settings=self.settings, services=self.services, run_worker=False))

    def teardown(self) -> None:
        self.services.close()

    def _post(self, path: str, body: dict[str, Any], role: str = "rep", **headers: str) -> httpx.Response:
        return self.client.post(path, json=body, headers={"Authorization": f"Bearer {self.keys[role]}", **headers})

    def _snapshot(self) -> list[tuple[str, str, int]]:
        with self.services.sessions() as session:
            return [(d.id, d.status, d.version) for d in session.scalars(select(Draft).order_by(Draft.id))]

    @rule(target=drafts, subject=st.sampled_from(SUBJECTS), kind=st.sampled_from(["reply", "summary"]),
          key=st.sampled_from([None, None, "k1", "k2"]))
    def create(self, subject: str, kind: str, key: str | None) -> Any:
        body = {"ticket_id": subject[:5], "subject": subject, "body": f"{subject}, please.", "kind": kind}
        answer = self._post("/v1/drafts", body, role="ticketing", **({"Idempotency-Key": key} if key else {}))
        earlier = self.used_keys.get(key) if key else None
        if earlier and earlier[0] != json.dumps(body, sort_keys=True):
            assert answer.status_code == 422 and answer.json()["code"] == "idempotency_key_reused"
            return multiple()
        assert answer.status_code == 201, answer.text
        draft = answer.json()
        if earlier:
            assert draft["id"] == earlier[1], "a retry with the same key replays the first draft"
            return draft["id"]
        if key:
            self.used_keys[key] = (json.dumps(body, sort_keys=True), draft["id"])
        assert draft["status"] == "pending_review" and answer.headers["ETag"] == draft["etag"]
        self.model[draft["id"]] = Expected(status="pending_review", etag=draft["etag"], draft=draft["draft"],
                                           needs_review=draft["needs_human_review"])
        return draft["id"]

    @rule(draft_id=drafts, edit=EDITS, acknowledge=st.booleans())
    def approve(self, draft_id: str, edit: str | None, acknowledge: bool) -> None:
        expected = self.model[draft_id]
        before = self._snapshot()
        answer = self._post(f"/v1/drafts/{draft_id}/approve", {"final_text": edit, "acknowledge_flags": acknowledge},
                            **{"If-Match": expected.etag})
        if edit is not None and (edit == "" or "\x00" in edit):
            self._refused(answer, 422, "invalid_request", before)
        elif expected.status != "pending_review":
            self._refused(answer, 409, "not_pending", before)
        elif expected.needs_review and not acknowledge:
            self._refused(answer, 409, "flags_not_acknowledged", before)
        elif edit is not None and not visible(edit):  # spaces, zero-width or control characters only
            self._refused(answer, 422, "empty_text", before)
        elif internal_notes(expected.draft if edit is None else edit):
            self._refused(answer, 422, "internal_note_in_text", before)
        else:
            assert answer.status_code == 200, answer.text
            text = render(text=expected.draft if edit is None else edit, links={})
            assert answer.json()["final_text"] == text and answer.json()["status"] == "approved"
            self._moved(expected, "approved", answer)
            expected.approved_text = text

    @rule(draft_id=drafts, reason=REASONS)
    def reject(self, draft_id: str, reason: str) -> None:
        expected = self.model[draft_id]
        before = self._snapshot()
        answer = self._post(f"/v1/drafts/{draft_id}/reject", {"reason_code": reason}, **{"If-Match": expected.etag})
        if reason == "made_up":
            self._refused(answer, 422, "invalid_reason_code", before)
        elif expected.status != "pending_review":
            self._refused(answer, 409, "not_pending", before)
        else:
            assert answer.status_code == 200, answer.text
            self._moved(expected, "rejected", answer)

    @rule(draft_id=drafts)
    def escalate(self, draft_id: str) -> None:
        expected = self.model[draft_id]
        before = self._snapshot()
        answer = self._post(f"/v1/drafts/{draft_id}/escalate", {"to": "tier2"}, **{"If-Match": expected.etag})
        if expected.status != "pending_review":
            self._refused(answer, 409, "not_pending", before)
        else:
            assert answer.status_code == 200, answer.text
            self._moved(expected, "escalated", answer)

    @rule(draft_id=drafts, action=st.sampled_from(["approve", "reject", "escalate"]), stale=st.booleans())
    def stale_or_missing_if_match(self, draft_id: str, action: str, stale: bool) -> None:
        expected = self.model[draft_id]
        before = self._snapshot()
        body = {"approve": {"acknowledge_flags": True}, "reject": {"reason_code": "tone"}, "escalate": {"to": "x"}}
        old = (expected.old_etags or ('"00000000-v0"',))[-1]
        answer = self._post(f"/v1/drafts/{draft_id}/{action}", body[action], **({"If-Match": old} if stale else {}))
        if stale:
            self._refused(answer, 412, "stale_etag", before)
        else:
            self._refused(answer, 428, "if_match_required", before)

    @rule(draft_id=drafts)
    def ticketing_key_cannot_approve(self, draft_id: str) -> None:
        before = self._snapshot()
        answer = self._post(f"/v1/drafts/{draft_id}/approve", {"acknowledge_flags": True}, role="ticketing",
                            **{"If-Match": self.model[draft_id].etag})
        self._refused(answer, 403, "forbidden", before)

    @rule(receiver_fails=st.booleans())
    def deliver(self, receiver_fails: bool) -> None:
        self.receiver.fail_first = 10**6 if receiver_fails else 0
        with httpx.Client(timeout=5) as client:
            run_once(sessions=self.services.sessions, settings=self.settings, client=client)
        self.receiver.fail_first = 0
        with self.services.sessions() as session:
            for draft in session.scalars(select(Draft).where(Draft.status == "sent")):
                expected = self.model[draft.id]
                if expected.status == "approved":
                    expected.old_etags += (expected.etag,)
                    expected.status, expected.etag = "sent", f'"{draft.id[:8]}-v{draft.version}"'

    @precondition(lambda self: self.steps_since_restart >= 6)
    @rule()
    def restart(self) -> None:
        self.services.close()
        self._start()

    @invariant()
    def count_steps(self) -> None:
        self.steps_since_restart += 1

    def _refused(self, answer: httpx.Response, status: int, code: str, before: list[tuple[str, str, int]]) -> None:
        assert answer.status_code == status, (status, answer.text)
        assert answer.json()["code"] == code, answer.text
        assert self._snapshot() == before, "a refused request changed nothing"

    def _moved(self, expected: Expected, status: str, answer: httpx.Response) -> None:
        assert answer.headers["ETag"] != expected.etag
        expected.old_etags += (expected.etag,)
        expected.status, expected.etag = status, answer.headers["ETag"]

    @invariant()
    def only_approved_text_reaches_the_receiver(self) -> None:
        texts: dict[str, set[str]] = {}
        for body in list(self.receiver.attempts):
            payload = json.loads(body)
            texts.setdefault(payload["draft_id"], set()).add(payload["text"])
        for draft_id, sent in texts.items():
            expected = self.model[draft_id]
            assert expected.status in ("approved", "sent"), f"{draft_id} delivered while {expected.status}"
            assert sent == {expected.approved_text}, "delivered text is exactly the approved text, one text"

    @invariant()
    def the_database_matches_the_model(self) -> None:
        acknowledged = {json.loads(body)["draft_id"] for _, body in list(self.receiver.received)}
        with self.services.sessions() as session:
            outbox = {m.draft_id: json.loads(m.payload)["text"] for m in session.scalars(select(OutboxMessage))}
            for draft in session.scalars(select(Draft)):
                expected = self.model[draft.id]
                assert draft.status == expected.status
                assert outbox.get(draft.id) == expected.approved_text
                assert draft.final_text == expected.approved_text
                assert (draft.status == "sent") <= (draft.id in acknowledged)
            assert review_log.verify_all(session=session)[1] == []


@pytest.mark.slow
@pytest.mark.parametrize(("backend", "examples"),
                         [("sqlite", 10), pytest.param("postgresql", 5, marks=pytest.mark.postgres)])
def test_approval_lifecycle_holds_its_promises(backend: str, examples: int, request: pytest.FixtureRequest,
                                               tmp_path: Path, webhook_receiver: Receiver) -> None:
    numbers = itertools.count()
    if backend == "postgresql":
        new_database = request.getfixturevalue("postgres_run").new_schema
    else:
        def new_database() -> str:
            return f"sqlite:///{tmp_path / f'example-{next(numbers)}.sqlite3'}"
    ApprovalMachine.base_settings = Settings(  # type: ignore[call-arg]
        data_dir=tmp_path / "var", delivery_url=webhook_receiver.url, delivery_secret=SecretStr("s"),
        delivery_backoff_s=0.001, delivery_max_attempts=4, _env_file=None)
    ApprovalMachine.new_database = staticmethod(new_database)  # type: ignore[assignment]
    ApprovalMachine.receiver = webhook_receiver
    run_state_machine_as_test(ApprovalMachine, settings=settings(
        max_examples=examples, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
