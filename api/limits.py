"""Bound request bodies: 413 above the size limit (declared or chunked), 408 when a body arrives too slowly.

The body is read here, before any route sees it, within ``max_bytes`` and a total deadline of
``timeout_s`` for the whole body; the route then reads it from memory. A slow-loris client that
trickles its body is answered 408 and disconnected instead of holding a worker for ever.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodySizeLimit:
    """ASGI middleware: 413 when Content-Length or the streamed body exceeds ``max_bytes``; 408 past the deadline."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, timeout_s: float = 30.0) -> None:
        self.app, self.max_bytes, self.timeout_s = app, max_bytes, timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _refuse(send, 413, "body_too_large", f"request body is larger than {self.max_bytes} bytes")
            return
        try:
            body, tail = await asyncio.wait_for(self._read(receive), timeout=self.timeout_s)
        except TimeoutError:
            await _refuse(send, 408, "body_timeout", f"the request body did not arrive within {self.timeout_s:g} s")
            return
        except _TooLarge:
            await _refuse(send, 413, "body_too_large", f"request body is larger than {self.max_bytes} bytes")
            return
        replayed = False

        async def buffered_receive() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return tail if tail is not None else {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, buffered_receive, send)

    async def _read(self, receive: Receive) -> tuple[bytes, Message | None]:
        """Read the whole body within the size limit; return it (or the disconnect that cut it short)."""
        parts: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(parts), message
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_bytes:
                raise _TooLarge
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts), None


class _TooLarge(Exception):
    """The streamed body passed the limit."""


async def _refuse(send: Any, status: int, code: str, message: str) -> None:
    """Send the JSON error and close the connection."""
    body = json.dumps({"code": code, "message": message, "errors": []}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
