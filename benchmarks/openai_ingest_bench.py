"""Benchmark a large help center through an OpenAI-compatible embeddings endpoint: cold, killed, resumed.

    .venv/bin/python benchmarks/openai_ingest_bench.py                    # 10,000 articles
    .venv/bin/python benchmarks/openai_ingest_bench.py --articles 2000 --kill-after 20

A local stub server (tests/embeddings_stub.py) answers ``/v1/embeddings`` like the real API, after
``--latency`` seconds plus ``--per-text`` seconds per input text (0.15 s + 2 ms by default: a 64-text
request takes about 0.28 s, as a hosted endpoint does), with 384-dimensional vectors. Every
``--fail-every``-th request fails with a 503 to exercise retries. Three runs, each in a fresh process
of ``draftgate ingest`` with ``DRAFTGATE_EMBEDDINGS=openai`` pointed at the stub:

1. cold ingest of the generated articles (4 sections each) into an empty store;
2. the same into another empty store, killed with SIGKILL after ``--kill-after`` seconds;
3. the killed run resumed: only the articles it had not stored are embedded.

Prints one JSON object. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.embeddings_stub import StubStats, embeddings_stub  # noqa: E402
from tests.integration.test_openai_embeddings import write_help_center  # noqa: E402

DRAFTGATE = Path(sys.executable).parent / "draftgate"


def ingest(*, corpus: Path, data_dir: Path, url: str, args: argparse.Namespace, stats: StubStats,
           kill_after: float | None = None) -> dict[str, Any]:
    """Run ``draftgate ingest`` against the stub; return its time, summary and what the stub served."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTGATE_", "OPENAI_"))}
    env.update({"DRAFTGATE_DATA_DIR": str(data_dir), "DRAFTGATE_EMBEDDINGS": "openai", "OPENAI_BASE_URL": url,
                "OPENAI_API_KEY": "stub", "DRAFTGATE_EMBEDDING_MODEL": "stub-embed",
                "DRAFTGATE_EMBEDDING_BATCH_SIZE": str(args.batch), "DRAFTGATE_MODEL_MAX_RETRIES": "4",
                "DRAFTGATE_EMBEDDING_CONCURRENCY": str(args.concurrency)})
    before = (stats.requests, stats.texts, stats.failures)
    began = time.perf_counter()
    process = subprocess.Popen([str(DRAFTGATE), "ingest", str(corpus)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    if kill_after is not None:
        try:
            process.wait(kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
    _, err = process.communicate()
    seconds = time.perf_counter() - began
    lines = [line for line in err.splitlines() if line.startswith(("added ", "ingest: "))]
    return {"seconds": round(seconds, 1), "exit": process.returncode, "summary": lines[-1] if lines else "",
            "requests": stats.requests - before[0], "texts_embedded": stats.texts - before[1],
            "failed_requests_retried": stats.failures - before[2],
            "passages_per_s": round((stats.texts - before[1]) / seconds, 1)}


def main() -> None:
    """Generate the corpus, serve the stub, run the three ingests, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.15)
    parser.add_argument("--per-text", type=float, default=0.002)
    parser.add_argument("--fail-every", type=int, default=50)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--kill-after", type=float, default=60.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="draftgate-openai-ingest-"))
    try:
        corpus = work / "articles"
        write_help_center(corpus, args.articles)
        with embeddings_stub(latency_s=args.latency, per_text_s=args.per_text, fail_every=args.fail_every,
                             fail_status=503) as (url, stats):
            cold = ingest(corpus=corpus, data_dir=work / "cold", url=url, args=args, stats=stats)
            killed = ingest(corpus=corpus, data_dir=work / "resumed", url=url, args=args, stats=stats,
                            kill_after=args.kill_after)
            resumed = ingest(corpus=corpus, data_dir=work / "resumed", url=url, args=args, stats=stats)
        print(json.dumps({
            "articles": args.articles, "stub": {"latency_s": args.latency, "per_text_s": args.per_text,
                                                "fail_every": args.fail_every, "max_in_flight": stats.max_in_flight},
            "batch": args.batch, "concurrency": args.concurrency, "cold": cold, "killed": killed, "resumed": resumed,
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "date": dt.date.today().isoformat(), "load_average_after": [round(x, 1) for x in os.getloadavg()],
        }, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
