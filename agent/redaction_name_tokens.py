"""Split text into classified word tokens and group capitalised ones into candidate name segments.

Token kinds: GIVEN (a given name), AMBIG (a given name that is also a common word, like "Will"),
SURNAME, UNKNOWN (capitalised, in no list: often a foreign name or a place), WORD (a common English
word), INITIAL, PARTICLE ("van", "de"), TITLE ("Mr"), ORG ("Inc", "Partners"), STOP (brands,
months, countries, street words), CAPS (all capitals) and LOWER (lower case).
"""

import re
from typing import NamedTuple

from agent.escalation_scorer import fold_accents
from agent.redaction_lexicon import CITIES, COUNTRIES, PARTICLES, TITLES, Lexicon, is_compound, is_word

TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
CAMEL_RE = re.compile(r"^(?!(?:Mc|Mac|O'|O’|D'|D’|De|Di|Da|Du|La|Le|Van|Von)[A-ZÀ-Þ])\w+[a-zß-ÿ][A-ZÀ-Þ]")
CONTRACTION_RE = re.compile(r"['’](?:m|s|t|d|ll|re|ve|mon|em)$")
ORG_WORDS = frozenset(
    "inc llc ltd corp corporation co company gmbh ag sa plc bv nv associates capital technologies "
    "technology investments partners group holdings solutions systems labs ventures insurance bank "
    "university foundation institute orchestra agency consulting media software studios studio "
    "industries international enterprises incorporated markets services networks pharmaceuticals "
    "analytics health healthcare logistics motors airlines records".split()
)
NAMEISH = frozenset({"GIVEN", "AMBIG", "SURNAME", "UNKNOWN"})
JOINABLE = NAMEISH | {"WORD", "INITIAL", "PARTICLE", "PLACE"}


class Token(NamedTuple):
    """One word of the text: its offsets and its kind."""

    start: int
    end: int
    kind: str


def tokenize(text: str, lexicon: Lexicon) -> list[Token]:
    """Split the text into word tokens, dropping a possessive 's, and classify each."""
    tokens = []
    for match in TOKEN_RE.finditer(text):
        word, end = match.group(), match.end()
        if len(word) > 3 and word[-2:].lower() in ("'s", "’s"):
            word, end = word[:-2], end - 2
        tokens.append(Token(match.start(), end, classify(word, lexicon)))
    return tokens


def classify(word: str, lexicon: Lexicon) -> str:
    """Classify one word into a token kind (see the module docstring)."""
    lower = word.lower()
    if len(word) == 1:
        return "INITIAL" if word.isupper() else "LOWER"
    if lower in TITLES:
        return "TITLE"
    if lower in PARTICLES and word.islower():
        return "PARTICLE"
    if not word[0].isupper():
        return "LOWER"
    if word.isupper():
        return "CAPS"
    if lower in ORG_WORDS:
        return "ORG"
    if lower in COUNTRIES or lower in CITIES:
        return "PLACE"
    if lower in lexicon.not_names or CAMEL_RE.match(word) or CONTRACTION_RE.search(lower):
        return "STOP"
    if "-" in lower and lower not in lexicon.given:
        return _classify_compound(lower.split("-"), lexicon)
    return kind_of(lower, lexicon)


def _classify_compound(parts: list[str], lexicon: Lexicon) -> str:
    """Classify a hyphenated word: all given names (Jean-Luc) or else by its surname parts."""
    kinds = [kind_of(part, lexicon) for part in parts]
    if all(kind == "GIVEN" for kind in kinds):
        return "GIVEN"
    if all(kind == "WORD" for kind in kinds):
        return "WORD"
    return "SURNAME" if "SURNAME" in kinds else "UNKNOWN"


def kind_of(lower: str, lexicon: Lexicon) -> str:
    """Classify one lower-case word by the lexicons alone (accents folded: "rubén" is "ruben")."""
    if not lower.isascii():
        lower = fold_accents(lower)
    if lower in lexicon.given:
        return "AMBIG" if lower in lexicon.ambiguous else "GIVEN"
    word = is_word(lexicon, lower)
    if lower in lexicon.surnames and not word:
        return "SURNAME"
    return "WORD" if word or is_compound(lexicon, lower) else "UNKNOWN"


def runs(text: str, tokens: list[Token]) -> list[tuple[list[Token], bool]]:
    """Group adjacent capitalised tokens into runs; flag runs that follow a title such as "Mr."."""
    found: list[tuple[list[Token], bool]] = []
    current: list[Token] = []
    titled = False
    for index, token in enumerate(tokens):
        joinable = token.kind in JOINABLE
        if current and joinable and adjacent(text, current[-1], token):
            current.append(token)
            continue
        if current:
            found.append((current, titled))
        titled = index > 0 and tokens[index - 1].kind == "TITLE" and adjacent(text, tokens[index - 1], token)
        current = [token] if joinable and token.kind != "PARTICLE" else []
    if current:
        found.append((current, titled))
    return found


def adjacent(text: str, left: Token, right: Token) -> bool:
    """Tell whether two tokens are separated only by a space (or an initial's or title's dot)."""
    gap = text[left.end : right.start]
    if gap == " ":
        return True
    return gap in (". ", ".") and left.kind in ("INITIAL", "TITLE")


def segments(run: list[Token], *, named: bool, paired: bool = False) -> list[list[Token]]:
    """Cut a run at ordinary words and places, keeping one that stands where a surname would.

    With ``paired`` (a language that does not capitalise its nouns), a capitalised word also stands
    where a surname would after a given name that is also a word ("Vitória Sampaio", "Luís Pinto") and
    after a surname ("Joaquim Fernandes Lopes").
    """
    slots = ("GIVEN", "INITIAL", "PARTICLE") + (("AMBIG", "SURNAME") if paired else ())
    found: list[list[Token]] = []
    current: list[Token] = []
    for token in run:
        surname_slot = bool(current) and current[-1].kind in slots
        if token.kind in ("WORD", "PLACE") and not (named or surname_slot):
            found.append(current)
            current = []
            continue
        current.append(token)
    found.append(current)
    trimmed = [_trim(segment) for segment in found]
    return [segment for segment in trimmed if segment]


def _trim(segment: list[Token]) -> list[Token]:
    """Drop particles and initials at the start, particles at the end, and cap the length at five."""
    while segment and segment[0].kind in ("PARTICLE", "INITIAL"):
        segment = segment[1:]
    while segment and segment[-1].kind == "PARTICLE":
        segment = segment[:-1]
    return segment[:5]
