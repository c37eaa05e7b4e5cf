"""Detect identifiers with a fixed shape: e-mail, IBAN, payment card, US SSN, IP address, phone.

Every detector returns `Span`s; checksums (Luhn, IBAN mod 97) and range checks reject look-alikes,
and a few context words keep order numbers, dates and versions out.
"""

import ipaddress
import re
from typing import NamedTuple


class Span(NamedTuple):
    """A typed character range found by a detector; a lower rank wins an overlap."""

    type: str
    start: int
    end: int
    rank: int


RANKS = {
    "EMAIL": 0,
    "IBAN": 1,
    "CREDIT_CARD": 2,
    "US_SSN": 3,
    "NATIONAL_ID": 3,
    "VAT_ID": 3,
    "ACCOUNT_ID": 3,
    "DATE_OF_BIRTH": 3,
    "LICENSE_PLATE": 3,
    "IP_ADDRESS": 4,
    "PHONE_NUMBER": 5,
    "KNOWN_PERSON": 6,
    "STREET_ADDRESS": 7,
    "PERSON": 8,
    "WEAK_PHONE_NUMBER": 9,
}

EMAIL_RE = re.compile(r"(?<![\w.+*-])[\w.%+*-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w@])")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b", re.IGNORECASE)
CARD_RE = re.compile(r"(?<![\w.,+-])\d(?:[ -]?\d){11,18}(?![\w-]|[.,]\d)")
SSN_RE = re.compile(r"(?<![\w.+-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\w-]|[.,]\d)")
IPV4_RE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
IPV6_RE = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])")
PHONE_RE = re.compile(
    r"(?<![\w+.-])(?:(?:\+|00)\d{1,3}[\s.-]?)?(?:\(0\)[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?"
    r"\d{1,15}(?:(?:[ .-]|[ ]?[/-][ ]?|\)[ ]?)\d{1,8}){0,6}"
    r"(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?(?![\w]|[.-]\d)",
    re.IGNORECASE,
)
EXTENSION_RE = re.compile(r"\s?(?:x|ext\.?|extension)\s?\d{1,6}$", re.IGNORECASE)
DATE_RE = re.compile(r"(?:19|20)\d\d[./ -]\d{1,2}[./ -]\d{1,2}|\d{1,2}[./ -]\d{1,2}[./ -](?:19|20)\d\d(?!\d)")

POSTCODE_LIKE = re.compile(r"^\d{4}-\d{3}$")
# A national number in groups that starts with a trunk 0 ("07456 321 098", "0152-38475921"): a phone even
# after "number", where a bare digit run would be an order or a customer number.
YEAR_NUMBERED = re.compile(r"^(?:19|20)\d\d[-/]\d{3,}$")
NAMED_NUMBER = re.compile(
    r"\b(?:order|invoice|ticket|case|ref|reference|tracking|transaction|confirmation|booking|receipt|serial|sku|"
    r"version|build|account|acct|customer|member|policy|claim|license|licence|passport|zip|postcode|po|"
    r"bestell\w*|rechnung\w*|pedido|factura|fattura|ordine|commande|facture|bestelling|factuur|encomenda|fatura)\b",
    re.IGNORECASE,
)
NATIONAL_MOBILE = re.compile(r"^0[1-9]\d{0,4}(?:[ /-]+\d{2,8}){1,3}$|^[6-9]\d{4} \d{5}$")  # also India's "98765 43210"
CURRENCY = ("$", "€", "£", "¥", "USD ", "EUR ", "GBP ")
NOT_PHONE_CONTEXT = re.compile(
    r"(?:\b(?:order|invoice|ticket|case|ref|reference|tracking|transaction|confirmation|booking|"
    r"receipt|serial|sku|version|build|account|acct|customer|member|policy|claim|id|"
    r"license|licence|passport|zip|postcode|postal\s+code|po)|"
    r"(?<!\bmy )(?<!\bour )\b(?:no|number|n|nº|nr)|#)"
    r"\b[\s#:.-]*(?:(?:number|no|nr|num|id|is|was|code)\b[\s#:.-]*){0,3}$",
    re.IGNORECASE,
)
PHONE_CONTEXT = re.compile(
    r"(?:(?:phone|tel|telephone|mobile|cell|call|fax|sms|text|whatsapp|dial|ring|landline|tel[eé]fono|telefone|"
    r"t[eé]l[eé]phone|telefon|telefoon|m[oó]vil|celular|portable|handy|cellulare|reach me|contact me|"
    r"t[eé]l|cel|gsm|fixe|mobil|mobiel|liga|ligue|ligar|zap|contacto|contato|appelez|appeler|joindre|rufen|ruft|"
    r"anrufen|erreichbar|handynummer|rufnummer|llamar|ll[aá]mame|llamadme|ll[aá]menme|chiamare|chiamatemi|bellen|bel)"
    r"\b\.?[^\n.]{0,25}|"
    r"\b(?:my|our) (?:number|no\.?|nr\.?)\b[^\n.]{0,12}|"
    r"\b(?:desk|office|home|work)\s*:\s*)$",
    re.IGNORECASE,
)
SSN_CONTEXT = re.compile(r"(?:ssn|social security|social|taxpayer|tin)\b[^\n]{0,25}$", re.IGNORECASE)
CARD_CONTEXT = re.compile(r"(?:card|visa|mastercard|amex|credit|debit|cc)\b[^\n]{0,25}$", re.IGNORECASE)
CARD_AFTER = re.compile(r"[\s,;(]{0,3}(?:exp\w*|valid (?:thru|through|until)|cvv|cvc|security code|\d\d ?/ ?\d\d\b)",
                        re.IGNORECASE)

