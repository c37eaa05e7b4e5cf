"""Write the common-word lists that keep everyday words of six languages from being read as names.

    .venv/bin/python evals/build_word_lists.py        # needs the eval extra (wordfreq)

"Hallo", "Danke", "Hola", "Spam-Ordner" are capitalised words in no English word list, so the
name finder (agent/redaction_people.py) would score them as unknown proper nouns. This takes the
most frequent words of German, Spanish, French, Portuguese, Dutch and Italian from wordfreq
(Robyn Speer et al., data under CC BY-SA 4.0, bundled in the PyPI package) and drops every word
that is also a given name or surname in the bundled name lists, so names keep their weight, except
where the word is far more often a word than a name: a surname among the language's 1,000 most
frequent words ("Nota", "Mayor", "Casa", "sehr") and a given name among its 300 most frequent
("una", "della", "esta") stay words. A word that is both is a name only where a name stands
(after a given name, a title or a sign-off), so "Nota para la IA:" keeps its first word.
"""

import json
import sys
from collections import Counter
from pathlib import Path

from wordfreq import top_n_list

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "agent" / "redaction_data"
LANGUAGES = ("de", "es", "fr", "pt", "nl", "it")
TOP = 20_000
FUNCTION_WORDS = 150
CORE = 1_500
SURNAME_WORDS = 1_000  # a surname this frequent as a word of the language is a word first
GIVEN_WORDS = 300  # likewise for a given name, which weighs more
NAMES_FIRST = frozenset({"juan", "jean", "paulo", "pierre", "peter", "maria", "josé", "jose"})


def _bundled(name: str) -> set[str]:
    """Return the words of one bundled list."""
    return {w for w in (DATA / name).read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")}


def _names() -> set[str]:
    """Return the given names and surnames of the bundled lists."""
    return _bundled("given_names.txt") | _bundled("surnames.txt")


def _places() -> set[str]:
    """Return the countries and cities the lexicon knows."""
    from agent.redaction_lexicon import CITIES, COUNTRIES

    return set(CITIES) | set(COUNTRIES)


def _words_first(language: str, given: set[str]) -> set[str]:
    """Return the names that are, by their rank in the language, words first."""
    surname_rank = set(top_n_list(language, SURNAME_WORDS)) - given
    given_rank = set(top_n_list(language, GIVEN_WORDS)) - NAMES_FIRST
    return surname_rank | given_rank


def main() -> None:
    """Write redaction_data/common_words_<lang>.txt and function_words.json."""
    given = _bundled("given_names.txt")
    names = _names() | _places()
    english = _bundled("english_words.txt")
    lists = {language: {w for w in top_n_list(language, TOP) if w.isalpha() and len(w) > 1} for language in LANGUAGES}
    seen = Counter(w for words_of in lists.values() for w in words_of)
    # a word frequent in three or more of these languages but not English is mostly a proper noun
    # (cities, brands, people); leave those to the name finder, unless it is among the language's own
    # 1,000 most frequent words (German "mir" and "dir" are also frequent elsewhere, as names).
    for language, words_of in lists.items():
        first = _words_first(language, given) - _places()
        frequent = set(top_n_list(language, SURNAME_WORDS))  # "mir", "dir": the language's own words, whatever else
        words = {w for w in words_of
                 if (w not in names or w in first) and (seen[w] < 3 or w in english or w in frequent)}
        header = (f"# The {TOP:,} most frequent words of '{language}' in wordfreq 3.1 (CC BY-SA 4.0), less the\n"
                  "# bundled names and places. Rebuild: python evals/build_word_lists.py\n")
        (DATA / f"common_words_{language}.txt").write_text(header + "\n".join(sorted(words)) + "\n", encoding="utf-8")
        print(f"{language}: {len(words)} words")
    core = {w for language in LANGUAGES for w in top_n_list(language, CORE)
            if w.isalpha() and len(w) > 1 and (w not in names or w in _words_first(language, given) - _places())
            and (seen[w] < 3 or w in english)}
    header = (f"# The {CORE:,} most frequent words of each of {', '.join(LANGUAGES)} (wordfreq 3.1, CC BY-SA 4.0),\n"
              "# read in every ticket whatever its language. Rebuild: python evals/build_word_lists.py\n")
    (DATA / "common_words_core.txt").write_text(header + "\n".join(sorted(core)) + "\n", encoding="utf-8")
    function = {language: top_n_list(language, FUNCTION_WORDS) for language in ("en", *LANGUAGES)}
    (DATA / "function_words.json").write_text(json.dumps(function, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
