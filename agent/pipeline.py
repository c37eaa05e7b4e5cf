"""The drafting pipeline: redact, classify, retrieve, draft, guard. The only place that wires steps."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import BaseModel, Field

from agent import customer_text, escalation_reasons, extractive
from agent.account import with_account
from agent.answer import ChosenSection, Section, choose_sections, questions, section_block
from agent.bounds import DEFAULT_MAX_TICKET_CHARS, bound_ticket
from agent.escalation import Classification, classify
from agent.findings import Finding, wire
from agent.greeting import greeting_name
from agent.guard import GuardReport, guard_draft
from agent.handoff import handoff_brief
from agent.language import detect_language
from agent.llm import ChatModel, ModelError
from agent.model_checks import degeneracy
from agent.models import (
    NEEDS_HUMAN_REVIEW,
    Citation,
    DraftResult,
    Kind,
    Message,
    RedactedEntity,
    RemovedCommitment,
    Ticket,
)
from agent.policy import EscalationPolicy
from agent.readability import readability
from agent.redaction import Redaction, redact
from agent.reidentify import entity_placeholders, placeholder_values, restore
from agent.routing import language_of, route
from agent.summary import draft_summary
from agent.text import overlap
from knowledge.links import public_url
from prompts import load as load_prompt

SECTIONS_PER_ANSWER = 2  # a one-question ticket gets the best section and a runner-up within the margin
SECOND_SECTION_MARGIN = 0.1
SPEAKS_TO = 0.5  # share of a question's content words its section must carry to answer it in a multi-question ticket
log = logging.getLogger("draftgate.agent")  # stdlib logging: stderr by default, never the CLI's JSONL stdout

class PassageSource(Protocol):
    """Anything that finds approved passages for a query (knowledge.retrieval.Retriever)."""

    def retrieve(self, *, query: str, k: int = 5, plan: str | None = None, locale: str | None = None):  # type: ignore[no-untyped-def]
        """Return an object with ``results`` and ``weak``."""
        ...


class ModelAttempt(BaseModel):
    """What asking the model gave: a usable draft, or why the extractive drafter takes over."""

    text: str = ""
    usage: dict[str, float] = Field(default_factory=dict)
    fallback_reason: str | None = None


def draft_ticket(
    *, ticket: Ticket, kind: Kind, retriever: PassageSource | None, chat: ChatModel | None,
    k: int = 5, min_similarity: float = 0.40, policy: EscalationPolicy | None = None, earlier_escalations: int = 0,
    max_chars: int = DEFAULT_MAX_TICKET_CHARS, help_center_url: str | None = None,
    html_channels: Sequence[str] = ("portal",),
) -> DraftResult:
    """Turn one ticket into a guarded draft record; never raises for model trouble."""
    policy = policy or EscalationPolicy()
    ticket, truncated = bound_ticket(ticket, max_chars=max_chars)
    text = ticket.conversation()
    redaction = redact(text=text, known_names=[n for n in (ticket.customer.name,) if n])
    safe = redaction.redacted
    verdict = with_account(classify(subject="", body=safe), ticket=ticket, text=safe, policy=policy,
                           earlier_escalations=earlier_escalations)
    language = detect_language(safe)
    sources = _sources(retriever=retriever, query=safe, ticket=ticket, k=k, min_similarity=min_similarity,
                       help_center_url=help_center_url)
    citations, weak = sources.citations, sources.weak
    prompt = load_prompt(kind)
    system, user = prompt.render(**({"ticket": safe} if kind == "reply" else {"conversation": safe}),
                                 sources=format_sources(citations))
    attempt = ModelAttempt()
    if chat is not None:
        attempt = _model_draft(chat=chat, system=system, user=user, citations=citations, kind=kind, ticket=safe,
                               ticket_id=ticket.ticket_id)
    drafted = attempt.text or _extractive(
        kind=kind, ticket=ticket, answers=sources.answers, distress="distress" in verdict.reasons,
        handover=[h for h in map(escalation_reasons.handover, verdict.reasons) if h])
    restored = restore(text=drafted, values=placeholder_values(text=text, redaction=redaction))
    guarded_by = {c.n: c.passage for c in citations} | ({} if kind == "reply" else {0: text})
    report = guard_draft(text=restored.text, sources=guarded_by)
    final, reasons = _review_reasons(kind=kind, report=report, citations=citations, weak=weak, verdict=verdict)
    reasons += [Finding("unresolved_placeholder")] if restored.unresolved else []
    reasons += [] if language.supported else [Finding("unsupported_language", language.code)]
    reasons += [Finding("ticket_truncated", str(max_chars))] if truncated else []
    reasons += [Finding("model_fallback", attempt.fallback_reason)] if attempt.fallback_reason else []
    written_in = language_of(detected=None if language.code == "und" else language.code, locale=ticket.customer.locale)
    legible = readability(text=final, rules=policy.readability, language=written_in) if kind == "reply" else None
    reasons += legible.findings if legible else []
    unanswered = [a.question for a in sources.answers if a.section is None and len(sources.answers) > 1]
    mismatch = kind == "reply" and language.code not in ("en", "und")
    reasons += [Finding("language_mismatch", language.code)] if mismatch else []
    reasons += [Finding("unanswered_question")] if unanswered and kind == "reply" else []
    fmt: customer_text.TextFormat = "html" if getattr(ticket.customer, "channel", None) in html_channels else "plain"
    result = DraftResult(
        kind=kind, draft=final, citations=citations, needs_human_review=bool(reasons),
        reasons=wire(reasons), escalate=verdict.escalate, escalation_reasons=verdict.reasons,
        risk=verdict.risk, evidence=verdict.evidence, language=language.code,
        removed_commitments=[RemovedCommitment(text=c.text, labels=c.labels) for c in report.commitments],
        unsupported_sentences=report.unsupported, llm_input=f"[system]\n{system}\n[user]\n{user}",
        redactions=_redacted_entities(redaction=redaction),
        drafter="llm" if chat is not None and not attempt.fallback_reason else "extractive",
        model=chat.model_id if chat is not None else None, prompt_name=prompt.name, prompt_version=prompt.version,
        article_versions={c.source_path: c.article_hash for c in citations}, usage=attempt.usage,
        readability_grade=legible.grade if legible else None,
        customer_format=fmt, customer_preview=customer_text.render(
            text=final, links={c.n: c.url for c in citations}, fmt=fmt),
        unanswered_questions=unanswered if kind == "reply" else [],
    )
    return _for_leads(result, ticket=ticket, text=safe, policy=policy)


def _for_leads(result: DraftResult, *, ticket: Ticket, text: str, policy: EscalationPolicy) -> DraftResult:
    """Add what leads route and audit on: routing fields, the hand-off brief, the policy's hash."""
    detected = None if result.language == "und" else result.language
    language = language_of(detected=detected, locale=ticket.customer.locale)
    routing = route(text=text, reasons=result.escalation_reasons, risk=result.risk, language=language,
                    policy_areas=policy.product_areas)
    brief = handoff_brief(ticket=ticket, text=text, reasons=result.escalation_reasons,
                          citations=result.citations) if result.escalate else None
    return result.model_copy(update={"routing": routing, "handoff": brief, "policy_hash": policy.hash})


