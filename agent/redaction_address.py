"""Find street addresses: a street core (number + street word, or street word + number), grown over
unit numbers, city, region, postcode and country on the same line and on the following lines.
"""

import itertools
import re
from collections.abc import Callable

from agent.redaction_lexicon import COUNTRIES, NOT_NAMES, PARTICLES, is_word, load_lexicon
from agent.redaction_patterns import RANKS, Span

# house numbers, also ranges and flats: 263-267, 84/92, 88/2/14, 48/A, 123-hs, 52-III, 40 hs
NUM = (
    r"(?:n\.?\s?º?\s?|nº\s?)?\d{1,6}[A-Za-z]?(?:[-–/]\d{1,4}[A-Za-z]?|/[A-Za-z]\b)?(?:/\d{1,2}[A-Za-z]?)?"
    r"(?:-(?:hs|HS|[IVX]{1,4}|[A-Z]\d{1,2})\b|[ \t](?:hs|HS|huis|boven|beneden|bis|ter)\b)?"
)
WORD = r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?"
STREET_AFTER = (
    "street streets st road roads rd avenue ave av drive drives dr lane ln place pl court ct boulevard "
    "blvd way ways terrace ter crescent cres close square sq parkway pkwy highway hwy circle cir "
    "trail trl row walk mews alley path pike plaza loop run extension extensions prairie point points "
    "gateway gardens garden grove park view ridge hill hills heights valley vista summit crossing "
    "junction landing lodge manor meadow meadows mill mills orchard oval pass passage port harbor "
    "harbour haven hollow island isle knoll lake lakes green glen estate estates fork forks forest "
    "ford falls ferry field fields flat flats creek crest cove course corner corners common commons "
    "center centre cliff cliffs causeway canyon bypass brook brooks branch bridge bluff bend beach "
    "bay expressway freeway motorway turnpike spur springs station stream track trace tunnel village "
    "ville wall well wells shore shores route river ranch mount mountain neck mall lock keys inlet "
    "burg burgs union spring squares fort str crossroad crossroads"
).split()
STREET_BEFORE = (
    "rue rua place avenida avenue av avda calle c/ carrera cra carrer carretera camino paseo passeig plaza plaça "
    "praça praca "
    "bulevar bvar boul ronda rambla pasaje avinguda traversa rúa jr jirón p.zza p.za p.le località loc frazione "
    "chaussée chaussee "
    "travessa travessia largo alameda estrada rodovia via viale vicolo piazza piazzale corso contrada "
    "strada stradella lungomare borgo chemin boulevard bd allée impasse quai cours route ul ulica al "
    "aleja os osiedle plac ulitsa prospekt jalan jl soi thanon λεωφόρος οδός odos leoforos calea "
    "bulevardul piata str sokak sokağı cadde caddesi quadra"
).split()
COMPOUND_ENDINGS = tuple(
    "straße strasse str. gasse gass weg allee platz ring damm ufer graben steig pfad chaussee markt straat "
    "laan plein gracht kade singel dreef steeg hof vej vænget gade allé stræde plads gata gatan vägen "
    "väg stig gränd torget backen veien vei vegen gaten katu tie kuja polku kaari raitti rinne stræti "
    "vegur braut tröð sund tänav maantee iela gatvė ulica utca cesta -ro -gil -daero".split()
)
TYPE_AFTER_LOWER = (
    r"(?:u\.|utca|út|útja|tér|körút|krt\.|köz|sor|sétány|rakpart|rkp\.|kapu|fasor|sugárút|"
    r"terrasse|vei|veien|gate|gata|vej|allé|alle|plass|plads|straße|strasse|weg|gasse|straat|laan|"
    r"katu|tie|väg|vägen|gränd|torg|torget|ulica|ulice|cesta|iela|gatvė|sokak|caddesi)"
)
MONTHS = frozenset(
    "january february march april may june july august september october november december jan feb "
    "mar apr jun jul aug sep sept oct nov dec januar februar märz juni juli oktober dezember janvier "
    "février mars avril mai juin juillet août septembre octobre novembre décembre enero febrero marzo "
    "abril mayo junio julio agosto septiembre octubre noviembre diciembre gennaio febbraio aprile "
    "maggio giugno luglio settembre ottobre dicembre".split()
)
UNIT = (
    r"(?:(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor|Fl\.|Room|Rm\.?|Bldg\.?|Building|#)\s*[\w-]*\d[\w-]*"
    # floors and doors as the six languages write them: "4º izda.", "2.º Esq", "5ª planta", "3° piano"
    r"|\d{1,2}\s?\.?\s?[ºª°]\.?(?:\s?(?:[A-Z]\b|(?i:izda|izq|izquierda|dcha|der|derecha|dto|drto|esq|esquerdo|direito|"
    r"piso|planta|andar|piano)\b\.?))?"
    # "2. OG links", "3. Stock", "2e étage", "3e étage porte gauche", "3-hoog"
    r"|\d{1,2}(?:e|er|ère|ème|eme|\.|-)\s?(?:étage|etage|OG|UG|DG|EG|Stock|Etage|piano|hoog)"
    r"(?:\s+(?:links|rechts|Mitte|gauche|droite|porte\s+\w+))?"
    # a unit word with its number or letter: "apto 502", "int. 7", "scala B", "bte 3", "bât. B", "sala 1204"
    r"|(?i:piso|planta|apto|apt|pta|puerta|portal|apartamento|depto|dpto|departamento|sala|loja|bloco|app|appt|appartement|bte|bus|bureau|whg|"
    r"bâtiment|bât|escalier|esc|int|interno|scala|piano|stiege|top|stock|etage|hs|lok|local)\.?\s?(?:\d{1,4}[A-Za-z]?\b|[A-Z]\b)"
    r"|\d{1,2}r\s\d{1,2}[ao]|\d{1,2}e\s(?:gauche|droite)|(?i:bloco|ap|cep|case\s+postale|bp|km|fraz)\.?\s?[A-Z\d][\d.-]*\b|Cedex"
    r"|r/c(?:\s(?i:dto|esq|frente))?|(?i:bajo|piano\s+terra|rez-de-chauss[ée]e)(?:\s(?:[A-Z]\b|(?i:izda|dcha)\.?))?"
    r"|\d{1,2}[ºª°]\s?(?i:frente|fundos|dto|esq)|(?i:porte|türe?)\s+(?:links|rechts|gauche|droite)"
    r"|Hinterhaus|Vorderhaus|Seitenflügel"
    r")"
)
POSTCODE = (
    r"(?:\d{4,5}-\d{3}|\d{2}-\d{3}|[A-Z]\d{4}(?:[A-Z]{3})?\b|\d{3}\s\d{2}|\d{4}\s?[A-Z]{2}\b|\d{4,6}|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|"
    r"[A-Z]\d[A-Z]\s?\d[A-Z]\d|[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y\d]{4})"
)  # also Portugal and Brazil (4050-262, 01304-001), the Netherlands (3012 BR) and Irish Eircodes (D02 VK65)
HOUSE_NAMES = (r"(?:Cottage|Cottages|House|Farm|Farmhouse|Barn|Lodge|Manor|Hall|Mill|Rectory|Vicarage|Grange|Croft|"
               r"Bungalow|Villa|Steading|Mews|Chapel|Schoolhouse|Oast)")
