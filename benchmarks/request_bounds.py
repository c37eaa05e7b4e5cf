"""What one draft request costs, on tickets up to the body limit: wall time and memory per request.

Run (from the project root, after the README set-up):

    .venv/bin/python benchmarks/request_bounds.py [--sizes 65536,262144,1040000]

What it does, for each size and each shape of ticket:

1. ``names``: ``"John Smith Street "`` repeated (every word a name or street candidate, the worst case
   of the name-mention pass); ``prose``: ordinary support sentences with names and e-mails;
2. the JSON body of ``POST /v1/drafts`` is built with ``messages`` (at most 200,000 characters each)
   until it is just under ``--sizes`` bytes, and sent through the real app (in-process, Starlette's
   TestClient) with the sample help center ingested, extractive drafter, SQLite;
3. the request is timed; then sent again under ``tracemalloc`` for its peak Python allocation;
4. ``redact()`` alone on the whole text (no bound) shows that the redaction itself is linear.

Prints one JSON object per line. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from fastapi.testclient import TestClient  # noqa: E402

from agent.redaction import redact  # noqa: E402
from agent.settings import Settings  # noqa: E402
from api.app import create_app  # noqa: E402
from knowledge.ingest import ingest_folder  # noqa: E402
from review.auth import create_key  # noqa: E402
from review.db import transaction  # noqa: E402
from review.services import Services  # noqa: E402

PROSE = ("Hi, this is Maria Gonzalez from Acme. I tried to export my boards to CSV but the download stops "
         "halfway; my colleague Tom Becker (tom.becker@example.com) sees the same. ")
SHAPES = {"names": "John Smith Street ", "prose": PROSE}


def body_of(unit: str, size: int) -> bytes:
    """Return a ``POST /v1/drafts`` body just under ``size`` bytes made of repeated ``unit``."""
    text = unit * (size // len(unit))
    messages, left = [], size - 400
    while left > 100:
        chunk = text[: min(left, 190_000)]
        messages.append({"author": "customer", "body": chunk})
        left -= len(chunk) + 40
    return json.dumps({"ticket_id": "B-1", "subject": "Export", "messages": messages}).encode()


def main() -> None:
    """Measure each shape and size; print JSON lines."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="65536,262144,1040000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), _env_file=None)  # type: ignore[call-arg]
        services = Services(settings=settings, use_model=False)
        ingest_folder(root=ROOT / "cli" / "demo_data" / "helpcenter", store=services.store(),
                      stamp_path=services.stamp_path)
        with transaction(services.sessions) as session:
            key = create_key(session=session, role="ticketing", name="bench")
        client = TestClient(create_app(settings=settings, services=services, run_worker=False))
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        client.post("/v1/drafts", content=body_of(PROSE, 2000), headers=headers)  # warm up models and regexes
        for shape, unit in SHAPES.items():
            for size in (int(s) for s in args.sizes.split(",")):
                body = body_of(unit, size)
                start = time.perf_counter()
                answer = client.post("/v1/drafts", content=body, headers=headers)
                seconds = time.perf_counter() - start
                tracemalloc.start()
                client.post("/v1/drafts", content=body, headers=headers)
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                text = "".join(m["body"] for m in json.loads(body)["messages"])
                start = time.perf_counter()
                redact(text=text)
                redact_s = time.perf_counter() - start
                print(json.dumps({
                    "shape": shape, "body_bytes": len(body), "status": answer.status_code,
                    "truncated": any(r.startswith("ticket_truncated") for r in answer.json().get("reasons", [])),
                    "request_s": round(seconds, 3), "request_peak_mib": round(peak / 2**20, 1),
                    "redact_whole_text_s": round(redact_s, 2), "chars": len(text),
                    "process_max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                }), flush=True)
        services.close()


if __name__ == "__main__":
    main()
