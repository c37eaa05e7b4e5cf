"""Find person names without an NER model: capitalised segments scored by lexicons and cues.

Each candidate segment (see `redaction_name_tokens`) is scored from its words (given name,
surname, unknown proper noun, initial) and from the cues around it: a title, "my name is", a
greeting or sign-off, a verb of saying, a speaker label. Accepted names then spread to the other
members of a list ("Anna, Kónya and Becker"), to later mentions of the same word, and lower-case
names are caught when a given name pairs with a surname or follows a cue.
"""

import json
import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from agent.escalation_scorer import fold_accents
from agent.language import function_words
from agent.redaction_lexicon import Lexicon, is_word, load_lexicon
from agent.redaction_name_tokens import NAMEISH, Token, adjacent, kind_of, runs, segments, tokenize
from agent.redaction_patterns import RANKS, Span

NAME_CUE = re.compile(
    r"(?:\bname(?:'s|’s|\s+is|\s+was|\s*[:?\-])|\bname\b[^.?!\n]{0,50}\b(?:is|to|as)|"
    r"\bcall(?:s|ed)?\s+(?:me|him|her))\s*$",
    re.IGNORECASE,
)
STRONG_CUE = re.compile(
    r"\b(?:i'?m|i’m|i\s+am|this\s+is|(?:named|called)(?:\s+(?:him|her|me|them))?|known\s+as|"
    r"go(?:es)?\s+by|dear|hi|hello|hey|thanks|thank\s+you|regards|cheers|sincerely|best|signed|attn|"
    r"attention|said|says|told|asked|shouted|wrote|replied|spoke\s+(?:to|with)|speak\s+(?:to|with)|"
    r"talked\s+(?:to|with)|ask\s+for|asked\s+for|partner|wife|husband|son|daughter|kid|child|"
    r"mother|father|brother|sister|friend|colleague|manager|boss|mom|mum|dad|uncle|aunt|"
    r"grandmother|grandfather)\s*[,:\-]?\s*$",
    re.IGNORECASE,
)
NAME_CUES_PATH = Path(__file__).parent / "redaction_data" / "name_cues.json"


def _cue_phrases() -> list[str]:
    """Return the greetings, sign-offs and relations of the six other languages (lower case)."""
    data = json.loads(NAME_CUES_PATH.read_text(encoding="utf-8"))
    return sorted({w for lang, ws in data.items() if not lang.startswith("_") for w in ws}, key=len, reverse=True)


