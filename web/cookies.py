"""Mark cookies ``Secure`` when the page is served over TLS (directly, or behind a proxy that says so).

``DRAFTGATE_COOKIE_SECURE``: ``auto`` (default) adds ``Secure`` when the request's scheme is https,
which uvicorn sets from ``X-Forwarded-Proto`` for trusted proxies (``--forwarded-allow-ips``);
``always`` adds it everywhere (then sign-in works only over https); ``never`` leaves cookies as set.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class SecureCookies:
    """ASGI middleware that appends ``; Secure`` to every Set-Cookie header when it should."""

    def __init__(self, app: ASGIApp, *, mode: str = "auto") -> None:
        self.app, self.mode = app, mode

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        secure = scope["type"] == "http" and (
            self.mode == "always" or (self.mode == "auto" and scope.get("scheme") == "https"))
        if not secure:
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, value + b"; Secure") if name.lower() == b"set-cookie" and b"secure" not in value.lower()
                    else (name, value) for name, value in message.get("headers", [])]
            await send(message)

        await self.app(scope, receive, send_secure)
