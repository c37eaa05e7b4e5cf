"""Customer-ready rendering of a draft: notes, markers, Markdown, per channel."""

from __future__ import annotations

from agent.customer_text import internal_notes, render

DRAFT = """Hi Dana,

To block your IP, open the [site settings](website-settings.md):

1. Choose **IP Addresses** in the *Shields* menu [1]
2. Click `Add IP Address` <img src=x onerror=alert(1)>

See *Lost your 2FA device?* [2] and the guide [1].

Needs human review: no approved article covers "refund".

Best regards,
The support team"""
LINKS = {1: "https://plausible.io/docs/excluding", 2: None}


def test_plain_text_drops_notes_and_markdown_and_links_markers_once() -> None:
    text = render(text=DRAFT, links=LINKS)
    assert "Needs human review" not in text and "refund" not in text
    assert "[1]" not in text and "[2]" not in text and "**" not in text and "*Shields*" not in text
    assert text.count("https://plausible.io/docs/excluding") == 1, "one link per article"
    assert "1. Choose IP Addresses in the Shields menu" in text
    assert "2. Click Add IP Address" in text and "website-settings.md" not in text
    assert text.endswith("Best regards,\nThe support team")


def test_html_channel_escapes_raw_html_and_keeps_lists() -> None:
    html = render(text=DRAFT, links=LINKS, fmt="html")
    assert "<ol>" in html and "<strong>IP Addresses</strong>" in html
    assert "<img" not in html and "&lt;img" in html, "raw HTML in a draft is escaped, never passed through"
    assert 'href="https://plausible.io/docs/excluding"' in html and "website-settings.md" not in html
    assert "Needs human review" not in html


def test_internal_notes_are_found_in_any_list_or_case() -> None:
    assert internal_notes("ok\n- needs human review: check the plan\nbye") == ["- needs human review: check the plan"]
    assert internal_notes("Nothing internal here.") == []
