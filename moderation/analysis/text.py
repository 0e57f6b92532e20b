"""Text basics: normalisation, Dutch sentence splitting, tokenising, language detection.

No NLTK data is needed: the splitter and tokeniser are regular expressions with a Dutch
abbreviation list; language detection counts function words and falls back on
simplemma's ``langdetect`` only when that count is inconclusive (it costs ~0.4 ms a text).
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_NEWLINES = re.compile(r"\s*\n\s*")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                         "\u2013": "-", "\u2014": "-", "\u2026": "..."})


def normalise(text: str) -> str:
    """NFC, HTML entities decoded, typographic quotes and dashes made plain, control
    characters removed, runs of spaces collapsed; line breaks are kept (one per break)."""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACES.sub(" ", text)
    return _NEWLINES.sub("\n", text).strip()


ABBREVIATIONS = frozenset("""
a.d.h.v afb afd alg art bijv bv bijl blz ca cf d.i d.m.v d.w.z dhr dr drs e.a e.d e.g e.v etc excl fig
i.c i.e i.p.v i.s.m ing ir jl jr m.a.w m.b.t m.i mevr mr mw n.a.v nl nr o.a o.b.v o.i o.m p.p plm prof resp
t.a.v t.b.v t.g.v t.o.v vb vgl vs z.g.a.n z.s.m zgn zg st
""".split())

# A sentence ends at . ! ? (or a run of them), optionally followed by a closing quote or
# bracket, then space; or at a line break.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")
_LAST_WORD = re.compile(r"(\S+)[.]$")


def split_sentences(text: str) -> list[str]:
    """Dutch sentences of ``text`` (normalised first). Abbreviations (``bijv.``, ``o.a.``,
    ``dr.``), decimals (``3.5``) and initials (``J. de Vries``) do not end a sentence."""
    text = normalise(text)
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start()
        candidate = text[start:end].rstrip()
        if "\n" not in match.group() and _continues(candidate, text[match.end():match.end() + 1]):
            continue
        sentence = text[start:match.end()].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return [s for s in sentences if s]


def _continues(candidate: str, next_char: str) -> bool:
    """Whether the full stop at the end of ``candidate`` is not a sentence end."""
    if not candidate.endswith("."):
        return False
    last = _LAST_WORD.search(candidate)
    if not last:
        return False
    word = last.group(1).lower().lstrip("(\"'")
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha():  # an initial: "J. de Vries"
        return True
    return bool(next_char) and next_char.islower()  # "enz. en" — a new sentence starts with a capital


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|'s|'t|[^\W\d_]+(?:[-'][^\W\d_]+)*|[!?]+|[^\w\s]", re.UNICODE)


def tokenize(text: str) -> list[str]:
    """Lower-case word and punctuation tokens. ``risico's`` and ``CRISPR-Cas`` stay one token."""
    return _TOKEN.findall(text.lower())


def words(text: str) -> list[str]:
    """Only the word tokens of ``text`` (lower case)."""
    return [t for t in tokenize(text) if t[0].isalpha()]


# Function words that occur often in one language and rarely in the other. Words both
# languages use (in, is, we, of, over, door, die, want, had, hand) are left out.
_DUTCH = frozenset("""
de het een en van ik je jij u niet dat dit deze te op voor met zijn er maar ook als om aan bij wel geen naar kan
kunnen worden wordt moet moeten zou zouden nog ze wij zij mijn mij hun hebben heb heeft dan uit tegen ben meer
zo omdat zoals veel wat wie waar hoe ons onze jullie daar hier al nu dus echter wordt werd alleen zelf mensen
goed goede wil vind vinden denk eens alle geen niets iets nooit altijd zeer erg heel mee tot na
""".split())
_ENGLISH = frozenset("""
the a an and i you not that this these to on for with are be but also as it my me their they have has should
would will can could no more from by about because than or there was were been do does don't against very what
who where how our us all nothing something never always think agree people good which just only so if your
""".split())
LANGUAGES = ("nl", "en", "other")


def detect_language(text: str) -> str:
    """``nl``, ``en`` or ``other`` (also for text without letters)."""
    tokens = words(text)
    if not tokens:
        return "other"
    nl = sum(t in _DUTCH for t in tokens)
    en = sum(t in _ENGLISH for t in tokens)
    if nl >= 2 and nl >= 3 * en and nl >= 0.15 * len(tokens):
        return "nl"
    if en >= 2 and en >= 3 * nl and en >= 0.15 * len(tokens):
        return "en"
    found = _simplemma_language(" ".join(tokens[:60]))
    if found == "other" and nl != en and len(tokens) <= 4:  # too short for simplemma: "Kweekvlees prima"
        return "nl" if nl > en else "en"
    return found


@lru_cache(maxsize=4096)
def _simplemma_language(text: str) -> str:
    from simplemma import langdetect

    # Only Dutch and English: every further language loads a dictionary of ~1.5 s. Text
    # that is mostly words of neither (French, German, ...) scores below 0.5 for both.
    ranked = langdetect(text, lang=("nl", "en"))
    best, score = ranked[0]
    if best in ("nl", "en") and score >= 0.5:
        return best
    if best == "unk" and len(ranked) > 1 and ranked[1][0] in ("nl", "en") and ranked[1][1] >= 0.5:
        return ranked[1][0]
    return "other"