ADDRESS_CUE = re.compile(
    # the word "address" in the seven languages, and "sede legale" (a company's registered office)
    r"(?:(?i:address|adresse|anschrift|adres|dirección|direccion|domicilio|indirizzo|morada|endereço|endereco|"
    r"sede\s+(?:legale|operativa|social))(?:\s+(?:is|ist|est|es|è|é))?|lives?\s+(?:on|at|in)|living\s+(?:on|at)|located\s+(?:at|on|in)|"
    r"(?:send|sent|ship|shipped|deliver|delivered|mail|post|return)\s+(?:it\s+|this\s+|them\s+|one\s+)?to|"
    r"meet\s+(?:me|you|us)\s+at|moved\s+to|stop\s+at|corner\s+of|side\s+of|(?:is|are)\s+(?:on|at|in))"
    r"\s*:?\s*$",
    re.IGNORECASE,
)

UP = "[" + re.escape("".join(char for char in map(chr, range(65, 0x530)) if char.isupper())) + "]"
CAPWORD = rf"{UP}[^\W\d_]*(?:['’.-][^\W\d_]+)*\.?"
PARTICLE_WORDS = "|".join(sorted(PARTICLES))
FLOOR_WORD = r"(?:étage|etage|OG|UG|DG|Stock|Etage|piano|hoog|[ºª°])"  # "3e étage" is a floor, not a house number
NAME_PART = rf"(?:{CAPWORD}|(?:{PARTICLE_WORDS})\b)"
JOINER = r"(?:per|het|op|aan|'t|(?:dell|d)['’][^\W\d_]+)"  # lower-case words inside a street name
TOWN = rf"(?:['’]s-)?{CAPWORD}"  # "Reutlingen", "'s-Gravenhage"
# a unit's or a person's words before a number: "Apt. 675 62314 Mellemvej 32" is no street "Apt." at 62314
NOT_STREET = frozenset("apt apartment suite ste unit flat floor room building bldg mr mrs ms dr".split())
CURRENCIES = frozenset("euro euros eur chf usd gbp dollar dollars pfund franken francs kr sek dkk nok pln".split())
AFTER_WORDS = "|".join(sorted({word.capitalize() for word in STREET_AFTER}, key=len, reverse=True))
BEFORE_WORDS = "|".join(sorted(STREET_BEFORE, key=len, reverse=True))
CORES = [
    re.compile(rf"\b(?:{NUM}[ \t]+)?{NUM}[ \t]+(?P<name>(?:{CAPWORD}[ \t]+){{1,4}})(?:{AFTER_WORDS})\b\.?"),
    re.compile(
        rf"(?<!\w)(?:{NUM}(?:[ \t]+(?:bis|ter|quater))?,?[ \t]+){{0,2}}(?P<before>(?i:{BEFORE_WORDS})\.?)[ \t]+"
        rf"(?P<name>{NAME_PART}(?:[ \t]+{NAME_PART}){{0,4}})"
        rf"(?P<num>(?:[ \t]+{NUM}|,[ \t]+\d{{1,4}}[A-Za-z]?)\b(?!\.?[ \t]*{FLOOR_WORD}))?"
    ),
    re.compile(rf"(?<!\w)(?:{NUM}[ \t]+)?(?:{UP}\.[ \t]+)?(?P<compound>{CAPWORD})[ \t]+{NUM}\b\.?"),
    re.compile(rf"(?<!\w)(?:{NUM}[ \t]+)?(?P<name>{CAPWORD}(?:[ \t]+{CAPWORD})?)[ \t]+{TYPE_AFTER_LOWER}\s*{NUM}\b\.?"),
    re.compile(
        rf"\b{NUM}[ \t]+(?:{NUM}[ \t]+)?(?P<plain>{CAPWORD}(?:[\s-]+{NAME_PART}){{0,3}})[ \t]+{NUM}\b(?![.,:/]\d)"
    ),
    # "Unit 4, Parkside Industrial Estate, Coventry CV1 2NE": a unit and a place name, with a postcode later on the line
    re.compile(rf"(?<!\w){UNIT},?[ \t]+(?P<name>{CAPWORD}(?:[ \t]+{CAPWORD}){{0,4}})"
               rf"(?=[^\n]{{0,60}}(?<!\w){POSTCODE}\b)"),
    # "Balnagown Cottage, Strathpeffer IV14 9AB", "The Old Rectory, St Mawes, Truro TR2 5DW": a British house
    # name (no number), with a postcode later on the line
    re.compile(rf"(?<!\w)(?P<name>(?:The[ \t]+)?(?:{CAPWORD}[ \t]+){{0,3}}{HOUSE_NAMES}),"
               rf"(?=[^\n]{{0,60}}(?<!\w)[A-Z]{{1,2}}\d[A-Z\d]?\s*\d[A-Z]{{2}}\b)"),
    re.compile(r"\b(?:PSC|CMR|Unit)\s+\d{3,5},?\s+Box\s+\d{3,5}(?:\s*\n?\s*[ADF]PO\s+A[AEP]\s+\d{5})?"),
    re.compile(r"\b(?:USNS|USNV|USS|USCGC)\s+[^\W\d_]+(?:\s+[^\W\d_]+)?\s*\n?\s*FPO\s+A[AEP]\s+\d{5}"),
    re.compile(r"\b(?:\d{1,6}\s+)?P\.?\s?O\.?\s?Box\s+\d{1,6}", re.IGNORECASE),
]
# "Gewerbepark 7, 72764 Reutlingen", "Laan van Meerdervoort 512, 2563 BE Den Haag", "Via Provinciale per Lecce 42,
# 73100 Lecce": a capitalised street name and a house number, then a postcode and a town
ANCHORED = re.compile(
    rf"(?<!\w)(?P<anchored>{CAPWORD}(?:[ \t]+(?:{NAME_PART}|{JOINER})){{0,4}})[ \t]+{NUM}"
    rf"(?=,?[ \t]+(?P<code>\d{{5}}|\d{{4}}[ \t]?[A-Z]{{2}}|\d{{4}}-\d{{3}}|\d{{4}})[ \t]+(?P<town>{TOWN}))"
)
TITLES = frozenset("Prinses Prins Koningin Koning Burgemeester Graaf Hertog Sint St. Dr. Prof. Kaiser König".split())
CUED_CORES = [
    re.compile(rf"(?:{NUM}[ \t]+)?(?P<cued>{CAPWORD}(?:[ \t]+{NAME_PART}){{0,3}})[ \t]+{NUM}\b\.?"),
    re.compile(rf"{NUM}[ \t]+(?:{NUM}[ \t]+)?(?P<cued>{CAPWORD}(?:[ \t]+{NAME_PART}){{0,3}})"),
]
PHONE_WORD = re.compile(r"\b(?i:tel|phone|t[ée]l|telefon\w*|tel[ée]fono|cel\w*|gsm|fax|mobil\w*)\b|\+\d")
# "St. Johann in Tirol", "Ouderkerk aan den IJssel"
PLACE_JOINERS = frozenset({"in", "am", "im", "an", "bei", "ob", "sur", "sous", "lès", "en", "aan", "den", "de"})
STANDALONE_TYPE = re.compile(r"(?:Straße|Strasse|Gasse|Weg|Platz|Allee|Ring|Damm|Straat|Laan|Gracht|Plein|Kade)\b")
CORNER_BEFORE = re.compile(r"(?:corner|intersection)\s+of\s+(?:the\s+)?$|:\s*$", re.IGNORECASE)
CROSSING_AFTER = re.compile(rf"[ \t]+(?:and|&)[ \t]+(?:{CAPWORD}[ \t]+){{0,3}}{CAPWORD}(?:[ \t]+St\.)?")
CROSSING_BEFORE = re.compile(rf"(?<!\w){CAPWORD}(?:[ \t]+{CAPWORD}){{0,2}}[ \t]+(?:and|&)[ \t]+$")
DISTRICT = r"(?<=[^\W\d_] )\d{1,2}\b(?![.:/-]?\d)"  # "Dublin 2", "Paris 8", right after a place name
LINE_TOKEN = re.compile(rf"{UNIT}|{POSTCODE}\b|{DISTRICT}|{WORD}|,")
DISTRICT_RE = re.compile(r"\d{1,2}")
CODE_RE = re.compile(rf"{UNIT}|{POSTCODE}")
MULTIWORD_COUNTRIES = frozenset(
    "united states|united kingdom|new zealand|south africa|czech republic|costa rica|sri lanka|"
    "saudi arabia|south korea|north korea|hong kong|puerto rico|el salvador|dominican republic|"
    "united arab emirates|bosnia and herzegovina|papua new guinea|ivory coast|sierra leone".split("|")
)


