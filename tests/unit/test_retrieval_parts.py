"""Query cleanup, plan rules, article-level fusion, stubs and passage sizes (no model needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knowledge.articles import exclusion_reason, is_stub, load_article
from knowledge.chunking import MAX_PASSAGE_CHARS, chunk_article, summary_passage
from knowledge.plans import compares_plans, plan_allows, required_plan
from knowledge.query import clean_query
from knowledge.rerank import FEATURES, RerankModel, Signals, features, load_model, rerank
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


def _signals(**overrides: object) -> Signals:
    """Two candidate articles: 'a' first in the fusion, 'b' better matched by its passages and title."""
    values: dict[str, object] = dict(
        order=["a.md", "b.md", "c.md"], article_score={"a.md": 0.1, "b.md": 0.09, "c.md": 0.05},
        dense=["a.md", "b.md"], summaries=["b.md", "a.md"], lexical=[("a.md", 4.0), ("b.md", 3.0)],
        whole={"a1": 0.40, "b1": 0.62, "bs": 0.5}, focus={"a1": 0.3, "b1": 0.7},
        sentences={"a1": [0.2, 0.3], "b1": [0.6, 0.1], "bs": [0.1, 0.5]},
        passages={"a.md": ["a1"], "b.md": ["b1"], "c.md": []}, summary_of={"b.md": "bs"},
        named={"a.md": frozenset({"invoic"}), "b.md": frozenset({"export", "csv"}), "c.md": frozenset()},
        titled={"a.md": frozenset({"invoic"}), "b.md": frozenset({"export", "csv"}), "c.md": frozenset()},
        query_words=frozenset({"export", "csv", "file"}),
    )
    values.update(overrides)
    return Signals.model_validate(values)


def test_rerank_features_describe_each_candidate_without_naming_it() -> None:
    articles, rows = features(signals=_signals())
    assert articles == ["a.md", "b.md", "c.md"] and rows.shape == (3, len(FEATURES))
    row = dict(zip(FEATURES, rows[1], strict=True))
    assert row["sim_best"] == pytest.approx(0.62) and row["sim_gap"] == pytest.approx(0.0)
    assert row["title_covered"] == 1.0 and row["query_named"] == pytest.approx(2 / 3)
    assert row["sentence_best"] == pytest.approx(0.6) and row["sentence_cover"] == pytest.approx(0.55)
    assert row["dense_rank"] == 0.5 and row["summary_rank"] == 1.0 and row["lexical_ratio"] == 0.75
    empty = dict(zip(FEATURES, rows[2], strict=True))
    assert empty["sim_best"] == 0.0 and empty["lexical_rank"] == 0.0 and empty["sentence_cover"] == 0.0


def test_rerank_orders_the_first_candidates_by_the_model_and_keeps_the_rest() -> None:
    def model(weights: dict[str, float]) -> RerankModel:
        return RerankModel(features=list(FEATURES), mean=[0.0] * len(FEATURES), scale=[1.0] * len(FEATURES),
                           coef=[weights.get(f, 0.0) for f in FEATURES], intercept=0.0)

    signals = _signals()
    assert rerank(signals=signals, model=model({"sim_best": 1.0}), depth=2) == ["b.md", "a.md", "c.md"]
    assert rerank(signals=signals, model=model({"fused": 1.0}), depth=2) == ["a.md", "b.md", "c.md"]
    assert rerank(signals=_signals(order=["a.md"]), model=model({"sim_best": 1.0})) == ["a.md"]


def test_a_rerank_model_for_other_features_is_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    stale = RerankModel(features=["fused"], mean=[0.0], scale=[1.0], coef=[1.0], intercept=0.0)
    path.write_text(stale.model_dump_json())
    assert load_model(path) is None
    assert load_model(tmp_path / "missing.json") is None
