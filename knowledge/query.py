"""Turn a customer's ticket into a search query: drop what says nothing about the question.

Greetings, sign-offs, signatures, "sent from my phone" footers, quoted reply headers and the
placeholders left by redaction (``[EMAIL_1]``) match every article a little and none well, so
they only add noise to both the lexical and the dense ranking.
"""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*_\d+\]|<[A-Z][A-Z_]*>")
_GREETING = re.compile(
    r"^\s*(hi|hello|hey|hiya|dear|good (morning|afternoon|evening)|greetings|hallo|hola|ol[aá])\b"
    r"(\s+(team|there|all|everyone|folks|guys|support( team)?|(?-i:[A-Z][a-z]+)))?\s*[,!.:]*\s*", re.I,
)
_SIGN_OFF = re.compile(
    r"^\s*(thanks?( you)?( so much| a lot| in advance)?|thx|ty|cheers|best( regards| wishes)?|kind regards|"
    r"regards|sincerely|many thanks|greetings|br|mvg|groetjes|obrigad[oa]|gracias|danke)\b[\s,.!-]*$", re.I,
)
_FOOTER = re.compile(r"^\s*(sent from my \w+|get outlook for \w+|on .{5,80} wrote:)\s*$", re.I)
_SUBJECT_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg)\s*:\s*)+", re.I)


def clean_query(text: str) -> str:
    """Return the ticket text without greetings, sign-offs, footers and redaction placeholders."""
    text = _PLACEHOLDER.sub(" ", text)
    lines = [_SUBJECT_PREFIX.sub("", line) for line in text.splitlines()]
    lines = [_GREETING.sub("", line) if i < 3 else line for i, line in enumerate(lines)]
    for i, line in enumerate(lines):
        if _FOOTER.match(line):
            lines = lines[:i]
            break
    kept = _drop_signature(lines)
    cleaned = re.sub(r"[ \t]+", " ", "\n".join(kept)).strip()
    return cleaned or text.strip()


def _drop_signature(lines: list[str]) -> list[str]:
    """Cut a trailing sign-off ("Thanks, Tom") and the few short lines of signature after it."""
    for i in range(len(lines) - 1, max(-1, len(lines) - 6), -1):
        if _SIGN_OFF.match(lines[i]):
            tail = [line for line in lines[i + 1:] if line.strip()]
            if all(len(line.split()) <= 4 for line in tail):
                return lines[:i]
    return lines


def focus_text(text: str) -> str:
    """Return the part of a cleaned ticket that asks: its first line (the subject) and its question sentences.

    A long ticket tells a story around one or two questions; the questions name what to find.

    >>> focus_text("blocked my IP\\n\\nI use a VPN at work. Is there another way to stop being counted? Thanks")
    'blocked my IP Is there another way to stop being counted?'
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(lines[1:]))
    asked = [s.strip() for s in sentences if s.strip().endswith("?")]
    return " ".join([lines[0].strip(), *asked]).strip()