def find_addresses(*, text: str) -> list[Span]:
    """Return STREET_ADDRESS spans: a street core grown over its unit, city and postcode lines."""
    spans = []
    for start, end in _cores(text):
        start = _grow_corner_back(text, _grow_back(text, start))
        end = _grow_corner(text, start, _grow_lines(text, _grow_line(text, end)))
        spans.append(Span("STREET_ADDRESS", start, end, RANKS["STREET_ADDRESS"]))
    return _merge(spans)


def _cores(text: str) -> list[tuple[int, int]]:
    """Find street cores with every pattern, keeping those whose words look like a street."""
    found = []
    for pattern in CORES:
        found += _search_all(pattern, text, _plausible)
    for pattern in CUED_CORES:
        found += _search_all(pattern, text, _cued)
    found += [(_street_start(text, start, end), end) for start, end in _search_all(ANCHORED, text, _plausible)]
    return found


def _street_start(text: str, start: int, end: int) -> int:
    """Start a postcode-anchored core at its last compound street word ("Firmensitz Friedrichstraße 176").

    An adjective or a title before it stays: "Alte Jakobstraße", "Prinses Beatrixlaan".
    """
    words = list(re.finditer(r"\S+", text[start:end]))
    for previous, word in reversed(list(itertools.pairwise(words))):  # the street word nearest the number
        if word.group().lower().rstrip(".,").endswith(COMPOUND_ENDINGS):
            kept = previous.group().lower().endswith(("e", "er", "en", "es")) or previous.group() in TITLES
            return start + (previous.start() if kept else word.start())
    return start

