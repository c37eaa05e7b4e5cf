"""Detect European and Brazilian national identifiers and EU VAT ids, each by shape and checksum.

NATIONAL_ID: Spanish DNI and NIE (control letter), Italian codice fiscale (control character),
Brazilian CPF (two check digits), Portuguese NIF (mod 11), Dutch BSN (11-test), French NIR
(15 digits, key mod 97), German Steuer-ID (11 digits with its check digit). Shapes that plain
numbers can take by chance (NIF, BSN, Steuer-ID, NIR without spaces) need a context word such as
"NIF", "BSN" or "Steuer-ID" just before them; shapes with letters do not.

VAT_ID: an EU VAT number, a country prefix and that country's shape (DE123456789, FR40303265045,
NL123456789B01, IT12345678901, ESX1234567X, PT123456789, BE0123456789, ATU12345678 …).

>>> sorted(s.type for s in find_national_ids(text="DNI 12345678Z, CF RSSMRA85T10A562S, NL123456789B01"))
['NATIONAL_ID', 'NATIONAL_ID', 'VAT_ID']
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.redaction_patterns import RANKS, Span

_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
DNI_RE = re.compile(r"(?<![\w-])(\d{8})[ -]?([A-Za-z])(?![\w])")
NIE_RE = re.compile(r"(?<![\w-])([XYZxyz])[ -]?(\d{7})[ -]?([A-Za-z])(?![\w])")
CF_RE = re.compile(r"(?<![\w])[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z](?![\w])")
CPF_RE = re.compile(r"(?<![\w.-])\d{3}\.?\d{3}\.?\d{3}-?\d{2}(?![\w]|[.-]\d)")
NIR_RE = re.compile(r"(?<![\w])[12][ ]?\d{2}[ ]?\d{2}[ ]?(?:\d{2}|2[AB])[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}(?![\w])", re.I)
DIGITS_RE = re.compile(r"(?<![\w.+-])\d{2,4}(?:[ .]?\d{2,4}){1,4}(?![\w]|[.-]\d)")
VAT_RE = re.compile(
    r"(?<![\w])(?:ATU\d{8}|BE[01]\d{9}|DE\d{9}|DK\d{8}|EL\d{9}|ES[A-Z0-9]\d{7}[A-Z0-9]|FI\d{8}|"
    r"FR[A-HJ-NP-Z0-9]{2}\d{9}|IE\d{7}[A-W][A-I]?|IT\d{11}|LU\d{8}|NL\d{9}B\d{2}|PL\d{10}|PT\d{9}|"
    r"SE\d{12}|CZ\d{8,10}|HU\d{8}|RO\d{2,10}|SK\d{10}|SI\d{8}|HR\d{11}|BG\d{9,10}|EE\d{9}|LT\d{9,12}|"
    r"LV\d{11}|CY\d{8}[A-Z]|MT\d{8}|CHE[-.]?\d{3}[.]?\d{3}[.]?\d{3})(?:[ ]?(?:MWST|TVA|IVA))?(?![\w])",
)
_CONTEXT = re.compile(
    r"(?:\bnif\b|\bnifs?\b|contribuinte|\bbsn\b|burgerservicenummer|sofinummer|steuer-?id|steuer-?ident\w*|"
    r"identifikationsnummer|\bidnr\b|\bnir\b|s[ée]curit[ée] sociale|num[ée]ro de s[ée]cu|\bnss\b|\bcpf\b|"
    r"\bdni\b|\bnie\b|codice fiscale|\bc\.?f\.?\b|national (?:id|insurance)|tax (?:id|number))"
    r"[^\n\d]{0,20}$",
    re.IGNORECASE,
)


def find_national_ids(*, text: str) -> list[Span]:
    """Return NATIONAL_ID and VAT_ID spans whose checksum holds (and context, where the shape needs it)."""
    spans = [_span("VAT_ID", m) for m in VAT_RE.finditer(text)]
    spans += [_span("NATIONAL_ID", m) for m in DNI_RE.finditer(text) if _dni_valid(m.group(1), m.group(2))]
    spans += [_span("NATIONAL_ID", m) for m in NIE_RE.finditer(text) if _nie_valid(m)]
    spans += [_span("NATIONAL_ID", m) for m in CF_RE.finditer(text) if _codice_fiscale_valid(m.group(0))]
    spans += [_span("NATIONAL_ID", m) for m in CPF_RE.finditer(text) if _cpf_valid(_digits(m.group(0)))]
    spans += [_span("NATIONAL_ID", m) for m in NIR_RE.finditer(text)
              if _nir_valid(m.group(0)) and (" " in m.group(0) or _cued(text, m.start()))]
    for match in DIGITS_RE.finditer(text):
        digits = _digits(match.group(0))
        if _cued(text, match.start()) and any(check(digits) for check in _CUED_CHECKS):
            spans.append(_span("NATIONAL_ID", match))
    return spans


def _span(kind: str, match: re.Match[str]) -> Span:
    """Make a span of a match."""
    return Span(kind, match.start(), match.end(), RANKS[kind])


def _digits(raw: str) -> str:
    """Return only the digits of a string."""
    return "".join(c for c in raw if c.isdigit())


def _cued(text: str, start: int) -> bool:
    """Tell whether a context word naming a national id stands just before `start`."""
    return bool(_CONTEXT.search(text[max(0, start - 45) : start]))


def _dni_valid(number: str, letter: str) -> bool:
    """Check a Spanish DNI's control letter."""
    return _DNI_LETTERS[int(number) % 23] == letter.upper()


