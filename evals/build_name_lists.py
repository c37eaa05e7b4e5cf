"""Write the given names and surnames of Europe and the countries its customers come from.

    .venv/bin/python evals/build_name_lists.py        # needs the eval extra (Faker)

The bundled name lists (`given_names.txt`, `surnames.txt`) come from the US Census: "Henrique",
"Liliane", "Yannick", "Alois", "Guylaine" and "Facundo" are in neither, so a full name such as
"Liliane Queiroz" scored as two unknown words and reached the model. This takes the person names
of Faker's locales in the Latin script (Faker, MIT licence: names collected per country by its
contributors) and writes them beside the bundled lists. They are read as names; a name that is
also a frequent word of the ticket's language is ambiguous, as before, and needs a second sign
(a surname beside it, a title, a greeting). The common-word lists are built against the bundled
lists alone (`evals/build_word_lists.py`), so these names do not remove words from them.
"""

import importlib
import pkgutil
import sys
from pathlib import Path

from faker.providers import person

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "agent" / "redaction_data"
GIVEN_FIELDS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
SURNAME_FIELDS = ("last_names", "last_names_male", "last_names_female")


def _latin(name: str) -> bool:
    """Tell whether a name is written in Latin letters (with accents, hyphens or apostrophes)."""
    latin = (c in "-'" or (c.isalpha() and (c.isascii() or "\u00c0" <= c <= "\u024f")) for c in name)
    return len(name) >= 3 and all(latin)


def _names_of(provider: type, fields: tuple[str, ...]) -> set[str]:
    """Return the lower-cased names a Faker person provider lists under the given fields."""
    found: set[str] = set()
    for field in fields:
        value = getattr(provider, field, None)
        if isinstance(value, dict):  # some locales weight names: {name: frequency}
            value = list(value)
        if isinstance(value, list | tuple):
            found |= {str(n).strip().lower() for n in value if isinstance(n, str)}
    return {n for n in found if _latin(n)}


def _bundled(name: str) -> set[str]:
    """Return the words of one bundled list."""
    return {w for w in (DATA / name).read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")}


def _function_words() -> set[str]:
    """Return the 150 most frequent words of each language (never names)."""
    import json

    lists = json.loads((DATA / "function_words.json").read_text(encoding="utf-8"))
    return {w for words in lists.values() for w in words}


def main() -> None:
    """Write redaction_data/given_names_world.txt and surnames_world.txt."""
    given: set[str] = set()
    surnames: set[str] = set()
    locales = sorted(m.name for m in pkgutil.iter_modules(person.__path__))
    for locale in locales:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        given |= _names_of(provider, GIVEN_FIELDS)
        surnames |= _names_of(provider, SURNAME_FIELDS)
    never = _function_words()
    given -= never | _bundled("given_names.txt")
    surnames -= never | given | _bundled("surnames.txt") | _bundled("given_names.txt")
    for name, words in (("given_names_world.txt", given), ("surnames_world.txt", surnames)):
        kind = name.split("_world")[0].replace("_", " ").capitalize()
        header = (f"# {kind} not in the bundled US list, lower case, from the\n"
                  f"# person providers of Faker's {len(locales)} locales (MIT), Latin script only.\n"
                  "# Rebuild: python evals/build_name_lists.py\n")
        (DATA / name).write_text(header + "\n".join(sorted(words)) + "\n", encoding="utf-8")
        print(f"{name}: {len(words)} names")


if __name__ == "__main__":
    main()