def _search_all(pattern: re.Pattern[str], text: str, check: Callable[[re.Match[str]], bool]) -> list[tuple[int, int]]:
    """Find matches that pass the check, retrying one character later after a rejected match."""
    found = []
    position = 0
    while match := pattern.search(text, position):
        if check(match):
            found.append((match.start(), match.end()))
            position = match.end()
        else:
            position = match.start() + 1
    return found


def _cued(match: re.Match[str]) -> bool:
    """Accept "<Name> <number>" right after an address cue such as "lives on" or "address is"."""
    text = match.string
    return bool(ADDRESS_CUE.search(text[max(0, match.start() - 40) : match.start()])) and _capitalised(
        match.group("cued")
    )


def _plausible(match: re.Match[str]) -> bool:
    """Check the words a core pattern captured: capitalised, and a real street word where needed."""
    groups = match.groupdict()
    if groups.get("before") is not None:
        before = groups["before"]
        numbered = match.group()[0].isdigit()  # "12 rue de la Paix": a house number vouches for "rue"
        numbered = numbered or groups["num"] is not None  # "rue de la Loi 16": so does a number after the name
        if not (before[0].isupper() or before.endswith(".") or numbered) or not _capitalised(groups["name"]):
            return False
        # a house number on either side vouches for the street: "12 rue de la Paix", "rue de la Loi 16"
        numbered_before = match.group()[0].isdigit() and any(word[0].isupper() for word in groups["name"].split())
        return groups["num"] is not None or numbered_before or _plain_street(groups["name"])
    if groups.get("compound") is not None:
        word = groups["compound"]
        lower = word.lower()
        return word[0].isupper() and lower.endswith(COMPOUND_ENDINGS) and not is_word(load_lexicon(), lower)
    if groups.get("anchored") is not None:
        town = groups["town"].lstrip("'’s-").rstrip(".").lower()
        words = {word.rstrip(".").lower() for word in groups["anchored"].split()}
        if town in CURRENCIES or words & NOT_STREET or not _capitalised(groups["anchored"].split()[0]):
            return False
        # a bare four-digit code may be a year ("Windows 10, 2023 Update"): then the town must be no common word
        return not groups["code"].isdigit() or len(groups["code"]) == 5 or not is_word(load_lexicon(), town)
    if groups.get("plain") is not None:
        return _plain_street(groups["plain"])
    return groups.get("name") is None or _capitalised(groups["name"])


