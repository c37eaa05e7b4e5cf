"""Smaller faults: chunked and slow bodies, invisible text, CSV cells, sign-in throttling, health, export format."""

from __future__ import annotations

import contextlib
import csv
import io
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from agent.settings import Settings
from review.errors import NotAuthenticated
from review.services import Services
from review.users import MAX_FAILURES, sign_in
from tests.api_client import ApiClient
from tests.browser.factories import PASSWORD, add_user
from tests.conftest import ROOT
from tests.servers import make_keys, running_app


def _raw(base: str, request: bytes, *, pause_after: int | None = None, pause_s: float = 0.0) -> bytes:
    """Send raw bytes to the server (optionally stalling part-way) and return its answer."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        if pause_after is None:
            sock.sendall(request)
        else:
            sock.sendall(request[:pause_after])
            time.sleep(pause_s)
            with contextlib.suppress(OSError):
                sock.sendall(request[pause_after:])
        chunks = []
        while True:
            try:
                data = sock.recv(65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)


def test_a_chunked_body_over_the_limit_gets_413_and_a_slow_body_408(settings: Settings) -> None:
    settings = settings.model_copy(update={"max_body_bytes": 4096, "body_timeout_s": 1.0})
    services = Services(settings=settings, use_model=False)
    key = make_keys(services)["ticketing"]
    with running_app(settings=settings, services=services, run_worker=False) as base:
        head = (f"POST /v1/drafts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n"
                "Content-Type: application/json\r\n").encode()
        piece = b'{"subject": "' + b"a" * 1000
        chunked = head + b"Transfer-Encoding: chunked\r\n\r\n" + b"".join(
            f"{len(piece):x}\r\n".encode() + piece + b"\r\n" for _ in range(8)) + b"0\r\n\r\n"
        answer = _raw(base, chunked)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        body = b'{"subject": "Export", "body": "How do I export?"}'
        slow = head + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
        started = time.monotonic()
        answer = _raw(base, slow, pause_after=len(head) + 30, pause_s=4)
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert time.monotonic() - started < 8
        ok = httpx.post(f"{base}/v1/drafts", content=body, headers={"Authorization": f"Bearer {key}",
                                                                     "Content-Type": "application/json"})
        assert ok.status_code == 201, ok.text
    services.close()


@pytest.mark.parametrize("text", ["\u200b\u200c\u200d\ufeff", " \u2060\u200b\n", "\u00ad\u180e"])
def test_a_text_of_only_invisible_characters_cannot_be_approved(settings: Settings, text: str) -> None:
    api = ApiClient(settings)
    draft = api.create()
    answer = api.decide(draft, "approve", {"final_text": text, "acknowledge_flags": True})
    assert answer.status_code == 422 and answer.json()["code"] == "empty_text", answer.text
    api.close()


def test_csv_export_neutralises_cells_that_start_with_tab_or_carriage_return(settings: Settings) -> None:
    api = ApiClient(settings)
    for note in ("\t=1+2", "\r=HYPERLINK(\"http://x\")", "=cmd"):
        draft = api.create()
        api.decide(draft, "reject", {"reason_code": "other", "note": note})
    text = api.call("GET", "/v1/audit/export?format=csv&action=rejected", "lead").text
    notes = [row["note"] for row in csv.DictReader(io.StringIO(text))]
    assert notes == ["'\t=1+2", "'\r=HYPERLINK(\"http://x\")", "'=cmd"]
    api.close()


def test_sign_in_throttles_per_address_without_telling_who_exists_or_locking_the_rep_out(
        settings: Settings) -> None:
    services = Services(settings=settings, use_model=False)
    add_user(services, "rita", "rep")
    messages = {}
    for name in ("rita", "nobody-here"):
        for _ in range(MAX_FAILURES):
            with pytest.raises(NotAuthenticated):
                sign_in(sessions=services.sessions, name=name, password="wrong guess", client="203.0.113.9",
                        throttle=services.sign_in_throttle)
        with pytest.raises(NotAuthenticated) as refused:
            sign_in(sessions=services.sessions, name=name, password=PASSWORD, client="203.0.113.9",
                        throttle=services.sign_in_throttle)
        messages[name] = (refused.value.code, refused.value.message)
    assert messages["rita"] == messages["nobody-here"], "the answer never tells whether the account exists"
    assert messages["rita"][0] == "too_many_attempts"
    assert sign_in(sessions=services.sessions, name="rita", password=PASSWORD, client="198.51.100.7",
                   throttle=services.sign_in_throttle).name == "rita"
    services.close()


def test_healthz_fails_on_a_corrupt_sqlite_file(settings: Settings) -> None:
    services = Services(settings=settings, use_model=False)
    make_keys(services)
    with running_app(settings=settings, services=services, run_worker=False) as base:
        assert httpx.get(f"{base}/healthz").json()["status"] == "ok"
        database = Path(settings.data_dir) / "draftgate.sqlite3"
        services.engine.dispose()
        with sqlite3.connect(database) as raw:  # flush the WAL into the file
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with database.open("r+b") as handle:
            handle.write(b"this is not a database" * 5)
        answer = httpx.get(f"{base}/healthz")
        assert answer.status_code == 503 and answer.json()["status"] == "error", answer.text
    services.close()


def test_audit_export_refuses_an_unknown_format(settings: Settings) -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DRAFTGATE_DATA_DIR": str(settings.data_dir),
           "HF_HUB_OFFLINE": "1"}
    code = "from cli.main import app; app(['audit', 'export', '--format', 'xml'])"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == "" and "csv or jsonl" in done.stderr


def test_a_nul_in_the_crm_s_own_customer_fields_is_dropped_and_the_queue_still_lists(db_settings: Settings) -> None:
    api = ApiClient(db_settings)
    try:
        draft = api.create(customer={"name": "Ana", "I\x00d": "x\x00y", "notes": {"a\x00": ["b\x00"]}})
        assert api.call("POST", "/v1/drafts", "ticketing", {"body": "hi", "customer": {"name": "A\x00"}}).status_code == 422
        for view in ("summary", "full"):
            listed = api.call("GET", f"/v1/drafts?view={view}", "rep")
            assert listed.status_code == 200, listed.text
            assert draft["id"] in [item["id"] for item in listed.json()["items"]]
        stored = api.call("GET", f"/v1/drafts/{draft['id']}", "rep").json()
        assert "\x00" not in str(stored)
    finally:
        api.close()
