"""Run the real draftgate app under uvicorn on a loopback port, in a thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn

from agent.settings import Settings
from api.app import create_app
from review.auth import create_key
from review.db import transaction
from review.services import Services
from tests.conftest import free_port


@contextmanager
def running_app(*, settings: Settings, services: Services | None = None, run_worker: bool = True) -> Iterator[str]:
    """Serve the app until the block ends; yield its base URL."""
    app = create_app(settings=settings, services=services, run_worker=run_worker)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(10)


def make_keys(services: Services) -> dict[str, str]:
    """Create one key per role and return them."""
    keys = {}
    for role in ("ticketing", "rep", "lead", "admin"):
        with transaction(services.sessions) as session:
            keys[role] = create_key(session=session, role=role, name=f"test-{role}")
    return keys