def _capitalised(words: str) -> bool:
    """Tell whether every word is capitalised (particles excepted) and none is a month or brand."""
    parts = [part for part in re.split(r"[\s-]+", words) if part]
    for part in parts:
        lower = part.rstrip(".").lower()
        if lower in MONTHS or lower in NOT_NAMES - COUNTRIES:
            return False
        if not part[0].isupper() and lower not in PARTICLES:
            return False
    return bool(parts)


def _plain_street(words: str) -> bool:
    """Accept "<number> <Name> <number>" when the name is capitalised and not only common words."""
    if not _capitalised(words):
        return False
    lexicon = load_lexicon()
    parts = [part.rstrip(".").lower() for part in re.split(r"[\s-]+", words) if part]
    return any(not is_word(lexicon, part) or part in STREET_AFTER for part in parts)


def _grow_back(text: str, start: int) -> int:
    """Take in a unit ("Apt. 117") or house number written just before the core."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    match = re.search(rf"(?:{UNIT}|(?<![\w.])\d{{1,6}}),?\s+$", before)  # not the tail of a longer number
    if match:
        return line_start + match.start()
    named = re.search(rf"{CAPWORD}[ \t]+(?:{PARTICLE_WORDS})[ \t]+$", before)  # "Witte de Withstraat"
    if named:
        return line_start + named.start()
    preposition = re.search(r"(?:Am|Im|An der|Auf der|In der|Zum|Zur|Auf dem)[ \t]+$", before)  # "Am Lindenhof 3a"
    if preposition:
        return line_start + preposition.start()
    if STANDALONE_TYPE.match(text, start):  # "Mariahilfer Straße 88": the street's name comes first
        adjective = re.search(rf"{CAPWORD}[ \t]+$", before)
        return line_start + adjective.start() if adjective else start
    return start


def _grow_corner(text: str, start: int, end: int) -> int:
    """After "the corner of <street>", take in the crossing street ("and Herceg Gateway St.")."""
    if not CORNER_BEFORE.search(text[max(0, start - 40) : start]):
        return end
    crossing = CROSSING_AFTER.match(text, end)
    return crossing.end() if crossing else end


def _grow_corner_back(text: str, start: int) -> int:
    """Take in a crossing street named before the core ("Maarit and Hersnapvej 75") after a cue."""
    crossing = CROSSING_BEFORE.search(text[max(0, start - 60) : start])
    if not crossing:
        return start
    begin = start - len(crossing.group())
    cue = text[max(0, begin - 40) : begin]
    return begin if CORNER_BEFORE.search(cue) or ADDRESS_CUE.search(cue) else start


def _grow_line(text: str, end: int) -> int:
    """Extend over unit, city, region, postcode and country parts that follow on the same line."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return end + _address_prefix(text[end:line_end])


