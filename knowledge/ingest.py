"""Ingest a help-center folder into the passage store, incrementally and without half states.

Only changed articles are embedded again; articles that disappeared, or stopped being approved
and current, are removed. A new version's passages are stored before the old version's are
deleted, so an interruption never leaves an article without passages; the next run finishes it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from pydantic import BaseModel, Field

from knowledge.articles import (
    Article,
    ArticleError,
    Skipped,
    exclusion_reason,
    iter_article_files,
    load_article,
)
from knowledge.chunking import chunk_article, summary_passage
from knowledge.store import PassageStore


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
    today: dt.date | None = None, stamp_path: Path | None = None,
) -> IngestReport:
    """Bring the store in line with the approved, current articles under ``root``."""
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder of articles")
    today = today or dt.date.today()
    report = IngestReport()
    current = _load_retrievable(root=root, default_status=default_status, today=today, report=report)
    stored = store.article_versions()
    for path, article in current.items():
        if stored.get(path) == article.content_hash:
            report.unchanged.append(path)
            continue
        try:
            passages = [*chunk_article(article=article), summary_passage(article=article)]
            store.add(passages=passages, article_meta={path: _filter_meta(article)})
        except Exception as exc:  # one broken article never aborts the run
            report.skipped.append(Skipped(source_path=path, reason=f"could not be stored: {exc}"))
            continue
        store.delete_article(source_path=path, keep_hash=article.content_hash)
        report.passages += len(passages)
        (report.updated if path in stored else report.added).append(path)
    for path in sorted(set(stored) - set(current)):
        store.delete_article(source_path=path)
        report.removed.append(path)
    if stamp_path is not None:
        stamp_path.parent.mkdir(parents=True, exist_ok=True)
        stamp_path.write_text(uuid.uuid4().hex)
    return report


def _load_retrievable(
    *, root: Path, default_status: str, today: dt.date, report: IngestReport
) -> dict[str, Article]:
    """Load every article file, recording each one that may not answer customers."""
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
            "description": article.description}