def _review_reasons(
    *, kind: Kind, report: GuardReport, citations: Sequence[Citation], weak: bool, verdict: Classification
) -> tuple[str, list[Finding]]:
    """Return the final text and why a person must look: guard findings, sources, escalation."""
    final, reasons = report.clean, list(report.findings)
    if kind == "reply" and not citations:
        reasons.insert(0, Finding("no_approved_source"))
        if NEEDS_HUMAN_REVIEW not in final:
            final += f"\n\n{NEEDS_HUMAN_REVIEW}: no approved help-center article answers this question."
    elif kind == "reply" and weak:
        reasons.insert(0, Finding("weak_retrieval"))
    if verdict.escalate:
        reasons += [Finding("escalated", r) for r in verdict.reasons]
    return final, reasons


def format_sources(citations: Sequence[Citation]) -> str:
    """Wrap and number the passages for a prompt.

    >>> format_sources([])
    '(no approved source found)'
    """
    if not citations:
        return "(no approved source found)"
    return "\n".join(
        f'<source n="{c.n}" title="{c.title}" section="{c.section}">\n{c.passage}\n</source>' for c in citations
    )


class Sources(BaseModel):
    """The cited sections of a reply and which question each answers."""

    citations: list[Citation] = Field(default_factory=list)
    weak: bool = True
    answers: list[extractive.Answer] = Field(default_factory=list)


