"""Tickets coming in and draft records going out of the drafting pipeline."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

MAX_SUBJECT_CHARS = 2_000
MAX_BODY_CHARS = 200_000
NEEDS_HUMAN_REVIEW = "Needs human review"

Kind = Literal["reply", "summary"]


class Customer(BaseModel):
    """Who wrote the ticket; plan and locale steer retrieval, name and e-mail are never sent to a model."""

    model_config = ConfigDict(extra="allow")

    plan: str | None = None
    locale: str | None = "en"
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    account_id: str | None = Field(default=None, max_length=200, description="groups tickets of one account")
    arr: float | None = Field(default=None, ge=0, description="annual recurring revenue of the account")
    tier: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100)
    channel: str | None = Field(default=None, max_length=50, description="email, chat, portal, ...")
    custom_contract: bool = False
    always_human: bool = False


class Message(BaseModel):
    """One message of a conversation thread."""

    author: Literal["customer", "agent"]
    body: str = Field(max_length=MAX_BODY_CHARS)


class Ticket(BaseModel):
    """A support ticket: a single ``body``, or a thread of ``messages`` (or both)."""

    model_config = ConfigDict(populate_by_name=True)

    ticket_id: str | None = Field(default=None, alias="id", max_length=200)
    subject: str = Field(default="", max_length=MAX_SUBJECT_CHARS)
    body: str | None = Field(default=None, max_length=MAX_BODY_CHARS)
    messages: list[Message] | None = Field(default=None, max_length=500)
    customer: Customer = Field(default_factory=Customer)
    kind: Kind | None = None

    @model_validator(mode="after")
    def _has_text(self) -> Ticket:
        """Require some text to draft from."""
        if not (self.body and self.body.strip()) and not self.messages and not self.subject.strip():
            raise ValueError("a ticket needs `body`, `messages` or at least a `subject`")
        return self

    def conversation(self) -> str:
        """Return the ticket as one text: subject, body, then the thread."""
        parts = [self.subject.strip()] if self.subject.strip() else []
        if self.body and self.body.strip():
            parts.append(self.body.strip())
        for message in self.messages or []:
            parts.append(f"{message.author.capitalize()}: {message.body.strip()}")
        return "\n\n".join(parts)


class Citation(BaseModel):
    """A numbered source of a draft: the exact article version and passage."""

    n: int
    source_path: str
    title: str
    section: str
    article_hash: str
    passage_id: str
    passage: str
    score: float = Field(description="cosine similarity of the ticket to the passage: the figure the "
                                     "threshold DRAFTGATE_MIN_RETRIEVAL_SCORE is compared with")
    fusion_score: float = 0.0
    url: str | None = Field(default=None, description="the article's public link, if the help center has one")
    confirmed: bool = Field(default=False, description="a closed ticket very like this one was answered from this "
                                                       "article (draftgate ingest --answered), so it answers even "
                                                       "below the threshold")


class RemovedCommitment(BaseModel):
    """A promise the guard stripped from the draft, with its labels."""

    text: str
    labels: list[str]


class UnsupportedSentence(BaseModel):
    """A sentence of the draft that no cited passage supports."""

    text: str
    support: float
    reason: str


class RedactedEntity(BaseModel):
    """A customer identifier replaced before any model saw the text (offsets into the ticket text)."""

    type: str
    start: int
    end: int
    placeholder: str


class Routing(BaseModel):
    """Where a ticket should go: the fields a ticketing system's task map routes on."""

    category: str
    product_area: str
    urgency: Literal["low", "normal", "high", "urgent"]
    language: str


class HandoffBrief(BaseModel):
    """A short brief for the team taking over an escalated ticket (redacted and guarded)."""

    issue: str
    customer_impact: str
    tried: str
    asked: str
    removed_commitments: list[RemovedCommitment] = Field(default_factory=list)

    def text(self) -> str:
        """Return the brief as four labelled lines."""
        return (f"Issue: {self.issue}\nCustomer impact: {self.customer_impact}\nWhat was tried: {self.tried}\n"
                f"What is asked: {self.asked}")


class DraftResult(BaseModel):
    """Everything the pipeline produced for one ticket; stored with the draft for audit."""

    kind: Kind
    draft: str
    citations: list[Citation]
    needs_human_review: bool
    reasons: list[str]
    escalate: bool
    escalation_reasons: list[str]
    risk: Literal["low", "medium", "high"]
    evidence: list[str] = Field(default_factory=list)
    language: str = Field(default="und", description="the ticket's language (ISO 639-1), 'und' when unclear")
    removed_commitments: list[RemovedCommitment]
    unsupported_sentences: list[UnsupportedSentence] = Field(default_factory=list)
    llm_input: str
    redactions: list[RedactedEntity] = Field(default_factory=list)
    drafter: str
    model: str | None = None
    prompt_name: str
    prompt_version: str
    article_versions: dict[str, str] = Field(default_factory=dict)
    usage: dict[str, float] = Field(default_factory=dict)
    routing: Routing | None = None
    handoff: HandoffBrief | None = None
    policy_hash: str | None = None
    readability_grade: float | None = None
    customer_format: Literal["plain", "html"] = "plain"
    customer_preview: str = Field(default="", description="exactly what the customer gets if the draft is "
                                                          "approved as it is (internal notes must go first)")
    unanswered_questions: list[str] = Field(default_factory=list)
