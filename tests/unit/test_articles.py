"""Article loading, cleaning of templating, approval rules and chunking."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knowledge.articles import ArticleError, exclusion_reason, load_article
from knowledge.chunking import chunk_article
from knowledge.markup import clean_markdown

MDX = """---
title: Single Sign-On
description: x
--- 

import useBaseUrl from '@docusaurus/useBaseUrl';
import PlanFeatureNote from '@site/src/components/PlanFeatureNote';

<PlanFeatureNote feature="sso" plan="enterprise" label="SSO" />

<head>
  <script type="application/ld+json">{"faq": "duplicate"}</script>
</head>

Your team can sign in with SSO.

:::tip What is SAML?
SAML is a protocol.
:::

## How it works {#how}

<div class="browser">
<img alt="x" src={useBaseUrl('img/a.png')} />
</div>

1. Open **Team Settings**.
2. Click **Start Configuring SSO**.

<CtaBox title="Try it" />

```js
import x from 'y'; // code stays
```
"""


def test_mdx_is_cleaned_and_plan_gating_kept(tmp_path: Path) -> None:
    (tmp_path / "sso.md").write_text(MDX)
    article = load_article(path=tmp_path / "sso.md", root=tmp_path)
    assert article.title == "Single Sign-On" and article.min_plan == "enterprise"
    assert article.status == "approved"
    for gone in ("import useBaseUrl", "<head>", "ld+json", "<img", "CtaBox", "{#how}", ":::"):
        assert gone not in article.body
    assert "import x from 'y'; // code stays" in article.body
    assert "**tip:** What is SAML?" in article.body and "## How it works" in article.body
    passages = chunk_article(article=article)
    assert all(p.min_plan == "enterprise" for p in passages)
    assert not any("[[plan:" in p.text for p in passages)


def test_liquid_includes_are_expanded_and_tags_removed(tmp_path: Path) -> None:
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "note.md").write_text("Shared note about billing cycles.")
    text = clean_markdown(text="# T\n\n{% include 'note.md' %}\n\n{% if plan %}Hi {{ user.name }}{% endif %}\n",
                          include=lambda name: (tmp_path / "_includes" / name).read_text())
    assert "Shared note about billing cycles." in text and "{%" not in text and "{{" not in text


@pytest.mark.parametrize(("meta", "reason"), [
    ("status: draft", "status is 'draft'"),
    ("status: retired", "status is 'retired'"),
    ("review_by: 2020-01-01", "expired"),
    ("draft: true", "status is 'draft'"),
    ("review_by: soon", "not a date"),
])
def test_unapproved_articles_are_excluded(tmp_path: Path, meta: str, reason: str) -> None:
    (tmp_path / "a.md").write_text(f"---\ntitle: A\n{meta}\n---\n\nEnough text to be an article body.\n")
    article = load_article(path=tmp_path / "a.md", root=tmp_path)
    assert reason in (exclusion_reason(article=article, today=dt.date(2026, 11, 23)) or "")


def test_default_status_applies_without_status_field(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Plain\n\nA published article without front matter.\n")
    assert load_article(path=tmp_path / "a.md", root=tmp_path).status == "approved"
    assert load_article(path=tmp_path / "a.md", root=tmp_path, default_status="draft").status == "draft"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"), (b"\x00\x01" * 50, "binary"), ("caf\xe9 ol\xe9".encode("latin-1") * 5, "UTF-8"),
    (b"---\ntitle: [x\n---\nbody text here long enough", "front matter"),
    (b"---\n- a\n- b\n---\nbody text here long enough", "mapping"),
    (b"---\ntitle: x\nno closing fence and more text", "never closed"),
])
def test_malformed_files_fail_clearly(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "bad.md").write_bytes(content)
    with pytest.raises(ArticleError, match=message):
        load_article(path=tmp_path / "bad.md", root=tmp_path)


def test_html_articles_keep_headings_and_lists(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<html><head><title>Export data</title><script>x()</script></head><body>"
                                     "<h2>Steps</h2><ol><li>Open Settings</li><li>Click Export</li></ol></body></html>")
    article = load_article(path=tmp_path / "a.html", root=tmp_path)
    assert article.title == "Export data" and "## Steps" in article.body and "- Click Export" in article.body
    assert "x()" not in article.body


def test_chunks_carry_section_paths(tmp_path: Path) -> None:
    body = "# Guide\n\nIntro " + "words " * 40 + "\n\n## Setup\n\n" + "Setup text. " * 30 + "\n\n### Tokens\n\n" \
        + "Token text. " * 30
    (tmp_path / "g.md").write_text(body)
    passages = chunk_article(article=load_article(path=tmp_path / "g.md", root=tmp_path))
    assert [p.section for p in passages] == ["Guide", "Guide > Setup", "Guide > Setup > Tokens"]
