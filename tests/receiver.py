"""A real webhook receiver for tests: records raw bodies and headers; can fail on purpose."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """A ThreadingHTTPServer on a free loopback port."""

    def __init__(self, *, fail_first: int = 0, delay_s: float = 0.0) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.attempts: list[bytes] = []  # every body that arrived, acknowledged or not
        self.fail_first = fail_first
        self.delay_s = delay_s
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with outer._lock:
                    outer.attempts.append(body)
                    delay = outer.delay_s
                if delay:
                    time.sleep(delay)
                with outer._lock:
                    failing = outer.fail_first > 0
                    if failing:
                        outer.fail_first -= 1
                    else:
                        outer.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(503 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self, *, fail_first: int = 0, delay_s: float = 0.0) -> None:
        """Forget what arrived and set how the next requests are answered."""
        with self._lock:
            self.received.clear()
            self.attempts.clear()
            self.fail_first, self.delay_s = fail_first, delay_s

    def wait_for(self, count: int, timeout: float = 20.0) -> list[tuple[dict[str, str], bytes]]:
        """Wait until ``count`` deliveries arrived (or the timeout passed) and return them all."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    break
            time.sleep(0.1)
        with self._lock:
            return list(self.received)
