"""Ingest reports its progress: totals first, then each stored group, as plain lines or a bar."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from cli.progress import IngestProgress
from knowledge.embeddings import Embedder
from knowledge.ingest import ingest_folder
from knowledge.store import PassageStore
from tests.conftest import SAMPLE_HELP_CENTER


class Recorder:
    """Keep every call the ingest makes."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, int]] = []

    def start(self, *, articles: int, passages: int) -> None:
        self.calls.append(("start", articles, passages))

    def advance(self, *, articles: int, passages: int) -> None:
        self.calls.append(("advance", articles, passages))

    def finish(self) -> None:
        self.calls.append(("finish", 0, 0))


def test_ingest_announces_totals_then_counts_up_to_them(tmp_path: Path, embedder: Embedder) -> None:
    root = tmp_path / "kb"
    for folder in ("account", "billing", "security"):
        shutil.copytree(SAMPLE_HELP_CENTER / folder, root / folder)
    store = PassageStore.open(path=tmp_path / "chroma", url=None, collection="helpcenter", embedder=embedder)
    recorder = Recorder()
    report = ingest_folder(root=root, store=store, progress=recorder)
    kind, articles, passages = recorder.calls[0]
    assert kind == "start" and articles == len(report.added) and passages == report.passages > 0
    advances = [c for c in recorder.calls if c[0] == "advance"]
    assert sum(a for _, a, _ in advances) == articles and sum(p for _, _, p in advances) == passages
    assert recorder.calls[-1][0] == "finish"

    again = Recorder()
    ingest_folder(root=root, store=store, progress=again)
    assert again.calls == [("start", 0, 0), ("finish", 0, 0)], "nothing changed: nothing to embed"


def test_plain_lines_when_piped() -> None:
    out = io.StringIO()
    progress = IngestProgress(stream=out, every_s=0.0)
    progress.start(articles=3, passages=30)
    progress.advance(articles=1, passages=10)
    progress.advance(articles=2, passages=20)
    progress.finish()
    lines = out.getvalue().splitlines()
    assert lines[0] == "ingest: embedding 30 passages of 3 changed article(s)"
    assert lines[1].startswith("ingest: 1/3 articles, 10/30 passages, ") and "passages/s" in lines[1]
    assert lines[2].startswith("ingest: 3/3 articles, 30/30 passages, ") and lines[2].endswith("0 s left")
    assert "\x1b" not in out.getvalue(), "no terminal codes in a pipe"


def test_lines_are_throttled_but_the_last_one_is_always_printed() -> None:
    out = io.StringIO()
    progress = IngestProgress(stream=out, every_s=3600.0)
    progress.start(articles=2, passages=20)
    progress.advance(articles=1, passages=10)
    progress.advance(articles=1, passages=10)
    assert [line.split(",")[0] for line in out.getvalue().splitlines()] == [
        "ingest: embedding 20 passages of 2 changed article(s)", "ingest: 2/2 articles"]


def test_a_bar_on_a_terminal() -> None:
    out = io.StringIO()
    progress = IngestProgress(stream=out, bar=True)
    progress.start(articles=2, passages=20)
    progress.advance(articles=2, passages=20)
    progress.finish()
    text = out.getvalue()
    assert "2/2 articles" in text and "20/20" in text and "passages/s" in text
