"""Tell which language a ticket is written in, and whether the guard has models for it.

The guard's learned detectors were trained on English, German, Spanish, French, Portuguese, Dutch
and Italian support text. A ticket in any other language is flagged for human review by name
(``unsupported_language:pl``), never passed as safe. Detection is py3langid (langid.py's
naive-Bayes model over byte n-grams, 97 languages, shipped inside the PyPI package, offline);
it is loaded on first use (about 0.7 s) and takes well under a millisecond per ticket.

Short or mixed text ("ok thanks", "Export CSV error 500") is not reliably any language; below
`MIN_LETTERS` letters or `MIN_CONFIDENCE` the language is "und" (undetermined) and nothing is
flagged: such a ticket holds too few words to carry an unread attack or request.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any, NamedTuple

SUPPORTED = ("en", "de", "es", "fr", "pt", "nl", "it")
UNDETERMINED = "und"
MIN_LETTERS = 25
MIN_CONFIDENCE = 0.80
MAX_CHARS = 3_000
_WORD = re.compile(r"[^\W\d_]+")


class Language(NamedTuple):
    """The language of a text, how sure the detector is, and whether the guard covers it."""

    code: str
    confidence: float

    @property
    def supported(self) -> bool:
        """Return whether the guard has models for this language (undetermined counts as covered)."""
        return self.code in SUPPORTED or self.code == UNDETERMINED


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    """Load the language identifier once."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> Language:
    """Return the language of a (redacted) text, or "und" when too short or unclear."""
    sample = text[:MAX_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return Language(UNDETERMINED, 0.0)
    code, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE:
        return Language(UNDETERMINED, float(confidence))
    return Language(str(code), float(confidence))


@functools.lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    """Load the 150 most frequent words of each supported language (agent/redaction_data)."""
    text = resources.files("agent").joinpath("redaction_data", "function_words.json").read_text(encoding="utf-8")
    return {language: frozenset(words) for language, words in json.loads(text).items()}


def guess_language(text: str) -> str:
    """Return which supported language a text is most likely in, by its most frequent words ("en" on a tie).

    Instant and load-free, for redaction, which must not wait for the full detector.

    >>> guess_language("Hallo, ich kann mich seit gestern nicht mehr anmelden")
    'de'
    >>> guess_language("Export CSV")
    'en'
    """
    words = _WORD.findall(text[:MAX_CHARS].lower())
    votes = {language: sum(w in vocabulary for w in words) for language, vocabulary in function_words().items()}
    best = max(votes, key=lambda language: (votes[language], language == "en"))
    return best if votes[best] > votes.get("en", 0) else "en"
