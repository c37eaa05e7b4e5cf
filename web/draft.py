"""One draft: the ticket, the draft in an editor, sources side by side, findings; approve, reject, escalate.

Decisions go through ``review.drafts`` only. A flagged draft is approved only when every item of
its "Needs human review" checklist was ticked; the server checks that, not just the browser, and
only then passes ``acknowledge_flags=True``. Rejecting with the reason "other" needs a note.
When a decision fails, the page comes back with the rep's edits, ticks and note kept.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from agent.customer_text import internal_notes, render_record
from agent.disclosure import disclose
from review import drafts
from review.db import transaction
from review.errors import Conflict, DraftgateError, Forbidden, NotFound, PreconditionFailed
from review.public import DraftPublic, outbox_of, public
from review.tables import Draft
from web.common import CheckedForm, Reader, page, services_of
from web.findings import all_ticked, annotate, checklist, word_diff
from web.queries import next_pending

router = APIRouter(include_in_schema=False)
TEAMS = ("tier-2 support", "billing", "security", "legal", "privacy", "engineering", "account management")
DONE = {"approved": "Approved. Exactly the text below is delivered to the ticketing system; its status is below.",
        "awaiting_second_approval": "Your approval is recorded. This draft needs a second approver: a different "
                                    "person must approve it before anything is sent.",
        "rejected": "Rejected. Nothing is sent.",
        "escalated": "Escalated. Nothing is sent; the team owns the ticket now."}
Text = Annotated[str, Form()]


class FormState(BaseModel):
    """What the rep typed and ticked, kept when a decision has to be retried."""

    action: str = ""
    text: str | None = None
    ticked: list[str] = []
    note: str = ""
    reason_code: str = ""
    to: str = ""


@router.get("/queue/{draft_id}")
def draft_page(request: Request, draft_id: str, me: Reader, done: str | None = None) -> Response:
    """Show one draft beside its ticket, sources and guard findings."""
    return _render(request, draft_id, done=DONE.get(done or ""))


@router.get("/queue/{draft_id}/delivery")
def delivery_status(request: Request, draft_id: str, me: Reader) -> Response:
    """Return the delivery-status panel alone (polled by htmx while delivery is under way)."""
    view = _view(request, draft_id, me=me)
    if view is None:
        return page(request, "error.html", 404, error=f"No draft {draft_id}.")
    return page(request, "_delivery.html", d=view[0])


def _view(request: Request, draft_id: str, *, me: Any) -> tuple[DraftPublic, str | None] | None:
    """Return the draft's public view and the next pending draft's id, or None when not found."""
    services = services_of(request)
    with services.sessions() as session:
        try:
            draft = drafts.get(session=session, principal=me, draft_id=draft_id)
        except NotFound:
            return None
        view = public(draft, outbox_of(session, draft), services.settings, services.policy)
        following = next_pending(session=session, after=draft)
    return view, following


def _render(request: Request, draft_id: str, *, status: int = 200, error: str | None = None,
            form: FormState | None = None, done: str | None = None) -> Response:
    """Render the draft page, with an error and the rep's form state when a decision failed."""
    me = request.state.principal
    found = _view(request, draft_id, me=me)
    if found is None:
        return page(request, "error.html", 404, error=f"No draft {draft_id}.")
    view, following = found
    form = form or FormState()
    text = view.draft if form.text is None else form.text
    record = {"citations": view.citations, "customer_format": view.customer_format}
    channel = (view.ticket.get("customer") or {}).get("channel")
    shown = view.preview if form.text is None else disclose(render_record(text=text, record=record), channel,
                                                            services_of(request).policy)
    return page(request, "draft.html", status, d=view, error=error, done=done, form=form, next_id=following,
                preview=shown, notes=internal_notes(text),
                threshold=services_of(request).settings.min_retrieval_score,
                segments=annotate(view.draft, view.unsupported_sentences),
                checklist=checklist(view.reasons) if view.needs_human_review else [],
                editor_text=view.draft if form.text is None else form.text,
                diff=word_diff(view.draft, view.final_text) if view.final_text not in (None, view.draft) else None,
                reject_reasons=services_of(request).settings.reject_reasons, teams=_teams(view),
                can_review=me.can("review"), first_approver=view.first_approved_by == me.actor)


def _teams(view: DraftPublic) -> list[str]:
    """Return team suggestions for escalation, the ones matching the draft's signals first."""
    first = [r for r in view.escalation_reasons if r in TEAMS]
    return first + [t for t in TEAMS if t not in first]


