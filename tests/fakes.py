"""A scripted chat model: tests enqueue answers (or errors) and read back what it was sent."""

from __future__ import annotations

from agent.llm import Completion, ModelError


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
