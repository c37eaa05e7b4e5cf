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


MAX_SENTENCES = 8


def ticket_sentences(text: str, *, most: int = MAX_SENTENCES) -> list[str]:
    """Return the sentences of a cleaned ticket that say something (three words or more), at most ``most``.

    The subject line is a sentence like the others; a longer ticket keeps its first sentences and its questions.

    >>> ticket_sentences("stats wrong\\n\\nHi. Since Tuesday the visitor numbers look way too low. Why?")
    ['Since Tuesday the visitor numbers look way too low.']
    """
    parts = [p.strip() for line in text.splitlines() for p in re.split(r"(?<=[.!?])\s+", line)]
    said = [p for p in parts if len(re.findall(r"[^\W\d_]+", p)) >= 3]
    if len(said) <= most:
        return said
    asked = [p for p in said if p.endswith("?")][:most // 2]
    return [p for p in said if p not in asked][:most - len(asked)] + asked


_STOPWORDS = {
    "en": "the and is are you your how can i do not to of in it my we what with this".split(),
    "de": "der die das und ist nicht ich wie kann mein wir ein eine mit auf für bei sie".split(),
    "es": "el la los las y es no yo cómo como puedo mi que con para una por del se".split(),
    "fr": "le la les et est pas je comment puis mon nous une avec pour des du que sur".split(),
    "pt": "o os as e é não eu como posso meu minha que com para uma por do da se".split(),
    "nl": "de het een en is niet ik hoe kan mijn wij we met voor van op dat zijn".split(),
    "it": "il lo la gli le e è non io come posso mio che con per una del della si".split(),
}


def ticket_language(text: str) -> str:
    """Return the language of a ticket by its commonest function words (``en`` when unsure).

    >>> ticket_language("Wie kann ich meine Website aus der Statistik ausschließen? Ich bin nicht sicher.")
    'de'
    >>> ticket_language("How do I exclude my own visits from the stats?")
    'en'
    """
    words = re.findall(r"[^\W\d_]+", text.lower())
    counts = {lang: sum(w in set(stop) for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if best != "en" and counts[best] >= max(3, 2 * counts["en"]) else "en"
