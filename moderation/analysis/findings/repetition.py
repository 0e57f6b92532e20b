"""Very long or repeated text: spam, floods and copy-paste filling."""
from __future__ import annotations

import re
import unicodedata

from ._base import Finding, FindingKind, fold, make, plain

MAX_LENGTH = 5000             # characters; an open answer longer than this is flagged
WORD_REPEATS = 5              # "stop stop stop stop stop"
PHRASE_REPEATS = 3            # "nee tegen dit plan nee tegen dit plan nee tegen dit plan"
SENTENCE_REPEATS = 3          # the same sentence three times anywhere in the answer
MAX_PHRASE_WORDS = 12

# "!!!!!!!!", "aaaaaaaa", "hahahahahaha"; not "----------" or "..........", which people
# type as a rule or a pause.
_FLOOD_RE = re.compile(r"([^\s\d\-=_*~.#])\1{7,}|([^\s\d\-=_*~.#]{2,3}?)\2{5,}")
_WORD_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_SENTENCE_RE = re.compile(r"[^.!?\r\n]+[.!?]*")


def _long(text: str, max_length: int) -> list[Finding]:
    if len(text) <= max_length:
        return []
    start = max_length
    while start > 0 and unicodedata.combining(text[start]):      # don't split é from its accent
        start -= 1
    return [make(FindingKind.REPEAT, text, start, len(text), f"very long: {len(text)} characters, more than {max_length}")]


def _floods(folded: str, text: str) -> list[Finding]:
    found = []
    for m in _FLOOD_RE.finditer(folded):
        unit = m.group(1) or m.group(2)
        found.append(make(FindingKind.REPEAT, text, m.start(), m.end(), f"character flood: {unit!r} x {len(m.group()) // len(unit)}"))
    return found


def _runs(folded: str, text: str) -> list[Finding]:
    """A word or a phrase of up to MAX_PHRASE_WORDS words repeated back to back."""
    words = [(plain(m.group()), m.start(), m.end()) for m in _WORD_RE.finditer(folded)]
    keys = [w[0] for w in words]
    found, i = [], 0
    while i < len(keys):
        for size in range(1, MAX_PHRASE_WORDS + 1):
            needed = WORD_REPEATS if size == 1 else PHRASE_REPEATS
            if i + size * needed > len(keys):
                break
            unit, reps = keys[i:i + size], 1
            while keys[i + reps * size:i + (reps + 1) * size] == unit:
                reps += 1
            if reps >= needed:
                end = words[i + reps * size - 1][2]
                what = "word" if size == 1 else f"{size}-word phrase"
                found.append(make(FindingKind.REPEAT, text, words[i][1], end, f"{what} repeated {reps} times: {' '.join(unit)!r}"))
                i += reps * size - 1
                break
        i += 1
    return found


def _sentences(folded: str, text: str) -> list[Finding]:
    """The same sentence (of four words or more) three times or more, anywhere."""
    seen: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for m in _SENTENCE_RE.finditer(folded):
        key = tuple(plain(w) for w in _WORD_RE.findall(m.group()))
        if len(key) >= 4:
            stripped = m.group().rstrip()
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            seen.setdefault(key, []).append((start, m.start() + len(stripped)))
    found = []
    for key, spans in seen.items():
        if len(spans) >= SENTENCE_REPEATS:
            for start, end in spans[1:]:           # the first one may stay; the copies are the spam
                found.append(make(FindingKind.REPEAT, text, start, end, f"sentence repeated {len(spans)} times"))
    return found


def find_repetition(text: str, max_length: int = MAX_LENGTH) -> list[Finding]:
    """Very long text (the part past ``max_length``), character floods, a word or phrase
    repeated back to back, and a sentence repeated throughout. Overlapping repeat
    findings are merged into one."""
    folded = fold(text)
    found = _long(text, max_length) + _floods(folded, text) + _runs(folded, text) + _sentences(folded, text)
    found.sort(key=lambda f: (f.start, -f.end))
    merged: list[Finding] = []
    for finding in found:
        if merged and finding.start < merged[-1].end:
            last = merged.pop()
            end = max(last.end, finding.end)
            details = last.detail if finding.detail in last.detail else f"{last.detail}; {finding.detail}"
            finding = make(FindingKind.REPEAT, text, last.start, end, details)
        merged.append(finding)
    return merged
