"""Put the customer's identifiers back into a draft that was written from redacted text.

The model only ever sees placeholders such as ``[PERSON_1]``; the rep should see the draft with
the real name or address. The mapping is read off the redaction itself (each entity's offsets and
the placeholder that stands at the matching place in the redacted text), so it follows
``agent.redaction`` without copying its numbering rules.

Decision: payment cards, IBANs and US social security numbers are never written back in full —
a reply must not echo them — only as "ending in 1234". A placeholder the draft uses but the ticket
never had (an invented ``[PERSON_3]``) stays as it is and is reported, so the guard can flag it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import BaseModel

from agent.redaction import ENTITY_TYPES, Redaction

MASKED_TYPES = frozenset({"CREDIT_CARD", "IBAN", "US_SSN", "ACCOUNT_ID", "DATE_OF_BIRTH", "LICENSE_PLATE"})
_PLACEHOLDER = re.compile(r"\[(?:" + "|".join(ENTITY_TYPES) + r")_\d+\]")


class Restored(BaseModel):
    """A draft with placeholders replaced, and the placeholders that could not be resolved."""

    text: str
    unresolved: list[str]


def entity_placeholders(*, redaction: Redaction) -> list[str]:
    """Return, for each entity in offset order, the placeholder that replaced it.

    >>> from agent.redaction import Entity
    >>> r = Redaction(redacted="Hi [PERSON_1], [PERSON_1]!", entities=[
    ...     Entity(type="PERSON", start=3, end=6), Entity(type="PERSON", start=8, end=11)])
    >>> entity_placeholders(redaction=r)
    ['[PERSON_1]', '[PERSON_1]']
    """
    placeholders: list[str] = []
    shift = 0
    for entity in sorted(redaction.entities, key=lambda e: e.start):
        match = _PLACEHOLDER.match(redaction.redacted, entity.start + shift)
        placeholder = match.group(0) if match else f"[{entity.type}]"
        placeholders.append(placeholder)
        shift += len(placeholder) - (entity.end - entity.start)
    return placeholders


def placeholder_values(*, text: str, redaction: Redaction) -> dict[str, str]:
    """Return placeholder → the value to show the rep (the first spelling seen in the ticket)."""
    values: dict[str, str] = {}
    entities = sorted(redaction.entities, key=lambda e: e.start)
    for entity, placeholder in zip(entities, entity_placeholders(redaction=redaction), strict=True):
        original = text[entity.start:entity.end]
        values.setdefault(placeholder, _masked(original) if entity.type in MASKED_TYPES else original)
    return values


def restore(*, text: str, values: Mapping[str, str]) -> Restored:
    """Replace every known placeholder in a draft; list the unknown ones."""
    unresolved: list[str] = []

    def swap(match: re.Match[str]) -> str:
        found = match.group(0)
        if found in values:
            return values[found]
        unresolved.append(found)
        return found

    return Restored(text=_PLACEHOLDER.sub(swap, text), unresolved=list(dict.fromkeys(unresolved)))


def _masked(value: str) -> str:
    """Return a number shown only by its last four characters.

    >>> _masked("4111 1111 1111 1234")
    'the number ending in 1234'
    """
    tail = re.sub(r"[^0-9A-Za-z]", "", value)[-4:]
    return f"the number ending in {tail}"
