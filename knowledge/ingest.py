"""Ingest a help-center folder into the passage store, incrementally and without half states.

Only changed articles are embedded again, their passages in large calls across articles (full
batches of similar length are much cheaper than one small call per article). Articles that
disappeared, or stopped being approved and current, are removed. A new version's passages are
stored before the old version's are deleted, so an interruption never leaves an article without
passages; the next run finishes it. A caller may pass a ``progress`` listener: it hears how many
articles and passages are to be embedded, then each group as it is stored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

from knowledge.articles import (
    Article,
    ArticleError,
    Skipped,
    exclusion_reason,
    iter_article_files,
    load_article,
)
from knowledge.chunking import Passage, chunk_article, summary_passage
from knowledge.store import PassageStore

EMBED_GROUP = 256  # passages embedded per call: whole batches of similar length, across articles


class IngestProgress(Protocol):
    """Hears how an ingest run advances (the CLI draws a bar or prints lines from it)."""

    def start(self, *, articles: int, passages: int) -> None:
        """Hear how many changed articles and passages are about to be embedded."""

    def advance(self, *, articles: int, passages: int) -> None:
        """Hear that this many more articles and passages were embedded and stored."""

    def finish(self) -> None:
        """Hear that the run is over."""


class IngestReport(BaseModel):
    """What an ingest run did, article by article."""

    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)
    passages: int = 0

    def summary(self) -> str:
        """Return the one-line summary printed after an ingest."""
        return (
            f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"removed {len(self.removed)}, skipped {len(self.skipped)}; {self.passages} passages embedded"
        )


def ingest_folder(
    *, root: Path, store: PassageStore, default_status: str = "approved",
    today: dt.date | None = None, stamp_path: Path | None = None, progress: IngestProgress | None = None,
) -> IngestReport:
    """Bring the store in line with the approved, current articles under ``root``."""
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder of articles")
    today = today or dt.date.today()
    report = IngestReport()
    current = load_retrievable(root=root, default_status=default_status, today=today, report=report)
    stored = store.article_versions()
    changed = []
    for path, article in current.items():
        if stored.get(path) == article.content_hash:
            report.unchanged.append(path)
        else:
            changed.append(article)
    groups = _groups(changed)
    if progress is not None:
        progress.start(articles=len(changed), passages=sum(len(p) for group in groups for _, p in group))
    for group in groups:
        _store_group(group=group, store=store, stored=stored, report=report)
        if progress is not None:
            progress.advance(articles=len(group), passages=sum(len(p) for _, p in group))
    for path in sorted(set(stored) - set(current)):
        store.delete_article(source_path=path)
        report.removed.append(path)
    if stamp_path is not None:
        stamp_path.parent.mkdir(parents=True, exist_ok=True)
        stamp_path.write_text(uuid.uuid4().hex)
    if progress is not None:
        progress.finish()
    return report


def _groups(articles: list[Article]) -> list[list[tuple[Article, list[Passage]]]]:
    """Chunk the articles and group them so that each group is embedded in one efficient call."""
    groups: list[list[tuple[Article, list[Passage]]]] = [[]]
    size = 0
    for article in articles:
        passages = [*chunk_article(article=article), summary_passage(article=article)]
        if size and size + len(passages) > EMBED_GROUP:
            groups.append([])
            size = 0
        groups[-1].append((article, passages))
        size += len(passages)
    return [g for g in groups if g]


def _store_group(*, group: list[tuple[Article, list[Passage]]], store: PassageStore, stored: dict[str, str],
                 report: IngestReport) -> None:
    """Embed a group's passages together, store them in one write, then drop each article's old version.

    One write per group, not per article: each write to the store costs tens of milliseconds
    whatever its size, which dominated large ingests. Should the group fail, its articles are
    embedded and stored one by one, so that only a broken article is skipped.
    """
    try:
        vectors = store.embed_passages(passages=[p for _, passages in group for p in passages])
        store.add(passages=[p for _, passages in group for p in passages],
                  article_meta={a.source_path: _filter_meta(a) for a, _ in group}, vectors=vectors)
    except Exception:
        for article, passages in group:
            _store_article(article=article, passages=passages, store=store, stored=stored, report=report)
        return
    for article, passages in group:
        _finish_article(article=article, count=len(passages), store=store, stored=stored, report=report)


def _store_article(*, article: Article, passages: list[Passage], store: PassageStore, stored: dict[str, str],
                   report: IngestReport) -> None:
    """Embed and store one article on its own, recording it as skipped if that fails."""
    try:
        store.add(passages=passages, article_meta={article.source_path: _filter_meta(article)})
    except Exception as exc:  # one broken article never aborts the run
        report.skipped.append(Skipped(source_path=article.source_path, reason=f"could not be stored: {exc}"))
        return
    _finish_article(article=article, count=len(passages), store=store, stored=stored, report=report)


def _finish_article(*, article: Article, count: int, store: PassageStore, stored: dict[str, str],
                    report: IngestReport) -> None:
    """Drop the stored article's previous version and record it as added or updated."""
    path = article.source_path
    store.delete_article(source_path=path, keep_hash=article.content_hash)
    report.passages += count
    (report.updated if path in stored else report.added).append(path)


def load_retrievable(
    *, root: Path, today: dt.date, default_status: str = "approved", report: IngestReport | None = None
) -> dict[str, Article]:
    """Load every article file that may answer customers, recording each one skipped in ``report``."""
    report = report if report is not None else IngestReport()
    current: dict[str, Article] = {}
    for path in iter_article_files(root):
        rel = path.relative_to(root).as_posix()
        try:
            article = load_article(path=path, root=root, default_status=default_status)
        except (ArticleError, OSError) as exc:
            report.skipped.append(Skipped(source_path=rel, reason=str(exc)))
            continue
        reason = exclusion_reason(article=article, today=today)
        if reason:
            report.skipped.append(Skipped(source_path=rel, reason=reason))
        else:
            current[rel] = article
    return current


def _filter_meta(article: Article) -> dict[str, object]:
    """Return the article fields that retrieval filters on."""
    return {"plans": article.plans, "locale": article.locale, "product_area": article.product_area,
            "description": article.description, "review_by": article.review_by or "", "status": article.status}
