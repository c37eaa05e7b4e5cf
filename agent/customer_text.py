"""Customer-ready text: what a customer receives from an approved draft, and nothing internal.

A draft is written for the rep: it carries citation markers ``[n]``, Markdown copied from the
articles and, where something is missing, internal notes ("Needs human review: ..."). The text a
customer gets is rendered from it here, in one place, so the preview a rep sees and the text
delivered are the same function of the same input:

- internal notes are never rendered; approval refuses a text that still holds one
  (``internal_note_in_text``), so a rep must edit them out rather than have them vanish unseen;
- a marker ``[n]`` becomes the cited article's public link (once per article; later markers of the
  same article are dropped), or is dropped when the article has no public link;
- Markdown becomes plain text (the default, for e-mail and chat) or HTML for the channels that
  take it (``DRAFTGATE_HTML_CHANNELS``); raw HTML in the text is escaped, never passed through.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from agent.models import NEEDS_HUMAN_REVIEW

TextFormat = Literal["plain", "html"]
_NOTE = re.compile(rf"^[\s>*_\-\d.)]*{re.escape(NEEDS_HUMAN_REVIEW)}\b.*$", re.I | re.M)
_MARKER = re.compile(r"[ \t]*\[(\d{1,3})\](?!\()")
_ADMONITION = re.compile(r"^\s*:::\s*\w*.*$", re.M)
_BLANKS = re.compile(r"\n{3,}")
_ABSOLUTE = ("http://", "https://", "mailto:")
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def internal_notes(text: str) -> list[str]:
    """Return the internal-note lines ("Needs human review: ...") a text still holds.

    >>> internal_notes("Hi,\\n\\nNeeds human review: no article covers refunds.\\nBye")
    ['Needs human review: no article covers refunds.']
    """
    return [m.group(0).strip() for m in _NOTE.finditer(text)]


def render(*, text: str, links: Mapping[int, str | None], fmt: TextFormat = "plain") -> str:
    """Return the text a customer gets: notes out, markers linked or dropped, Markdown rendered.

    >>> render(text="Open **Site Settings** [1].\\n\\nNeeds human review: x", links={1: "https://h/docs/a"})
    'Open Site Settings (https://h/docs/a).'
    """
    body = _ADMONITION.sub("", _NOTE.sub("", text))
    body = _link_markers(body, links=links, fmt=fmt)
    tokens = _MD.parse(body)
    out = _html(tokens) if fmt == "html" else _plain(tokens)
    return _BLANKS.sub("\n\n", out).strip()


def render_record(*, text: str, record: Mapping[str, Any]) -> str:
    """Render ``text`` for the customer with the links and format stored in a draft record."""
    links = {int(c["n"]): c.get("url") for c in record.get("citations", [])}
    fmt: TextFormat = "html" if record.get("customer_format") == "html" else "plain"
    return render(text=text, links=links, fmt=fmt)


def _link_markers(text: str, *, links: Mapping[int, str | None], fmt: TextFormat) -> str:
    """Replace each ``[n]`` with its article's link the first time the link appears; drop the rest."""
    shown: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        url = links.get(int(match.group(1)))
        if not url or url in shown:
            return ""
        shown.add(url)
        return f" (<{url}>)" if fmt == "plain" else f" ([more]({url}))"

    return _MARKER.sub(replace, text)


def _plain(tokens: Sequence[Token]) -> str:
    """Render Markdown tokens as plain text: lists numbered or dashed, links as 'text (url)'."""
    lines: list[str] = []
    lists: list[int] = []  # per open list: the next number, or -1 for bullets
    item_open = False
    for token in tokens:
        if token.type in ("ordered_list_open", "bullet_list_open"):
            lists.append(int(token.attrs.get("start", 1) or 1) if token.type.startswith("ordered") else -1)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
            lines.append("")
        elif token.type == "list_item_open" and lists:
            lines.append("   " * (len(lists) - 1) + ("- " if lists[-1] < 0 else f"{lists[-1]}. "))
            lists[-1] += 1 if lists[-1] >= 0 else 0
            item_open = True
        elif token.type == "inline":
            text = _inline_plain(token.children or [])
            if item_open:
                lines[-1] += text
            else:
                lines.append(text)
            item_open = False
        elif token.type in ("fence", "code_block"):
            lines.extend(["", *("   " + ln for ln in token.content.rstrip("\n").splitlines()), ""])
        elif token.type in ("paragraph_close", "heading_close", "hr") and not lists:
            lines.append("")
    return "\n".join(line.rstrip() for line in lines)


def _inline_plain(children: Sequence[Token]) -> str:
    """Render inline tokens as plain text; a link keeps its text and, when absolute, its address."""
    parts: list[str] = []
    href: list[tuple[str, bool]] = []
    for child in children:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "link_open":
            href.append((str(child.attrs.get("href", "")), child.markup == "autolink"))
        elif child.type == "link_close" and href:
            url, bare = href.pop()
            if url.startswith(_ABSOLUTE) and not bare:
                parts.append(f" ({url})")
    return "".join(parts)


def _html(tokens: Sequence[Token]) -> str:
    """Render Markdown tokens as HTML; a link without an absolute address keeps only its text."""
    for token in tokens:
        opened: list[bool] = []
        for child in token.children or []:
            if child.type == "link_open":
                relative = not str(child.attrs.get("href", "")).startswith(_ABSOLUTE)
                opened.append(relative)
                if relative:
                    child.type, child.content = "text", ""
            elif child.type == "link_close" and opened and opened.pop():
                child.type, child.content = "text", ""
    rendered: str = _MD.renderer.render(list(tokens), _MD.options, {})
    return rendered


def escape(text: str) -> str:
    """Escape text for showing it inside an HTML page."""
    return html.escape(text)
