"""Remove customer identifiers from text before any model sees it.

`redact` finds e-mail addresses, phone numbers, payment cards, IBANs, US SSNs, IP addresses,
street addresses and person names, and replaces each with a typed placeholder such as
`[EMAIL_1]` or `[PERSON_2]` (the same value gets the same number within one text). Detection is
rule based and needs no model: checksums for cards and IBANs, shapes and context words for the
other identifiers, lexicons plus capitalisation and cues for names (see docs/quality-redaction.md).
"""

import re
from collections.abc import Sequence

from pydantic import BaseModel

from agent.language import guess_language
from agent.redaction_address import find_addresses
from agent.redaction_lexicon import load_lexicon
from agent.redaction_national import find_national_ids
from agent.redaction_patterns import RANKS, Span, find_structured
from agent.redaction_people import find_people

ENTITY_TYPES = (
    "EMAIL",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN",
    "US_SSN",
    "NATIONAL_ID",
    "VAT_ID",
    "ACCOUNT_ID",
    "DATE_OF_BIRTH",
    "LICENSE_PLATE",
    "IP_ADDRESS",
    "STREET_ADDRESS",
    "PERSON",
)


class Entity(BaseModel):
    """One identifier found in the input: its type and character offsets into the input."""

    type: str
    start: int
    end: int


class Redaction(BaseModel):
    """The redacted text and the entities that were replaced in it."""

    redacted: str
    entities: list[Entity]


def redact(*, text: str, known_names: Sequence[str] = (), language: str | None = None) -> Redaction:
    """Replace identifiers in the text with typed placeholders; always catch `known_names`.

    `language` picks the word lists that tell everyday words from names; guessed when not given.
    """
    spans = find_structured(text=text)
    spans += find_national_ids(text=text)
    spans += find_addresses(text=text)
    spans += find_people(text=text, language=language or guess_language(text))
    spans += find_known_names(text=text, known_names=known_names)
    chosen = resolve_overlaps(spans=spans)
    entities = [Entity(type=span.type, start=span.start, end=span.end) for span in chosen]
    return Redaction(redacted=replace_entities(text=text, entities=entities), entities=entities)


def find_known_names(*, text: str, known_names: Sequence[str]) -> list[Span]:
    """Find each known name, whole or by its parts (e.g. "Jane Doe" also catches "Jane")."""
    pattern = _known_names_pattern(tuple(known_names))
    if pattern is None:
        return []
    spans = []
    for match in pattern.finditer(text):
        if _known_match_ok(match.group()):
            spans.append(Span("PERSON", match.start(), match.end(), RANKS["KNOWN_PERSON"]))
    return spans


def _known_names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """Build one case-insensitive pattern for the full names and their parts, longest first."""
    variants: set[str] = set()
    for name in names:
        parts = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", name)
        if parts:
            variants.add(r"\s+".join(re.escape(part) for part in parts))
            variants.update(re.escape(part) for part in parts if len(part) >= 2)
    if not variants:
        return None
    alternation = "|".join(sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![\w@.])(?:{alternation})(?![\w@]|\.\w)", re.IGNORECASE)


def _known_match_ok(found: str) -> bool:
    """Reject a lower-case match of a known-name part that is also a common word (e.g. "will")."""
    if found[0].isupper() or " " in found:
        return True
    lexicon = load_lexicon()
    lower = found.lower()
    return lower not in lexicon.words and lower not in {"i", "a", "an", "the"}


def resolve_overlaps(*, spans: Sequence[Span]) -> list[Span]:
    """Keep non-overlapping spans, preferring the stronger type and then the longer span.

    Taken characters are marked in a byte map, so each check costs the span's length, not the number
    of spans kept (linear in the text instead of quadratic).
    """
    chosen: list[Span] = []
    taken = bytearray(max((span.end for span in spans), default=0))
    for span in sorted(spans, key=lambda span: (span.rank, span.start - span.end, span.start)):
        if span.end > span.start and taken.find(1, span.start, span.end) >= 0 and span.type == "STREET_ADDRESS":
            span = _untaken_part(span=span, taken=taken)  # an address grown over a VAT id or a phone keeps its street
        if span.end > span.start and taken.find(1, span.start, span.end) < 0:
            chosen.append(span)
            taken[span.start : span.end] = b"\x01" * (span.end - span.start)
    return sorted(chosen, key=lambda span: span.start)


def _untaken_part(*, span: Span, taken: bytearray) -> Span:
    """Return the longest part of a span that no stronger span took, if it holds most of it (else empty)."""
    best = (span.start, span.start)
    position = span.start
    while position < span.end:
        free_end = taken.find(1, position, span.end)
        free_end = span.end if free_end < 0 else free_end
        if free_end - position > best[1] - best[0]:
            best = (position, free_end)
        used_end = taken.find(0, free_end, span.end)
        position = span.end if used_end < 0 else used_end
    start, end = best
    if end - start < 0.6 * (span.end - span.start):
        return span._replace(end=span.start)
    return span._replace(start=start, end=end)


def replace_entities(*, text: str, entities: Sequence[Entity]) -> str:
    """Replace each entity with [TYPE_n], numbering distinct values per type in order of appearance."""
    numbers: dict[tuple[str, str], int] = {}
    counts: dict[str, int] = {}
    pieces = []
    position = 0
    for entity in sorted(entities, key=lambda entity: entity.start):
        key = (entity.type, _normalise(entity.type, text[entity.start : entity.end]))
        if key not in numbers:
            counts[entity.type] = counts.get(entity.type, 0) + 1
            numbers[key] = counts[entity.type]
        pieces.append(text[position : entity.start])
        pieces.append(f"[{entity.type}_{numbers[key]}]")
        position = entity.end
    pieces.append(text[position:])
    return "".join(pieces)


def _normalise(entity_type: str, value: str) -> str:
    """Normalise a value so that spelling variants of the same identifier share a placeholder."""
    if entity_type in ("PERSON", "STREET_ADDRESS"):
        return " ".join(value.casefold().split())
    return re.sub(r"[^0-9a-z]", "", value.casefold())
