"""Load the word lists that person and address detection lean on.

The bundled files in `redaction_data/` say where they come from in their headers; the small
hand-written sets below cover words that look like names but usually are not (brands, places,
months) and names that are also dictionary words but usually are names.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

TITLES = frozenset(
    "mr mrs ms miss mx dr prof professor sir madam madame mme mlle herr frau sr sra srta dott "
    "ing mag rev fr capt col gen lt sgt".split()
)
PARTICLES = frozenset(
    "de da do das dos du des del della dello delle degli dei dal dalla di la le les van von der den ter ten al el "
    "bin ibn "
    "bint ben af av zu y e st".split()
)
NAME_DOMINANT = frozenset(
    """john peter roger terry harry billy randy bobby victor martin earl jimmy tony mike dale lee
    troy tom warren dean derrick glen hector rick gene brad lance ken bob wade nick homer matt robin
    noel josh pat jasper curt rusty mason basil eddy emery clement barney dirk carmine marlin tad
    hank waldo garret maria carol heather bonnie ruby sherry hazel sally holly sue rosemary colleen
    viola myrtle patsy penny brandy violet misty daisy margarita iris opal melody flora patty jasmine
    olive marina laurel fern ester lily lea dolly ivy eve aline beryl phoebe rhea fanny jade sierra
    belle tiara mickey abbey magnolia coral nova prudence sibyl meg dahlia julienne peg camellia
    willow kitty savannah heath jay ella emma anna hanna eva nina lena sofia elena julia""".split()
)
EXTRA_AMBIGUOUS = frozenset(
    """january february march april may june july august september october november december
    paris austin houston dallas denver phoenix orlando georgia virginia carolina florence sydney
    chelsea jordan israel india china kenya asia africa america brittany aurora madison victoria
    alexa siri cortana max chad lincoln cleveland camden raleigh tyler memphis nashville berlin
    adelaide charlotte florida montana dakota savannah""".split()
)
NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun
    github gitlab bitbucket slack zendesk jira confluence salesforce hubspot shopify paypal stripe
    gmail outlook google youtube facebook instagram linkedin twitter whatsapp tiktok telegram
    microsoft windows android ios macos iphone ipad chrome firefox safari dropbox zoom okta figma
    notion trello asana airtable mailchimp twilio intercom freshdesk quickbooks xero netflix
    spotify amazon aws azure heroku vercel docker kubernetes linux ubuntu debian excel powerpoint
    onedrive sharepoint wordpress wix squarespace webflow klarna venmo zelle mastercard amex
    samsung huawei xiaomi nokia lenovo sony uber lyft airbnb ebay etsy alibaba adobe oracle sap
    zapier calendly docusign typeform hotjar mixpanel segment sentry datadog grafana postgres
    mysql mongodb redis python javascript typescript java kotlin swift golang rust ruby rails
    django flask fastapi react angular vue node npm pypi openai chatgpt gpt claude gemini copilot
    bluetooth wifi wi-fi ethernet usb hdmi pdf csv json xml html api sdk oauth saml sso webhook
    webhooks workspace workspaces dashboard login logout signup onboarding checkout admin
    english french german spanish italian dutch swedish danish norwegian finnish icelandic polish
    czech slovak hungarian romanian bulgarian greek turkish russian ukrainian serbian croatian
    slovenian portuguese brazilian mexican american canadian british irish scottish welsh
    australian chinese japanese korean vietnamese thai indian pakistani arabic arab persian
    hebrew jewish muslim christian catholic european asian african latin hindi urdu bengali
    europe asia africa antarctica oceania""".split()
)
# Greetings and sign-offs of the seven languages: they open and close tickets where names stand, and
# some are given names elsewhere ("Ola", "Hej").
GREETINGS = frozenset(
    """hallo hello hey hiya servus moin gruss grusse gruß grüße danke dankeschon vielen hola buenas buenos
    saludos gracias bonjour bonsoir salut coucou merci cordialement ola olá oi bom boa obrigado obrigada
    cumprimentos abracos abraços hoi goedemorgen goedemiddag goedenavond groeten groetjes bedankt dank
    ciao buongiorno buonasera salve grazie saluti cordiali distinti""".split()
)
STREET_WORDS = frozenset(
    "apt apartment suite unit st street str rd road ave avenue blvd boulevard rue rua calle via".split()
)
COUNTRIES = frozenset(
    """afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan
    bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana
    brazil brunei bulgaria burundi cambodia cameroon canada chile china colombia comoros congo
    croatia cuba cyprus czechia denmark djibouti dominica ecuador egypt eritrea estonia eswatini
    ethiopia fiji finland france gabon gambia georgia germany ghana greece greenland grenada guatemala
    guinea guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy
    jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon
    lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives
    mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco
    mozambique myanmar namibia nauru nepal netherlands nicaragua niger nigeria norway oman pakistan
    palau palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda
    samoa senegal serbia seychelles singapore slovakia slovenia somalia spain sudan suriname sweden
    switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey turkmenistan
    tuvalu uganda ukraine uruguay uzbekistan vanuatu vatican venezuela vietnam yemen zambia
    zimbabwe usa uk england scotland wales""".split()
)
CITIES = frozenset(
    """london paris berlin madrid rome vienna prague budapest warsaw amsterdam brussels lisbon
    dublin stockholm oslo copenhagen helsinki reykjavik athens istanbul moscow kyiv kiev zurich
    geneva munich hamburg frankfurt milan naples barcelona seville porto lyon marseille toronto
    montreal vancouver chicago boston seattle atlanta miami detroit philadelphia baltimore
    pittsburgh portland sacramento tokyo osaka kyoto seoul beijing shanghai shenzhen singapore
    mumbai delhi bangalore chennai kolkata karachi lahore dubai riyadh cairo lagos nairobi
    johannesburg melbourne brisbane perth auckland wellington mexico bogota lima santiago
    buenos aires manila jakarta bangkok hanoi""".split()
)