def _sources(
    *, retriever: PassageSource | None, query: str, ticket: Ticket, k: int, min_similarity: float,
    help_center_url: str | None = None,
) -> Sources:
    """Retrieve the articles, then choose per question the section that answers it, numbered from 1."""
    if retriever is None:
        return Sources()
    plan, locale = ticket.customer.plan, ticket.customer.locale
    found = retriever.retrieve(query=query, k=k, plan=plan, locale=locale)
    # one passage per article already; an article confirmed by a close answered ticket answers even when its
    # passages are less similar than the threshold (a ticket in another language, or in the customer's words)
    good = [r for r in found.results if r.similarity >= min_similarity or getattr(r, "confirmed", False)][:3]
    body = query.split("\n\n", 1)[1] if ticket.subject.strip() and "\n\n" in query else query
    asked = questions(text=body) or questions(text=query)  # the subject repeats the body's question
    focus = asked if len(asked) >= 2 else [query]
    answers: list[extractive.Answer] = []
    for question in focus:
        chosen = _sections_for(retriever=retriever, question=question, articles=[r.source_path for r in good],
                               plan=plan, locale=locale, also=asked[:1] if len(focus) == 1 else [],
                               most=SECTIONS_PER_ANSWER if len(focus) == 1 else 1)
        if not chosen and len(focus) == 1 and good:  # a retriever without sections: its best passage
            chosen = [_as_chosen(question=question, result=good[0])]
        answerable = bool(chosen) and (len(focus) == 1 or overlap(
            sentence=question, source=section_block(chosen[0].text)) >= SPEAKS_TO)
        answers += [extractive.Answer(question=question, section=c) for c in chosen] if answerable else [
            extractive.Answer(question=question, section=None)]
    citations: list[Citation] = []
    for answer in answers:
        if answer.section is None:
            continue
        same = next((c for c in citations if c.passage_id == answer.section.passage_ids[0]), None)
        if same is None:
            same = _citation(n=len(citations) + 1, chosen=answer.section, help_center_url=help_center_url,
                             fusion={r.source_path: r.score for r in good},
                             confirmed={r.source_path for r in good if getattr(r, "confirmed", False)})
            citations.append(same)
        answer.n = same.n
    return Sources(citations=citations, weak=bool(found.weak), answers=answers)


def _sections_for(*, retriever: PassageSource, question: str, articles: list[str], plan: str | None,
                  locale: str | None, also: list[str], most: int) -> list[ChosenSection]:
    """Return the sections of the retrieved articles that best answer one question."""
    finder = getattr(retriever, "sections", None)
    if finder is None or not articles:
        return []
    found = finder(query=question, source_paths=articles, plan=plan, locale=locale)
    for extra in also:  # a long ticket with one question: average the ticket's and the question's similarity
        focused = {r.passage_id: r.similarity for r in finder(query=extra, source_paths=articles, plan=plan,
                                                              locale=locale)}
        found = [r.model_copy(update={"similarity": (r.similarity + focused.get(r.passage_id, 0.0)) / 2})
                 for r in found]
    sections = [Section(source_path=r.source_path, title=r.title, section=r.section, text=r.chunk,
                        similarity=r.similarity, passage_id=r.passage_id, article_hash=r.article_hash) for r in found]
    return choose_sections(question=" ".join([question, *also]), candidates=sections, article_order=articles,
                           ordered=sections, most=most, margin=SECOND_SECTION_MARGIN)


