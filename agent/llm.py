"""The one door to language models: any OpenAI-compatible endpoint through ``langchain-openai``.

Nothing else in draftgate imports ``openai`` or ``langchain_openai``. Callers see a tiny
contract (``model_id`` and ``complete``) and typed errors whose ``reason`` lands in the draft
record, so a model that times out or fails never loses a ticket.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel, Field

from agent.settings import Settings


class ModelError(RuntimeError):
    """A model call failed; ``reason`` is a short code stored with the draft."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class Completion(BaseModel):
    """A model's answer and what the endpoint reported about its cost."""

    text: str
    usage: dict[str, float] = Field(default_factory=dict)


class ChatModel(Protocol):
    """Anything that turns a system and a user message into a completion."""

    model_id: str

    def complete(self, *, system: str, user: str) -> Completion:
        """Return the model's answer or raise ModelError."""
        ...


class OpenAIChat:
    """A chat model behind an OpenAI-compatible endpoint (OpenAI, Azure, vLLM, Ollama, llama.cpp)."""

    def __init__(self, *, settings: Settings) -> None:
        from langchain_openai import ChatOpenAI

        if not settings.openai_base_url and not settings.openai_api_key:
            raise ModelError("not_configured", "set OPENAI_BASE_URL (and OPENAI_API_KEY if the endpoint needs one)")
        self.model_id = settings.model
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
        self._chat = ChatOpenAI(
            model=settings.model, base_url=settings.openai_base_url, api_key=key,  # type: ignore[arg-type]
            timeout=settings.model_timeout_s, max_retries=settings.model_max_retries, temperature=0.2,
        )

    def complete(self, *, system: str, user: str) -> Completion:
        """Send one system and one user message; map every failure to a ModelError."""
        import openai
        from langchain_core.messages import HumanMessage, SystemMessage

        try:
            answer = self._chat.invoke([SystemMessage(content=system), HumanMessage(content=user)])
        except openai.APITimeoutError as exc:
            raise ModelError("timeout", f"the model did not answer in time: {exc}") from exc
        except openai.RateLimitError as exc:
            raise ModelError("rate_limit", f"the model endpoint is rate limiting: {exc}") from exc
        except openai.AuthenticationError as exc:
            raise ModelError("auth", "the model endpoint refused the key: check OPENAI_API_KEY") from exc
        except openai.NotFoundError as exc:
            raise ModelError("not_found", f"model or endpoint not found: check DRAFTGATE_MODEL and OPENAI_BASE_URL ({exc})") from exc
        except openai.APIConnectionError as exc:
            raise ModelError("unreachable", f"cannot reach OPENAI_BASE_URL: {exc}") from exc
        except openai.APIStatusError as exc:
            raise ModelError("server_error", f"the model endpoint answered {exc.status_code}") from exc
        usage = answer.usage_metadata or {}
        text = answer.content if isinstance(answer.content, str) else str(answer.content)
        return Completion(text=text, usage={
            "prompt_tokens": float(usage.get("input_tokens", 0)),
            "completion_tokens": float(usage.get("output_tokens", 0)),
        } if usage else {})


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible endpoint, for ``DRAFTGATE_EMBEDDINGS=openai``."""

    def __init__(self, *, settings: Settings) -> None:
        from langchain_openai import OpenAIEmbeddings

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
        self.model_id = settings.embedding_model
        self._embeddings = OpenAIEmbeddings(
            model=settings.embedding_model, base_url=settings.openai_base_url, api_key=key,  # type: ignore[arg-type]
            timeout=settings.model_timeout_s, max_retries=settings.model_max_retries,
            check_embedding_ctx_length=False,
        )

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Return one vector per text."""
        return self._embeddings.embed_documents(list(texts))


def make_chat(*, settings: Settings) -> ChatModel | None:
    """Return the configured chat model, or None when the extractive drafter serves."""
    if settings.drafter_name != "llm":
        return None
    return OpenAIChat(settings=settings)