# The last digits of a card or account ("card ending 4417", "Konto endet auf 0932"); the number a customer
# is known by ("member no. 400122871", "Kundennummer 55102934") is read by HELD below.
LAST_DIGITS = re.compile(
    r"\b(?:card|visa|mastercard|amex|account|acct|karte|konto|carte|compte|tarjeta|cuenta|cart[aã]o|conta|kaart|"
    r"rekening|carta|conto)\b[^\n.]{0,20}?\b(?:ending|ends|endet|endend|termin\w*|finisce|eindigend|eindigt|"
    r"que termina|acabad[oa]|final)(?:\s+(?:in|with|on|auf|par|en|em|con|op|mit))?\s*:?\s*(?:[*x•-]+\s?)?(\d{4})\b",
    re.IGNORECASE,
)
_ = r"[\s:#.\-]*(?:is\s+|are\s+|=\s*)?"  # between a label and its value

# What a number belongs to when it names a person's account or document ("Membership no. GM-558201",
# "Policy number AZ-4471-09-3312", "Supporter number 00418823", "VIN 1FM5K8GC4MGA12345", "passport
# 533380006"), in seven languages. Order, invoice, ticket, case, booking and tracking numbers name a
# transaction, not a person, and are left alone.
_HOLDER_LABELS = (
    r"account|acct|member(?:ship)?|loyalty|rewards?|frequent\s+flyer|customer|client|subscriber|supporter|donor|"
    r"patient|policy(?:\s?holder)?|student|pupil|employee|staff|payroll|tenant|library\s+card|meter|VIN|chassis|"
    r"Kunden|Mitglieds|Versicherten|Versicherungs|Vertrags|Personal|Zähler|Zaehler|"
    r"socio|cliente|abonado|p[óo]liza|ap[óo]lice|carnet|utente|s[óo]cio|"
    r"adh[ée]rent|abonn[ée]|police|contrat|compteur|"
    r"tessera|polizza|contatore|matricola|"
    r"klant|lid|polis|contract|meter|"
    r"assinante|contribuinte|contador"
)
_DOCUMENT_LABELS = (
    r"passport|driver'?s\s+licen[cs]e|driving\s+licen[cs]e|licen[cs]e|medicare|medicaid|health\s+card|"
    r"insurance|tax\s+file|NRIC|"  # an SSN has its own detector
    r"Reisepass|Führerschein|Fuehrerschein|Steuer|Sozialversicherungs|"
    r"pasaporte|licencia|permiso\s+de\s+conducir|seguridad\s+social|"
    r"passeport|permis(?:\s+de\s+conduire)?|s[ée]curit[ée]\s+sociale|"
    r"passaporto|patente|tessera\s+sanitaria|"
    r"paspoort|rijbewijs|"
    r"passaporte|carta\s+de\s+condu[çc][ãa]o|CNH|cart[ãa]o\s+de\s+cidad[ãa]o"
)
_NUMBER_WORD = (r"(?:[\s-]?(?i:number|no\.?|nr\.?|num(?:ber|ero|éro|\.)?|número|nummer|id|#|code|n[º°o]\.?|"
                r"card))?")
