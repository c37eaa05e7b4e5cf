"""Sign-in and sign-out for the web pages: a name and password, or an API key (as the demo prints)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from review import web_sessions
from review.auth import authenticate
from review.db import transaction
from review.errors import DraftgateError
from review.users import session_stamp, sign_in
from web.common import CheckedForm, current_principal, page, safe_next, services_of

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request) -> Response:
    """Send people to the queue, or to sign in."""
    return RedirectResponse("/queue" if current_principal(request) else "/login", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    """Show the sign-in form."""
    return page(request, "login.html", next=safe_next(next))


@router.post("/login", dependencies=[CheckedForm])
def login(request: Request, name: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          key: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/queue") -> Response:
    """Sign in with a name and password, or with a rep, lead or admin API key."""
    try:
        if key.strip():
            values = _key_session(request, key.strip())
        else:
            services = services_of(request)
            user = sign_in(sessions=services.sessions, name=name, password=password,
                           throttle=services.sign_in_throttle,
                           client=request.client.host if request.client else "unknown")
            values = {"user_id": user.id, "stamp": session_stamp(user)}
    except DraftgateError as exc:
        message = exc.message[:1].upper() + exc.message[1:] + "."
        return page(request, "login.html", 401, error=message, name=name, next=safe_next(next),
                    key_tab=bool(key.strip()))
    with transaction(services_of(request).sessions) as session:
        values["sid"] = web_sessions.start(session=session, user_id=_int(values.get("user_id")),
                                           key_id=_int(values.get("key_id")))
    request.session.clear()
    request.session.update(values)
    return RedirectResponse(safe_next(next), status_code=303)


def _int(value: object) -> int | None:
    """Return an id from the session values, or None."""
    return value if isinstance(value, int) else None


def _key_session(request: Request, key: str) -> dict[str, object]:
    """Return the session values for an API key that may read the queue."""
    with services_of(request).sessions() as session:
        principal = authenticate(session=session, authorization=f"Bearer {key}")
    principal.require("read_queue")
    return {"key_id": principal.key_id}


@router.post("/logout", dependencies=[CheckedForm])
def logout(request: Request) -> Response:
    """Sign out: the session ends on the server too, so a copied cookie stops working."""
    with transaction(services_of(request).sessions) as session:
        web_sessions.revoke(session=session, session_id=request.session.get("sid"))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
