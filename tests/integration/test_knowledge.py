"""Ingestion and retrieval over real Chroma with the real local embeddings."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from knowledge.embeddings import Embedder
from knowledge.ingest import ingest_folder
from knowledge.retrieval import Retriever
from knowledge.store import PassageStore
from tests.conftest import NEVER_RETRIEVED, PLAUSIBLE, SAMPLE_HELP_CENTER


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
