"""What every web page shares: templates, the signed-in person, CSRF checks, security headers.

Pages are server-rendered with Jinja2 autoescaping, so ticket and article text is always inert.
Every POST form carries the session's CSRF token and must come from this origin.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from review import web_sessions
from review.auth import Principal
from review.services import Services
from review.tables import ApiKey
from review.users import WebUser, principal_of, session_stamp
from web import findings

HERE = Path(__file__).parent
STATIC_VERSION = "1"
templates = Jinja2Templates(directory=str(HERE / "templates"))
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")


class SignInRequired(Exception):
    """The page needs a signed-in person; the handler sends them to the sign-in form."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class NotAllowed(Exception):
    """The signed-in person's role may not open this page or take this action."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FormExpired(Exception):
    """A POST without the session's CSRF token, or from another origin."""


def services_of(request: Request) -> Services:
    """Return the process's shared services."""
    services: Services = request.app.state.services
    return services


def current_principal(request: Request) -> Principal | None:
    """Return the signed-in person (an account or an API key), or None; cached per request."""
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    principal = _load_principal(request)
    request.state.principal = principal
    return principal


def _load_principal(request: Request) -> Principal | None:
    """Read the principal the session points to, if it is still valid."""
    user_id, key_id = request.session.get("user_id"), request.session.get("key_id")
    with services_of(request).sessions() as session:
        if (user_id is not None or key_id is not None) and not web_sessions.is_live(
                session=session, session_id=request.session.get("sid")):
            return None
        if user_id is not None:
            user = session.get(WebUser, user_id)
            if user is None or user.disabled_at or request.session.get("stamp") != session_stamp(user):
                return None
            return principal_of(user)
        if key_id is not None:
            row = session.get(ApiKey, key_id)
            if row is None or row.revoked_at is not None:
                return None
            return Principal(key_id=row.id, name=row.name, role=row.role)
    return None


def _signed_in(request: Request) -> Principal:
    """Return the signed-in person or send them to sign in."""
    principal = current_principal(request)
    if principal is None or not principal.can("read_queue"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(target if request.method == "GET" else "/queue")
    return principal


def _lead(request: Request) -> Principal:
    """Return the signed-in person if their role may read the review log."""
    principal = _signed_in(request)
    if not principal.can("read_audit"):
        raise NotAllowed("Only leads and admins can open the review log and the dashboard.")
    return principal


Reader = Annotated[Principal, Depends(_signed_in)]
Lead = Annotated[Principal, Depends(_lead)]


def csrf_token(request: Request) -> str:
    """Return the session's CSRF token, creating it on first use."""
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(24)
    return str(request.session["csrf"])


async def check_form(request: Request) -> None:
    """Reject a POST whose CSRF token is missing or wrong, or whose Origin is another site."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise FormExpired()
    form = await request.form()
    token, expected = str(form.get("csrf", "")), request.session.get("csrf")
    if not expected or not secrets.compare_digest(token, str(expected)):
        raise FormExpired()


CheckedForm = Depends(check_form)


def page(request: Request, template: str, status: int = 200, /, **context: Any) -> Response:
    """Render a page with the common context and the security headers."""
    context.update(request=request, csrf=csrf_token(request), me=current_principal(request))
    response = templates.TemplateResponse(request, template, context, status_code=status)
    secure(response)
    return response


def secure(response: Response) -> Response:
    """Add the headers that keep pages with customer data private and unframeable."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


def login_url(next_url: str) -> str:
    """Return the sign-in address that comes back to ``next_url``."""
    return "/login?next=" + quote(next_url, safe="/")


def safe_next(next_url: str | None) -> str:
    """Return a local path to go to after sign-in; never another site."""
    if not next_url or not next_url.startswith("/") or next_url.startswith("//") or "\\" in next_url:
        return "/queue"
    return next_url


def when(value: str | None) -> str:
    """Format a stored ISO time as 'YYYY-MM-DD HH:MM UTC'."""
    return f"{value[:10]} {value[11:16]} UTC" if value else ""


def ago(value: str | None, now: dt.datetime | None = None) -> str:
    """Say how long ago a stored ISO time was, in words a rep scans quickly."""
    if not value:
        return ""
    seconds = ((now or dt.datetime.now(dt.UTC)) - dt.datetime.fromisoformat(value)).total_seconds()
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{int(seconds // size)} {unit} ago"
    return "just now"


def _setup(env: Any) -> None:
    """Register the filters and globals the templates use."""
    env.filters.update(when=when, ago=ago, reason_label=findings.reason_label,
                       escalation_label=findings.escalation_label, words=lambda s: str(s).replace("_", " "))
    env.globals.update(static=lambda name: f"/static/{name}?v={STATIC_VERSION}")


_setup(templates.env)
