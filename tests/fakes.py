"""A scripted chat model: tests enqueue answers (or errors) and read back what it was sent."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from agent.llm import Completion, ModelError
from knowledge.retrieval import Retrieval, RetrievedPassage


class ScriptedChat:
    """Answers with the queued items in order; an exception item is raised instead."""

    model_id = "scripted-fake"

    def __init__(self) -> None:
        self.queue: list[str | Exception] = []
        self.calls: list[tuple[str, str]] = []

    def enqueue(self, *items: str | Exception) -> ScriptedChat:
        self.queue.extend(items)
        return self

    def complete(self, *, system: str, user: str) -> Completion:
        self.calls.append((system, user))
        if not self.queue:
            raise ModelError("empty_script", "the scripted model has no answer queued")
        item = self.queue.pop(0)
        if isinstance(item, Exception):
            raise item
        return Completion(text=item, usage={"prompt_tokens": 100.0, "completion_tokens": 20.0})


class FixedPassages:
    """A retriever that always finds the same approved passages, numbered in the given order."""

    def __init__(self, *passages: tuple[str, str], similarity: float = 0.7, confirmed: bool = False) -> None:
        self.passages = passages
        self.similarity = similarity
        self.confirmed = confirmed  # as if a close answered ticket had voted for every article

    def retrieve(self, *, query: str, k: int = 5, plan: str | None = None, locale: str | None = None) -> Retrieval:
        """Return every passage, as a good match."""
        return Retrieval(weak=self.similarity < 0.35 and not self.confirmed, results=[RetrievedPassage(
            source_path=path, title=path.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ").capitalize(),
            section="", chunk=chunk, score=0.03, similarity=self.similarity, confirmed=self.confirmed,
            article_hash=f"hash-{i}", passage_id=f"{path}#{i}") for i, (path, chunk) in enumerate(self.passages)])


@contextmanager
def collect_logs(name: str = "draftgate") -> Iterator[list[dict[str, Any]]]:
    """Collect the log records of ``name`` and below as dicts: ``event`` (first word) and the extra fields."""
    records: list[dict[str, Any]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append({"event": str(record.msg).split()[0], "level": record.levelname,
                            "reason": getattr(record, "reason", None), "error": getattr(record, "error", "")})

    logger, handler = logging.getLogger(name), Keep()
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
