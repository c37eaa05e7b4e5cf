"""Match the escalation cue lexicon against a ticket and explain each match.

Text is normalised first (NFKC, zero-width characters removed, lower case, straight quotes,
single spaces), so a cue written once covers "Refund", "REFUND" and "ｒｅｆｕｎｄ". Prompt-injection
cues also run on a leet-folded copy ("1gn0re prev1ous" → "ignore previous").

A weak cue is dropped when its sentence is about the customer's own work in the product
("a board to track refunds", "a template for GDPR requests from our customers"), because then
the sensitive word names their content, not their problem with us; and when it asks about a
policy or a future case in general ("what's your refund policy before I buy", "a status page
to get notified about outages").

Prompt-injection cues also read what base64 strings in the ticket decode to, so an instruction
hidden as "an error code to decode and follow" is seen.
"""

import base64
import binascii
import bisect
import hashlib
import json
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from agent.escalation_gate import Gate, WordIndex, gated_matches, literal_gate, split_alternatives, word_index
from agent.escalation_lexicon import CUES, Cue

GATES_PATH = Path(__file__).parent / "data" / "cue_gates.json"
RULE_HEAD_CHARS = 4_000  # long tickets: cues are looked for in the head and the tail only,
RULE_TAIL_CHARS = 1_000  # which bounds the time per ticket (~20 µs per word of cue-dense text)
_QUOTE_CHARS = 60
MAX_HITS_PER_REASON = 2  # evidence shows two quotes per reason; further cues of a reason are skipped

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"), None)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_LEET = str.maketrans("013457@$!|", "oieastasil")
_SPACES = re.compile(r"\s+")
# Contractions typed without the apostrophe ("dont", "cant", "im"), restored so one cue covers both.
_CONTRACTIONS = {
    "dont": "don't", "cant": "can't", "wont": "won't", "didnt": "didn't", "doesnt": "doesn't", "isnt": "isn't",
    "im": "i'm", "ive": "i've", "wasnt": "wasn't", "havent": "haven't", "couldnt": "couldn't", "arent": "aren't",
    "werent": "weren't", "hasnt": "hasn't", "shouldnt": "shouldn't", "wouldnt": "wouldn't", "youre": "you're",
}
_CONTRACTION = re.compile(r"\b(?:" + "|".join(_CONTRACTIONS) + r")\b")
_LEET_TOKEN = re.compile(r"[\w@$|!]{3,40}")
_LEET_CHARS = frozenset("013457@$|!")
_SPACED_LETTERS = re.compile(r"\b(?:[a-z] ){4,}[a-z]\b")
_SENTENCE_END = re.compile(r"[.!?;\n]|\s-\s")

_OWN_WORK = re.compile(
    r"\b(?:boards?|columns?|templates?|labels?|tags?|automations?|automation rules?|workflows?|(?<!order )forms?|"
    r"custom fields?|checklists?|dashboards?|runbooks?|views?|swimlanes?|"
    r"cards? (?:on|in|from|to) (?:a |the |my |our )?board|"
    r"(?:our|my) (?:own )?(?:customers|clients|shoppers|buyers|vendors|suppliers|e-?shop|shop|store)|"
    r"(?:our|my) (?:own )?(?:app|apps|product|platform|website|site|service)'s|(?:api )?endpoints?|"
    r"questionnaires?|procurement|vendor (?:review|assessment|comparison|onboarding)|"
    r"track(?:s|ing)?|manag(?:e|es|ing) (?:our|their|customer|client)|handl(?:e|es|ing) (?:customer|client))\b"
)

