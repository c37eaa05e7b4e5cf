"""The OpenAPI document says what the handlers enforce, beyond what the signatures show.

``If-Match`` is declared optional in Python so that a missing header gets 428 (not FastAPI's 422),
but it is required, so the document says so; and ``reason_code`` lists this deployment's reasons.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from agent.settings import Settings


def install(app: FastAPI, *, settings: Settings) -> None:
    """Replace the app's OpenAPI generator with one that adds these facts."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            app.openapi_schema = describe(schema, reject_reasons=settings.reject_reasons)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def describe(schema: dict[str, Any], *, reject_reasons: tuple[str, ...]) -> dict[str, Any]:
    """Mark ``If-Match`` required and list the configured reject reasons."""
    for operation in (op for path in schema.get("paths", {}).values() for op in path.values()):
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "header" and parameter.get("name", "").lower() == "if-match":
                parameter["required"] = True
                parameter["schema"] = {"type": "string", "minLength": 1, "maxLength": 200}
    reject = schema.get("components", {}).get("schemas", {}).get("RejectRequest")
    if reject:
        reject["properties"]["reason_code"]["enum"] = list(reject_reasons)
    return schema
