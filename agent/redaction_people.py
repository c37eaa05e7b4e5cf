"""Find person names without an NER model: capitalised runs scored by lexicons and context cues.

A run of capitalised words is cut into segments at ordinary English words; each segment is scored
from what its words are (given name, surname, unknown proper noun, initial) and from cues around
it (a title, "my name is", a greeting or sign-off, "said", a speaker label). Segments that reach
the threshold are reported as PERSON.
"""

import re
from typing import NamedTuple

from agent.redaction_lexicon import PARTICLES, TITLES, Lexicon, is_word, load_lexicon
from agent.redaction_patterns import RANKS, Span

TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
CAMEL_RE = re.compile(r"^(?!(?:Mc|Mac|O'|O’|D'|D’|De|Di|Da|Du|La|Le|Van|Von)[A-ZÀ-Þ])\w+[a-zß-ÿ][A-ZÀ-Þ]")

NAME_CUE = re.compile(
    r"(?:\bname(?:'s|’s)?(?:\s+(?:is|was))?\s*[:\-]?|\bname\b[^.?!\n]{0,50}\b(?:is|to|as)|"
    r"\bcall(?:s|ed)?\s+(?:me|him|her))\s*$",
    re.IGNORECASE,
)
STRONG_CUE = re.compile(
    r"\b(?:i'?m|i’m|i\s+am|this\s+is|named|called|known\s+as|go(?:es)?\s+by|dear|hi|hello|hey|thanks|thank\s+you|regards|cheers|"
    r"sincerely|best|signed|attn|attention|said|says|told|asked|shouted|wrote|replied|"
    r"spoke\s+(?:to|with)|speak\s+(?:to|with)|talked\s+(?:to|with)|ask\s+for|asked\s+for|"
    r"partner|wife|husband|son|daughter|kid|child|mother|father|brother|sister|friend|"
    r"colleague|manager|boss|mom|mum|dad|uncle|aunt|grandmother|grandfather)\s*[,:\-]?\s*$",
    re.IGNORECASE,
)
WEAK_CUE = re.compile(
    r"\b(?:with|to|from|by|under|and|or|for|tell|ask|contact|add|remove|met|meet|via|cc|"
    r"about|heard|see|me|at)\s*,?\s*$",
    re.IGNORECASE,
)
AFTER_CUE = re.compile(
    r"^(?:'s\b|’s\b|,?\s+(?:said|says|wrote|asked|replied|shouted|explained|told|added|"
    r"will\s+be|has\s+been|was\s+born|lives|spent|began|is\s+from)\b)",
    re.IGNORECASE,
)
WEIGHTS = {"GIVEN": 2.0, "AMBIG": 1.0, "SURNAME": 1.5, "UNKNOWN": 0.5, "INITIAL": 0.5, "WORD": 0.0}
NAMEISH = frozenset({"GIVEN", "AMBIG", "SURNAME", "UNKNOWN"})
THRESHOLD = 2.0


class Token(NamedTuple):
    """One word of the text with its class (GIVEN, SURNAME, WORD, UNKNOWN, INITIAL, ...)."""

    start: int
    end: int
    kind: str


def find_people(*, text: str) -> list[Span]:
    """Return PERSON spans found from capitalisation, lexicons and context cues."""
    lexicon = load_lexicon()
    tokens = _tokens(text, lexicon)
    spans = []
    for run, title in _runs(text, tokens):
        for segment in _segments(run, named=title or _has_cue(text, run[0].start, NAME_CUE, 70)):
            if _is_person(text, segment, titled=title):
                spans.append(Span("PERSON", segment[0].start, segment[-1].end, RANKS["PERSON"]))
    spans += _lowercase_after_cue(text, tokens, lexicon)
    return spans


def _tokens(text: str, lexicon: Lexicon) -> list[Token]:
    """Split the text into word tokens, dropping a possessive 's, and classify each."""
    tokens = []
    for match in TOKEN_RE.finditer(text):
        word, end = match.group(), match.end()
        if len(word) > 3 and word[-2:].lower() in ("'s", "’s"):
            word, end = word[:-2], end - 2
        tokens.append(Token(match.start(), end, classify(word, lexicon)))
    return tokens


def classify(word: str, lexicon: Lexicon) -> str:
    """Classify one word: INITIAL, PARTICLE, LOWER, CAPS, TITLE, STOP, GIVEN, AMBIG, SURNAME, WORD or UNKNOWN."""
    lower = word.lower()
    if len(word) == 1:
        return "INITIAL" if word.isupper() else "LOWER"
    if lower in PARTICLES and word.islower():
        return "PARTICLE"
    if not word[0].isupper():
        return "LOWER"
    if word.isupper():
        return "CAPS"
    if lower in TITLES:
        return "TITLE"
    if lower in lexicon.not_names or CAMEL_RE.match(word):
        return "STOP"
    parts = [lower] if lower in lexicon.given or "-" not in lower else lower.split("-")
    kinds = [_kind_of(part, lexicon) for part in parts]
    for kind in ("GIVEN", "AMBIG", "SURNAME", "UNKNOWN"):
        if kind in kinds:
            return kind
    return "WORD"


