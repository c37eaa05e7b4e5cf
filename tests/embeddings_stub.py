"""A local OpenAI-compatible embeddings server for tests and benchmarks, with a realistic latency.

``POST /v1/embeddings`` answers ``{"data": [{"index", "embedding"}], "model", "usage"}`` like the real
API, with deterministic unit vectors (the same text always gets the same vector) after
``latency_s + per_text_s * len(input)`` seconds. ``fail_every=N`` answers every Nth request with a
500 (or 429 with ``fail_status``), to exercise the client's retries. Loopback only; stops with the block.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np


@dataclass
class StubStats:
    """What the stub served."""

    requests: int = 0
    texts: int = 0
    failures: int = 0
    max_in_flight: int = 0
    in_flight: int = 0
    seen: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def vector(text: str, dims: int) -> list[float]:
    """Return the stub's unit vector for a text."""
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
    v = np.random.default_rng(seed).standard_normal(dims).astype(np.float32)
    return (v / np.linalg.norm(v)).tolist()  # type: ignore[no-any-return]


@contextmanager
def embeddings_stub(*, latency_s: float = 0.15, per_text_s: float = 0.002, dims: int = 384, fail_every: int = 0,
                    fail_status: int = 500, keep_texts: bool = False) -> Iterator[tuple[str, StubStats]]:
    """Serve the stub on a free loopback port; yield its ``/v1`` base URL and its stats."""
    stats = StubStats()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            texts = body.get("input", [])
            texts = [texts] if isinstance(texts, str) else texts
            with stats.lock:
                stats.requests += 1
                number = stats.requests
                stats.in_flight += 1
                stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
            try:
                time.sleep(latency_s + per_text_s * len(texts))
                if fail_every and number % fail_every == 0:
                    with stats.lock:
                        stats.failures += 1
                    self._send(fail_status, {"error": {"message": "stub failure", "type": "server_error"}})
                    return
                with stats.lock:
                    stats.texts += len(texts)
                    if keep_texts:
                        stats.seen.extend(str(t) for t in texts)
                data = [{"object": "embedding", "index": i, "embedding": vector(str(t), dims)}
                        for i, t in enumerate(texts)]
                self._send(200, {"object": "list", "data": data, "model": body.get("model", "stub"),
                                 "usage": {"prompt_tokens": 0, "total_tokens": 0}})
            finally:
                with stats.lock:
                    stats.in_flight -= 1

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            raw = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *_: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", stats
    finally:
        server.shutdown()
        server.server_close()
