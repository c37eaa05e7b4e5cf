"""Production mode: the same ingestion and retrieval against a real Chroma server on loopback."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from knowledge.embeddings import Embedder
from knowledge.ingest import ingest_folder
from knowledge.retrieval import Retriever
from knowledge.store import PassageStore
from tests.conftest import NEVER_RETRIEVED, SAMPLE_HELP_CENTER, free_port


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``chroma run`` (shipped with chromadb) on a free loopback port."""
    exe = Path(sys.executable).parent / "chroma"
    if not exe.exists():
        pytest.skip("the chroma command is not installed")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen([str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.slow
def test_server_mode_ingests_and_retrieves_like_embedded(chroma_url: str, embedder: Embedder,
                                                          tmp_path: Path) -> None:
    root = tmp_path / "kb"
    for folder in ("account", "billing", "integrations"):
        shutil.copytree(SAMPLE_HELP_CENTER / folder, root / folder)
    store = PassageStore.open(path=None, url=chroma_url, collection="server-test", embedder=embedder)
    report = ingest_folder(root=root, store=store)
    assert "account/reset-password.md" in report.added
    assert ingest_folder(root=root, store=store).unchanged == sorted(report.added)
    retriever = Retriever(store=store, min_similarity=0.35)
    found = retriever.retrieve(query="forgot my password and the reset mail never came", k=3, plan="pro")
    assert found.results[0].source_path == "account/reset-password.md" and not found.weak
    leaked = {r.source_path for r in retriever.retrieve(query="Hipchat 60-day money-back", k=10).results}
    assert not leaked & set(NEVER_RETRIEVED)
