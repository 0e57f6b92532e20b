"""Personal data in free text: e-mail, Dutch phone numbers, BSN, IBAN, address, name.

Every pattern runs on ``fold(text)``, a same-length copy, so spans index the original.
Numbers are validated, not just shaped: a BSN must pass the 11-check (elfproef), an IBAN
its mod-97 check, a phone number the Dutch numbering plan's length.
"""
from __future__ import annotations

import re

from ._base import LETTER, Finding, FindingKind, fold, make, plain, resolve_overlaps

# --- e-mail -------------------------------------------------------------------------

EMAIL_RE = re.compile(
    r"(?<![\w.%+\-])"
    r"[\w%+\-]+(?:\.[\w%+\-]+)*"                                   # local part
    r"(?P<at>@|[ \t]?[\[({][ \t]?(?i:at|apenstaartje)[ \t]?[\])}][ \t]?)"  # @ or [at]
    r"(?:[^\W_](?:[\w\-]*[^\W_])?\.)+[^\W\d_]{2,24}"               # domain
    r"(?![\w\-])"
)


def find_emails(text: str) -> list[Finding]:
    return [
        make(FindingKind.EMAIL, text, m.start(), m.end(), "" if m["at"] == "@" else "obfuscated")
        for m in EMAIL_RE.finditer(fold(text))
    ]


# --- phone numbers ------------------------------------------------------------------

_SEP = r"(?:[ \t]?[\-./][ \t]?|[ \t])"        # one separator: '-', '.', '/', ' ', ' - '
_NOT_AFTER_NUMBER = r"(?<![\w+@])(?<![0-9][\-.,/])"
PHONE_RE = re.compile(
    _NOT_AFTER_NUMBER
    + r"(?:"
    rf"(?P<intl>(?:\+|00)[ \t]?31(?:{_SEP}?\(0\)|{_SEP}?0(?=[ \t]?[1-9]))?){_SEP}?[1-9](?:{_SEP}?[0-9]){{8}}"
    rf"|(?P<foreign>\+(?!31)[1-9][0-9]{{0,2}})(?:[ \t]?-[ \t]?|[ \t])?[0-9](?:(?:[ \t]?-[ \t]?|[ \t])?[0-9]){{7,11}}"
    rf"|(?P<service>0(?:800|900|906|909)){_SEP}?[0-9](?:{_SEP}?[0-9]){{3}}(?:(?:{_SEP}?[0-9]){{3}})?"
    rf"|(?P<area>\(0[1-9][0-9]{{0,2}}\))[ \t]?[0-9](?:{_SEP}?[0-9]){{5,7}}"
    rf"|0[1-9](?:{_SEP}?[0-9]){{8}}"
    r")(?![0-9]|[.,][0-9])"
)
_DATE_START = re.compile(r"^[0-9]{1,2}[\-./][0-9]{1,2}[\-./](?:19|20)[0-9]{2}(?![0-9])")


def find_phones(text: str) -> list[Finding]:
    found = []
    for m in PHONE_RE.finditer(fold(text)):
        raw = m.group()
        digits = re.sub(r"[^0-9]", "", raw)
        if m["intl"]:
            rest = re.sub(r"[^0-9]", "", raw[len(m["intl"]):])
            detail = "international, mobile" if rest.startswith("6") else "international"
        elif m["foreign"]:
            detail = f"international ({m['foreign']})"
        elif m["service"]:
            detail = "service number"
        else:
            if len(digits) != 10 or _DATE_START.match(raw):
                continue                         # (020) 12345 is too short; 01-02-2023 12 is a date
            detail = "mobile" if digits.startswith("06") else "landline"
        found.append(make(FindingKind.PHONE, text, m.start(), m.end(), detail))
    return found


# --- BSN (burgerservicenummer) ------------------------------------------------------

BSN_RE = re.compile(
    _NOT_AFTER_NUMBER + r"(?<![0-9][ \t])"
    r"(?:[0-9]{9}|[0-9]{4}(?P<sep4>[ .])[0-9]{2}(?P=sep4)[0-9]{3}|[0-9]{3}(?P<sep>[ .\-])[0-9]{3}(?P=sep)[0-9]{3}"
    r"|(?P<eight>[0-9]{8}))"
    r"(?![0-9]|[.,\-/ \t][0-9])"
)
_BSN_KEYWORD = re.compile(r"(?i:\bbsn|burger\s?service\s?nummer|sofi-?\s?nummer|persoonsnummer)")
_MONEY_BEFORE = re.compile(r"(?:€|\$|£|\beur|\beuro)[ \t]*$", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"^[ \t]*(?:€|euro\b|eur\b|,-)", re.IGNORECASE)