@router.post("/queue/{draft_id}/approve", dependencies=[CheckedForm])
def approve(request: Request, draft_id: str, me: Reader, etag: Text, final_text: Text = "",
            ack: Annotated[list[str], Form()] = [], note: Text = "") -> Response:  # noqa: B006
    """Approve the draft as written or as edited; flagged drafts need every checklist item ticked."""
    text = final_text.replace("\r\n", "\n")
    form = FormState(action="approve", text=text, ticked=ack, note=note)
    with services_of(request).sessions() as session:
        try:
            draft = drafts.get(session=session, principal=me, draft_id=draft_id)
        except NotFound:
            return page(request, "error.html", 404, error=f"No draft {draft_id}.")
        reasons = json.loads(draft.result_json)["reasons"]
        flagged, original = draft.needs_human_review, draft.draft_text
        if draft.status == "awaiting_second_approval":  # the second approver approves the first one's text
            original = text
    acknowledged = flagged and all_ticked(reasons=reasons, ticked=ack)
    if flagged and not acknowledged:
        return _render(request, draft_id, status=422, form=form,
                       error="Tick every item of the “Needs human review” checklist before approving.")
    policy = services_of(request).policy
    return _decide(request, draft_id, form, lambda session: drafts.approve(
        session=session, principal=me, draft_id=draft_id, if_match=etag,
        final_text=None if text == original else text, acknowledge_flags=acknowledged, note=note.strip() or None,
        policy=policy))


@router.post("/queue/{draft_id}/preview", dependencies=[CheckedForm])
def preview(request: Request, draft_id: str, me: Reader, final_text: Text = "",
            ack: Annotated[list[str], Form()] = [], note: Text = "") -> Response:  # noqa: B006
    """Show exactly what the customer would get from the edited text, keeping the rep's edits and ticks."""
    form = FormState(action="approve", text=final_text.replace("\r\n", "\n"), ticked=ack, note=note)
    return _render(request, draft_id, form=form)


@router.post("/queue/{draft_id}/reject", dependencies=[CheckedForm])
def reject(request: Request, draft_id: str, me: Reader, etag: Text, reason_code: Text = "", note: Text = "",
           final_text: Text | None = None) -> Response:
    """Reject the draft with a reason code; it is never sent."""
    form = FormState(action="reject", text=final_text, reason_code=reason_code, note=note)
    if reason_code == "other" and not note.strip():
        return _render(request, draft_id, status=422, form=form,
                       error="Say why in the note when the reason is “other”.")
    allowed = services_of(request).settings.reject_reasons
    return _decide(request, draft_id, form, lambda session: drafts.reject(
        session=session, principal=me, draft_id=draft_id, if_match=etag, reason_code=reason_code,
        note=note.strip() or None, allowed_reasons=allowed))


@router.post("/queue/{draft_id}/escalate", dependencies=[CheckedForm])
def escalate(request: Request, draft_id: str, me: Reader, etag: Text, to: Text = "", note: Text = "",
             final_text: Text | None = None) -> Response:
    """Hand the ticket to a team or person; the draft is never sent."""
    form = FormState(action="escalate", text=final_text, to=to, note=note)
    if not to.strip():
        return _render(request, draft_id, status=422, form=form, error="Say which team or person to escalate to.")
    return _decide(request, draft_id, form, lambda session: drafts.escalate(
        session=session, principal=me, draft_id=draft_id, if_match=etag, to=to.strip()[:200],
        note=note.strip() or None))


def _decide(request: Request, draft_id: str, form: FormState, apply: Any) -> Response:
    """Apply a decision in one transaction; on a domain error show the page again with the form kept."""
    sessions = services_of(request).sessions
    try:
        with transaction(sessions) as session:
            decided = apply(session)
    except DraftgateError as exc:
        with sessions() as session:
            current = session.get(Draft, draft_id)
            status = current.status if current is not None else None
        code, message = _problem(exc, status)
        return _render(request, draft_id, status=code, error=message, form=form)
    return RedirectResponse(f"/queue/{draft_id}?done={decided.status}", status_code=303)


def _problem(exc: DraftgateError, status: str | None) -> tuple[int, str]:
    """Return the status code and the message a rep reads for a failed decision."""
    if isinstance(exc, Conflict) and exc.code == "same_approver":
        return 409, "You gave the first approval of this draft. A different person must give the second one."
    if isinstance(exc, (PreconditionFailed, Conflict)) and status not in (None, "pending_review",
                                                                           "awaiting_second_approval"):
        return 409, f"Someone else already decided this draft (it is {status.replace('_', ' ')}); nothing was changed."
    if isinstance(exc, PreconditionFailed):
        return 412, "This draft changed after you opened it. This is its current state; your edits are kept."
    if isinstance(exc, Forbidden):
        return 403, "Your role can read drafts but not decide them."
    if isinstance(exc, NotFound):
        return 404, exc.message
    return 422, exc.message[:1].upper() + exc.message[1:] + "."
