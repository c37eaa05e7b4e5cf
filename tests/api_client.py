"""The app in-process (Starlette's TestClient, no server) with one API key per role."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi.testclient import TestClient

from agent.settings import Settings
from api.app import create_app
from review.services import Services
from tests.servers import make_keys


class ApiClient:
    """Call the API as a role; the delivery worker is off, tests run ``review.delivery.run_once`` themselves."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.services = Services(settings=settings, use_model=False)
        self.client = TestClient(create_app(settings=settings, services=self.services, run_worker=False))
        self.keys = make_keys(self.services)

    def call(self, method: str, path: str, role: str | None, body: Any = None, **headers: str) -> httpx.Response:
        """Send one request with the role's key (none when ``role`` is None)."""
        auth = {"Authorization": f"Bearer {self.keys[role]}"} if role else {}
        return self.client.request(method, path, json=body, headers={**auth, **headers})

    def create(self, **ticket: Any) -> dict[str, Any]:
        """Create a draft as the ticketing system and return it."""
        body = {"ticket_id": "T-1", "subject": "Export boards", "body": "How do I export my boards?", **ticket}
        answer = self.call("POST", "/v1/drafts", "ticketing", body)
        assert answer.status_code == 201, answer.text
        return dict(answer.json())

    def decide(self, draft: dict[str, Any], action: str, body: dict[str, Any], role: str = "rep") -> httpx.Response:
        """Approve, reject or escalate a draft with its current ETag."""
        return self.call("POST", f"/v1/drafts/{draft['id']}/{action}", role, body, **{"If-Match": draft["etag"]})

    def read(self, draft_id: str, role: str = "rep") -> dict[str, Any]:
        """Read a draft."""
        answer = self.call("GET", f"/v1/drafts/{draft_id}", role)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def close(self) -> None:
        """Release the database."""
        self.services.close()