# A value with digits: letters, digits, dashes and single spaces between groups ("DL 482913", "2123 45670 1").
_ID_VALUE = r"((?:[A-Z]{1,4}[ -]?)?\d[A-Z0-9]*(?:[ -]?[A-Z0-9]*\d[A-Z0-9]*)*)"

HELD = [  # a number of four or more digits after what it belongs to (customer, member, policy… numbers)
    ("ACCOUNT_ID", re.compile(rf"\b(?i:{_HOLDER_LABELS}){_NUMBER_WORD}{_}{_ID_VALUE}\b")),
    ("NATIONAL_ID", re.compile(rf"\b(?i:{_DOCUMENT_LABELS}){_NUMBER_WORD}{_}{_ID_VALUE}\b")),
]

# Identifiers a customer names before giving them ("NI number QQ 12 34 56 C", "DOB 04/07/1979", "sort code
# 20-45-77, acc 43129876", "Reg KX19 ABC"): the label vouches for a value no shape alone would.
LABELLED = [
    ("NATIONAL_ID", re.compile(rf"\b(?i:NI\s+(?:number|no)|national\s+insurance(?:\s+(?:number|no))?){_}"
                               r"([A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]?)\b")),
    ("NATIONAL_ID", re.compile(rf"\b(?i:SSN\s+(?:last\s+(?:four|4)|ending(?:\s+in)?)|"
                               rf"last\s+(?:four|4)\s+of\s+(?:my\s+)?"
                               rf"(?:SSN|social)){_}(\d{{4}})\b")),
    ("NATIONAL_ID", re.compile(rf"\b(?i:(?:my\s+)?ID\s+(?:number|no\.?)|identity\s+number|Ausweisnummer|"
                               rf"n[úu]mero\s+de\s+identidad|num[ée]ro\s+d'identit[ée]){_}(\d[\d\s-]{{5,16}}\d)\b")),
    ("DATE_OF_BIRTH", re.compile(rf"\b(?i:D\.?O\.?B\.?|date\s+of\s+birth|born(?:\s+on)?|geboren(?:\s+am)?|Geburtsdatum|"
                                 rf"fecha\s+de\s+nacimiento|date\s+de\s+naissance|n[ée]e?\s+le|data\s+di\s+nascita|"
                                 rf"data\s+de\s+nascimento|geboortedatum){_}(\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}})")),
    ("ACCOUNT_ID", re.compile(rf"\b(?i:sort\s+code){_}(\d{{2}}-\d{{2}}-\d{{2}})")),
    ("NATIONAL_ID", re.compile(rf"\b(?i:NHS(?:\s+(?:number|no))?){_}(\d{{3}}\s?\d{{3}}\s?\d{{4}})\b")),
    ("NATIONAL_ID", re.compile(rf"\bNI{_}([A-Z]{{2}}\s?\d{{2}}\s?\d{{2}}\s?\d{{2}}\s?[A-D])\b")),
    ("VAT_ID", re.compile(rf"\b(?i:VAT\s+(?:no|number|reg(?:istration)?)|tax\s+(?:id|number)|EIN){_}"
                          r"([A-Z]{0,2}\d[\d -]{6,12}\d)\b")),
    ("ACCOUNT_ID", re.compile(rf"\b(?i:user\s?name|user\s+id){_}(\w+[._@-][\w.@-]*\w|\w*\d\w*)\b")),
    ("CREDIT_CARD", re.compile(r"(?<![\w*•-])((?=[\dXx*• -]*[Xx*•])(?:[\dXx*•]{4}[ -]?){3}\d{2,4})\b")),
    ("ACCOUNT_ID", re.compile(rf"\b(?i:acc(?:ount)?\.?(?:\s+(?:number|no\.?|nr\.?|#))?|Kontonummer|"
                              rf"n[úu]mero\s+de\s+cuenta|"
                              rf"rekeningnummer|numero\s+di\s+conto){_}(\d[\d -]{{4,14}}\d)\b")),
    ("ACCOUNT_ID", re.compile(rf"\b(?i:customer\s+(?:ref(?:erence)?|id|number|no\.?)|client\s+(?:ref(?:erence)?|id)|"
                              rf"member(?:ship)?\s+id|account\s+id){_}([A-Z0-9][A-Z0-9-]{{4,20}}[A-Z0-9])\b")),
    ("LICENSE_PLATE", re.compile(rf"\b(?i:reg(?:istration)?(?:\s+(?:number|no\.?|plate))?|"
                                 rf"(?:licen[cs]e|number)\s+plate|"
                                 rf"Kennzeichen|matr[íi]cula|immatriculation|targa|kenteken){_}"
                                 r"((?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])"
                                 r"[A-Z0-9]{2,4}[ -]?[A-Z0-9]{2,4}(?:[ -][A-Z0-9]{1,3})?)\b")),
]


