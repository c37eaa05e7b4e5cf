"""The outbox page and the ``draftgate outbox`` commands, against a receiver that fails and then recovers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import httpx
from pydantic import SecretStr
from sqlalchemy import select

from agent.settings import Settings
from review.delivery import run_once
from review.services import Services
from review.tables import OutboxMessage
from tests.browser.factories import PASSWORD, add_draft, add_user, decide, result, ticket
from tests.conftest import ROOT
from tests.receiver import Receiver
from tests.servers import running_app


def _dead_letter(settings: Settings, receiver: Receiver) -> tuple[Services, str]:
    """Approve one draft and let its delivery die against a receiver that is down."""
    services = Services(settings=settings, use_model=False)
    draft_id = add_draft(services, ticket("T-9", "Export"), result())
    rep = add_user(services, "rita", "rep")
    decide(services, draft_id, rep, "approve", final_text="Your export is under Settings.")
    with httpx.Client(timeout=2) as client:
        for _ in range(settings.delivery_max_attempts):
            with services.sessions.begin() as session:  # make the next attempt due now
                for row in session.scalars(select(OutboxMessage)):
                    row.next_attempt_at = "2000-01-01T00:00:00.000000+00:00"
            run_once(sessions=services.sessions, settings=settings, client=client)
    assert len(receiver.attempts) == settings.delivery_max_attempts
    return services, draft_id


def _settings(settings: Settings, receiver: Receiver) -> Settings:
    return settings.model_copy(update={"delivery_url": receiver.url, "delivery_secret": SecretStr("k"),
                                       "delivery_max_attempts": 2})


def _signed_in(base: str, name: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token
    answer = client.post("/login", data={"csrf": token.group(1), "name": name, "password": PASSWORD})
    assert answer.status_code == 303, answer.text
    return client


def test_a_lead_sees_the_dead_letter_and_requeues_it_from_the_page(settings: Settings) -> None:
    receiver = Receiver(fail_first=10**9)
    receiver.start()
    settings = _settings(settings, receiver)
    services, draft_id = _dead_letter(settings, receiver)
    add_user(services, "lena", "lead")
    add_user(services, "alice", "rep")
    with running_app(settings=settings, services=services, run_worker=False) as base:
        assert _signed_in(base, "alice").get("/outbox").status_code == 403
        lead = _signed_in(base, "lena")
        shown = lead.get("/outbox")
        assert shown.status_code == 200 and "HTTP 503" in shown.text and draft_id[:8] in shown.text
        outbox_id = re.search(r'action="/outbox/(\d+)/requeue"', shown.text)
        assert outbox_id, shown.text
        token = re.search(r'name="csrf" value="([^"]+)"', shown.text)
        assert token
        assert lead.post(f"/outbox/{outbox_id.group(1)}/requeue", data={}).status_code == 400, "CSRF checked"
        receiver.reset()  # the receiver is back
        done = lead.post(f"/outbox/{outbox_id.group(1)}/requeue", data={"csrf": token.group(1)})
        assert done.status_code == 303
        with httpx.Client(timeout=2) as client:
            run_once(sessions=services.sessions, settings=settings, client=client)
        assert [json.loads(b)["text"] for _, b in receiver.received] == ["Your export is under Settings."]
        assert "Dead letters (0)" in lead.get("/outbox").text
    receiver.stop()
    services.close()


def test_the_outbox_commands_list_and_requeue_dead_letters(settings: Settings) -> None:
    receiver = Receiver(fail_first=10**9)
    receiver.start()
    settings = _settings(settings, receiver)
    services, draft_id = _dead_letter(settings, receiver)
    services.close()
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DRAFTGATE_DATA_DIR": str(Path(settings.data_dir)),
           "HF_HUB_OFFLINE": "1"}

    def draftgate(*args: str) -> subprocess.CompletedProcess[str]:
        code = f"from cli.main import app; app({list(args)!r})"
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)

    listed = draftgate("outbox", "list", "--state", "dead", "--json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert listed.returncode == 0 and [(r["draft_id"], r["last_error"]) for r in rows] == [(draft_id, "HTTP 503")]
    assert draftgate("outbox", "requeue").returncode != 0, "an id or --all-dead is required"
    requeued = draftgate("outbox", "requeue", "--all-dead")
    assert requeued.returncode == 0 and draft_id in requeued.stdout
    assert json.loads(draftgate("outbox", "list", "--json").stdout)["state"] == "pending"
    again = draftgate("outbox", "requeue", str(rows[0]["id"]))
    assert again.returncode == 0
    assert draftgate("outbox", "requeue", "424242").returncode == 1
    receiver.stop()
