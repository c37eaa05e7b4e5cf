"""The one door to language models: any OpenAI-compatible endpoint through ``langchain-openai``.

Nothing else in draftgate imports ``openai`` or ``langchain_openai``. Callers see a tiny
contract (``model_id`` and ``complete``) and typed errors whose ``reason`` lands in the draft
record, so a model that times out or fails never loses a ticket.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit

from pydantic import BaseModel, Field

from agent.settings import Settings

MAX_ANSWER_TOKENS = 800
log = logging.getLogger("draftgate.model")


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

    def __init__(self, *, settings: Settings, max_tokens: int = MAX_ANSWER_TOKENS) -> None:
        from langchain_openai import ChatOpenAI

        check_endpoint(settings=settings)
        self.model_id = settings.model
        self._where = _shown_url(settings.openai_base_url)
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
        self._chat = ChatOpenAI(
            model=settings.model, base_url=settings.openai_base_url, api_key=key,  # type: ignore[arg-type]
            timeout=settings.model_timeout_s, max_retries=settings.model_max_retries, temperature=0.2,
            **_answer_limit(max_tokens=max_tokens, custom_endpoint=bool(settings.openai_base_url)),
        )

    def complete(self, *, system: str, user: str) -> Completion:
        """Send one system and one user message; map every failure to a ModelError."""
        from langchain_core.messages import HumanMessage, SystemMessage

        try:
            answer = self._chat.invoke([SystemMessage(content=system), HumanMessage(content=user)])
        except Exception as exc:
            raise _model_error(exc, where=self._where) from exc
        text = answer.content if isinstance(answer.content, str) else str(answer.content)
        metadata = getattr(answer, "response_metadata", None) or {}
        return Completion(text=text, usage=_usage(answer.usage_metadata, metadata.get("token_usage")))


class UnavailableChat:
    """Stands in for a model that cannot be built; every call fails with the configuration error.

    A wrong setting must not stop the service: each draft falls back to the extractive drafter and
    records ``model_fallback:<reason>``, and the error names the setting to fix.
    """

    def __init__(self, *, model_id: str, error: ModelError) -> None:
        self.model_id = model_id
        self._error = error

    def complete(self, *, system: str, user: str) -> Completion:
        """Raise the configuration error."""
        raise ModelError(self._error.reason, str(self._error))


def _answer_limit(*, max_tokens: int, custom_endpoint: bool) -> dict[str, Any]:
    """Return how to bound the answer's length for this kind of endpoint.

    OpenAI itself takes ``max_completion_tokens`` (what langchain sends for ``max_tokens``);
    vLLM, Ollama and llama.cpp servers read ``max_tokens`` and ignore the newer name, so a looping
    model would run to the end of its context.

    >>> _answer_limit(max_tokens=5, custom_endpoint=True)
    {'extra_body': {'max_tokens': 5}}
    """
    return {"extra_body": {"max_tokens": max_tokens}} if custom_endpoint else {"max_tokens": max_tokens}


def check_endpoint(*, settings: Settings) -> None:
    """Raise ModelError naming the setting when the endpoint settings cannot work."""
    url = settings.openai_base_url
    if not url and not settings.openai_api_key:
        raise ModelError("not_configured", "no model endpoint: set OPENAI_BASE_URL (and OPENAI_API_KEY if the "
                                           "endpoint needs one), or DRAFTGATE_DRAFTER=extractive")
    if url and urlsplit(url).scheme not in ("http", "https"):
        raise ModelError("bad_base_url", f"OPENAI_BASE_URL={_shown_url(url)!r} is not an http(s) URL "
                                         "(expected e.g. http://127.0.0.1:8080/v1)")
    if not settings.model.strip():
        raise ModelError("no_model", "DRAFTGATE_MODEL is empty: set the model name the endpoint serves")


def _shown_url(url: str | None) -> str:
    """Return the endpoint URL for messages, without any user or password in it.

    >>> _shown_url("http://user:secret@10.0.0.5:8000/v1")
    'http://10.0.0.5:8000/v1'
    """
    if not url:
        return "the default OpenAI endpoint"
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]).geturl()


def _model_error(exc: Exception, *, where: str) -> ModelError:
    """Turn a client exception into a ModelError whose message names the setting to check."""
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return ModelError("timeout", f"the model at {where} did not answer within DRAFTGATE_MODEL_TIMEOUT_S")
    if isinstance(exc, openai.APIConnectionError):
        return ModelError("unreachable", f"cannot reach the model endpoint: check OPENAI_BASE_URL ({where})")
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return ModelError("auth", f"the model endpoint {where} refused the key: check OPENAI_API_KEY")
    if isinstance(exc, openai.NotFoundError):
        return ModelError("not_found", f"{where} has no such model or path: check DRAFTGATE_MODEL and "
                                       "OPENAI_BASE_URL (it usually ends in /v1)")
    if isinstance(exc, openai.RateLimitError):
        return ModelError("rate_limit", f"the model endpoint {where} is rate limiting (HTTP 429)")
    if isinstance(exc, openai.APIStatusError):
        code = exc.status_code
        return ModelError("server_error" if code >= 500 else f"http_{code}", f"the model endpoint {where} "
                          f"answered HTTP {code}")
    if isinstance(exc, ValueError | TypeError | KeyError | openai.APIResponseValidationError):
        return ModelError("bad_response", f"{where} did not answer like an OpenAI-compatible chat endpoint: "
                                          "check OPENAI_BASE_URL")
    return ModelError(f"error:{type(exc).__name__}", f"the model call failed: {type(exc).__name__}")


def _usage(reported: Mapping[str, Any] | None, raw: Mapping[str, Any] | None) -> dict[str, float]:
    """Return token counts (and cost, when the endpoint reports one) as floats.

    >>> _usage({"input_tokens": 3, "output_tokens": 2, "total_tokens": 5}, {"cost": 0.01})
    {'prompt_tokens': 3.0, 'completion_tokens': 2.0, 'total_tokens': 5.0, 'cost': 0.01}
    >>> _usage(None, None)
    {}
    """
    usage: dict[str, float] = {}
    if reported:
        usage = {"prompt_tokens": float(reported.get("input_tokens", 0)),
                 "completion_tokens": float(reported.get("output_tokens", 0)),
                 "total_tokens": float(reported.get("total_tokens", 0))}
    cost = (raw or {}).get("cost")
    if isinstance(cost, int | float):
        usage["cost"] = float(cost)
    return usage


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible endpoint, for ``DRAFTGATE_EMBEDDINGS=openai``.

    Texts go in requests of ``embedding_batch_size``, ``embedding_concurrency`` of them in flight;
    the client retries each request on timeouts, 429 and 5xx with exponential backoff
    (``DRAFTGATE_MODEL_MAX_RETRIES``). Ingestion stores each group of articles as soon as it is
    embedded, so a killed run resumes with the articles it had not stored.
    """

    def __init__(self, *, settings: Settings) -> None:
        from langchain_openai import OpenAIEmbeddings

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
        self.model_id = settings.embedding_model
        self.batch_size = settings.embedding_batch_size
        self.concurrency = settings.embedding_concurrency
        self._embeddings = OpenAIEmbeddings(
            model=settings.embedding_model, base_url=settings.openai_base_url, api_key=key,  # type: ignore[arg-type]
            timeout=settings.model_timeout_s, max_retries=settings.model_max_retries,
            check_embedding_ctx_length=False, chunk_size=settings.embedding_batch_size,
        )

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Return one vector per text, in order, from concurrent batched requests."""
        batches = [list(texts[i:i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        if len(batches) <= 1 or self.concurrency == 1:
            return [v for batch in batches for v in self._embeddings.embed_documents(batch)]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(self.concurrency, len(batches)), thread_name_prefix="embed") as pool:
            return [v for vectors in pool.map(self._embeddings.embed_documents, batches) for v in vectors]


def make_chat(*, settings: Settings) -> ChatModel | None:
    """Return the configured chat model, or None when the extractive drafter serves.

    A configuration error is logged once here and then recorded in every draft as a model fallback.
    """
    if settings.drafter_name != "llm":
        return None
    try:
        return OpenAIChat(settings=settings)
    except ModelError as exc:
        log.warning("model_unavailable reason=%s: %s", exc.reason, exc, extra={"reason": exc.reason, "error": str(exc)})
        return UnavailableChat(model_id=settings.model, error=exc)
