"""Turn help-center source (Markdown, MDX, HTML) into the Markdown a reader actually sees.

Templating that readers never see is removed (MDX imports and components, Liquid/Jinja tags,
``<head>`` blocks, HTML comments, images); headings, lists, tables and code are kept. Plan
gating written as a component (``<PlanFeatureNote plan="enterprise" .../>``) is kept as a
marker line ``[[plan:enterprise]]`` that the chunker turns into passage metadata.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

PLAN_MARKER = re.compile(r"^\[\[plan:([a-z0-9_-]+)\]\]$", re.M)

_FENCE = re.compile(r"^(```|~~~)")
_PLAN_NOTE = re.compile(r"<PlanFeatureNote\b[^>]*\bplan=[\"']([A-Za-z0-9_-]+)[\"'][^>]*/?>")
_INCLUDE = re.compile(r"\{%-?\s*include\s+[\"']?([^\"'\s%]+)[\"']?\s*-?%\}")
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"<head>.*?</head>", re.S | re.I), ""),
    (re.compile(r"^\s*(import|export)\s.+?(from\s+)?['\"][^'\"]+['\"];?\s*$", re.M), ""),
    (re.compile(r"\{%.*?%\}", re.S), ""),
    (re.compile(r"\{\{.*?\}\}", re.S), ""),
    (re.compile(r"<img\b[^>]*>", re.I), ""),
    (re.compile(r"^(#{1,6} .*?)\s*\{#[\w-]+\}\s*$", re.M), r"\1"),
    (re.compile(r"^:::(\w+)(?:\[([^\]]*)\])?[ \t]*(.*)$", re.M), r"**\1:** \2\3"),
    (re.compile(r"^:::\s*$", re.M), ""),
    (re.compile(r"</?(details|summary|div|span|p|br|center|section|figure|figcaption)\b[^>]*>", re.I), "\n"),
    (re.compile(r"</t[dh]>\s*", re.I), " | "),
    (re.compile(r"</tr>", re.I), "\n"),
    (re.compile(r"</?(table|thead|tbody|tr|td|th|tfoot|colgroup|col)\b[^>]*>", re.I), ""),
    (re.compile(r"<([A-Z][\w.]*)\b[^>]*/>", re.S), ""),
    (re.compile(r"</?[A-Z][\w.]*\b[^>]*>", re.S), ""),
    (re.compile(r"</?(a|b|strong|em|i|u|code|kbd|sup|sub|small)\b[^>]*>", re.I), ""),
    (re.compile(r"\n{3,}"), "\n\n"),
]


def clean_markdown(*, text: str, include: Callable[[str], str | None] | None = None) -> str:
    """Return Markdown/MDX text without the templating readers never see; code blocks stay as they are."""
    parts = _split_code(text)
    out = []
    for is_code, part in parts:
        if is_code:
            out.append(part)
            continue
        if include is not None:
            part = _INCLUDE.sub(lambda m: include(m.group(1)) or "", part)
        part = _PLAN_NOTE.sub(lambda m: f"\n[[plan:{m.group(1).lower()}]]\n", part)
        for pattern, repl in _RULES:
            part = pattern.sub(repl, part)
        part = "\n".join(line.rstrip() for line in part.splitlines())
        out.append(html.unescape(part) if "&" in part else part)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def _split_code(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_code, chunk) pieces along fenced code blocks."""
    pieces: list[tuple[bool, str]] = []
    buf: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        m = _FENCE.match(line.lstrip())
        if fence is None and m:
            pieces.append((False, "\n".join(buf)))
            buf, fence = [line], m.group(1)
        elif fence is not None and line.lstrip().startswith(fence):
            buf.append(line)
            pieces.append((True, "\n".join(buf)))
            buf, fence = [], None
        else:
            buf.append(line)
    pieces.append((fence is not None, "\n".join(buf)))
    return [p for p in pieces if p[1]]


class _HtmlToMarkdown(HTMLParser):
    """Convert article HTML to Markdown: headings, paragraphs, lists, tables, code."""

    _SKIP = frozenset({"script", "style", "head", "nav", "footer", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip += 1
        elif tag == "title":
            self._in_title = True
        elif re.fullmatch(r"h[1-6]", tag):
            self.out.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in ("p", "div", "br", "tr", "table", "ul", "ol", "section", "article"):
            self.out.append("\n\n" if tag != "tr" else "\n")
        elif tag == "pre":
            self.out.append("\n\n```\n")
        elif tag in ("td", "th"):
            self.out.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag == "pre":
            self.out.append("\n```\n\n")
        elif re.fullmatch(r"h[1-6]", tag):
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self.skip:
            self.out.append(data)


def html_to_markdown(*, text: str) -> tuple[str, str]:
    """Return (markdown, <title>) for an HTML article."""
    parser = _HtmlToMarkdown()
    parser.feed(text)
    parser.close()
    body = re.sub(r"[ \t]+\n", "\n", "".join(parser.out))
    return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n", parser.title.strip()


def include_resolver(*, base: Path, root: Path) -> Callable[[str], str | None]:
    """Return a function that reads an included file next to ``base`` or under ``root``, if present."""

    def read(name: str) -> str | None:
        for folder in (base.parent, root, root / "_includes", root / "includes"):
            candidate = (folder / name).resolve()
            if candidate.is_file() and root.resolve() in candidate.parents:
                return candidate.read_text(encoding="utf-8", errors="replace")
        return None

    return read
