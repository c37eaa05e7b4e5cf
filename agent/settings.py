"""All configuration of draftgate, read once from the environment (prefix ``DRAFTGATE_``).

Settings are made in one place and passed in; nothing reads the environment elsewhere.
The model settings keep the names every OpenAI-compatible client knows: ``OPENAI_API_KEY``,
``OPENAI_BASE_URL`` and ``DRAFTGATE_MODEL``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_REJECT_REASONS = ("inaccurate", "incomplete", "off_policy", "tone", "not_needed", "other")


class Settings(BaseSettings):
    """Configuration for every part of draftgate; override with ``DRAFTGATE_*`` variables."""

    model_config = SettingsConfigDict(env_prefix="DRAFTGATE_", env_file=".env", extra="ignore")

    data_dir: Path = Path("./var")
    database_url: str | None = None
    max_body_bytes: int = 1024 * 1024
    metrics_max_age_s: float = Field(
        default=15.0, ge=0, description="/metrics serves figures at most this old (plus one computation); 0: fresh")
    max_ticket_chars: int = Field(
        default=50_000, ge=1_000, description="characters of a ticket the pipeline drafts from (head and tail)")
    body_timeout_s: float = Field(default=30.0, gt=0, description="longest a client may take to send a body")

    # knowledge
    chroma_url: str | None = Field(default=None, description="http://host:port of a Chroma server")
    collection: str = "helpcenter"
    default_article_status: Literal["approved", "draft"] = "approved"
    embeddings: Literal["local", "openai"] = "local"
    local_embedder: Literal["onnx", "torch"] = Field(
        default="onnx", description="runtime of the local MiniLM: onnx loads in 0.4 s, torch in ~10 s"
    )
    embedding_model: str = "text-embedding-3-small"
    embedding_batch_size: int = Field(default=64, ge=1, le=2048, description="texts per embeddings request")
    embedding_concurrency: int = Field(default=4, ge=1, le=64, description="embeddings requests in flight")
    retrieve_k: int = 5
    min_retrieval_score: float = Field(
        default=0.40, description="cosine similarity below which a passage is not good enough (see docs/quality.md)"
    )
    help_center_url: str | None = Field(
        default=None, description="public address of the help center (e.g. https://plausible.io/); an article "
                                  "at docs/x.md is linked as <url>/docs/x in customer text"
    )

    # drafting
    drafter: Literal["extractive", "llm"] | None = Field(
        default=None, description="unset: the model when OPENAI_BASE_URL or OPENAI_API_KEY is set"
    )
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "DRAFTGATE_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "DRAFTGATE_OPENAI_BASE_URL")
    )
    model: str = "gpt-4o-mini"
    model_timeout_s: float = 30.0
    model_max_retries: int = 2

    # delivery
    delivery_url: str | None = None
    delivery_secret: SecretStr = SecretStr("")
    delivery_max_attempts: int = 8
    delivery_backoff_s: float = 1.0
    delivery_timeout_s: float = 10.0
    delivery_poll_s: float = 0.5

    # review
    escalation_policy: Path | None = Field(default=None, description="YAML escalation policy of the CS leads "
                                           "(README: Escalation policy); unset: the documented defaults")
    reject_reasons: tuple[str, ...] = DEFAULT_REJECT_REASONS
    secret_key: SecretStr | None = Field(default=None, description="signs web sessions")
    retention_days: int | None = Field(
        default=None, ge=1, description="erase customer data of drafts decided longer ago (`draftgate privacy purge`)")
    cookie_secure: Literal["auto", "always", "never"] = Field(
        default="auto", description="mark the session cookie Secure: auto = when the request came over https")
    checkpoint_key: SecretStr | None = Field(
        default=None, description="signs review-log checkpoints; unset: a key file made in the data directory")
    checkpoint_path: Path | None = Field(
        default=None, description="file of signed review-log checkpoints; unset: checkpoints.jsonl in the data dir")
    html_channels: tuple[str, ...] = Field(
        default=("portal",), description="customer channels whose text is delivered as HTML; others get plain text"
    )

    @property
    def sqlalchemy_url(self) -> str:
        """Return the database URL, defaulting to a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'draftgate.sqlite3').resolve()}"

    @property
    def chroma_path(self) -> Path:
        """Return the folder of the embedded Chroma store."""
        return self.data_dir / "chroma"

    @property
    def drafter_name(self) -> str:
        """Return the drafter in use: the model when an endpoint or key is configured."""
        if self.drafter:
            return self.drafter
        return "llm" if (self.openai_base_url or self.openai_api_key) else "extractive"
