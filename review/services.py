"""The long-lived parts one process shares: settings, database, retriever, model, pipeline entry."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import structlog

from agent.findings import Finding
from agent.llm import ChatModel, OpenAIEmbedder, make_chat
from agent.models import DraftResult, Kind, Ticket
from agent.pipeline import draft_ticket
from agent.policy import EscalationPolicy, load_policy
from agent.settings import Settings
from knowledge.embeddings import Embedder, local_embedder
from knowledge.retrieval import Retriever
from knowledge.store import PassageStore
from review import checkpoints
from review.accounts import account_key, recent_escalations
from review.db import make_engine, make_sessions, migrate
from review.throttle import SignInThrottle

log = structlog.get_logger("draftgate.services")


def owner_only(data_dir: Path) -> None:
    """Create files owner-only from now on (umask 077) and close the data dir and its files to others.

    The data dir holds customer tickets, drafts and keys; nothing in it is for other local users.
    """
    os.umask(0o077)
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    for path in data_dir.glob("*"):
        if path.is_file():
            path.chmod(0o600)


class Services:
    """Everything a request or a command needs, made once from the settings."""

    def __init__(self, *, settings: Settings, chat: ChatModel | None = None, use_model: bool = True) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.settings = settings
        self.policy: EscalationPolicy = load_policy(settings.escalation_policy)  # a bad policy stops the start
        owner_only(settings.data_dir)
        self.engine = make_engine(settings.sqlalchemy_url)
        migrate(settings.sqlalchemy_url)
        owner_only(settings.data_dir)
        self.sessions = make_sessions(self.engine)
        checkpoints.install(self.sessions, settings)
        self.sign_in_throttle = SignInThrottle()
        self.chat = chat if chat is not None else (make_chat(settings=settings) if use_model else None)
        self._store: PassageStore | None = None
        self._retriever: Retriever | None = None
        self._lock = threading.Lock()

    @property
    def stamp_path(self) -> Path:
        """Return the file that changes whenever the knowledge is re-ingested."""
        return self.settings.data_dir / "knowledge.stamp"

    def embedder(self) -> Embedder:
        """Return the configured embedding function."""
        if self.settings.embeddings == "openai":
            return OpenAIEmbedder(settings=self.settings)
        return local_embedder(runtime=self.settings.local_embedder)

    def store(self) -> PassageStore:
        """Return the passage store, opened on first use."""
        with self._lock:
            if self._store is None:
                self._store = PassageStore.open(
                    path=self.settings.chroma_path, url=self.settings.chroma_url,
                    collection=self.settings.collection, embedder=self.embedder(),
                )
            return self._store

    def retriever(self) -> Retriever:
        """Return the hybrid retriever, built on first use."""
        store = self.store()
        with self._lock:
            if self._retriever is None:
                self._retriever = Retriever(store=store, min_similarity=self.settings.min_retrieval_score,
                                            stamp_path=self.stamp_path)
            return self._retriever

    def draft(self, *, ticket: Ticket, kind: Kind) -> DraftResult:
        """Run the drafting pipeline for one ticket."""
        return draft_ticket(ticket=ticket, kind=kind, retriever=self.retriever(), chat=self.chat,
                            k=self.settings.retrieve_k, min_similarity=self.settings.min_retrieval_score,
                            policy=self.policy, earlier_escalations=self.earlier_escalations(ticket),
                            max_chars=self.settings.max_ticket_chars, help_center_url=self.settings.help_center_url,
                            html_channels=self.settings.html_channels)

    def earlier_escalations(self, ticket: Ticket) -> int:
        """Count the ticket's account's escalations within the policy's window."""
        with self.sessions() as session:
            return recent_escalations(session=session, key=account_key(ticket),
                                      days=self.policy.complexity.escalation_window_days)

    def draft_safely(self, *, ticket: Ticket, kind: Kind) -> DraftResult:
        """Run the pipeline; if retrieval or anything else breaks, still produce a flagged draft."""
        try:
            return self.draft(ticket=ticket, kind=kind)
        except Exception as exc:
            log.exception("pipeline failed; drafting without sources", ticket_id=ticket.ticket_id)
            result = draft_ticket(ticket=ticket, kind=kind, retriever=None, chat=None, policy=self.policy,
                                  max_chars=self.settings.max_ticket_chars)
            reasons = [*result.reasons, str(Finding("pipeline_error", type(exc).__name__))]
            return result.model_copy(update={"reasons": reasons, "needs_human_review": True})

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()