_GENERAL_QUESTION = re.compile(
    r"\b(?:refund|return|cancellation|privacy|security) polic(?:y|ies)\b|\bstatus page\b|"
    r"\bbefore (?:i|we) (?:buy|commit|purchase|sign up|subscribe|upgrade|order|book|join)\b|"
    r"\b(?:thinking|thought) (?:of|about) (?:getting|buying|upgrading|subscribing|joining|ordering)\b|"
    r"\b(?:get|be|are|is) notified (?:about|of|when)\b|\bin the future\b|\bis there a way to\b|"
    r"\b(?:evaluating|comparing) (?:vendors|tools|providers|options)\b|"
    r"\bif (?:we|i) (?:go with|get|choose|pick|sign up)\b|"
    r"\bwant to (?:keep|stay) (?:better )?(?:track|on top)\b"
)
# A question about the rules before buying ("what's the cancellation policy?", "if I buy the annual
# plan and later cancel, ..."): even strong refund and contract cues name a policy, not a problem.
_BEFORE_BUYING = re.compile(
    r"\b(?:cancellation|refund|return|renewal) polic(?:y|ies)\b|\bbefore (?:i|we) (?:buy|book|commit|purchase|sign up|"
    r"subscribe|order|join)\b|\bbefore buying\b|"
    r"\bif (?:i|we) (?:buy|book|get|sign up for|subscribe to|purchase|order)\b.{0,60}\b(?:and|then) (?:later )?"
    r"(?:i |we )?cancel\b"
)
_POLICY_REASONS = frozenset({"refund", "contract"})
# A merchant asking how to refund their own customer, or answer that customer's chargeback, asks a how-to
# question: the money is not theirs to claim. Read in the sentence of a refund or billing cue.
_THEIR_CUSTOMER = re.compile(
    r"\b(?:(?:my|our) (?:own )?(?:customers?|clients?|guests?|buyers?|shoppers?|patients?|members?|students?|"
    r"tenants?|users?)|(?:customer|client|buyer|guest)s? of (?:mine|ours)|"
    r"mein(?:e|en)? (?:kund(?:e|in|en)|gäste?)|unser(?:e|en)? (?:kund(?:e|in|en)|gäste?)|"
    r"(?:mis?|nuestr[oa]s?) (?:clientes?|huéspedes|compradores?)|"
    r"(?:mon|ma|mes|nos|notre) (?:clients?|clientes?|acheteurs?)|"
    r"(?:mio|mia|miei|mie|nostr[oiae]) (?:client[eiao]|ospiti|acquirenti)|"
    r"(?:mijn|onze) (?:klanten?|gasten?)|"
    r"(?:meu|minha|meus|minhas|noss[oa]s?) (?:clientes?|hóspedes))\b",
    re.IGNORECASE,
)
_OTHERS_MONEY_REASONS = frozenset({"refund", "billing"})
# The customer says what they do not want ("I don't need a refund", "not after a refund",
# "no necesito reembolso", "je ne demande pas de remboursement"): the cue right after it names
# what the ticket is not about. Read on the 40 characters before a cue's match, in seven languages.
_NOT_WANTED = re.compile(
    r"(?:\b(?:don't|do not|doesn't|does not|not|never) (?:really )?(?:need(?:ing)?|want(?:ing)?|asking(?: you)? for|"
    r"looking for|after|expecting|requesting|seeking|chasing|demanding)|\bno need for|\bwithout (?:asking for|wanting)|"
    r"\b(?:brauche|brauchen|will|wollen|möchte|möchten|moechte|verlange|verlangen|suche|suchen) "
    r"(?:auch )?(?:keine?n?|nicht)|"
    r"\bno (?:necesito|quiero|pido|busco|estoy pidiendo|reclamo|solicito)|"
    r"\bne (?:demande|veux|cherche|réclame|reclame|souhaite|demandons|voulons|cherchons) (?:\w+ )?pas|"
    r"\bnon (?:voglio|chiedo|cerco|pretendo|mi serve|ci serve|vogliamo|chiediamo)|"
    r"\b(?:hoef|hoeven|wil|willen|vraag|vragen|zoek|zoeken) (?:ik |we |wij )?(?:echt )?geen|"
    r"\b(?:não|nao) (?:preciso|quero|peço|peco|estou pedindo|procuro|queremos|pedimos))"
    r"(?:\s+\S+){0,3}\s*$"
)
_WANT_VERB = re.compile(r"\s*(?:need|want|asking for|looking for|after|expecting|requesting)\b")
_NEGATOR = re.compile(r"\b(?:don't|do not|doesn't|does not|not|never)\s*$")
_WANTED_REASONS = frozenset({"refund", "contract", "billing"})  # not asks_for_human: "I don't want a bot"
# A customer telling us the refund arrived: thanks, not a request.
_REFUND_RECEIVED = re.compile(
    r"\b(?:got|received|have received|'ve received)\b.{0,20}\b(?:the|my|our) (?:refund|money)\b|"
    r"\b(?:refund|money)\b.{0,60}\b(?:showed up|shown up|arrived|came through|come through|landed|came in|come in|"
    r"is back|went through|gone through|hit my|been credited|reached my)\b"
)
_STILL_OPEN = re.compile(r"\b(?:but|still|haven't|hasn't|not yet|where is|missing|only part|partial|wrong amount|"
                         r"never|instead|again)\b")
_BASE64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
_MAX_DECODED = 4


class CueHit(NamedTuple):
    """One cue that fired: its reason, the matched words, whether it is severe, and which cue it was."""

    reason: str
    quote: str
    severe: bool
    cue: str = ""
    critical: bool = False


