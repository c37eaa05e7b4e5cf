"""Ingest progress on stderr: a bar on a terminal, plain lines when piped or logged.

Both show articles and passages done out of the total, the embedding rate (passages per second) and
the time left at that rate. Plain lines come at most every ``every_s`` seconds, plus the last one.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any


class IngestProgress:
    """Report an ingest run on ``stream``; draw a rich bar only when it is a terminal."""

    def __init__(self, *, stream: IO[str] | None = None, every_s: float = 2.0, bar: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.every_s = every_s
        self.bar = self.stream.isatty() if bar is None else bar
        self.articles = self.passages = self.articles_done = self.passages_done = 0
        self.started = self.last_line = 0.0
        self._rich: Any = None
        self._task: Any = None

    def start(self, *, articles: int, passages: int) -> None:
        """Begin the bar (or the first line) for this many articles and passages."""
        self.articles, self.passages = articles, passages
        self.started = self.last_line = time.monotonic()
        if not passages:
            return
        if self.bar:
            self._start_bar()
        else:
            self._line(f"embedding {passages} passages of {articles} changed article(s)")

    def advance(self, *, articles: int, passages: int) -> None:
        """Count a stored group and redraw."""
        self.articles_done += articles
        self.passages_done += passages
        if self._rich is not None:
            self._rich.update(self._task, completed=self.passages_done, articles=self._articles_text(),
                              rate=f"{self.rate():.1f} passages/s")
        elif time.monotonic() - self.last_line >= self.every_s or self.passages_done >= self.passages:
            self._line(self.status())

    def finish(self) -> None:
        """Close the bar."""
        if self._rich is not None:
            self._rich.stop()
            self._rich = None

    def status(self) -> str:
        """Return the plain progress line: counts, rate and time left."""
        rate = self.rate()
        left = (self.passages - self.passages_done) / rate if rate else float("nan")
        eta = f"{left:.0f} s left" if rate else "time left unknown"
        return (f"{self._articles_text()} articles, {self.passages_done}/{self.passages} passages, "
                f"{rate:.1f} passages/s, {eta}")

    def rate(self) -> float:
        """Return passages embedded per second so far."""
        return self.passages_done / max(time.monotonic() - self.started, 1e-6)

    def _articles_text(self) -> str:
        return f"{self.articles_done}/{self.articles}"

    def _line(self, text: str) -> None:
        self.last_line = time.monotonic()
        self.stream.write(f"ingest: {text}\n")
        self.stream.flush()

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("embedding"), BarColumn(), TextColumn("{task.fields[articles]} articles"),
                   MofNCompleteColumn(), TextColumn("passages  {task.fields[rate]}"), TimeRemainingColumn())
        self._rich = Progress(*columns, console=Console(file=self.stream), transient=False)
        self._task = self._rich.add_task("ingest", total=self.passages, articles=self._articles_text(), rate="")
        self._rich.start()