def elfproef(number: str) -> bool:
    """The 11-check of a BSN: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11
    (and the number is not all zeros). Eight-digit numbers get their leading zero back."""
    digits = re.sub(r"[^0-9]", "", number).zfill(9)
    if len(digits) != 9 or not any(d != "0" for d in digits):
        return False
    total = sum(w * int(d) for w, d in zip(range(9, 1, -1), digits)) - int(digits[8])
    return total % 11 == 0


def find_bsns(text: str) -> list[Finding]:
    folded = fold(text)
    found = []
    for m in BSN_RE.finditer(folded):
        before, after = folded[max(0, m.start() - 40):m.start()], folded[m.end():m.end() + 8]
        has_keyword = bool(_BSN_KEYWORD.search(before))
        if m["eight"] and not has_keyword:
            continue                       # eight digits alone: a KvK number or a date, not a BSN
        if _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after) or not elfproef(m.group()):
            continue
        detail = "11-check passes" + (", next to 'BSN'" if has_keyword else "")
        found.append(make(FindingKind.BSN, text, m.start(), m.end(), detail))
    return found


# --- IBAN ---------------------------------------------------------------------------

IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
    "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})[0-9]{2}")


def iban_checks(iban: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to 10..35, mod 97 == 1."""
    compact = re.sub(r"[ \t]", "", iban).upper()
    if not compact.isascii() or not compact.isalnum() or len(compact) != IBAN_LENGTHS.get(compact[:2]):
        return False
    return int("".join(str(int(c, 36)) for c in compact[4:] + compact[:4])) % 97 == 1


def _iban_end(folded: str, start: int, length: int) -> int | None:
    """Where an IBAN of ``length`` characters that begins at ``start`` ends: single
    spaces between characters are allowed, and the IBAN must not run on into a word."""
    count, i = 0, start
    while count < length and i < len(folded):
        char = folded[i]
        if char.isascii() and char.isalnum():
            count, i = count + 1, i + 1
        elif char in " \t" and count and i + 1 < len(folded) and folded[i + 1].isascii() and folded[i + 1].isalnum():
            i += 1
        else:
            break
    if count != length or (i < len(folded) and folded[i].isalnum()):
        return None
    return i


def find_ibans(text: str) -> list[Finding]:
    folded = fold(text)
    found, taken = [], 0
    for m in _IBAN_START.finditer(folded):
        length = IBAN_LENGTHS.get(m.group(1).upper())
        if length is None or m.start() < taken:
            continue
        end = _iban_end(folded, m.start(), length)
        if end is not None and iban_checks(folded[m.start():end]):
            found.append(make(FindingKind.IBAN, text, m.start(), end, f"mod-97 passes, {m.group(1).upper()}"))
            taken = end
    return found


# --- postcode with house number, street with house number ---------------------------

_PC = r"[1-9][0-9]{3}(?:[ \t]?(?!S[ADS])[A-Z]{2}|[a-z]{2})(?![\w])"
_HOUSE = r"[0-9]{1,5}(?:[ \t]?[A-Za-z](?![\w])|-[0-9]{1,4}(?![0-9])|[ \t]?-[ \t]?[A-Za-z](?![\w]))?(?![\w]|[.,][0-9])"
_UPPER_WORD = r"(?:'s-|'t[ \t])?(?=[A-ZÀ-ÖØ-Þ])" + LETTER + r"+(?:['.\-]" + LETTER + r"+)*\.?"
_LINKING = r"(?:van|de|der|den|het|op|aan|bij|in|'t|ter|ten|te)"
_STREET = rf"(?<![\w'.\-]){_UPPER_WORD}(?:[ \t](?:{_UPPER_WORD}|{_LINKING})){{0,4}}"
_STREET_SUFFIXES = (
    "straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk", "steeg", "hof", "dreef",
    "pad", "baan", "markt", "wal", "park", "allee", "boulevard", "plantsoen", "haven", "burgwal",
    "dam", "kanaal", "erf", "hoven", "ring", "veste", "zijde",
)
ADDRESS_RE = re.compile(
    rf"(?P<street>{_STREET})[ \t]+(?P<house>{_HOUSE})[ \t]*(?:,[ \t]*|[ \t]+|\r?\n[ \t]*)(?P<pc>{_PC})"
    rf"|(?P<pc2>{_PC})[ \t]*(?:,[ \t]*|[ \t]+)(?P<house2>{_HOUSE})"
    rf"|(?P<street3>{_STREET})[ \t]+(?P<house3>{_HOUSE})"
)
_NOT_STREET_START = {"ik", "wij", "we", "mijn", "ons", "onze", "op", "aan", "de", "het", "in", "adres",
                     "woonachtig", "wonend", "bij", "naar", "te", "en", "of", "postadres", "woonadres"}
# Letter pairs that after four digits are far more often a unit or an abbreviation.
_NOT_POSTCODE_LETTERS = {"EU", "NL", "VS", "UK", "KM", "KG", "CM", "MM", "ML", "MG", "MW", "KW",
                         "GW", "GB", "MB", "TB", "CO", "PK", "HA", "DE", "BC", "AD"}


def _is_street(street: str) -> bool:
    return any(plain(word).rstrip(".").endswith(_STREET_SUFFIXES) for word in street.split())


def find_addresses(text: str) -> list[Finding]:
    """A postcode with a house number, a street with a house number before a postcode,
    or a street (a name ending in -straat, -weg, -laan, ...) with a house number.
    A postcode alone is not reported: it points at a few dozen addresses, not a person."""
    folded = fold(text)
    found = []
    for m in ADDRESS_RE.finditer(folded):
        if m["pc"]:
            detail = "street, house number and postcode"
        elif m["pc2"]:
            if m["pc2"][-2:] in _NOT_POSTCODE_LETTERS:
                continue
            detail = "postcode and house number"
        else:
            if not _is_street(m["street3"]):
                continue
            detail = "street and house number"
        start = m.start()
        if m["street"] or m["street3"]:      # "Aan de Kerkstraat 1": the street starts at "Kerkstraat"
            for word in re.findall(r"\S+[ \t]+", folded[m.start():m.end()])[:-1]:
                if plain(word.strip()) not in _NOT_STREET_START:
                    break
                start += len(word)
        found.append(make(FindingKind.POSTCODE, text, start, m.end(), detail))
    return found


# --- names: "mijn naam is ...", "ik ben ...", signatures ------------------------------

_PARTICLES = {"van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "op", "in", "la", "le",
              "du", "di", "da", "del", "della", "von", "vom", "zu", "vd", "v.d.", "v/d", "d'", "'s",
              "el", "al", "bin", "uit", "aan", "onder", "over", "dos", "das"}
# Particles a surname may begin with when someone gives only that: "mijn naam is van Dam".
_LEADING_PARTICLES = {"van", "de", "der", "den", "ter", "ten", "te", "von", "la", "le", "du", "da", "di", "'t"}
# First words that are no name: after "ik ben", or opening the line after a greeting.
_NOT_A_NAME = {
    "ik", "wij", "we", "het", "dit", "dat", "deze", "die", "namens", "graag", "bedankt", "dank",
    "alvast", "team", "afdeling", "gemeente", "stichting", "vereniging", "bewoners", "hoogachtend",
    "nederlander", "nederlandse", "nederlands", "europeaan", "europese", "amsterdammer", "rotterdammer",
    "hagenaar", "hagenees", "utrechter", "limburger", "limburgse", "fries", "friezin", "brabander",
    "brabantse", "zeeuw", "zeeuwse", "groninger", "twentenaar", "christen", "christelijk", "katholiek",
    "protestant", "moslim", "jood", "joods", "joodse", "atheist", "hindoe", "boeddhist", "belg",
    "duitser", "marokkaan", "turk", "surinamer", "antilliaan", "vegetarier", "veganist", "ps",
    "p.s.", "verzonden", "sent", "tel", "telefoon", "e-mail", "email", "mail", "adres", "zie",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "god",
    "dr", "drs", "ir", "ing", "mr", "prof", "dhr", "mevr", "mw", "mevrouw", "meneer",
    # origins and beliefs, as adjectives
    "marokkaanse", "turkse", "surinaamse", "antilliaanse", "duitse", "belgische", "poolse",
    "syrische", "chinese", "indonesische", "molukse", "friese", "amsterdamse", "rotterdamse",
    "haagse", "utrechtse", "christelijke", "islamitische", "gereformeerd", "hervormd", "protestants",
    # common words written with a capital ("Ik Ben Tegen Dit Plan")
    "tegen", "voor", "niet", "wel", "geen", "een", "er", "erg", "heel", "zeer", "zo", "ook", "al",
    "nog", "echt", "helemaal", "absoluut", "bang", "blij", "boos", "bezorgd", "benieuwd", "verbaasd",
    "teleurgesteld", "tevreden", "ontevreden", "voorstander", "tegenstander", "eens", "oneens",
    "akkoord", "ouder", "moeder", "vader", "boer", "boerin", "arts", "student", "docent", "inwoner",
    "bewoner", "lid", "eigenaar", "werkzaam", "woonachtig", "gepensioneerd", "zelf", "ondernemer",
    "patient", "mantelzorger", "burger", "zelfstandig", "hier", "daar", "nu", "net", "juist", "zeker",
    "in", "op", "met", "als", "maar", "en", "of", "om", "uit", "bij", "na", "over", "door",
}
_INTRO_RE = re.compile(
    r"(?<![\w])(?P<trigger>(?i:mijn[ \t]+(?:volledige[ \t]+)?naam[ \t]+is|mijn[ \t]+naam[ \t]*:|naam[ \t]*:"
    r"|ik[ \t]+heet|ik[ \t]+ben|ondergetekende|groet(?:en|jes)[ \t]+van|my[ \t]+name[ \t]+is))(?![\w])"
    r"[ \t]*[:,]?[ \t]*"
)
_SIGNOFF_RE = re.compile(
    r"(?:^|(?<=[.!?])|(?<=[.!?][ \t])|(?<=[.!?][ \t][ \t]))[ \t]*"
    r"(?P<trigger>(?i:met[ \t]+(?:vriendelijke|hartelijke|beste|warme)[ \t]+groet(?:en)?"
    r"|(?:vriendelijke|hartelijke|beste|warme)[ \t]+groet(?:en)?|met[ \t]+groet(?:en)?|groet(?:en|jes)?"
    r"|m\.?[ \t]?v\.?[ \t]?g\.?|hoogachtend|liefs|gr\.|(?:kind|best)[ \t]+regards|regards))(?![\w])"
    r"(?:[ \t]*[,:!.]?[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*|[ \t]*[,:][ \t]*|[ \t]+)",
    re.MULTILINE,
)
_NAME_TOKEN = re.compile(rf"(?:{LETTER}\.(?:[ \t]?{LETTER}\.){{0,3}}(?![\w]))|'[st](?![\w])|v\.d\.|v/d|{LETTER}+(?:['\-]{LETTER}+)*")


_GAP = re.compile(r"[ \t]{1,2}")
_TITLE_RE = re.compile(r"(?i:dr|drs|ir|ing|mr|prof|dhr|mevr|mw|mevrouw|meneer|de[ \t]+heer|ds)(?:\.[ \t]?|[ \t]+)(?=\w)")


def _capitalised(word: str) -> bool:
    """'Jansen', 'Anne-Marie', "O'Brien", 'Émile': an upper-case letter, then lower case."""
    if len(word) > 2 and word[1] == "'" and word[0].isupper():          # O'Brien, D'Souza
        word = word[2:]
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and letters[0].isupper() and letters[1].islower()


def _name_at(folded: str, pos: int, leading_particle: bool) -> tuple[int, int] | None:
    """The span of a personal name starting at ``pos``, or None."""
    tokens: list[tuple[int, int, str]] = []          # (start, end, 'I'nitial/'C'apital/'P'article)
    title = _TITLE_RE.match(folded, pos)             # "Dr. J. Jansen": the name starts at "J."
    i = title.end() if title else pos
    while len(tokens) < 6:
        m = _NAME_TOKEN.match(folded, i)
        if not m:
            break
        word = m.group()
        if plain(word) in _PARTICLES and not (word[0].isupper() and tokens and tokens[-1][2] != "P"):
            kind = "P"
        elif word.endswith(".") and all(c.isupper() for c in word if c.isalpha()):
            kind = "I"
        elif _capitalised(word):
            kind = "C"
        else:
            break
        leading_ok = leading_particle and plain(word) in _LEADING_PARTICLES
        if not tokens and (kind == "P" and not leading_ok or plain(word) in _NOT_A_NAME):
            return None
        tokens.append((m.start(), m.end(), kind))
        gap = _GAP.match(folded, m.end())
        if gap is None and not (kind == "I" and m.end() < len(folded) and folded[m.end()].isalpha()):
            break
        i = gap.end() if gap else m.end()
    while tokens and tokens[-1][2] == "P":
        tokens.pop()
    if not any(kind == "C" for _, _, kind in tokens):
        return None
    return tokens[0][0], tokens[-1][1]


def find_names(text: str) -> list[Finding]:
    """Names people give themselves ("mijn naam is Jan de Vries", "ik ben Piet Jansen",
    "ik heet Anna") and sign with ("Met vriendelijke groet,\\nJan de Vries", "Mvg, K. Bakker").
    Only capitalised names count, so "ik ben tegen" and "ik ben het eens" are not names."""
    folded = fold(text)
    found = []
    for pattern, detail in ((_INTRO_RE, "introduces themselves"), (_SIGNOFF_RE, "signature")):
        for m in pattern.finditer(folded):
            trigger = plain(m["trigger"])
            span = _name_at(folded, m.end(), leading_particle=pattern is _INTRO_RE and not trigger.startswith("ik"))
            if span:
                found.append(make(FindingKind.NAME, text, *span, detail))
    return found


def find_personal_data(text: str) -> list[Finding]:
    """E-mail addresses, phone numbers, BSNs, IBANs, addresses and names, sorted by start.
    Overlaps are resolved as in ``find_all``."""
    found = find_emails(text) + find_phones(text) + find_bsns(text) + find_ibans(text)
    return resolve_overlaps(found + find_addresses(text) + find_names(text))
