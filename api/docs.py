"""The interactive API docs (Swagger UI at ``/docs``), served offline.

FastAPI's own page loads its script, style and favicon from a CDN, so it is blank on a machine
without internet. This one loads them from the installed ``fastapi-offline`` package (Swagger UI 5,
which renders OpenAPI 3.1), with the validator badge off, and its Content-Security-Policy forbids
anything from another host. ReDoc is not offered: its bundle still fetches a logo from its CDN.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/docs-assets"
# Swagger UI starts with an inline script; everything else must come from this host.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'")


def assets_dir() -> Path:
    """Return the folder of the packaged Swagger UI files."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


def install(app: FastAPI, *, openapi_url: str = "/openapi.json") -> None:
    """Serve ``/docs`` and its OAuth2 redirect with local assets only."""
    app.mount(ASSETS_URL, StaticFiles(directory=assets_dir()), name="docs-assets")
    title = f"{app.title} API"
    favicon = f"{ASSETS_URL}/favicon.png"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url=openapi_url, title=title, swagger_favicon_url=favicon,
                                   swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
                                   oauth2_redirect_url="/docs/oauth2-redirect",
                                   swagger_ui_parameters={"validatorUrl": None})
        return _local_only(page)

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return _local_only(get_swagger_ui_oauth2_redirect_html())


def _local_only(response: HTMLResponse) -> HTMLResponse:
    """Forbid the page to load anything from another host."""
    response.headers["Content-Security-Policy"] = CSP
    return response
