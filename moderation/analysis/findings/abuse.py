"""Profanity, abuse and threats, from the word list in ``analysis/data/abuse_nl.txt``.

Disease words are the hard part: "kankerlijer" is abuse, "de behandeling van kanker" is
what a gene therapy consultation is about. Compounds count (minus listed medical ones);
the bare word counts only in a curse ("krijg de kanker", "kanker op", "Tyfus!").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ._base import Finding, FindingKind, fold, make, plain

_LEET = str.maketrans({"4": "a", "3": "e", "1": "i", "0": "o", "5": "s", "7": "t"})
# Words, numbers and leetspeak ("k4nker"), hyphenated compounds as one ("kanker-lijer").
_TOKEN_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+(?:-(?:[^\W_]|[\u0300-\u036f])+)*")
_WORD_ENDINGS = ("", "s", "en", "e")
# "krijg (toch) de tering" is a curse; "krijg je kanker van dit gewas?" and "ik kreeg
# kanker" are not, so only the imperative "krijg" counts, and only before these fillers.
_CURSE_BEFORE = {"krijg"}
_CURSE_FILLERS = {"de", "het", "een", "toch", "maar", "nou", "lekker", "allemaal"}
_CURSE_AFTER_OP = {"met", "jij", "joh", "man", "jullie", "nou", "eens", "gek", "idioot", "zeg"}
_CURSE_NOUNS = {"lijer", "lijers", "hoer", "hoeren", "zooi", "wijf", "mongool", "lul", "joch", "vent"}
_OP_RE = re.compile(r"[ \t]*op(?![\w])[ \t]*", re.IGNORECASE)


@dataclass
class WordList:
    words: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    curses: set[str] = field(default_factory=set)
    phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)


def normalise(token: str) -> str:
    """'K4nker-Lijer' -> 'kankerlijer': case and accents folded, leetspeak undone
    (only in tokens that also hold a letter, so '1000' stays a number), hyphens dropped."""
    word = plain(token).replace("-", "")
    if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
        word = word.translate(_LEET)
    return word


def parse_word_list(source: str) -> WordList:
    words = WordList()
    for line in source.splitlines():
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if " " in entry:
            phrase = tuple(normalise(part) for part in entry.split())
            words.phrases.setdefault(phrase[0], []).append(phrase)
        elif entry.startswith("!"):
            words.exceptions += (normalise(entry[1:]),)
        elif entry.startswith("~"):
            words.curses.add(normalise(entry[1:]))
        elif entry.endswith("-"):
            words.prefixes += (normalise(entry[:-1]),)
        elif entry.startswith("-"):
            words.suffixes += (normalise(entry[1:]),)
        else:
            words.words.add(normalise(entry))
    for phrases in words.phrases.values():
        phrases.sort(key=len, reverse=True)
    return words


@lru_cache(maxsize=1)
def default_word_list() -> WordList:
    source = resources.files("moderation.analysis").joinpath("data", "abuse_nl.txt").read_text(encoding="utf-8")
    return parse_word_list(source)


def _word_entry(word: str, words: WordList) -> str | None:
    """The list entry that makes this single word abusive, or None."""
    if word.startswith(words.exceptions):
        return None
    for ending in _WORD_ENDINGS:
        if word.endswith(ending) and word[: len(word) - len(ending)] in words.words:
            return word[: len(word) - len(ending)]
    if word.startswith(words.prefixes):
        for prefix in words.prefixes:
            if word.startswith(prefix) and len(word) >= len(prefix) + 2:   # "kankers" is a plural
                return prefix + "-"
    if word.endswith(words.suffixes):
        for suffix in words.suffixes:
            if word.endswith(suffix) and len(word) > len(suffix):
                return "-" + suffix
    return None


def _curse_span(tokens: list[tuple[str, int, int]], i: int, folded: str) -> tuple[int, int] | None:
    """The span of the curse when the disease word at ``tokens[i]`` is used as one
    ("krijg toch de kanker", "kanker lijer", "kanker op!", "Tering! Alweer?"); None when
    it is the noun ("de behandeling van kanker", "kanker op jonge leeftijd")."""
    _, start, end = tokens[i]
    first = i
    while first > max(0, i - 3) and tokens[first - 1][0] in _CURSE_FILLERS:
        first -= 1
    if first and tokens[first - 1][0] in _CURSE_BEFORE and not re.search(r"[.!?]", folded[tokens[first - 1][2]:start]):
        return tokens[first - 1][1], end
    following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    if following in _CURSE_NOUNS:
        return start, tokens[i + 1][2]
    after_text = folded[end:end + 40]
    op = _OP_RE.match(after_text) if following == "op" else None
    if op:
        rest = after_text[op.end():]
        next_word = tokens[i + 2][0] if i + 2 < len(tokens) else ""
        if not rest or rest[0] in ".!?,;\r\n" or next_word in _CURSE_AFTER_OP:
            return start, tokens[i + 1][2]
    before_text = folded[max(0, start - 3):start].rstrip(" \t\"'")
    if (not before_text or before_text[-1] in ".!?:\n") and after_text.lstrip(" \t").startswith("!"):
        return start, end
    return None


def find_abuse(text: str, words: WordList | None = None) -> list[Finding]:
    """Abusive words, curses and threats, case-insensitive, with compounds and leetspeak.
    ``words`` defaults to the list in ``analysis/data/abuse_nl.txt``."""
    words = words or default_word_list()
    folded = fold(text)
    tokens = [(normalise(m.group()), m.start(), m.end()) for m in _TOKEN_RE.finditer(folded)]
    found: list[Finding] = []
    for i, (word, start, end) in enumerate(tokens):
        for phrase in words.phrases.get(word, ()):
            if tuple(t[0] for t in tokens[i:i + len(phrase)]) == phrase:
                last = tokens[i + len(phrase) - 1][2]
                found.append(make(FindingKind.ABUSE, text, start, last, "threat or abuse: " + " ".join(phrase)))
                break
        entry = _word_entry(word, words)
        if entry:
            found.append(make(FindingKind.ABUSE, text, start, end, f"word list: {entry}"))
        elif word in words.curses and (span := _curse_span(tokens, i, folded)):
            found.append(make(FindingKind.ABUSE, text, *span, f"curse: {word}"))
    # A phrase and a word inside it ("krijg de kanker") are one finding: keep the outer.
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start >= kept[-1].start and finding.end <= kept[-1].end:
            continue
        kept.append(finding)
    return kept
