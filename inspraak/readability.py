"""A readability check for Dutch text, computed on the server: text in, a report out.

What it measures (language level B1 is the aim for public government text):

* **Flesch-Douma**, the Dutch adaptation of Flesch's reading ease (Douma, 1960):
  ``206.835 - 0.93 * (words / sentences) - 77 * (syllables / words)``. Higher is easier;
  60 and more reads as plain text, under 30 as very difficult.
* the **average sentence length** in words (aim: 15 or fewer) and the sentences of more
  than ``LONG_SENTENCE_WORDS`` words;
* **long words**: ``LONG_WORD_LETTERS`` letters or more (Dutch compounds such as
  "etiketteringsverplichting");
* **jargon** from a list, each with a plain alternative and its glossary anchor.

No Flask, no database: the jargon list is passed in. Syllables are counted as groups of
vowels (``ij`` counts as a vowel; a diaeresis -- ``ideeën``, ``geïnteresseerd`` -- starts
a new syllable), which is how Dutch readability tools count them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

LONG_WORD_LETTERS = 13
LONG_SENTENCE_WORDS = 20
TARGET_SENTENCE_WORDS = 15
PLAIN_SCORE = 60

_VOWELS = "aeiouyàáâäèéêëìíîïòóôöùúûü"
_DIAERESIS = set("äëïöü")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)")


@dataclass(frozen=True)
class JargonHit:
    term: str
    anchor: str
    plain: str | None
    count: int


@dataclass(frozen=True)
class Report:
    sentences: int
    words: int
    syllables: int
    flesch_douma: float | None
    average_sentence_length: float | None
    long_sentences: int
    long_words: tuple[str, ...]
    jargon: tuple[JargonHit, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return self.words == 0

    @property
    def level(self) -> str:
        """``easy`` (score 60+), ``fair`` (45-60) or ``hard`` (below 45)."""
        if self.flesch_douma is None or self.flesch_douma >= PLAIN_SCORE:
            return "easy"
        return "fair" if self.flesch_douma >= 45 else "hard"


def plain_text(markdown: str) -> str:
    """The words of a Markdown text: markup, link targets and code left out."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*(.*)$", r"\1.", text, flags=re.M)  # a heading ends a sentence
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)
    text = re.sub(r"[*_~]+", "", text)
    return text


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part and _WORD.search(part)]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


_NUCLEI = ("aai", "ooi", "oei", "eeu", "ieu", "aa", "ee", "oo", "uu", "ie", "oe", "eu", "ui", "ei", "ou", "au",
           "a", "e", "i", "o", "u", "y")
_PLAIN_VOWELS = str.maketrans("àáâèéêìíîòóôùúû", "aaaeeeiiiooouuu")
_VOWEL_RUN = re.compile(r"[aeiouy]+|[äëïöü][aeiouy]*")
# The nuclei in order, longest first: the regular expression's alternation takes the first that
# matches at each position, as the greedy split does, in one pass (no copies of the rest of a run,
# which made a long run of vowels in pasted text quadratic).
_NUCLEUS = re.compile("|".join(_NUCLEI))


def syllables(word: str) -> int:
    """Syllables of a Dutch word: its vowel runs, each split greedily into nuclei
    ("aai", "ie", "ij", ...; "re-a-ge-ren", "bij-een-komst"); a diaeresis starts a new one."""
    word = word.lower().translate(_PLAIN_VOWELS).replace("ij", "y")
    count = 0
    for run in _VOWEL_RUN.findall(word):
        start = 0
        if run[0] in _DIAERESIS:
            count += 1
            start = 1
        count += sum(1 for _ in _NUCLEUS.finditer(run, start))
    return max(count, 1)


def check(markdown: str, jargon: dict[str, tuple[str, str | None]] | None = None) -> Report:
    """Measure ``markdown``. ``jargon`` maps a lower-case spelling to (glossary anchor, plain word)."""
    text = plain_text(markdown or "")
    parts = sentences(text)
    all_words: list[str] = []
    long_sentences = 0
    for part in parts:
        found = words(part)
        all_words.extend(found)
        if len(found) > LONG_SENTENCE_WORDS:
            long_sentences += 1
    total_syllables = sum(syllables(word) for word in all_words)
    if all_words:
        average = len(all_words) / len(parts)
        score = round(206.835 - 0.93 * average - 77 * (total_syllables / len(all_words)), 1)
        average = round(average, 1)
    else:
        average = score = None
    long_words: dict[str, str] = {}  # each long word once, as first written, whatever its case
    for word in all_words:
        if len(word.replace("-", "")) >= LONG_WORD_LETTERS:
            long_words.setdefault(word.lower(), word)
    return Report(sentences=len(parts), words=len(all_words), syllables=total_syllables, flesch_douma=score,
                  average_sentence_length=average, long_sentences=long_sentences, long_words=tuple(long_words.values()),
                  jargon=_jargon_hits(text, jargon or {}))


def _jargon_hits(text: str, jargon: dict[str, tuple[str, str | None]]) -> tuple[JargonHit, ...]:
    lowered = " ".join(text.lower().split())
    hits: dict[str, JargonHit] = {}
    # Longest spellings first, so "nieuwe genomische technieken" is one hit, not also "genomische technieken".
    for form in sorted(jargon, key=len, reverse=True):
        if form not in lowered:  # cheap: most texts hold few of the terms
            continue
        pattern = re.compile(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])")
        matches = pattern.findall(lowered)
        if not matches:
            continue
        lowered = pattern.sub(" ", lowered)
        anchor, plain = jargon[form]
        previous = hits.get(anchor)
        hits[anchor] = JargonHit(term=previous.term if previous else form, anchor=anchor, plain=plain,
                                 count=len(matches) + (previous.count if previous else 0))
    return tuple(sorted(hits.values(), key=lambda hit: hit.term))
