"""SIGKILL ``draftgate serve`` while it drafts and while it delivers; after a restart nothing is lost or doubled.

The server is the real command in its own process. A fake OpenAI-compatible model holds the
drafting request, and the webhook receiver holds the first delivery, so the kill lands in the middle
of both. After the restart: the retried create (same Idempotency-Key) yields exactly one draft, every
approved draft is delivered, every delivery of a draft carries its approved text, and
``draftgate audit verify`` passes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from agent.settings import Settings
from review.services import Services
from review.tables import Draft
from tests.conftest import ROOT, free_port
from tests.receiver import Receiver
from tests.servers import make_keys

pytestmark = pytest.mark.slow
DRAFTGATE = ROOT / ".venv" / "bin" / "draftgate"
TICKET = {"subject": "Export boards", "body": "How do I export my boards to CSV?", "customer": {"plan": "pro"}}
APPROVALS = 5


class FakeModel:
    """An OpenAI-compatible chat endpoint on loopback that can hold requests until released."""

    def __init__(self) -> None:
        self.requests = 0
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests += 1
                outer.release.wait(60)
                body = json.dumps({"id": "c1", "object": "chat.completion", "created": 0, "model": "fake",
                                   "choices": [{"index": 0, "finish_reason": "stop", "message": {
                                       "role": "assistant", "content": "Open Settings, then Export [1]."}}],
                                   "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def _env(settings: Settings, receiver: Receiver, model: FakeModel) -> dict[str, str]:
    """The environment an operator would set: short timeouts so that leases run out quickly."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTGATE_", "OPENAI_"))}
    env.update({
        "DRAFTGATE_DATA_DIR": str(settings.data_dir), "DRAFTGATE_DATABASE_URL": settings.sqlalchemy_url,
        "DRAFTGATE_DELIVERY_URL": receiver.url, "DRAFTGATE_DELIVERY_SECRET": "crash",
        "DRAFTGATE_DELIVERY_TIMEOUT_S": "1", "DRAFTGATE_DELIVERY_POLL_S": "0.2", "DRAFTGATE_DELIVERY_BACKOFF_S": "0.2",
        "DRAFTGATE_DRAFTER": "llm", "OPENAI_BASE_URL": model.url, "OPENAI_API_KEY": "fake",
        "DRAFTGATE_MODEL_TIMEOUT_S": "2", "DRAFTGATE_MODEL_MAX_RETRIES": "0", "HF_HUB_OFFLINE": "1",
    })
    return env


@contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run ``draftgate serve`` on a free port until the block ends (or the test kills it)."""
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen([str(DRAFTGATE), "serve", "--port", str(port)], env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _healthy(base), timeout=90, what=f"the server to start (log: {log})")
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(15)


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _wait(condition, *, timeout: float, what: str, every: float = 0.01) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")


def _approve_all(base: str, keys: dict[str, str]) -> dict[str, str]:
    """Create and approve drafts with distinct edited texts; return draft id -> approved text."""
    approved = {}
    for n in range(APPROVALS):
        draft = httpx.post(f"{base}/v1/drafts", json={**TICKET, "ticket_id": f"A-{n}"}, timeout=60,
                           headers={"Authorization": f"Bearer {keys['ticketing']}"}).json()
        text = f"Approved reply {n}: open Settings, then Export."
        answer = httpx.post(f"{base}/v1/drafts/{draft['id']}/approve", timeout=60,
                            json={"final_text": text, "acknowledge_flags": True},
                            headers={"Authorization": f"Bearer {keys['rep']}", "If-Match": draft["etag"]})
        assert answer.status_code == 200, answer.text
        approved[draft["id"]] = text
    return approved


def _read(base: str, keys: dict[str, str], draft_ids: dict[str, str]) -> list[dict[str, object]]:
    return [httpx.get(f"{base}/v1/drafts/{i}", headers={"Authorization": f"Bearer {keys['rep']}"}).json()
            for i in draft_ids]


def _create_with_key(base: str, keys: dict[str, str]) -> httpx.Response:
    return httpx.post(f"{base}/v1/drafts", json={**TICKET, "ticket_id": "CRASH"}, timeout=60,
                      headers={"Authorization": f"Bearer {keys['ticketing']}", "Idempotency-Key": "crash-key"})


def _create_until_killed(base: str, keys: dict[str, str]) -> None:
    """Start the create that the kill interrupts; its connection is cut."""
    with pytest.raises(httpx.HTTPError):
        _create_with_key(base, keys)


def test_sigkill_while_drafting_and_delivering_loses_and_doubles_nothing(
        db_settings: Settings, tmp_path: Path) -> None:
    if not DRAFTGATE.exists():
        pytest.skip("needs the README set-up (.venv/bin/draftgate)")
    receiver, model = Receiver(delay_s=30), FakeModel()
    receiver.start()
    services = Services(settings=db_settings, use_model=False)
    keys = make_keys(services)
    env, log = _env(db_settings, receiver, model), tmp_path / "serve.log"

    with serving(env, log) as (base, process):
        model.release.set()
        approved = _approve_all(base, keys)
        model.release.clear()
        threading.Thread(target=_create_until_killed, args=(base, keys), daemon=True).start()
        _wait(lambda: model.requests > APPROVALS and receiver.attempts, timeout=30, what="drafting and delivery")
        process.send_signal(signal.SIGKILL)  # mid-draft and mid-delivery
        process.wait(10)
    assert receiver.received == [], "killed before any delivery was acknowledged"

    receiver.delay_s = 0
    model.release.set()
    with serving(env, log) as (base, _):
        retried = _create_with_key(base, keys)  # within the drafting lease the key is still taken
        assert retried.status_code == 201 or retried.json()["code"] == "idempotency_in_progress", retried.text
        _wait(lambda: _create_with_key(base, keys).status_code == 201, timeout=60, every=1.0,
              what="the abandoned Idempotency-Key to be taken over")
        ids = {_create_with_key(base, keys).json()["id"] for _ in range(2)}
        assert len(ids) == 1, "one key, one draft"
        _wait(lambda: all(d["status"] == "sent" for d in _read(base, keys, approved)), timeout=60, every=0.5,
              what="every approved draft to be delivered")
    texts: dict[str, set[str]] = {}
    for body in receiver.attempts:
        texts.setdefault(json.loads(body)["draft_id"], set()).add(json.loads(body)["text"])
    assert texts == {draft_id: {text} for draft_id, text in approved.items()}, "each draft as its approved text only"
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Draft)) == APPROVALS + 1
    services.close()
    verify = subprocess.run([str(DRAFTGATE), "audit", "verify"], env=env, capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stderr
    receiver.stop()
