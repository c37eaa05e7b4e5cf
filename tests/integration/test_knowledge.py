"""Ingestion and retrieval over real Chroma with the real local embeddings."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from agent.settings import Settings
from knowledge.answered import AnsweredTicket
from knowledge.embeddings import Embedder, local_embedder
from knowledge.ingest import ingest_folder
from knowledge.retrieval import Retriever
from knowledge.store import PassageStore
from tests.conftest import NEVER_RETRIEVED, PLAUSIBLE, SAMPLE_HELP_CENTER

ROOT = Path(__file__).resolve().parents[2]


class CountingEmbedder:
    """The real embedder, counting how many texts it embedded."""

    model_id = "all-MiniLM-L6-v2"

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.count = inner, 0

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.count += len(texts)
        return self.inner.embed(texts)


def test_sample_help_center_never_serves_draft_retired_or_expired(sample_store_dir: Path, embedder: Embedder) -> None:
    store = PassageStore.open(path=sample_store_dir / "chroma", url=None, collection="helpcenter", embedder=embedder)
    stored = store.article_versions()
    assert not set(NEVER_RETRIEVED) & set(stored)
    retriever = Retriever(store=store, min_similarity=0.35)
    for query in ("Hipchat integration", "60-day money-back guarantee", "AI card summaries Catch me up",
                  "export a board to PDF", "phone support hours callback PIN", "Team Unlimited pricing $6"):
        paths = {r.source_path for r in retriever.retrieve(query=query, k=10).results}
        assert not paths & set(NEVER_RETRIEVED), query


def test_ingest_reports_each_decision_and_is_incremental(tmp_path: Path, embedder: Embedder) -> None:
    root = tmp_path / "kb"
    shutil.copytree(SAMPLE_HELP_CENTER / "integrations", root / "integrations")
    (root / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody text that is long enough to count.\n")
    (root / "empty.md").write_text("")
    (root / "binary.md").write_bytes(b"\x00\x01\x02" * 100)
    (root / "latin1.md").write_bytes("# Caf\xe9 menu\n\nThis file is not UTF-8 at all, sorry.".encode("latin-1"))
    counting = CountingEmbedder(embedder)
    store = PassageStore.open(path=tmp_path / "chroma", url=None, collection="helpcenter", embedder=counting)
    first = ingest_folder(root=root, store=store)
    reasons = {s.source_path: s.reason for s in first.skipped}
    assert "front matter" in reasons["broken.md"] and "empty" in reasons["empty.md"]
    assert "binary" in reasons["binary.md"] and "UTF-8" in reasons["latin1.md"]
    assert "retired" in reasons["integrations/hipchat-legacy.md"]
    assert sorted(first.added) == ["integrations/github.md", "integrations/google-drive.md",
                                   "integrations/slack.md", "integrations/zapier-and-webhooks.md"]
    embedded = counting.count
    assert embedded > 0

    again = ingest_folder(root=root, store=store)
    assert counting.count == embedded, "re-ingesting an unchanged folder embeds nothing"
    assert len(again.unchanged) == 4 and not again.added and not again.updated

    slack = root / "integrations" / "slack.md"
    slack.write_text(slack.read_text() + "\n\n## Muting a channel\n\nOpen the channel settings and choose Mute.\n")
    (root / "integrations" / "github.md").unlink()
    third = ingest_folder(root=root, store=store)
    assert third.updated == ["integrations/slack.md"] and third.removed == ["integrations/github.md"]
    versions = store.article_versions()
    assert "integrations/github.md" not in versions
    assert len({h for p, h in versions.items() if p == "integrations/slack.md"}) == 1


def test_expiry_is_judged_on_the_day(tmp_path: Path, embedder: Embedder) -> None:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "a.md").write_text("---\ntitle: A\nreview_by: 2030-01-01\n---\n# A\n\nSome approved text about exports.\n")
    store = PassageStore.open(path=tmp_path / "chroma", url=None, collection="helpcenter", embedder=embedder)
    assert ingest_folder(root=root, store=store, today=dt.date(2029, 12, 31)).added == ["a.md"]
    later = ingest_folder(root=root, store=store, today=dt.date(2030, 1, 2))
    assert later.removed == ["a.md"] and "expired" in later.skipped[0].reason


@pytest.mark.skipif(not PLAUSIBLE.exists(), reason="../shared/data/helpcenter is not beside the project")
def test_plan_gating_from_mdx_component_is_kept(tmp_path: Path, embedder: Embedder) -> None:
    root = tmp_path / "kb"
    (root / "docs").mkdir(parents=True)
    for name in ("sso.md", "billing.md", "2fa.md"):
        shutil.copy(PLAUSIBLE / "docs" / name, root / "docs" / name)
    store = PassageStore.open(path=tmp_path / "chroma", url=None, collection="helpcenter", embedder=embedder)
    report = ingest_folder(root=root, store=store)
    assert sorted(report.added) == ["docs/2fa.md", "docs/billing.md", "docs/sso.md"]
    retriever = Retriever(store=store, min_similarity=0.35)
    enterprise = retriever.retrieve(query="single sign-on with Okta SAML", k=3, plan="enterprise").results
    assert enterprise[0].source_path == "docs/sso.md" and enterprise[0].min_plan == "enterprise"
    assert "import " not in enterprise[0].chunk and "<PlanFeatureNote" not in enterprise[0].chunk
    growth = retriever.retrieve(query="single sign-on with Okta SAML", k=3, plan="growth").results
    assert all(r.source_path != "docs/sso.md" for r in growth)


def test_an_article_stops_answering_the_day_its_review_date_passes(tmp_path: Path, embedder: Embedder) -> None:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "exports.md").write_text("---\ntitle: Export boards\nreview_by: 2031-03-01\n---\n# Export boards\n\n"
                                     "Open the board menu, choose Export and pick CSV to download every card.\n")
    (root / "import.md").write_text("---\ntitle: Import boards\n---\n# Import boards\n\n"
                                    "Open the board menu, choose Import and upload a CSV file of cards.\n")
    store = PassageStore.open(path=tmp_path / "chroma", url=None, collection="helpcenter", embedder=embedder)
    ingest_folder(root=root, store=store, today=dt.date(2031, 1, 1))
    day = {"today": dt.date(2031, 3, 1)}
    retriever = Retriever(store=store, min_similarity=0.0, today=lambda: day["today"])
    assert retriever.retrieve(query="export board to CSV", k=3).results[0].source_path == "exports.md"
    day["today"] = dt.date(2031, 3, 2)
    paths = [r.source_path for r in retriever.retrieve(query="export board to CSV", k=3).results]
    assert paths == ["import.md"], "expired at retrieval time, without a re-ingest"
    assert retriever.sections(query="export", source_paths=["exports.md"]) == []


def _two_articles(root: Path) -> None:
    """Two articles, neither of which uses the customer's words for what it solves."""
    root.mkdir()
    (root / "bots.md").write_text("---\ntitle: Bot traffic filtering\n---\n# Bot traffic filtering\n\n"
                                  "Requests from data centers and known crawlers are excluded from the statistics "
                                  "automatically, so automated traffic never inflates the dashboard.\n")
    (root / "goals.md").write_text("---\ntitle: Goal conversions\nreview_by: 2031-06-01\n---\n# Goal conversions\n\n"
                                   "Add a goal in the site settings to count how many visitors reach a page or "
                                   "click a button, and see the conversion rate on the dashboard.\n")