def find_structured(*, text: str) -> list[Span]:
    """Return spans for e-mail, IBAN, card, SSN, IP and phone identifiers in the text."""
    spans = [Span("EMAIL", m.start(), m.end(), RANKS["EMAIL"]) for m in EMAIL_RE.finditer(text)]
    spans += _ibans(text)
    spans += _cards(text)
    spans += [Span("CREDIT_CARD", m.start(1), m.end(1), RANKS["CREDIT_CARD"]) for m in LAST_DIGITS.finditer(text)]
    spans += [Span(kind, m.start(1), m.end(1), RANKS[kind])
              for kind, pattern in LABELLED for m in pattern.finditer(text)
              if any(c.isdigit() for c in m.group(1)) or kind == "ACCOUNT_ID"]
    spans += [Span(kind, m.start(1), m.end(1), RANKS[kind])
              for kind, pattern in HELD for m in pattern.finditer(text) if sum(c.isdigit() for c in m.group(1)) >= 4]
    spans += _ssns(text)
    spans += _ips(text)
    spans += _phones(text)
    return spans


def luhn_valid(digits: str) -> bool:
    """Tell whether a string of digits passes the Luhn checksum."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_valid(compact: str) -> bool:
    """Tell whether an IBAN without spaces has a valid shape and mod-97 checksum."""
    compact = compact.upper()
    if not (15 <= len(compact) <= 34 and compact[:2].isalpha() and compact[2:4].isdigit()):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _ibans(text: str) -> list[Span]:
    """Find IBANs, trimming trailing groups until the checksum holds."""
    spans = []
    for match in IBAN_RE.finditer(text):
        raw = match.group()
        for cut in _iban_cuts(raw):
            if iban_valid(raw[:cut].replace(" ", "")):
                spans.append(Span("IBAN", match.start(), match.start() + cut, RANKS["IBAN"]))
                break
    return spans


def _iban_cuts(raw: str) -> list[int]:
    """List candidate end offsets of an IBAN match, longest first (group boundaries and the end)."""
    cuts = [len(raw)] + [index for index in range(len(raw) - 1, 14, -1) if raw[index] == " "]
    return cuts


def _cards(text: str) -> list[Span]:
    """Find 12-19 digit card numbers with a card-like grouping that pass Luhn (or that the text calls a card)."""
    spans = []
    for match in CARD_RE.finditer(text):
        raw = match.group()
        digits = re.sub(r"\D", "", raw)
        if not _card_grouping(raw):
            continue
        before = text[max(0, match.start() - 30) : match.start()]
        cue = CARD_CONTEXT.search(before) or CARD_AFTER.match(text, match.end(), match.end() + 20)
        if not luhn_valid(digits) and not ((cue and len(digits) == 16 and " " in raw) or ("-" in raw and cue)):
            continue  # a mistyped number still counts when the customer says it is their card
        if (NOT_PHONE_CONTEXT.search(before) or digits[0] not in "123456") and not cue:
            continue
        spans.append(Span("CREDIT_CARD", match.start(), match.end(), RANKS["CREDIT_CARD"]))
    return spans


def _card_grouping(raw: str) -> bool:
    """Tell whether separators split a card number into groups as printed on cards."""
    groups = re.split(r"[ -]", raw)
    if len(groups) == 1:
        return True
    if len({sep for sep in re.findall(r"[ -]", raw)}) > 1:
        return False
    sizes = [len(group) for group in groups]
    return sizes[:-1] == [4] * (len(sizes) - 1) or sizes in ([4, 6, 5], [4, 6, 4])


def _ssns(text: str) -> list[Span]:
    """Find US social security numbers; nine bare digits need an SSN word nearby."""
    spans = []
    for match in SSN_RE.finditer(text):
        area, sep, group, serial = match.groups()
        if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
            continue
        if not sep and not SSN_CONTEXT.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        spans.append(Span("US_SSN", match.start(), match.end(), RANKS["US_SSN"]))
    return spans


def _ips(text: str) -> list[Span]:
    """Find IPv4 and IPv6 addresses that parse as such."""
    spans = []
    for match in IPV4_RE.finditer(text):
        if all(int(part) <= 255 for part in match.group().split(".")):
            spans.append(Span("IP_ADDRESS", match.start(), match.end(), RANKS["IP_ADDRESS"]))
    for match in IPV6_RE.finditer(text):
        raw = match.group()
        if sum(1 for part in raw.split(":") if part) < 2:
            continue
        try:
            ipaddress.IPv6Address(raw)
        except ValueError:
            continue
        spans.append(Span("IP_ADDRESS", match.start(), match.end(), RANKS["IP_ADDRESS"]))
    return spans


def _phones(text: str) -> list[Span]:
    """Find phone numbers in national or international formats."""
    spans = []
    for match in PHONE_RE.finditer(text):
        raw = match.group().rstrip(" .-")
        if text.startswith(":", match.start() + len(raw)):
            continue
        strength = _phone_strength(raw, before=text[max(0, match.start() - 40) : match.start()])
        if strength:
            spans.append(Span("PHONE_NUMBER", match.start(), match.start() + len(raw), RANKS[strength]))
    return spans


def _phone_strength(raw: str, *, before: str) -> str | None:
    """Rank a digit run as a phone number (strong, weak or not one) from its shape and the words before it.

    A weak phone (digits in groups, no "+", parentheses or phone word) gives way to an address.
    """
    body = EXTENSION_RE.sub("", raw)
    digits = re.sub(r"\D", "", body)
    strong = body.startswith("+") or "(" in body
    if not 7 <= len(digits) <= 15 or DATE_RE.search(body) or before.endswith(CURRENCY):
        return None
    if "." in body and not strong and any(len(g) < 2 for g in body.split(".")):
        return None
    cue = bool(PHONE_CONTEXT.search(before))
    if POSTCODE_LIKE.match(body) or YEAR_NUMBERED.match(body):
        return None  # "2026-114832" after "pedido" or "ordernummer" is an order, not a phone
    national = bool(NATIONAL_MOBILE.match(body)) and not NAMED_NUMBER.search(before)
    named_context = NOT_PHONE_CONTEXT.search(before) if not strong else NAMED_NUMBER.search(before[-25:])
    if named_context and not cue and not national:
        return None  # a "+" or "(31)" phone after "no" (Portuguese "in the") is still a phone
    if strong or cue:
        return "PHONE_NUMBER"
    return "WEAK_PHONE_NUMBER" if digits != body or 10 <= len(digits) <= 11 else None
