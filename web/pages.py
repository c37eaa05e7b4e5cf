"""The web pages for reps and leads: sign-in, the review queue, drafts, the review log, the dashboard.

Server-rendered with Jinja2 and usable without JavaScript; a little vendored htmx and one small
script add keyboard navigation and live delivery status. Sessions are signed cookies (HttpOnly,
SameSite=Lax, Secure over TLS, 12 hours) naming a server-side session that sign-out revokes; every
form carries a CSRF token bound to the session. Ticket and article text is rendered inert by
autoescaping.
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from agent.settings import Settings
from web import audit, dashboard, draft, fairness, outbox, queue, signin
from web.common import HERE, FormExpired, NotAllowed, SignInRequired, login_url, page
from web.cookies import SecureCookies

router = APIRouter(include_in_schema=False)
for _module in (signin, queue, draft, audit, dashboard, fairness, outbox):
    router.include_router(_module.router)


def mount(app: FastAPI, *, settings: Settings) -> None:
    """Add the session cookie, the static files and the web error pages to the app."""
    app.add_middleware(SessionMiddleware, secret_key=_secret(settings), same_site="lax", https_only=False,
                       session_cookie="draftgate_session", max_age=12 * 3600)
    app.add_middleware(SecureCookies, mode=settings.cookie_secure)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(SignInRequired)
    async def sign_in_first(request: Request, exc: SignInRequired) -> Response:
        if request.headers.get("HX-Request"):  # a polled fragment: send the whole page to sign in
            return Response(status_code=204, headers={"HX-Redirect": login_url(exc.next_url)})
        return RedirectResponse(login_url(exc.next_url), status_code=303)

    @app.exception_handler(NotAllowed)
    async def not_allowed(request: Request, exc: NotAllowed) -> Response:
        return page(request, "error.html", 403, error=exc.message)

    @app.exception_handler(FormExpired)
    async def form_expired(request: Request, _exc: FormExpired) -> Response:
        return page(request, "error.html", 400, error="This form has expired (perhaps you signed in again in "
                    "another tab). Go back, reload the page and try again.")


def _secret(settings: Settings) -> str:
    """Return the session secret: configured, or generated once and kept in the data directory."""
    if settings.secret_key:
        return settings.secret_key.get_secret_value()
    path = settings.data_dir / "session_secret"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
