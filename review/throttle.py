"""Throttle failed sign-ins per client address, never per account, and answer the same for every name.

Locking the account itself let anyone lock a rep out by guessing wrong ten times, and answering
"locked" only for real accounts told a stranger which names exist. Here failures count per
(address, name) and per address; past the limit that address is refused for a while with one
message whatever the name, and the rep signing in from elsewhere is not affected. Counts live in
the process's ``Services`` (a restart forgets them); run one web process per address pool or put a rate limit in
the proxy as well. Behind a proxy, run uvicorn with ``--proxy-headers`` so the client's address is
the real one.
"""

from __future__ import annotations

import threading
import time
from collections import deque

MAX_FAILURES = 10  # per address and name, within WINDOW_S
MAX_ADDRESS_FAILURES = 50  # per address over all names (password spraying), within WINDOW_S
WINDOW_S = 5 * 60


class SignInThrottle:
    """Sliding-window counts of failed sign-ins by (address, name) and by address."""

    def __init__(self) -> None:
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        """Return the failure times of a key within the window."""
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - WINDOW_S:
            times.popleft()
        return times

    def retry_after(self, *, address: str, name: str) -> int:
        """Return seconds until this address may try this name again (0: it may try now)."""
        now = time.monotonic()
        with self._lock:
            for key, limit in (((address, name.casefold()), MAX_FAILURES), ((address, ""), MAX_ADDRESS_FAILURES)):
                times = self._recent(key, now)
                if len(times) >= limit:
                    return max(1, int(times[0] + WINDOW_S - now))
        return 0

    def failed(self, *, address: str, name: str) -> None:
        """Count one failed sign-in."""
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > 100_000:
                self._failures.clear()
            for key in ((address, name.casefold()), (address, "")):
                self._recent(key, now).append(now)

    def succeeded(self, *, address: str, name: str) -> None:
        """Forget this address's failures for this name."""
        with self._lock:
            self._failures.pop((address, name.casefold()), None)

