"""A minimal server-rendered review queue: sign in with a key, read drafts, approve, reject, escalate.

Works without JavaScript; every form carries a CSRF token bound to the session; ticket and
article text is rendered inert by Jinja2's autoescaping.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from agent.settings import Settings
from api import drafts
from api.auth import Principal, authenticate
from api.db import transaction
from api.errors import DraftgateError
from api.routes_drafts import outbox_of, public
from api.runtime import Services
from api.tables import ApiKey

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def mount(app: FastAPI, *, settings: Settings) -> None:
    """Add signed session cookies (HttpOnly, SameSite=Lax) for the web pages."""
    app.add_middleware(SessionMiddleware, secret_key=_secret(settings), same_site="lax", https_only=False,
                       session_cookie="draftgate_session", max_age=12 * 3600)


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


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def _principal(request: Request) -> Principal | None:
    """Return the signed-in user, if the session holds a still-valid key."""
    key_id = request.session.get("key_id")
    if key_id is None:
        return None
    with _services(request).sessions() as session:
        row = session.get(ApiKey, key_id)
        if row is None or row.revoked_at is not None:
            return None
        return Principal(key_id=row.id, name=row.name, role=row.role)


def _csrf(request: Request) -> str:
    """Return the session's CSRF token, creating it on first use."""
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(24)
    return str(request.session["csrf"])


def _page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    """Render a template with the common context."""
    context.update(request=request, csrf=_csrf(request), me=_principal(request))
    return templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """Send people to the queue, or to sign in."""
    return RedirectResponse("/queue" if _principal(request) else "/login", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    """Show the sign-in form."""
    return _page(request, "login.html")


@router.post("/login")
def login(request: Request, key: Annotated[str, Form()], csrf: Annotated[str, Form()]) -> Response:
    """Sign in with a rep or lead key."""
    if not secrets.compare_digest(csrf, _csrf(request)):
        return _page(request, "login.html", 400, error="The form expired; please try again.")
    try:
        with _services(request).sessions() as session:
            principal = authenticate(session=session, authorization=f"Bearer {key.strip()}")
        principal.require("read_queue")
    except DraftgateError as exc:
        return _page(request, "login.html", 401, error=exc.message)
    request.session.clear()
    request.session["key_id"] = principal.key_id
    return RedirectResponse("/queue", status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    """Sign out."""
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/queue", response_class=HTMLResponse)
def queue(request: Request, status: str = "pending_review") -> Response:
    """Show the review queue, newest first."""
    me = _principal(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    with _services(request).sessions() as session:
        rows, total = drafts.list_drafts(session=session, principal=me, status=None if status == "all" else status,
                                         limit=200, offset=0)
        items = [(d, json.loads(d.ticket_json)) for d in rows]
    return _page(request, "queue.html", items=items, total=total, status=status)


@router.get("/queue/{draft_id}", response_class=HTMLResponse)
def draft_page(request: Request, draft_id: str, error: str | None = None) -> Response:
    """Show one draft beside its ticket, sources and guard findings."""
    me = _principal(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    services = _services(request)
    try:
        with services.sessions() as session:
            draft = drafts.get(session=session, principal=me, draft_id=draft_id)
            view = public(draft, outbox_of(session, draft), services.settings)
    except DraftgateError as exc:
        return _page(request, "error.html", 404, error=exc.message)
    return _page(request, "draft.html", d=view, error=error, reject_reasons=services.settings.reject_reasons)


@router.post("/queue/{draft_id}/{action}")
def decide(request: Request, draft_id: str, action: str, csrf: Annotated[str, Form()],
           etag: Annotated[str, Form()], final_text: Annotated[str | None, Form()] = None,
           acknowledge_flags: Annotated[str | None, Form()] = None, reason_code: Annotated[str | None, Form()] = None,
           to: Annotated[str | None, Form()] = None, note: Annotated[str | None, Form()] = None) -> Response:
    """Apply a rep's decision from the draft page."""
    me = _principal(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    if not secrets.compare_digest(csrf, _csrf(request)):
        return draft_page(request, draft_id, error="The form expired; reload the page and try again.")
    services = _services(request)
    try:
        with transaction(services.sessions) as session:
            _apply(session=session, services=services, me=me, draft_id=draft_id, action=action, etag=etag,
                   final_text=final_text, acknowledge=acknowledge_flags == "on", reason_code=reason_code, to=to,
                   note=note or None)
    except DraftgateError as exc:
        return draft_page(request, draft_id, error=exc.message)
    return RedirectResponse(f"/queue/{draft_id}", status_code=303)


def _apply(*, session: Any, services: Services, me: Principal, draft_id: str, action: str, etag: str,
           final_text: str | None, acknowledge: bool, reason_code: str | None, to: str | None,
           note: str | None) -> None:
    """Call the lifecycle function for a form action."""
    if action == "approve":
        text = (final_text or "").replace("\r\n", "\n")
        drafts.approve(session=session, principal=me, draft_id=draft_id, if_match=etag, final_text=text or None,
                       acknowledge_flags=acknowledge, note=note)
    elif action == "reject":
        drafts.reject(session=session, principal=me, draft_id=draft_id, if_match=etag, reason_code=reason_code or "",
                      note=note, allowed_reasons=services.settings.reject_reasons)
    elif action == "escalate":
        drafts.escalate(session=session, principal=me, draft_id=draft_id, if_match=etag, to=(to or "").strip(),
                        note=note)
    else:
        raise DraftgateError(f"unknown action {action!r}")