@dataclass(frozen=True)
class Lexicon:
    """Word sets used to tell names from ordinary words, all lower case."""

    given: frozenset[str]
    surnames: frozenset[str]
    words: frozenset[str]
    ambiguous: frozenset[str]
    not_names: frozenset[str]
    english: frozenset[str] = frozenset()


def _read(name: str) -> frozenset[str]:
    """Read one bundled word list, skipping comment lines."""
    text = resources.files("agent").joinpath("redaction_data", name).read_text(encoding="utf-8")
    words = [line for line in text.splitlines() if line and not line.startswith("#")]
    return frozenset(words) | frozenset(_fold(w) for w in words if not w.isascii())


def _fold(word: str) -> str:
    """Return a word without diacritics."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


LANGUAGES = ("de", "es", "fr", "pt", "nl", "it")


@functools.lru_cache(maxsize=8)
def load_lexicon(language: str = "en") -> Lexicon:
    """Load the bundled name and word lists for a ticket's language, once per process and language.

    Every lexicon knows English and the most frequent words of six more languages (greetings,
    thanks, "Spam-Ordner"); a ticket in one of those six also gets that language's 20,000 words.
    """
    english = _read("english_words.txt")
    words = english | _read("common_words_core.txt")
    if language in LANGUAGES:
        words |= _read(f"common_words_{language}.txt")
    given = _read("given_names.txt") | _read("given_names_world.txt")
    ambiguous = ((given & words) - NAME_DOMINANT) | EXTRA_AMBIGUOUS
    return Lexicon(
        given=given,
        surnames=_read("surnames.txt") | _read("surnames_world.txt"),
        words=words,
        ambiguous=ambiguous,
        not_names=NOT_NAMES | COUNTRIES | CITIES | TITLES | STREET_WORDS | GREETINGS,
        english=english,
    )


# French and Italian elisions before a word: j', l', d', qu', n', s', c', m', t', dell', all', nell', sull', un'
ELISION = re.compile(r"(j|l|d|qu|n|s|c|m|t|dell|all|nell|dall|sull|un)['’](\w+)$")


def is_word(lexicon: Lexicon, lower: str) -> bool:
    """Tell whether a lower-case token is a common word of the seven languages (English plurals included)."""
    if lower in lexicon.words:
        return True
    elided = ELISION.match(lower)  # "j'ai", "l'application", "dell'ordine": an elided article or pronoun
    if elided and elided.group(2) in lexicon.words:
        return True
    return any(lower.endswith(end) and lower[: -len(end)] in lexicon.words for end in ("s", "es", "'s", "’s"))


def is_compound(lexicon: Lexicon, lower: str) -> bool:
    """Tell whether a long word joins two common words, as German and Dutch nouns do ("kundennummer").

    Both parts must be long (4+ and 5+ letters) and the word must not be a known surname, so names
    such as "Rosenberg" stay names.
    """
    if len(lower) < 9 or lower in lexicon.surnames or not lower.isalpha():
        return False
    for cut in range(4, len(lower) - 4):
        head, tail = lower[:cut], lower[cut:]
        if tail in lexicon.words and (head in lexicon.words or (head[-1] in "sn" and head[:-1] in lexicon.words)):
            return True
    return False
