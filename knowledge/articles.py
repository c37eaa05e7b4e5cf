"""Load help-center articles from a folder and decide which ones may answer customers.

Approval rules: an article is retrievable only when its ``status`` is ``approved`` (or, without a
``status`` field, when the corpus default says so), it is not marked ``draft``/``retired``/
``archived``, and neither ``review_by`` nor ``expires`` lies in the past. Every skipped article is
reported with its reason; a broken file is skipped, never fatal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from knowledge.markup import PLAN_MARKER, clean_markdown, html_to_markdown, include_resolver

ARTICLE_SUFFIXES = (".md", ".mdx", ".markdown", ".html", ".htm")
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\Z)", re.S)
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_LINK = re.compile(r"\]\([^)]*\)|https?://\S+")
_MOVED = re.compile(r"\b(moved|removed|out of date|outdated|no longer (?:maintained|available)|deprecated)\b", re.I)
STUB_MAX_WORDS = 40


class Article(BaseModel):
    """One help-center article version, cleaned to the Markdown a reader sees."""

    source_path: str
    title: str
    body: str
    content_hash: str
    description: str | None = None
    status: str = "approved"
    product_area: str | None = None
    plans: list[str] = Field(default_factory=list)
    min_plan: str | None = None
    locale: str = "en"
    last_reviewed: str | None = None
    review_by: str | None = None


class Skipped(BaseModel):
    """An article that was not ingested, with the reason a help-center editor can act on."""

    source_path: str
    reason: str


class ArticleError(ValueError):
    """A file that cannot be read as an article."""


def iter_article_files(root: Path) -> Iterator[Path]:
    """Yield article files under ``root`` in a stable order, skipping hidden folders."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        if path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES:
            yield path


def load_article(*, path: Path, root: Path, default_status: str = "approved") -> Article:
    """Read one article file; raise ArticleError with a clear message when it cannot be used."""
    raw = _read_text(path)
    meta, text = _split_front_matter(raw)
    if path.suffix.lower() in (".html", ".htm"):
        text, html_title = html_to_markdown(text=text)
        meta.setdefault("title", html_title or None)
    else:
        text = clean_markdown(text=text, include=include_resolver(base=path, root=root))
    plans_in_text = PLAN_MARKER.findall(text.split("\n## ", 1)[0])
    title = _title(meta, text, path)
    if not PLAN_MARKER.sub("", text).strip() or len(text.strip()) < 20:
        raise ArticleError("empty article: no readable text")
    return Article(
        source_path=path.relative_to(root).as_posix(),
        title=title,
        body=text,
        description=_opt_str(meta.get("description")),
        content_hash=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        status=_status(meta, default_status),
        product_area=_opt_str(meta.get("product_area")),
        plans=_plans(meta.get("plans")),
        min_plan=plans_in_text[0] if plans_in_text else None,
        locale=str(meta.get("locale") or meta.get("lang") or "en").strip().lower(),
        last_reviewed=_opt_str(meta.get("last_reviewed")),
        review_by=_opt_str(meta.get("review_by") or meta.get("expires")),
    )


def exclusion_reason(*, article: Article, today: dt.date) -> str | None:
    """Return why an article must not answer customers, or None when it may."""
    if article.status != "approved":
        return f"status is {article.status!r}, not approved"
    if article.review_by:
        try:
            due = dt.date.fromisoformat(article.review_by[:10])
        except ValueError:
            return f"review_by {article.review_by!r} is not a date (YYYY-MM-DD)"
        if due < today:
            return f"expired: review_by {article.review_by} has passed"
    if is_stub(article=article):
        return "stub: only says the content moved and links elsewhere; nothing to answer from"
    return None


def is_stub(*, article: Article) -> bool:
    """Return whether an article is a short "this has moved" pointer to another page."""
    prose = _LINK.sub(" ", PLAN_MARKER.sub("", article.body))
    has_link = _LINK.search(article.body) is not None
    return has_link and len(prose.split()) <= STUB_MAX_WORDS and _MOVED.search(prose) is not None


def _read_text(path: Path) -> str:
    """Return the file as text; refuse huge, binary or undecodable files."""
    size = path.stat().st_size
    if size == 0:
        raise ArticleError("empty file")
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(f"file is {size} bytes, above the {MAX_ARTICLE_BYTES}-byte limit")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise ArticleError("binary file, not text")
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ArticleError("not valid UTF-8 text (re-save the file as UTF-8)")


def _split_front_matter(raw: str) -> tuple[dict[str, Any], str]:
    """Return (front matter, rest); raise ArticleError on front matter that is not a YAML mapping."""
    match = _FRONT_MATTER.match(raw)
    if not match:
        if raw.lstrip("\ufeff").startswith("---\n") and "\n---" not in raw[4:]:
            raise ArticleError("front matter is opened with '---' but never closed")
        return {}, raw
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (front matter line {line + 1})" if line is not None else ""
        raise ArticleError(f"front matter is not valid YAML{where}") from None
    if not isinstance(meta, dict):
        raise ArticleError("front matter is not a key: value mapping")
    return {str(k).lower(): v for k, v in meta.items()}, raw[match.end():]


def _title(meta: dict[str, Any], text: str, path: Path) -> str:
    """Pick the title from front matter, the first heading, or the file name."""
    if meta.get("title"):
        return str(meta["title"]).strip()
    heading = _H1.search(text)
    if heading:
        return heading.group(1).strip()
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize()


def _status(meta: dict[str, Any], default_status: str) -> str:
    """Return the article's approval status, honouring Docusaurus' ``draft: true``."""
    if meta.get("status"):
        return str(meta["status"]).strip().lower()
    return "draft" if meta.get("draft") is True else default_status


def _plans(value: Any) -> list[str]:
    """Normalise a ``plans`` front-matter value into lowercase plan ids."""
    if value is None:
        return []
    items = value if isinstance(value, list) else re.split(r"[,\s]+", str(value))
    return [str(p).strip().lower() for p in items if str(p).strip()]


def _opt_str(value: Any) -> str | None:
    """Return a stripped string, or None for empty values."""
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value).strip()
