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
from agent.settings import Settings
from knowledge.embeddings import Embedder, local_embedder
from knowledge.retrieval import Retriever
from knowledge.store import PassageStore
from review.db import make_engine, make_sessions, migrate

log = structlog.get_logger("draftgate.services")


class Services:
    """Everything a request or a command needs, made once from the settings."""

    def __init__(self, *, settings: Settings, chat: ChatModel | None = None, use_model: bool = True) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(settings.sqlalchemy_url)
        migrate(settings.sqlalchemy_url)
        self.sessions = make_sessions(self.engine)
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
                            help_center_url=self.settings.help_center_url, html_channels=self.settings.html_channels)

    def draft_safely(self, *, ticket: Ticket, kind: Kind) -> DraftResult:
        """Run the pipeline; if retrieval or anything else breaks, still produce a flagged draft."""
        try:
            return self.draft(ticket=ticket, kind=kind)
        except Exception as exc:
            log.exception("pipeline failed; drafting without sources", ticket_id=ticket.ticket_id)
            result = draft_ticket(ticket=ticket, kind=kind, retriever=None, chat=None)
            reasons = [*result.reasons, str(Finding("pipeline_error", type(exc).__name__))]
            return result.model_copy(update={"reasons": reasons, "needs_human_review": True})

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()