def _kind_of(lower: str, lexicon: Lexicon) -> str:
    """Classify one lower-case word by the lexicons."""
    if lower in lexicon.given:
        return "AMBIG" if lower in lexicon.ambiguous else "GIVEN"
    word = is_word(lexicon, lower)
    if lower in lexicon.surnames and not word:
        return "SURNAME"
    return "WORD" if word else "UNKNOWN"


def _runs(text: str, tokens: list[Token]) -> list[tuple[list[Token], bool]]:
    """Group adjacent capitalised tokens into runs; flag runs that follow a title such as Mr."""
    runs: list[tuple[list[Token], bool]] = []
    current: list[Token] = []
    titled = False
    for index, token in enumerate(tokens):
        joinable = token.kind in NAMEISH or token.kind in ("WORD", "INITIAL", "PARTICLE")
        if current and joinable and _adjacent(text, current[-1], token):
            current.append(token)
            continue
        if current:
            runs.append((current, titled))
        titled = index > 0 and tokens[index - 1].kind == "TITLE" and _adjacent(text, tokens[index - 1], token)
        current = [token] if joinable and token.kind != "PARTICLE" else []
    if current:
        runs.append((current, titled))
    return runs


def _adjacent(text: str, left: Token, right: Token) -> bool:
    """Tell whether two tokens are separated only by a space (or an initial's or title's dot)."""
    gap = text[left.end : right.start]
    if gap == " ":
        return True
    return gap in (". ", ".") and left.kind in ("INITIAL", "TITLE")


def _segments(run: list[Token], *, named: bool) -> list[list[Token]]:
    """Cut a run at ordinary words, keeping a word that stands where a surname would."""
    segments: list[list[Token]] = []
    current: list[Token] = []
    for token in run:
        surname_slot = bool(current) and current[-1].kind in ("GIVEN", "INITIAL")
        if token.kind == "WORD" and not (named or surname_slot):
            segments.append(current)
            current = []
            continue
        current.append(token)
    segments.append(current)
    return [_trim(segment) for segment in segments if _trim(segment)]


def _trim(segment: list[Token]) -> list[Token]:
    """Drop particles at the edges of a segment and cap it at five tokens."""
    while segment and segment[0].kind in ("PARTICLE", "INITIAL"):
        segment = segment[1:]
    while segment and segment[-1].kind == "PARTICLE":
        segment = segment[:-1]
    return segment[:5]


def _is_person(text: str, segment: list[Token], *, titled: bool) -> bool:
    """Score a segment from its words and the cues around it; tell whether it is a person."""
    kinds = [token.kind for token in segment]
    nameish = sum(1 for kind in kinds if kind in NAMEISH)
    start, end = segment[0].start, segment[-1].end
    named = titled or _has_cue(text, start, NAME_CUE, 70)
    if nameish == 0 and not named:
        return False
    score = sum(WEIGHTS.get(kind, 0.0) for kind in kinds) + (1.0 if nameish >= 2 else 0.0)
    if named:
        score += 5.0
    elif _has_cue(text, start, STRONG_CUE, 40):
        score += 3.0
    elif _has_cue(text, start, WEAK_CUE, 20):
        score += 1.0
    score += _after_score(text, start, end)
    return score >= THRESHOLD


def _after_score(text: str, start: int, end: int) -> float:
    """Score what follows a segment: a speaker colon, a vocative comma, 's or a verb of saying."""
    line_start = text.rfind("\n", 0, start) + 1
    at_line_start = not text[line_start:start].strip(" \t>*-\"'")
    after = text[end : end + 30]
    if at_line_start and re.match(r"\s*:", after):
        return 2.0
    if at_line_start and re.match(r",\s", after) and start == line_start:
        return 1.5
    return 1.0 if AFTER_CUE.match(after) else 0.0


def _has_cue(text: str, start: int, cue: re.Pattern[str], window: int) -> bool:
    """Tell whether the text just before `start` ends with the cue."""
    return bool(cue.search(text[max(0, start - window) : start]))


def _lowercase_after_cue(text: str, tokens: list[Token], lexicon: Lexicon) -> list[Span]:
    """Catch a lower-case name right after "my name is" or "call me" (e.g. "my name is nina")."""
    spans = []
    for index, token in enumerate(tokens):
        if token.kind != "LOWER" or not _has_cue(text, token.start, NAME_CUE, 40):
            continue
        if index > 0 and tokens[index - 1].kind in NAMEISH and tokens[index - 1].end + 1 == token.start:
            continue
        names = []
        for follower in tokens[index : index + 3]:
            lower = text[follower.start : follower.end].lower()
            gap_ok = not names or text[names[-1].end : follower.start] == " "
            if follower.kind != "LOWER" or not gap_ok or (is_word(lexicon, lower) and lower not in lexicon.given):
                break
            names.append(follower)
        if names:
            spans.append(Span("PERSON", names[0].start, names[-1].end, RANKS["PERSON"]))
    return spans