def _as_chosen(*, question: str, result: Any) -> ChosenSection:
    """Return a retrieved passage as the chosen section."""
    return ChosenSection(question=question, source_path=result.source_path, title=result.title,
                         section=result.section, text=result.chunk, score=result.similarity,
                         similarity=result.similarity, passage_ids=[result.passage_id],
                         article_hash=result.article_hash)


def _citation(*, n: int, chosen: ChosenSection, help_center_url: str | None, fusion: dict[str, float],
              confirmed: set[str] | None = None) -> Citation:
    """Return the numbered citation of a chosen section."""
    return Citation(n=n, source_path=chosen.source_path, title=chosen.title, section=chosen.section,
                    article_hash=chosen.article_hash, passage_id=chosen.passage_ids[0], passage=chosen.text,
                    score=round(chosen.similarity, 4), fusion_score=fusion.get(chosen.source_path, 0.0),
                    url=public_url(base=help_center_url, source_path=chosen.source_path),
                    confirmed=chosen.source_path in (confirmed or set()))


def _model_draft(
    *, chat: ChatModel, system: str, user: str, citations: Sequence[Citation], kind: str, ticket: str,
    ticket_id: str | None,
) -> ModelAttempt:
    """Ask the model; return an attempt without text (and the reason) when it fails or answers unusably."""
    try:
        completion = chat.complete(system=system, user=user)
    except ModelError as exc:
        _log_fallback(reason=exc.reason, error=str(exc), ticket_id=ticket_id, model=chat.model_id)
        return ModelAttempt(fallback_reason=exc.reason)
    except Exception as exc:  # a misbehaving client library must not lose the ticket
        _log_fallback(reason="error", error=repr(exc), ticket_id=ticket_id, model=chat.model_id)
        return ModelAttempt(fallback_reason=f"error:{type(exc).__name__}")
    sources = {c.n: c.passage for c in citations} if kind == "reply" else {0: ticket}
    problem = degeneracy(text=completion.text, system=system, sources=sources, kind=kind, ticket=ticket)
    if problem:
        _log_fallback(reason=problem, error="the answer is unusable", ticket_id=ticket_id, model=chat.model_id)
        return ModelAttempt(usage=completion.usage, fallback_reason=problem)
    return ModelAttempt(text=completion.text.strip(), usage=completion.usage)


def _log_fallback(*, reason: str, error: str, ticket_id: str | None, model: str) -> None:
    """Log why a ticket fell back to the extractive drafter (the reason is also in the draft)."""
    log.warning("model_fallback reason=%s ticket_id=%s model=%s: %s", reason, ticket_id, model, error,
                extra={"reason": reason, "error": error, "ticket_id": ticket_id, "model": model})


def _extractive(
    *, kind: Kind, ticket: Ticket, answers: Sequence[extractive.Answer], handover: Sequence[str], distress: bool
) -> str:
    """Draft with the extractive drafter (the offline default and the fallback)."""
    if kind == "summary":
        messages = ticket.messages or [Message(author="customer", body=ticket.body or ticket.subject)]
        return draft_summary(messages=messages, distress=distress)
    return extractive.draft_reply(answers=answers, greeting_name=greeting_name(ticket.customer.name),
                                  handover=handover).text


def _redacted_entities(*, redaction: Redaction) -> list[RedactedEntity]:
    """Return the redacted entities with the numbered placeholder that replaced each."""
    entities = sorted(redaction.entities, key=lambda e: e.start)
    return [RedactedEntity(type=e.type, start=e.start, end=e.end, placeholder=placeholder)
            for e, placeholder in zip(entities, entity_placeholders(redaction=redaction), strict=True)]
