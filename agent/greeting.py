"""The greeting of a reply: a customer's first name only when the name field holds a name."""

from __future__ import annotations

import re

_TITLES = frozenset("dr dr. mr mr. mrs mrs. ms ms. mx mx. prof prof. sir madam miss herr frau sr sra mme mlle".split())
_NOT_NAMES = frozenset(
    "admin administrator support team info sales billing customer user client test null none undefined unknown "
    "hello hi contact office marketing webmaster noreply no-reply dev it root owner n/a na".split())
_NAME = re.compile(r"^[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*$")


def greeting_name(name: str | None) -> str | None:
    """Return the first name to greet, or None when the field is not a person's name.

    >>> [greeting_name(n) for n in ("Dana Whitfield", "Dr. Dana Whitfield", "Dr.", "<svg x>", "ACME Ltd support")]
    ['Dana', 'Dana', None, None, None]
    >>> [greeting_name(n) for n in ("josé", "jean-luc picard", "42", "info@x.com", None)]
    ['José', 'Jean-Luc', None, None, None]
    """
    tokens = [t for t in (name or "").replace(",", " ").split() if t.lower() not in _TITLES]
    if not tokens or len(tokens) > 5 or any(t.lower().strip(".") in _NOT_NAMES for t in tokens):
        return None
    first = tokens[0]
    if not _NAME.match(first) or len(first) < 2 or len(first) > 30:
        return None
    return "-".join(part[:1].upper() + part[1:] for part in first.split("-")) if first.islower() else first