def _nie_valid(match: re.Match[str]) -> bool:
    """Check a Spanish NIE's control letter (X, Y, Z stand for 0, 1, 2)."""
    prefix = "XYZ".index(match.group(1).upper())
    return _dni_valid(f"{prefix}{match.group(2)}", match.group(3))


_CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def _codice_fiscale_valid(code: str) -> bool:
    """Check an Italian codice fiscale's control character."""
    code = code.upper()
    total = 0
    for index, char in enumerate(code[:15]):
        value = int(char) if char.isdigit() else ord(char) - 65
        total += _CF_ODD[value] if index % 2 == 0 else value
    return chr(65 + total % 26) == code[15]


def _cpf_valid(digits: str) -> bool:
    """Check a Brazilian CPF's two check digits."""
    if len(digits) != 11 or len(set(digits)) == 1:
        return False
    for size in (9, 10):
        total = sum(int(d) * (size + 1 - i) for i, d in enumerate(digits[:size]))
        if (total * 10 % 11) % 10 != int(digits[size]):
            return False
    return True


def _nif_valid(digits: str) -> bool:
    """Check a Portuguese NIF (mod 11)."""
    if len(digits) != 9 or digits[0] == "0":
        return False
    check = 11 - sum(int(d) * (9 - i) for i, d in enumerate(digits[:8])) % 11
    return (0 if check >= 10 else check) == int(digits[8])


def _bsn_valid(digits: str) -> bool:
    """Check a Dutch BSN with the 11-test."""
    if len(digits) != 9 or digits == "0" * 9:
        return False
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:8])) - int(digits[8])
    return total % 11 == 0


def _steuer_id_valid(digits: str) -> bool:
    """Check a German Steuer-ID's check digit (ISO 7064 MOD 11,10)."""
    if len(digits) != 11 or digits[0] == "0":
        return False
    product = 10
    for d in digits[:10]:
        total = (int(d) + product) % 10 or 10
        product = total * 2 % 11
    return (11 - product) % 10 == int(digits[10])


def _nir_valid(raw: str) -> bool:
    """Check a French NIR's key (97 minus the number mod 97; Corsica's 2A/2B counted as 19/18)."""
    compact = raw.replace(" ", "").upper()
    body = compact[:13].replace("2A", "19").replace("2B", "18")
    return body.isdigit() and 97 - int(body) % 97 == int(compact[13:15])


_CUED_CHECKS: tuple[Callable[[str], bool], ...] = (_nif_valid, _bsn_valid, _steuer_id_valid, _cpf_valid)