def _cue_words() -> str:
    """Return the cue phrases as one alternation, spaces matching any spacing."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _cue_phrases())


SELF_CUE = re.compile(  # "ik heet kevin de boer", "me llamo", "je m'appelle": a name, even in lower case
    r"\b(?i:ik\s+heet|mijn\s+naam\s+is|ich\s+hei(?:ß|ss)e|mein\s+name\s+ist|me\s+llamo|mi\s+nombre\s+es|"
    r"je\s+m'appelle|mon\s+nom\s+est|mi\s+chiamo|il\s+mio\s+nome\s+[èe]|me\s+chamo|chamo-me|meu\s+nome\s+[ée])\s*$"
)
# "Jordan Whitfield, jwhitfield88@gmail.com", "Ana Souza <ana.souza@…>": capitalised words right before an
# e-mail address whose local part spells one of them
BEFORE_EMAIL = re.compile(
    r"((?:[A-ZÀ-Þ][\w'’-]+[ \t]+){0,2}[A-ZÀ-Þ][\w'’-]+)[ \t]*[,:(<\-–—]?[ \t]*([\w.+-]+)@[\w-]+\."
)
NICKNAME_BEFORE = re.compile(r"\b([A-ZÀ-Þ][\w'’-]{1,11})\s\($")
NICKNAME_AFTER = re.compile(r"\s\(([A-ZÀ-Þ][\w'’-]{1,11})\)")
SIGNED_TAIL = 80
SIGNED = re.compile(
    rf"(?:^|[\n.!?]\s*|\s)(?i:{_cue_words()}|liefs|dank|groetjes|xx|bjs|abs)\.?\s*[,:\-–]?\s+"
    r"(?P<name>(?:(?i:de\s+familie|familie|fam\.)\s+)?[^\W\d_][\w'’.-]*(?:\s+(?:[^\W\d_][\w'’.-]*|'t)){0,3})\s*[.!]?\s*$"
)
_FUNCTION_WORDS = frozenset(w for words in function_words().values() for w in words)
CUE_WORDS = frozenset(w for w in _cue_phrases() if " " not in w)  # a greeting is never itself a name

# "Gruss, Reto", "Atte., Consuelo Araya", "minha neta Bia", "Cumprimentos, Tó Zé"
CUE_PHRASES = frozenset(_cue_phrases())
WEAK_CUE = re.compile(
    r"\b(?:with|to|from|by|under|and|or|for|tell|ask|contact|add|remove|met|meet|via|cc|about|"
    r"heard|see|me|at)\s*,?\s*$",
    re.IGNORECASE,
)
PLACE_CUE = re.compile(r"\b(?:in|near|city|town|village|country|downtown|visit|visited)\s+$", re.IGNORECASE)
SAYING_AFTER = re.compile(
    r"^,?\s+(?:said|says|wrote|asked|replied|shouted|explained|told|added|answered)\b", re.IGNORECASE
)
OTHER_AFTER = re.compile(
    r"^(?:'s\b|’s\b|,?\s+(?:will\s+be|has\s+been|was\s+born|lives|spent|began|is\s+from)\b)", re.IGNORECASE
)
SUFFIX_RE = re.compile(r",?\s+(?:Jr\.?|Sr\.?|II|III|IV)\b")
LIST_GAP = re.compile(r"^(?:,\s*|\s+(?:and|or|&)\s+|,\s+(?:and|or)\s+)$")
WEIGHTS = {"GIVEN": 2.0, "AMBIG": 0.75, "SURNAME": 1.5, "UNKNOWN": 0.5, "INITIAL": 0.5}
THRESHOLD = 2.0
CAPITALISED_NOUNS = frozenset({"de"})  # languages that capitalise every noun: two capitalised words need not be a name
MODALS = frozenset({"can", "will", "may", "must", "shall", "should", "would", "could", "did", "does"})


class Candidate(NamedTuple):
    """A capitalised segment, whether it scored as a person, and whether an org word follows it."""

    tokens: list[Token]
    accepted: bool
    org_next: bool


def find_people(*, text: str, language: str = "en") -> list[Span]:
    """Return PERSON spans found from capitalisation, lexicons (of the text's language) and context cues."""
    lexicon = load_lexicon(language)
    tokens = tokenize(text, lexicon)
    candidates = _spread_over_lists(text, _candidates(text, tokens, paired=language not in CAPITALISED_NOUNS))
    spans = [_person(text, c.tokens[0].start, c.tokens[-1].end) for c in candidates if c.accepted]
    spans += _lowercase_names(text, tokens, lexicon)
    spans += _signed(text, lexicon)
    spans += _named_by_email(text, lexicon)
    spans += _nicknames(text, spans)
    spans += _repeated_mentions(text, tokens, spans)
    return spans


def _named_by_email(text: str, lexicon: Lexicon) -> list[Span]:
    """Return the name written right before an e-mail address that spells it ("Jordan Whitfield, jwhitfield88@…").

    The name starts at the first word the address spells, or at the given name just before a spelled surname.
    """
    found = []
    for match in BEFORE_EMAIL.finditer(text):
        local = re.sub(r"[^a-z]", "", fold_accents(match.group(2).lower()))
        words = list(re.finditer(r"[\w'’-]+", match.group(1)))
        spelled = [i for i, w in enumerate(words) if len(w.group()) >= 3 and fold_accents(w.group().lower()) in local
                   and kind_of(w.group().lower(), lexicon) != "WORD"]  # "Billing, billing@…" is a team
        if not spelled:
            continue
        first = spelled[0]
        if first > 0 and kind_of(words[first - 1].group().lower(), lexicon) in ("GIVEN", "AMBIG"):
            first -= 1
        found.append(_person(text, match.start(1) + words[first].start(), match.start(1) + words[-1].end()))
    return found


def _nicknames(text: str, spans: list[Span]) -> list[Span]:
    """Return the short name written beside a full one: "JB (Jean-Baptiste Le Goff)", "Francisca Chagas (Chica)"."""
    found = []
    for span in spans:
        before = NICKNAME_BEFORE.search(text, max(0, span.start - 16), span.start)
        after = NICKNAME_AFTER.match(text, span.end)
        for match in (before, after):
            word = match.group(1).lower() if match else ""
            if match and word not in CUE_WORDS | _FUNCTION_WORDS and not is_word(load_lexicon(), word):
                found.append(_person(text, match.start(1), match.end(1)))
    return found


def _signed(text: str, lexicon: Lexicon) -> list[Span]:
    """Return the name a ticket is signed with after a sign-off ("Liefs, Roos", "gruss kevin", "Groet, de
    familie Visser"), even when it is also a common word: nothing but the name follows it."""
    offset = max(0, len(text) - SIGNED_TAIL)  # only the end of the text can hold the signature
    match = SIGNED.search(text, offset)
    if not match:
        return []
    name = match.group("name").rstrip(".!")
    first = name.split()[0]
    common = first.lower() in _FUNCTION_WORDS or "'" in first or is_word(lexicon, first.lower())
    if first[0].islower() and common:
        return []  # "Grüße aus Hamburg", "Gracias y saludos": no name signs these
    start = match.start("name") + len(name) - len(name.lstrip())
    return [_person(text, start, match.start("name") + len(name))] if name.strip().lower() not in CUE_WORDS else []


def _person(text: str, start: int, end: int) -> Span:
    """Make a PERSON span, taking in a generational suffix such as "Jr." or "III"."""
    suffix = SUFFIX_RE.match(text, end)
    return Span("PERSON", start, suffix.end() if suffix else end, RANKS["PERSON"])


def _candidates(text: str, tokens: list[Token], *, paired: bool = False) -> list[Candidate]:
    """Score every capitalised segment of the text."""
    by_start = {token.start: index for index, token in enumerate(tokens)}
    found = []
    for run, titled in runs(text, tokens):
        named = titled or _has_cue(text, run[0].start, NAME_CUE, 70)
        for segment in segments(run, named=named, paired=paired):
            if _opens_with_modal(text, segment):
                segment = segment[1:]
            if not segment:
                continue
            following = by_start[segment[-1].start] + 1
            org_next = (
                following < len(tokens)
                and tokens[following].kind == "ORG"
                and adjacent(text, segment[-1], tokens[following])
            )
            accepted = not org_next and _score(text, segment, titled=titled) >= THRESHOLD
            found.append(Candidate(segment, accepted, org_next))
    return found


def _opens_with_modal(text: str, segment: list[Token]) -> bool:
    """Tell whether a segment starts a question with a modal that is also a name ("Can", "Will")."""
    first = segment[0]
    before = text[: first.start].rstrip(" \t\"'“(")
    opens = not before or before[-1] in ".!?:\n"
    return opens and text[first.start : first.end].lower() in MODALS


def _score(text: str, segment: list[Token], *, titled: bool) -> float:
    """Score a segment from its words and the cues around it."""
    words = [text[token.start : token.end].lower().rstrip(".") for token in segment]
    if all(word in CUE_WORDS for word in words) or (len(words) == 1 and words[0] in _FUNCTION_WORDS):
        return 0.0  # a greeting, or "Je"/"Mi" opening the sentence after one, is not a name
    kinds = [token.kind for token in segment]
    nameish = [kind for kind in kinds if kind in NAMEISH]
    start, end = segment[0].start, segment[-1].end
    named = titled or _has_cue(text, start, NAME_CUE, 70)
    if not nameish and not named:
        return 0.0
    score = sum(WEIGHTS.get(kind, 0.0) for kind in kinds)
    if len(nameish) >= 2 and any(kind != "AMBIG" for kind in nameish):
        score += 1.0
    if named:
        score += 5.0
    elif _has_cue(text, start, STRONG_CUE, 40) or _language_cue(text, start):
        score += 3.0
    elif _has_cue(text, start, WEAK_CUE, 20):
        score += 1.0
    elif _has_cue(text, start, PLACE_CUE, 20):
        score -= 1.5
    return score + _after_score(text, start, end)


def _after_score(text: str, start: int, end: int) -> float:
    """Score what follows a segment: a speaker colon, a vocative comma, a verb of saying, 's."""
    line_start = text.rfind("\n", 0, start) + 1
    at_line_start = not text[line_start:start].strip(" \t>*-\"'")
    after = text[end : end + 30]
    if at_line_start and re.match(r"\s*:", after):
        return 2.0
    if at_line_start and start == line_start and re.match(r",\s", after):
        return 1.5
    if SAYING_AFTER.match(after):
        return 2.0
    return 1.0 if OTHER_AFTER.match(after) else 0.0


def _language_cue(text: str, start: int) -> bool:
    """Tell whether a greeting, sign-off or relation of another language ends just before `start`.

    A set look-up of the last one to three words (a regex over hundreds of phrases would be tried at
    every position of the window, for every candidate)."""
    window = text[max(0, start - 40) : start].lower()
    words = re.sub(r"[\s,:\-–(\"'„«]+$", "", window).split()
    return any(" ".join(words[-n:]).rstrip(".") in CUE_PHRASES for n in (1, 2, 3, 4) if len(words) >= n)


def _has_cue(text: str, start: int, cue: re.Pattern[str], window: int) -> bool:
    """Tell whether the text just before `start` ends with the cue."""
    return bool(cue.search(text[max(0, start - window) : start]))


def _spread_over_lists(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Accept every member of a list ("A, B and C") that holds a person; reject it if an org word ends it."""
    result = list(candidates)
    index = 0
    while index < len(result):
        last = index
        while last + 1 < len(result) and LIST_GAP.match(
            text[result[last].tokens[-1].end : result[last + 1].tokens[0].start]
        ):
            last += 1
        group = result[index : last + 1]
        if len(group) > 1:
            is_org = any(member.org_next for member in group)
            has_person = any(member.accepted for member in group)
            for offset, member in enumerate(group):
                named = any(token.kind in NAMEISH for token in member.tokens) and not all(
                    text[t.start : t.end].lower().rstrip(".") in CUE_WORDS for t in member.tokens)
                result[index + offset] = member._replace(accepted=has_person and named and not is_org)
        index = last + 1
    return result


def _lowercase_names(text: str, tokens: list[Token], lexicon: Lexicon) -> list[Span]:
    """Catch lower-case names: a given name with a surname ("olga krylova") or after a cue."""
    spans = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind != "LOWER":
            index += 1
            continue
        lower = text[token.start : token.end].lower()
        kind = kind_of(lower, lexicon)  # set look-ups first: most lower-case words are common words, no cue needed
        given = len(lower) > 2 and kind == "GIVEN" and not is_word(lexicon, lower)  # "von mir speichert": "mir"
        named = lower not in lexicon.english and _has_cue(text, token.start, NAME_CUE, 40)
        cued = (named or kind in ("GIVEN", "UNKNOWN", "SURNAME")) and (
            named or _has_cue(text, token.start, STRONG_CUE, 30) or _has_cue(text, token.start, SELF_CUE, 30)
            or _has_cue(text, token.start, NAME_CUE, 40)
        )
        if not (given or named or (cued and kind in ("UNKNOWN", "SURNAME"))):
            index += 1
            continue
        last = _lowercase_surname(text, tokens, index, lexicon)
        if last > index or cued:
            spans.append(_person(text, token.start, tokens[last].end))
        index = last + 1
    return spans


def _lowercase_surname(text: str, tokens: list[Token], index: int, lexicon: Lexicon) -> int:
    """Return the index of a lower-case surname (after an optional initial) following a given name."""
    last = index
    for follower in range(index + 1, min(index + 3, len(tokens))):
        previous, token = tokens[follower - 1], tokens[follower]
        gap = text[previous.end : token.start]
        word = text[token.start : token.end]
        if gap not in (" ", ". ") or token.kind not in ("LOWER", "INITIAL"):
            break
        if len(word) == 1 and word.isalpha():
            continue
        if kind_of(word.lower(), lexicon) in ("UNKNOWN", "SURNAME", "GIVEN"):
            last = follower
        break
    return last


def _repeated_mentions(text: str, tokens: list[Token], spans: list[Span]) -> list[Span]:
    """Find later (or earlier) mentions of a word that already belongs to an accepted name.

    Span lookups go through ``_Coverage`` (binary search), so the pass stays O(n log n) in the ticket.
    """
    coverage = _Coverage(spans)
    names = set()
    for token in tokens:
        word = text[token.start : token.end]
        if token.kind in NAMEISH and len(word) > 2 and coverage.contains(token.start, token.end):
            names.add(word.lower())
    found = []
    for token in tokens:
        word = text[token.start : token.end]
        if word.lower() in names and token.kind in NAMEISH and not coverage.overlaps(token.start, token.end):
            found.append(Span("PERSON", token.start, token.end, RANKS["PERSON"]))
    return found


class _Coverage:
    """Spans sorted by start with the running maximum of their ends, for O(log n) containment checks."""

    def __init__(self, spans: list[Span]) -> None:
        ordered = sorted((span.start, span.end) for span in spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(accumulate((end for _, end in ordered), max))

    def contains(self, start: int, end: int) -> bool:
        """Tell whether one span holds the whole range."""
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and self.reach[index] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """Tell whether any span shares a character with the range."""
        index = bisect_left(self.starts, end) - 1
        return index >= 0 and self.reach[index] > start
