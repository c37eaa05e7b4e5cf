"""Answering from articles: questions, whole sections, greetings."""

from __future__ import annotations

from agent.answer import Section, choose_sections, questions, section_block
from agent.greeting import greeting_name

SECTION = """Here's how to block an IP address:

1. Open the **Site Settings** of your site
2. Choose **IP Addresses** in the *Shields* menu

3. Click **Add IP Address**

In Firefox, it looks like this:

![screenshot](/img/shields.png)

Then paste this and hit enter:
```js
localStorage.plausible_ignore=true
```

:::tip Both addresses
Many connections have an IPv4 and an IPv6 address. Block both.
:::
"""


def test_a_section_keeps_its_list_whole_and_in_order_and_never_cuts_markdown() -> None:
    block = section_block(SECTION)
    assert block.index("1. Open") < block.index("2. Choose") < block.index("3. Click"), "whole list, in order"
    assert "```js\nlocalStorage.plausible_ignore=true\n```" in block, "a code block comes whole"
    assert "![" not in block and ":::" not in block and "looks like this" not in block
    assert block.count("**") % 2 == 0 and block.count("*Shields*") == 1, "no emphasis is cut open"
    assert "IPv6" in block


def test_a_long_section_is_cut_between_units_only() -> None:
    block = section_block(SECTION, limit=120)
    assert block.endswith("3. Click **Add IP Address**"), "the list stays whole even past the limit"


def test_neighbouring_passages_of_the_chosen_section_are_joined_from_step_one() -> None:
    parts = [Section(source_path="a.md", title="A", section="Block IPs", text=t, similarity=s, passage_id=p,
                     article_hash="h") for t, s, p in (("1. Open settings", 0.3, "a#0"), ("4. Save it", 0.6, "a#1"))]
    other = Section(source_path="b.md", title="B", section="Other", text="Unrelated", similarity=0.5,
                    passage_id="b#0", article_hash="h")
    chosen = choose_sections(question="block IPs", candidates=[*parts, other], article_order=["a.md", "b.md"],
                             ordered=[*parts, other])
    assert [c.passage_ids for c in chosen] == [["a#0", "a#1"]]
    assert chosen[0].text.startswith("1. Open settings")


def test_questions_are_split_and_fragments_join_their_question() -> None:
    asked = questions(text="We run two sites. How do I add a second site? Can I also invite my team to it? Free?")
    assert asked == ["How do I add a second site?", "Can I also invite my team to it? Free?"]
    assert questions(text="Please block my IP.") == []


def test_the_greeting_uses_a_name_only_when_it_is_one() -> None:
    assert [greeting_name(n) for n in ("Dr. Ana Souza", "Dr.", "<svg onload=alert(1)>", "support team", "")] == [
        "Ana", None, None, None, None]


def test_a_ticket_in_another_language_is_flagged_language_mismatch() -> None:
    from agent.models import Ticket
    from agent.pipeline import draft_ticket

    german = Ticket(subject="Eigene Besuche", body="Wie kann ich meine eigenen Besuche ausschließen? Ich bin nicht "
                                                   "sicher, wo das in den Einstellungen ist.")
    result = draft_ticket(ticket=german, kind="reply", retriever=None, chat=None)
    assert "language_mismatch:de" in result.reasons and result.needs_human_review
    english = draft_ticket(ticket=Ticket(subject="Own visits", body="How do I exclude my own visits?"), kind="reply",
                           retriever=None, chat=None)
    assert not any(r.startswith("language_mismatch") for r in english.reasons)


def test_an_article_confirmed_by_answered_tickets_answers_a_ticket_in_another_language() -> None:
    from agent.models import Ticket
    from agent.pipeline import draft_ticket
    from tests.fakes import FixedPassages

    german = Ticket(subject="Eigene Besuche", body="Wie kann ich meine eigenen Besuche ausschließen? Ich bin nicht "
                                                   "sicher, wo das in den Einstellungen ist.")
    article = ("docs/excluding.md", "Open Site Settings, then General, and turn on Exclude my visits.")
    unconfirmed = draft_ticket(ticket=german, kind="reply", retriever=FixedPassages(article, similarity=0.2),
                               chat=None, min_similarity=0.4)
    assert unconfirmed.citations == [] and "no_approved_source" in unconfirmed.reasons
    confirmed = draft_ticket(ticket=german, kind="reply", chat=None, min_similarity=0.4,
                             retriever=FixedPassages(article, similarity=0.2, confirmed=True))
    assert [c.source_path for c in confirmed.citations] == ["docs/excluding.md"]
    assert "Exclude my visits" in confirmed.draft
    assert "language_mismatch:de" in confirmed.reasons and confirmed.needs_human_review
