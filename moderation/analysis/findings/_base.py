"""The Finding dataclass and the text helpers every detector shares.

Spans always index the caller's original string: detectors search a *folded* copy of
the same length (``fold``), so ``text[finding.start:finding.end] == finding.text`` holds
for accents, emoji, CRLF and decomposed (NFD) input alike.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class FindingKind(StrEnum):
    """The kinds DESIGN.md names for a moderation ``Finding``; ``str(kind)`` is its value."""

    EMAIL = "email"
    PHONE = "phone"
    BSN = "bsn"
    IBAN = "iban"
    POSTCODE = "postcode"
    NAME = "name"
    LINK = "link"
    ABUSE = "abuse"
    REPEAT = "repeat"
    CAMPAIGN = "campaign"


@dataclass(frozen=True)
class Finding:
    """One automatic finding: its kind and the span ``text[start:end]`` it points at."""

    kind: str
    start: int
    end: int
    text: str
    detail: str = ""


def make(kind: FindingKind, text: str, start: int, end: int, detail: str = "") -> Finding:
    return Finding(kind.value, start, end, text[start:end], detail)


# Dashes and spaces people (and word processors) type instead of ASCII ones.
_EXTRA = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
          "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u00b4": "'"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _EXTRA:
        return _EXTRA[char]
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) == 1:
        return " " if folded.isspace() and folded not in "\r\n" else folded
    return char


def fold(text: str) -> str:
    """A copy of ``text`` of exactly the same length in which compatibility characters
    (full-width digits and @, no-break and thin spaces, typographic dashes) become
    their plain ASCII form, so one set of patterns finds them. Never changes length."""
    if text.isascii():
        return text
    return "".join(_fold_char(c) for c in text)


# A letter, including a combining mark left over from NFD input (e + U+0301).
LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
WORD_RE = re.compile(rf"{LETTER}+(?:['\-]{LETTER}+)*")


def plain(word: str) -> str:
    """Case-folded, accents removed: 'Patiënt' -> 'patient'. For comparisons only."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_RANK = {kind.value: rank for rank, kind in enumerate((
    FindingKind.EMAIL, FindingKind.IBAN, FindingKind.LINK, FindingKind.PHONE,
    FindingKind.BSN, FindingKind.POSTCODE, FindingKind.NAME,
))}


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Drop a ranked finding that overlaps a higher-ranked one, and exact duplicates;
    sorted by start (then longest first, then kind)."""
    ranked = sorted((f for f in findings if f.kind in _RANK), key=lambda f: (_RANK[f.kind], f.start, -f.end))
    kept: list[Finding] = []
    starts: list[int] = []          # the kept spans never overlap, so their ends are sorted too
    ends: list[int] = []
    for finding in ranked:
        i = bisect_left(starts, finding.end)     # kept spans before i start before this one ends
        if i and ends[i - 1] > finding.start:
            continue
        kept.append(finding)
        starts.insert(i, finding.start)
        ends.insert(i, finding.end)
    others = {f for f in findings if f.kind not in _RANK}
    return sorted(set(kept) | others, key=lambda f: (f.start, -f.end, f.kind))
