"""The model writes placeholders; the rep sees the customer's details again, and the guard sees them too."""

from __future__ import annotations

from agent.models import Ticket
from agent.pipeline import draft_ticket
from agent.redaction import redact
from agent.reidentify import entity_placeholders, placeholder_values, restore
from tests.fakes import FixedPassages, ScriptedChat

PASSAGE = ("To reset your password:\n\n1. Open the sign-in page and click **Forgot password**.\n"
           "2. Enter the e-mail address of your account.\n3. Open the link in the e-mail within 1 hour.")
SOURCES = FixedPassages(("account/reset-password.md", PASSAGE))
TICKET = Ticket.model_validate({
    "id": "r-1", "subject": "password",
    "body": "Hi, I'm Jane Roe. How do I reset my password? My login is jane.roe@example.com. "
            "My card 4111 1111 1111 1111 was charged. Thanks, Jane Roe",
    "customer": {"plan": "pro", "name": "Jane Roe"}})


def test_placeholder_values_follow_the_redaction_numbering() -> None:
    text = "Ann Lee wrote to bob@example.com and ann@example.com; Ann Lee again."
    redaction = redact(text=text, known_names=["Ann Lee"])
    values = placeholder_values(text=text, redaction=redaction)
    assert values["[PERSON_1]"] == "Ann Lee"
    assert {values["[EMAIL_1]"], values["[EMAIL_2]"]} == {"bob@example.com", "ann@example.com"}
    assert entity_placeholders(redaction=redaction).count("[PERSON_1]") == 2
    assert restore(text=redaction.redacted, values=values).text == text


def test_cards_are_never_written_back_and_unknown_placeholders_are_reported() -> None:
    text = "Card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32."
    values = placeholder_values(text=text, redaction=redact(text=text))
    restored = restore(text="We saw [CREDIT_CARD_1] and [IBAN_1]; [PERSON_3] asked. [1] [NOTE_1]", values=values)
    assert "4111 1111" not in restored.text and "ending in 1111" in restored.text and "ending in 5432" in restored.text
    assert restored.unresolved == ["[PERSON_3]"] and "[1] [NOTE_1]" in restored.text


def test_the_draft_shows_the_customer_details_but_the_model_never_saw_them() -> None:
    chat = ScriptedChat().enqueue("Hi [PERSON_1],\n\nOpen the sign-in page and click Forgot password, then enter "
                                  "[EMAIL_1], the e-mail address of your account [1].")
    result = draft_ticket(ticket=TICKET, kind="reply", retriever=SOURCES, chat=chat)
    assert result.drafter == "llm" and result.draft.startswith("Hi Jane Roe,")
    assert "jane.roe@example.com, the e-mail address" in result.draft
    sent = chat.calls[0][0] + chat.calls[0][1]
    for secret in ("Jane", "Roe", "jane.roe@example.com", "4111"):
        assert secret not in sent and secret not in result.llm_input
    assert "[PERSON_1]" in result.llm_input and "[EMAIL_1]" in result.llm_input
    assert {r.placeholder for r in result.redactions} >= {"[PERSON_1]", "[EMAIL_1]", "[CREDIT_CARD_1]"}


def test_the_guard_runs_on_the_restored_text() -> None:
    chat = ScriptedChat().enqueue("Hi [PERSON_1],\n\nOpen the sign-in page and click Forgot password [1].\n\n"
                                  "[PERSON_1], we have refunded the charge on [CREDIT_CARD_1] today.")
    result = draft_ticket(ticket=TICKET, kind="reply", retriever=SOURCES, chat=chat)
    assert "commitment_removed:refund" in result.reasons
    removed = " ".join(c.text for c in result.removed_commitments)
    assert "refunded" in removed and "[CREDIT_CARD_1]" not in removed and "[PERSON_1]" not in removed
    assert "refunded" not in result.draft and "[PERSON_1]" not in result.draft


def test_an_invented_placeholder_is_kept_and_flagged() -> None:
    chat = ScriptedChat().enqueue("Hi [PERSON_2],\n\nOpen the sign-in page and click Forgot password [1].")
    result = draft_ticket(ticket=TICKET, kind="reply", retriever=SOURCES, chat=chat)
    assert "[PERSON_2]" in result.draft and "unresolved_placeholder" in result.reasons and result.needs_human_review


def test_the_extractive_fallback_is_restored_too() -> None:
    ticket = Ticket.model_validate({"id": "r-2", "subject": "two questions", "customer": {"name": "Jane Roe"},
                                    "body": "How do I reset my password? Can Jane Roe get invoices by fax?"})
    result = draft_ticket(ticket=ticket, kind="reply", retriever=SOURCES, chat=None)
    assert "[PERSON_" not in result.draft and "Can Jane Roe get invoices by fax?" in result.draft
