"""Split an article into passages along its headings, keeping the section path on each.

Besides its content passages, each article gets one ``summary`` passage (title and description,
or title and opening lines): it ranks the article as a whole and is never quoted to a customer.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from knowledge.articles import Article
from knowledge.markup import PLAN_MARKER

CHUNKING_VERSION = "c4"  # bump when passages change, so the next ingest re-chunks every article
MAX_PASSAGE_CHARS = 1400
MIN_PASSAGE_CHARS = 160
SUMMARY_OPENING_CHARS = 300
SUMMARY_HEADINGS = True
_HEADING = re.compile(r"^(#{1,4})\s+(.+?)\s*#*\s*$")


class Passage(BaseModel):
    """A retrievable piece of one article version."""

    passage_id: str
    source_path: str
    title: str
    section: str
    text: str
    article_hash: str
    min_plan: str | None = None
    kind: str = "content"


def summary_passage(*, article: Article) -> Passage:
    """Return the passage that stands for the whole article: its title and description or opening."""
    opening = article.description or _opening(article.body)
    text = f"{article.title}. {opening}".strip()
    if SUMMARY_HEADINGS:
        headings = [m.group(2).strip() for m in map(_HEADING.match, article.body.splitlines()) if m]
        text += ("\n" + "; ".join(h for h in headings if h != article.title)) if headings else ""
    return Passage(
        passage_id=f"{article.content_hash[:16]}-summary", source_path=article.source_path, title=article.title,
        section="", text=text, article_hash=article.content_hash,
        min_plan=article.min_plan, kind="summary",
    )


def _opening(body: str) -> str:
    """Return the first words of an article's text, without headings and plan markers."""
    lines = [line for line in PLAN_MARKER.sub("", body).splitlines() if line.strip() and not _HEADING.match(line)]
    text = " ".join(lines)
    return text[:SUMMARY_OPENING_CHARS].rsplit(" ", 1)[0] if len(text) > SUMMARY_OPENING_CHARS else text


def chunk_article(*, article: Article) -> list[Passage]:
    """Return the article's passages: one per section, long sections split on paragraphs."""
    sections = _merge_small(_sections(article.body, article.title))
    passages: list[Passage] = []
    for path, body, plan in sections:
        for piece in _split_long(body):
            passages.append(
                Passage(
                    passage_id=f"{article.content_hash[:16]}-{len(passages)}",
                    source_path=article.source_path,
                    title=article.title,
                    section=" > ".join(path),
                    text=piece,
                    article_hash=article.content_hash,
                    min_plan=plan or article.min_plan,
                )
            )
    return passages


def _sections(body: str, title: str) -> list[tuple[list[str], str, str | None]]:
    """Return (heading path, text, plan marker) per section, ignoring headings inside code."""
    out: list[tuple[list[str], str, str | None]] = []
    stack: list[tuple[int, str]] = []
    lines: list[str] = []
    in_code = False

    def flush() -> None:
        text = "\n".join(lines).strip()
        plans = PLAN_MARKER.findall(text)
        text = PLAN_MARKER.sub("", text).strip()
        if text:
            out.append(([h for _, h in stack] or [title], text, plans[0] if plans else None))

    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        match = None if in_code else _HEADING.match(line)
        if match:
            flush()
            lines = []
            level = len(match.group(1))
            stack = [(lv, h) for lv, h in stack if lv < level] + [(level, match.group(2).strip())]
        else:
            lines.append(line)
    flush()
    return out


def _merge_small(sections: list[tuple[list[str], str, str | None]]) -> list[tuple[list[str], str, str | None]]:
    """Fold sections shorter than MIN_PASSAGE_CHARS into the following one."""
    merged: list[tuple[list[str], str, str | None]] = []
    carry: tuple[list[str], str, str | None] | None = None
    for path, text, plan in sections:
        if carry is not None:
            path, text, plan = carry[0], f"{carry[1]}\n\n### {path[-1]}\n{text}", carry[2] or plan
            carry = None
        if len(text) < MIN_PASSAGE_CHARS:
            carry = (path, text, plan)
        else:
            merged.append((path, text, plan))
    if carry is not None:
        if merged:
            last = merged.pop()
            merged.append((last[0], f"{last[1]}\n\n### {carry[0][-1]}\n{carry[1]}", last[2] or carry[2]))
        else:
            merged.append(carry)
    return merged


def _split_long(text: str) -> list[str]:
    """Split text longer than MAX_PASSAGE_CHARS on paragraph, then line, then sentence boundaries."""
    if len(text) <= MAX_PASSAGE_CHARS:
        return [text]
    for separator in (r"\n\s*\n", r"\n", r"(?<=[.!?])\s+"):
        parts = [p for p in re.split(separator, text) if p.strip()]
        if len(parts) > 1:
            return _pack([piece for part in parts for piece in _split_long(part)],
                         joiner="\n\n" if separator.startswith(r"\n\s") else "\n")
    return [text[i:i + MAX_PASSAGE_CHARS] for i in range(0, len(text), MAX_PASSAGE_CHARS)]


def _pack(parts: list[str], *, joiner: str) -> list[str]:
    """Join consecutive parts into pieces of at most MAX_PASSAGE_CHARS."""
    pieces: list[str] = []
    current = ""
    for part in parts:
        if current and len(current) + len(joiner) + len(part) > MAX_PASSAGE_CHARS:
            pieces.append(current.strip())
            current = ""
        current = f"{current}{joiner}{part}" if current else part
    if current.strip():
        pieces.append(current.strip())
    return pieces