def cue_id(cue: Cue) -> str:
    """Return a stable id of a cue: its reason and a hash of its pattern."""
    return f"{cue.reason}:{hashlib.sha1(cue.pattern.encode()).hexdigest()[:10]}"


def normalise(*, text: str) -> str:
    """Return text in the form the cue patterns expect (head and tail only when very long)."""
    if len(text) > RULE_HEAD_CHARS + RULE_TAIL_CHARS:
        text = f"{text[:RULE_HEAD_CHARS]}\n…\n{text[-RULE_TAIL_CHARS:]}"
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    text = _SPACES.sub(" ", text.translate(_QUOTES).lower()).strip()
    return _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group(0)], text)


def leet_fold(*, text: str) -> str:
    """Undo digit-for-letter and spaced-letter obfuscation ("1gn0re", "i g n o r e")."""
    folded = _LEET_TOKEN.sub(_fold_token, text)
    return _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), folded)


class _CompiledCue(NamedTuple):
    """A cue with one gated pattern per top-level alternative (compiled the first time its gate opens)."""

    cue: Cue
    branches: tuple[tuple[str, Gate | None], ...]  # gate None: search the whole text


def _fold_token(match: re.Match[str]) -> str:
    """Fold one token that mixes letters with digits or symbols ("1gn0re"); leave others alone."""
    token = match.group(0)
    if token.isalpha() or token.isdigit() or _LEET_CHARS.isdisjoint(token) or not any(c.isalpha() for c in token):
        return token
    return token.translate(_LEET)


@lru_cache(maxsize=1)
def _compiled() -> tuple[_CompiledCue, ...]:
    """Split every cue into gated alternatives once, reading the gates from the stored table."""
    stored = _stored_gates()
    return tuple(_CompiledCue(cue, stored.get(cue.pattern) or _branches(pattern=cue.pattern)) for cue in CUES)


def _branches(*, pattern: str) -> tuple[tuple[str, Gate | None], ...]:
    """Split a pattern into its top-level alternatives, each with its gate."""
    return tuple((b, literal_gate(pattern=b)) for b in split_alternatives(pattern=pattern))


def gate_table() -> dict[str, Any]:
    """Return every cue's alternatives and gates as plain data, as `agent/data/cue_gates.json` stores them.

    Reading the gates from the parse trees of ~400 alternatives costs a quarter of a second, paid
    by every one-line `draftgate classify`; the table costs a few milliseconds. A cue missing from
    it (the lexicon changed) is gated from its parse tree; a test keeps the table current.
    Rebuild: `python -c "from agent.escalation_rules import write_gate_table; write_gate_table()"`
    (the escalation trainer rebuilds it too).
    """
    return {cue.pattern: [[branch, sorted(gate.keys), gate.at_start] if gate else [branch, None, False]
                          for branch, gate in _branches(pattern=cue.pattern)] for cue in CUES}


