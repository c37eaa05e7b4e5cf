"""Public links of articles: where a customer can read the article a draft cites."""

from __future__ import annotations

from pathlib import PurePosixPath


def public_url(*, base: str | None, source_path: str) -> str | None:
    """Return an article's public address under the help center's base address, or None without one.

    Docusaurus-style: the path without its extension, ``index`` naming its folder.

    >>> public_url(base="https://plausible.io/", source_path="docs/excluding.md")
    'https://plausible.io/docs/excluding'
    >>> public_url(base="https://help.example.com", source_path="billing/index.mdx")
    'https://help.example.com/billing'
    >>> public_url(base=None, source_path="docs/a.md") is None
    True
    """
    if not base:
        return None
    path = PurePosixPath(source_path)
    parts = [*path.parent.parts, path.stem] if path.stem != "index" else list(path.parent.parts)
    return base.rstrip("/") + "/" + "/".join(p for p in parts if p not in ("", "."))
