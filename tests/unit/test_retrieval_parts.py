"""Query cleanup, plan rules, article-level fusion, stubs and passage sizes (no model needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knowledge.articles import exclusion_reason, is_stub, load_article
from knowledge.chunking import MAX_PASSAGE_CHARS, chunk_article, summary_passage
from knowledge.plans import compares_plans, plan_allows, required_plan
from knowledge.query import clean_query
from knowledge.retrieval import fuse_articles
from knowledge.store import embedding_text


@pytest.mark.parametrize(("ticket", "query"), [
    ("Hi team,\nwhere is my invoice?\n\nThanks!\nTom\nAcme Inc", "where is my invoice?"),
    ("Re: Fwd: export\n\nhello, can I export to CSV? Mail [EMAIL_1]", "export\n\ncan I export to CSV? Mail"),
    ("Hey there! how do I export?\n\nSent from my iPhone", "how do I export?"),
    ("hi how do I reset my password", "how do I reset my password"),
    ("Hello, I am locked out.\n\nBest regards,\nAmina", "I am locked out."),
])
def test_clean_query_drops_greetings_signatures_and_placeholders(ticket: str, query: str) -> None:
    assert clean_query(ticket) == query


def test_clean_query_keeps_a_ticket_that_is_only_a_greeting() -> None:
    assert clean_query("hi") == "hi"
    assert clean_query("thanks!!") == "thanks!!"


def test_plan_rules() -> None:
    assert plan_allows(customer_plan="starter", min_plan="", plans="")
    assert not plan_allows(customer_plan="growth", min_plan="enterprise", plans="")
    assert plan_allows(customer_plan="enterprise", min_plan="business", plans="")
    assert not plan_allows(customer_plan="starter", min_plan="", plans="pro|business")
    assert plan_allows(customer_plan=None, min_plan="enterprise", plans="")
    assert required_plan(min_plan="", plans="enterprise|pro|business") == "pro"
    assert compares_plans("| Feature | Starter | Pro | Business |")
    assert not compares_plans("Invite your team on the Business plan.")


def test_fusion_ranks_articles_not_passages() -> None:
    article_of = {"a1": "a.md", "a2": "a.md", "a3": "a.md", "b1": "b.md", "c1": "c.md"}
    dense = ["a1", "a2", "a3", "b1", "c1"]
    lexical = ["b1", "c1", "a2"]
    order, article_score, passage_score = fuse_articles(
        rankings=[(dense, 1.0), (lexical, 1.0)], article_of=article_of, rrf_k=20)
    assert order == ["b.md", "a.md", "c.md"]  # b is first in one ranking and second in the other
    assert set(article_score) == {"a.md", "b.md", "c.md"}
    assert passage_score["a2"] > passage_score["a3"]


def test_stub_pages_are_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "cdn.md").write_text("---\ntitle: CDN proxy\n---\n\nWe've removed old proxying instructions due to "
                                     "them being out of date. [See our general proxying guide](/proxy/introduction).\n")
    (tmp_path / "short.md").write_text("# Delete a site\n\nOpen [site settings](settings.md), scroll to the Danger "
                                       "zone and click Delete site. This cannot be undone.\n")
    stub = load_article(path=tmp_path / "cdn.md", root=tmp_path)
    short = load_article(path=tmp_path / "short.md", root=tmp_path)
    assert is_stub(article=stub) and "stub" in (exclusion_reason(article=stub, today=dt.date(2026, 1, 1)) or "")
    assert not is_stub(article=short)


def test_long_paragraphs_are_split_and_summary_passage_is_separate(tmp_path: Path) -> None:
    table = "\n".join(f"| metric {i} | what it counts in words that fill the line |" for i in range(80))
    front = "---\ntitle: Reference\ndescription: Every metric.\n---\n\n"
    (tmp_path / "ref.md").write_text(f"{front}## Metrics\n\n{table}\n")
    article = load_article(path=tmp_path / "ref.md", root=tmp_path)
    passages = chunk_article(article=article)
    assert len(passages) > 1 and all(len(p.text) <= MAX_PASSAGE_CHARS for p in passages)
    assert all(p.kind == "content" for p in passages)
    summary = summary_passage(article=article)
    assert summary.kind == "summary" and summary.text.startswith("Reference. Every metric.")
    assert "Metrics" in summary.text and embedding_text(summary) == summary.text
    assert embedding_text(passages[0]).startswith("Reference — ")
