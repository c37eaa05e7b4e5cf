"""Split an article into passages along its headings, keeping the section path on each."""

from __future__ import annotations

import re

from pydantic import BaseModel

from knowledge.articles import Article
from knowledge.markup import PLAN_MARKER

MAX_PASSAGE_CHARS = 1400
MIN_PASSAGE_CHARS = 160
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
    """Split text longer than MAX_PASSAGE_CHARS on paragraph boundaries."""
    if len(text) <= MAX_PASSAGE_CHARS:
        return [text]
    pieces: list[str] = []
    current = ""
    for para in re.split(r"\n\s*\n", text):
        if current and len(current) + len(para) > MAX_PASSAGE_CHARS:
            pieces.append(current.strip())
            current = ""
        current += para + "\n\n"
    if current.strip():
        pieces.append(current.strip())
    return pieces