def _grow_lines(text: str, end: int) -> int:
    """Take in up to five following lines that start like address lines (unit, city, country, code)."""
    for _ in range(5):
        match = re.match(r"[ \t.,;]*\n(?:[ \t>?*|]*\n)?[ \t>?*|]*", text[end:])
        if not match:
            return end
        line_start = end + match.end()
        line_end = text.find("\n", line_start)
        line = text[line_start : len(text) if line_end < 0 else line_end].rstrip()
        taken = _address_prefix(line)
        if not taken:
            return end
        end = line_start + taken
        if taken < len(line):
            return end
    return end


def _address_prefix(line: str) -> int:
    """Return how much of the start of a line reads as address parts (0 when none does)."""
    sentence = PHONE_WORD.split(re.split(r"[.?!]\s", line, maxsplit=1)[0], maxsplit=1)[0]
    if re.search(r"\d{2,}[ .-]\d{2,}[ .-]\d{2,}", sentence):
        return 0  # a phone-like number in this sentence (before any phone word): not an address line
    end = 0
    words: list[str] = []
    codes = 0
    previous = ""
    for match in LINE_TOKEN.finditer(line):
        gap = line[end : match.start()]
        if re.search(r"[?!:;@\d]|\.\s", gap) or (end and "\n" in gap):
            break
        if previous.endswith(".") and len(previous) > 4 and not CODE_RE.fullmatch(previous):
            break  # "Amsterdam. Thanks": a full stop after a place name ends the address
        token = previous = match.group()
        if CODE_RE.fullmatch(token):
            codes += 1
        elif DISTRICT_RE.fullmatch(token):
            pass
        elif token != "," and token != "I" and (token[0].isupper() or token.lower() in PARTICLES | PLACE_JOINERS):
            words.append(token.rstrip("."))
        elif token != ",":
            break
        end = match.end()
    if not (codes or _has_place_word(words)):
        return 0
    taken = line[:end].rstrip(" ,")
    if taken.endswith(".") and len(taken.split()[-1]) > 4:
        taken = taken[:-1]
    return len(taken)


def _has_place_word(words: list[str]) -> bool:
    """Tell whether capitalised words include something beyond common English (a place, a code)."""
    lexicon = load_lexicon()
    lowered = [word.lower() for word in words]
    pairs = {" ".join(lowered[index : index + 2]) for index in range(len(lowered) - 1)}
    return bool(pairs & MULTIWORD_COUNTRIES) or any(
        word.isupper()
        or lower in COUNTRIES
        or lower in STREET_AFTER
        or (lower not in PARTICLES and not is_word(lexicon, lower))
        for word, lower in zip(words, lowered, strict=True)
    )


def _merge(spans: list[Span]) -> list[Span]:
    """Merge overlapping or touching address spans into one."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda span: (span.start, -span.end)):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = last._replace(end=max(last.end, span.end))
        else:
            merged.append(span)
    return merged