def test_answered_tickets_rank_the_article_they_were_answered_from(tmp_path: Path, embedder: Embedder) -> None:
    _two_articles(tmp_path / "kb")
    store = PassageStore.open(path=tmp_path / "chroma", url=None, collection="helpcenter", embedder=embedder)
    ingest_folder(root=tmp_path / "kb", store=store, today=dt.date(2031, 1, 1))
    day = {"today": dt.date(2031, 1, 1)}
    query = "why does the visitor count jump every night at 3am when nobody is awake"

    def scores() -> dict[str, float]:
        found = Retriever(store=store, min_similarity=0.0, today=lambda: day["today"]).retrieve(query=query, k=2)
        return {r.source_path: r.score for r in found.results}

    before = scores()
    said = "visitor count jumps every night at 3am, nobody is awake then"
    store.add_answered(tickets=[AnsweredTicket(id="t1", text=said, articles=["bots.md"])])
    after = scores()
    assert after["bots.md"] > before["bots.md"] and after["goals.md"] == before["goals.md"], (before, after)
    store.add_answered(tickets=[AnsweredTicket(id="t1", text=said, articles=["goals.md"])])
    assert store.answered_count() == 1, "a ticket stored again replaces the earlier one"
    moved = scores()
    assert moved["goals.md"] > before["goals.md"] and moved["bots.md"] == before["bots.md"], (before, moved)
    strict = Retriever(store=store, min_similarity=0.99, today=lambda: day["today"])
    assert strict.retrieve(query="stats jump at 3am", k=2).weak, "no passage and no close answered ticket"
    found = strict.retrieve(query=said, k=2)
    assert not found.weak and [r.source_path for r in found.results if r.confirmed] == ["goals.md"], \
        "an answered ticket this close makes its article a confident answer below the similarity threshold"
    day["today"] = dt.date(2031, 6, 2)
    assert list(scores()) == ["bots.md"], "an answered ticket never brings back an article past its review date"
    store.clear_answered()
    assert store.answered_count() == 0 and len(store.answered()) == 0


def test_ingest_answered_as_a_user_runs_it(tmp_path: Path) -> None:
    _two_articles(tmp_path / "kb")
    answered = tmp_path / "answered.jsonl"
    answered.write_text("\n".join([
        json.dumps({"id": "c1", "subject": "stats jump at night", "body": "Hi, our visitors jump every night at 3am, "
                    "says Maria Lopez (maria@example.com).\nThanks,\nMaria", "relevant": ["bots.md"], "human_reply": "…"}),
        json.dumps({"id": "c2", "subject": "no article", "body": "hello"}),
        "not json",
    ]) + "\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAFTGATE_DATA_DIR": str(tmp_path / "var")}
    done = subprocess.run([sys.executable, "-m", "cli.main", "ingest", str(tmp_path / "kb"), "--answered", str(answered)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 1, "bad lines make the run exit 1 after the good ones are stored"
    assert "answered tickets: 1 stored, 2 skipped" in done.stderr
    assert f"skipped: {answered}:2: each answered ticket needs `relevant`" in done.stderr
    assert f"skipped: {answered}:3:" in done.stderr
    settings = Settings(data_dir=tmp_path / "var")
    store = PassageStore.open(path=settings.chroma_path, url=None, collection=settings.collection,
                              embedder=local_embedder())
    index = store.answered()
    assert index.articles == [["bots.md"]]
    text = store._answered.get(ids=["c1"], include=["documents"])["documents"][0]
    assert "Maria" not in text and "maria@" not in text and "Thanks" not in text and "3am" in text, text
