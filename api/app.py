"""The FastAPI application: routes, the error table, the body-size limit and the delivery worker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException

from agent.settings import Settings
from api import docs, openapi, routes_audit, routes_drafts, routes_metrics, routes_outbox, routes_policy
from api.deps import PrincipalDep
from api.limits import BodySizeLimit
from review import errors, webhooks
from review.delivery import DeliveryWorker
from review.health import database_problem
from review.prometheus import ReviewCollector
from review.services import Services
from web import pages

log = structlog.get_logger("draftgate.api")

STATUS: dict[type[errors.DraftgateError], int] = {
    errors.NotAuthenticated: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.PreconditionFailed: 412,
    errors.InvalidRequest: 422,
    errors.PreconditionRequired: 428,
}

HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
BODY_PARSE_ERROR = "There was an error parsing the body"  # what FastAPI says when a body cannot be decoded


def create_app(*, settings: Settings, services: Services | None = None, run_worker: bool = True) -> FastAPI:
    """Build the app; the delivery worker runs in-process unless ``run_worker`` is False."""
    services = services or Services(settings=settings)

    collector = ReviewCollector(services.sessions, max_age_s=settings.metrics_max_age_s)
    warning = webhooks.unsigned_warning(settings)
    if warning:
        log.warning(warning)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        worker = DeliveryWorker(sessions=services.sessions, settings=settings) if run_worker else None
        if worker:
            worker.start()
        if settings.metrics_max_age_s > 0:
            collector.refresh_in_background()  # the first scrape finds figures ready
        yield
        if worker:
            worker.stop()

    app = FastAPI(title="draftgate", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None, description=(
        "Grounded drafts for support teams; nothing reaches a customer before a person approves it."))
    app.state.services = services
    app.include_router(routes_drafts.router)
    app.include_router(routes_audit.router)
    app.include_router(routes_outbox.router)
    app.include_router(routes_metrics.router)
    app.include_router(routes_policy.router)
    app.include_router(pages.router)
    pages.mount(app, settings=settings)
    docs.install(app)
    _add_error_handlers(app)
    openapi.install(app, settings=settings)
    registry = CollectorRegistry()
    registry.register(collector)

    @app.get("/metrics", include_in_schema=False)
    def metrics(principal: PrincipalDep) -> Response:
        principal.require("read_audit")
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/healthz", tags=["ops"], responses={503: {"description": "the database cannot serve"}})
    def healthz() -> JSONResponse:
        """Say whether the process and its database can serve (503 with the reason when not)."""
        problem = database_problem(services.sessions)
        if problem:
            log.error("health check failed", problem=problem)
            return JSONResponse(status_code=503, content={"status": "error", "database": problem})
        return JSONResponse(content={"status": "ok", "database": "ok"})

    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, timeout_s=settings.body_timeout_s)
    return app


def _error(status: int, code: str, message: str, errors_: list[dict[str, Any]] | None = None) -> JSONResponse:
    """Return the JSON error body every endpoint uses."""
    return JSONResponse(status_code=status, content={"code": code, "message": message, "errors": errors_ or []})


def _add_error_handlers(app: FastAPI) -> None:
    """Map domain errors, validation errors and surprises to JSON with a stable code."""

    @app.exception_handler(errors.DraftgateError)
    async def domain_error(_request: Request, exc: errors.DraftgateError) -> JSONResponse:
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
        response = _error(status, exc.code, exc.message)
        if status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body",
                     "message": e.get("msg", "invalid"), "type": e.get("type", "")} for e in exc.errors()]
        if any(p["type"] == "json_invalid" for p in problems):
            return _error(422, "malformed_json", "the request body is not valid JSON", problems)
        first = problems[0] if problems else {"field": "body", "message": "invalid"}
        return _error(422, "invalid_request", f"{first['field']}: {first['message']}", problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == BODY_PARSE_ERROR:
            return _error(422, "malformed_json", "the request body is not valid JSON in UTF-8")
        code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        response = _error(exc.status_code, code, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", error=repr(exc))
        return _error(500, "internal_error", "something went wrong on our side; the request was not applied")
