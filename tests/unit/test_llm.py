"""The one door to models: which drafter serves, configuration errors that name the setting, usage."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from agent.llm import ModelError, OpenAIChat, UnavailableChat, _shown_url, _usage, check_endpoint, make_chat
from agent.settings import Settings
from tests.fakes import collect_logs


def settings(tmp_path: Path, **values: object) -> Settings:
    """Return settings on a temporary data directory with the given overrides."""
    return Settings(data_dir=tmp_path, _env_file=None, **values)  # type: ignore[arg-type]


def test_without_endpoint_or_key_the_extractive_drafter_serves(tmp_path: Path) -> None:
    assert make_chat(settings=settings(tmp_path)) is None


def test_an_endpoint_makes_the_model_drafter_with_the_configured_model(tmp_path: Path) -> None:
    chat = make_chat(settings=settings(tmp_path, openai_base_url="http://127.0.0.1:8099/v1", model="m-1"))
    assert isinstance(chat, OpenAIChat) and chat.model_id == "m-1"


@pytest.mark.parametrize(("values", "reason", "setting"), [
    ({"drafter": "llm"}, "not_configured", "OPENAI_BASE_URL"),
    ({"openai_base_url": "127.0.0.1:8099/v1"}, "bad_base_url", "OPENAI_BASE_URL"),
    ({"openai_base_url": "ftp://user:pw@host/v1"}, "bad_base_url", "OPENAI_BASE_URL"),
    ({"openai_base_url": "http://127.0.0.1:8099/v1", "model": " "}, "no_model", "DRAFTGATE_MODEL"),
])
def test_a_setting_that_cannot_work_is_named_logged_and_fails_every_call(
    tmp_path: Path, values: dict[str, object], reason: str, setting: str
) -> None:
    with collect_logs() as logs:
        chat = make_chat(settings=settings(tmp_path, **values))
    assert isinstance(chat, UnavailableChat)
    assert logs[0]["event"] == "model_unavailable" and setting in logs[0]["error"] and "pw" not in logs[0]["error"]
    with pytest.raises(ModelError, match=setting) as failure:
        chat.complete(system="s", user="u")
    assert failure.value.reason == reason


def test_a_key_alone_means_the_default_openai_endpoint(tmp_path: Path) -> None:
    check_endpoint(settings=settings(tmp_path, openai_api_key=SecretStr("sk-x")))


def test_local_servers_get_max_tokens_and_openai_gets_max_completion_tokens(tmp_path: Path) -> None:
    local = OpenAIChat(settings=settings(tmp_path, openai_base_url="http://127.0.0.1:8099/v1"), max_tokens=64)
    hosted = OpenAIChat(settings=settings(tmp_path, openai_api_key=SecretStr("sk-x")), max_tokens=64)
    assert local._chat._get_request_payload([("user", "hi")])["extra_body"] == {"max_tokens": 64}
    assert hosted._chat._get_request_payload([("user", "hi")])["max_completion_tokens"] == 64


def test_usage_and_cost_are_recorded_when_reported() -> None:
    assert _usage({"input_tokens": 3, "output_tokens": 2, "total_tokens": 5}, {"cost": 0.01}) == {
        "prompt_tokens": 3.0, "completion_tokens": 2.0, "total_tokens": 5.0, "cost": 0.01}
    assert _usage(None, None) == {}


def test_messages_never_show_credentials_in_the_url() -> None:
    assert _shown_url("http://user:secret@10.0.0.5:8000/v1") == "http://10.0.0.5:8000/v1"
    assert _shown_url(None) == "the default OpenAI endpoint"