def write_gate_table(path: Path = GATES_PATH) -> None:
    """Write the gate table of the current lexicon."""
    path.write_text(json.dumps(gate_table(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def _stored_gates(path: Path = GATES_PATH) -> dict[str, tuple[tuple[str, Gate | None], ...]]:
    """Read the stored gate table ({} when it is missing)."""
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {pattern: tuple((branch, Gate(frozenset(keys), at_start) if keys is not None else None)
                           for branch, keys, at_start in branches) for pattern, branches in table.items()}


@cache
def _pattern(branch: str) -> re.Pattern[str]:
    """Compile one alternative when a ticket first needs it (most never do in a one-line run)."""
    return re.compile(branch)


class _Ticket(NamedTuple):
    """A normalised ticket with what the matchers need to know about it."""

    text: str
    subject_end: int
    words: WordIndex
    sentence_ends: list[int]


def _ticket(*, text: str, subject_end: int) -> _Ticket:
    """Index a normalised text once: word starts by prefix and sentence boundaries."""
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    return _Ticket(text=text, subject_end=subject_end, words=word_index(text=text), sentence_ends=ends)


def _context(*, ticket: _Ticket, match: re.Match[str]) -> str:
    """Return the sentence around a match with one sentence either side (the whole ticket for the subject)."""
    if match.end() <= ticket.subject_end:
        return ticket.text
    ends = ticket.sentence_ends
    before = bisect.bisect_left(ends, match.start())
    left = ends[before - 2] + 1 if before >= 2 else 0
    after = bisect.bisect_left(ends, match.end())
    right = ends[after + 1] if after + 1 < len(ends) else len(ticket.text)
    return ticket.text[left:right]


def _first_match(*, compiled: _CompiledCue, ticket: _Ticket) -> re.Match[str] | None:
    """Return the first match of a cue, skipping weak matches that name the customer's own content."""
    for branch, gate in compiled.branches:
        if gate is not None and gate.keys.isdisjoint(ticket.words.prefixes):
            continue
        for match in gated_matches(pattern=_pattern(branch), gate=gate, text=ticket.text, index=ticket.words):
            context = _context(ticket=ticket, match=match)
            if compiled.cue.reason in _POLICY_REASONS and _BEFORE_BUYING.search(context):
                continue
            if compiled.cue.reason in _WANTED_REASONS and _not_wanted(text=ticket.text, match=match):
                continue
            if compiled.cue.reason in _OTHERS_MONEY_REASONS and _THEIR_CUSTOMER.search(context):
                continue
            if not compiled.cue.weak:
                return match
            if not (_OWN_WORK.search(context) or _GENERAL_QUESTION.search(context)):
                return match
    return None


def _not_wanted(*, text: str, match: re.Match[str]) -> bool:
    """Tell whether the customer says they do not want what the cue names ("I don't need a refund")."""
    before = text[max(0, match.start() - 40) : match.start()]
    if _NOT_WANTED.search(before):
        return True
    return bool(_WANT_VERB.match(match.group(0)) and _NEGATOR.search(before))


def _quote(*, match: re.Match[str]) -> str:
    """Return the matched words, shortened for display."""
    words = match.group(0).strip(" .,:;<>[]()")
    return words if len(words) <= _QUOTE_CHARS else words[: _QUOTE_CHARS - 1].rstrip() + "…"


def _enough(*, hits: list[CueHit], cue: Cue) -> bool:
    """Tell whether a cue can be skipped: its reason has MAX_HITS_PER_REASON hits, severe ones included."""
    same = [h for h in hits if h.reason == cue.reason]
    return len(same) >= MAX_HITS_PER_REASON and (not cue.severe or any(h.severe for h in same))


def refund_received(*, subject: str, body: str) -> bool:
    """Tell whether the ticket only reports that a refund arrived ("got the refund, thanks")."""
    text = normalise(text=f"{subject}. {body}")
    return bool(_REFUND_RECEIVED.search(text)) and not _STILL_OPEN.search(text)


def general_question(*, subject: str, body: str) -> bool:
    """Tell whether a ticket asks about a policy or a future case in general (before buying, a status page)."""
    return bool(_GENERAL_QUESTION.search(normalise(text=f"{subject}. {body}")))


def decoded_base64(*, text: str) -> str:
    """Return the printable text that base64 runs in ``text`` decode to ("" when there are none).

    Like the cues, it reads only the head and tail of a very long ticket, so its cost stays bounded.
    """
    if len(text) > RULE_HEAD_CHARS + RULE_TAIL_CHARS:
        text = f"{text[:RULE_HEAD_CHARS]}\n{text[-RULE_TAIL_CHARS:]}"
    found = []
    for match in _BASE64.finditer(text):
        run = match.group(0)
        try:
            raw = base64.b64decode(run + "=" * (-len(run) % 4), validate=True)
            decoded = raw.decode("utf-8")
        except (binascii.Error, ValueError):
            continue
        if decoded.isprintable() and sum(c.isalpha() or c == " " for c in decoded) >= 0.8 * len(decoded):
            found.append(decoded)
        if len(found) == _MAX_DECODED:
            break
    return " ".join(found)


def find_cues(*, subject: str, body: str) -> list[CueHit]:
    """Return the cues that fire on the ticket: one hit per pattern, at most MAX_HITS_PER_REASON per reason."""
    hidden = decoded_base64(text=body)
    received = refund_received(subject=subject, body=body)
    subject = normalise(text=subject)
    text = f"{subject}. {normalise(text=body)}" if subject else normalise(text=body)
    ticket = _ticket(text=text, subject_end=len(subject))
    folded = leet_fold(text=f"{text}\n{normalise(text=hidden)}" if hidden else text)
    folded_ticket = _ticket(text=folded, subject_end=len(subject)) if folded != text else None
    hits: list[CueHit] = []
    for compiled in _compiled():
        if _enough(hits=hits, cue=compiled.cue):
            continue
        match = _first_match(compiled=compiled, ticket=ticket)
        if match is None and folded_ticket is not None and compiled.cue.reason == "prompt_injection":
            match = _first_match(compiled=compiled, ticket=folded_ticket)
        if match is not None and compiled.cue.reason == "refund" and received:
            match = None
        if match is not None:
            hits.append(CueHit(reason=compiled.cue.reason, quote=_quote(match=match), severe=compiled.cue.severe,
                               cue=cue_id(compiled.cue), critical=compiled.cue.critical))
    return hits
