"""Stance of an answer towards the proposal it answers: supports, opposes, mixed, unclear.

Stance is not sentiment: "Ik ben tegen het voorstel" has no opinion adjective at all. The
stance comes from explicit stance language ("ik ben tegen", "steun", "geen bezwaar",
"mits", "onder voorwaarde dat"), found with patterns over the lower-cased tokens, negated
forms first ("ik steun dit niet", "niet mee eens"). Support together with opposition or
with a condition is mixed. Only when an answer has no stance language at all does its
sentiment decide (a clearly positive answer supports, a clearly negative one opposes, a
"positive, maar negative" one is mixed); the result says which words decided it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from moderation.analysis.text import tokenize

SUPPORTS, OPPOSES, MIXED, UNCLEAR = "supports", "opposes", "mixed", "unclear"
STANCES = (SUPPORTS, OPPOSES, MIXED, UNCLEAR)
SENTIMENT_THRESHOLD = 0.2  # mean polarity from which sentiment alone decides (chosen on the tuning half)

_FILL = r"(?:(?!(?:en|maar|want|omdat|dus|of)\b)[^\s,.;:!?]+ ){0,3}?"  # up to three words in the same clause
_NEG = r"(?:niet|geen|nooit)"
_ADV = r"(?:(?:er|hier|daar|ik|wij|we|dus|daarom|helemaal|zeker|zeer|erg|heel|sterk|fel|fervent|absoluut|echt|wel|op|"\
       r"per|se|totaal|volledig|in|principe|ook|dan|om|die|reden|groot|grote|een) ){0,4}"

# (polarity, anchors, pattern): a pattern is tried only on text with one of its anchor
# words (a pattern costs ~7 us a text, an anchor test ~0.2 us). +1 supports, -1 opposes, 0 a condition, 0.5 weak support ("niet
# tegen"), which becomes mixed next to a "maar". Earlier patterns win: the
# span they match is not matched again.
_PATTERNS: list[tuple[float, str, str]] = [
    # negated support and negated opposition
    (-1, "steun steunen ondersteunen voorstander akkoord", rf"\b{_NEG} {_FILL}(?:steun|steunen|ondersteunen|voorstander|akkoord)\b"),
    (-1, "steun steunen steunt ondersteun ondersteunt", r"\b(?:steun|steunen|steunt|ondersteun|ondersteunt) (?:\S+ ){0,3}?niet\b"),
    (-1, "eens", r"\bniet (?:\S+ ){0,2}?(?:mee |het |ermee |hiermee |daarmee )?eens\b"),
    (-1, "eens", r"\b(?:mee|ermee|hiermee|het|daarmee) (?:\S+ ){0,2}?niet eens\b"),
    (-1, "idee plan voorstel", r"\bgeen (?:\S+ )?(?:goed|goede|verstandig|slim) (?:idee|plan|voorstel)\b"),
    (0.5, "tegen ertegen tegenstander", rf"\b(?:niet|nooit) {_ADV}(?:tegen|ertegen|tegenstander)\b"),
    (+1, "bezwaar bezwaren probleem problemen moeite", r"\bgeen (?:enkel |enkele |groot |grote )?(?:bezwaar|bezwaren|probleem|problemen|moeite mee)\b"),
    (+1, "geen", r"\bzie (?:er |ik )?geen (?:enkel )?(?:probleem|problemen|bezwaar|bezwaren|risico's|risico|reden)\b"),
    # conditions
    (0, "mits tenzij zolang voorwaarde voorwaarden alleen wel eerst", r"\b(?:mits|tenzij|zolang|onder (?:de )?voorwaarde|op voorwaarde|voorwaarde dat|onder strikte voorwaarden|"
        r"alleen (?:als|wanneer|indien|onder|met|bij|voor)|maar wel|mits dat|als (?:er|de|het) (?:\S+ ){0,3}?eerst)\b"),
    # opposition
    (-1, "tegen ertegen hiertegen daartegen tegenstander tegenstanders", rf"\b(?:ben|bent|zijn|is|blijf|blijven|sta|staan) {_ADV}(?:tegen|ertegen|hiertegen|daartegen|tegenstander|tegenstanders)\b"),
    (-1, "tegen", r"\b(?:ik|wij|we) (?:\S+ ){0,2}?tegen (?:het|dit|deze|dat|de|zo'n|zulke)\b"),
    (-1, "tegenstander tegenstanders oneens afwijzen afgewezen verwerpen verwerp onaanvaardbaar onacceptabel", r"\b(?:tegenstander|tegenstanders|oneens|afwijzen|afgewezen|verwerpen|verwerp|onaanvaardbaar|onacceptabel)\b"),
    (-1, "af", r"\b(?:wijs|wijzen|wijst) (?:\S+ ){0,4}?af\b"),
    (-1, "bezwaar bezwaren", r"\b(?:maak|maken|heb|hebben) (?:\S+ ){0,2}?(?:bezwaar|bezwaren)\b"),
    (-1, "bezwaar bezwaren", r"\b(?:bezwaar|bezwaren) tegen\b"),
    (-1, "verbieden verboden verbod toestaan toelaten toegestaan doen invoeren willen moeten moet wenselijk onwenselijk stoppen blijf", r"\b(?:verbieden|verboden blijven|verbod|niet toestaan|niet toelaten|niet toegestaan|niet doen|niet invoeren|"
         r"niet willen|moeten niet|moet niet|niet wenselijk|onwenselijk|(?<!niet )(?<!niet meer )stoppen met|blijf van)\b"),
    (-1, "nee neen absoluut zeker sprake", r"(?:^|[.!?] |, |dus |daarom )(?:nee|neen|absoluut niet|zeker niet|geen sprake van)\b"),
    (-1, "geen", r"^geen (?!enkel|bezwaar|probleem)\S+"),
    (-1, "idee plan voorstel ontwikkeling", r"\b(?:slecht|slechte|kwalijk|kwalijke|belachelijk|belachelijke|gevaarlijk|gevaarlijke) (?:idee|plan|voorstel|ontwikkeling)\b"),
    # support
    (+1, "steun steunen steunt ondersteun ondersteunen ondersteunt", r"\b(?:steun|steunen|steunt|ondersteun|ondersteunen|ondersteunt)\b"),
    (+1, "voorstander voorstanders akkoord instemmen toejuichen omarmen", r"\b(?:voorstander|voorstanders|akkoord|instemmen|toejuichen|omarmen)\b"),
    (+1, "voor ervoor hiervoor daarvoor voorstander", rf"\b(?:ben|bent|zijn|sta|staan) {_ADV}(?:voor|ervoor|hiervoor|daarvoor|voorstander)\b(?! (?:de|het) (?:\S+ )?(?:bang|vrees)\b)"),
    (+1, "toe", r"\b(?:juich|juichen|juicht) (?:\S+ ){0,4}?toe\b"),
    (+1, "achter", r"\b(?:sta|staan|staat) (?:\S+ ){0,3}?achter\b"),
    (+1, "eens", r"\b(?:mee|ermee|hiermee|daarmee|het) (?:\S+ ){0,3}?eens\b"),
    (+1, "positief", r"\b(?:sta|staan|ben|zijn) (?:er |hier )?positief (?:tegenover|over|in)?\b"),
    (+1, "idee plan voorstel stap", r"\b(?:goed|goede|prima|uitstekend|uitstekende|verstandig|verstandige|sterk|slim|mooi|mooie) (?:idee|plan|voorstel|stap)\b"),
    (+1, "ja jazeker doen", r"(?:^|[.!?] )(?:ja|jazeker|doen)\b"),
    (+1, "vinden", r"\bkan (?:me|mij) (?:\S+ ){0,2}?vinden in\b"),
]
_COMPILED = [(polarity, frozenset(anchors.split()), re.compile(pattern)) for polarity, anchors, pattern in _PATTERNS]


@dataclass(frozen=True)
class Stance:
    stance: str
    evidence: tuple[str, ...]  # the words that decided it; "sentiment: ..." when sentiment decided
    support: int = 0
    opposition: int = 0
    conditions: int = 0


def stance_cues(text: str, tokens: list[str] | None = None) -> list[tuple[float, str]]:
    """The stance phrases in ``text``: (+1 supports | 0.5 weakly | -1 opposes | 0 condition, phrase)."""
    tokens = tokenize(text) if tokens is None else tokens
    present = set(tokens)
    joined = " ".join(tokens)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, float, str]] = []
    for polarity, anchors, pattern in _COMPILED:
        if anchors.isdisjoint(present):
            continue
        for match in pattern.finditer(joined):
            start, end = match.span()
            if end == start or any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            found.append((start, polarity, match.group().strip(" ,.!?")))
    return [(polarity, phrase) for _, polarity, phrase in sorted(found)]


def stance(text: str, sentiment_assessments: list[tuple[str, float]] | None = None) -> Stance:
    """Stance of ``text`` from its stance language; ``sentiment_assessments`` (opinion words
    and their polarity, in order, with ``"maar"`` marking a contrast) decide only when there
    is none."""
    return stance_from_cues(text, stance_cues(text), sentiment_assessments)


def stance_from_cues(text: str, cues: list[tuple[float, str]] | tuple[tuple[float, str], ...],
                     sentiment_assessments: list[tuple[str, float]] | tuple | None = None) -> Stance:
    """``stance`` for stance phrases already found (per sentence, in order)."""
    support = sum(1 for p, _ in cues if p > 0)
    opposition = sum(1 for p, _ in cues if p < 0)
    conditions = sum(1 for p, _ in cues if p == 0)
    evidence = tuple(phrase for _, phrase in cues)
    if support and opposition:
        return Stance(MIXED, evidence, support, opposition, conditions)
    after = _after_contrast(sentiment_assessments or [])
    if after and (support and _mean(after) <= -SENTIMENT_THRESHOLD or opposition and _mean(after) >= SENTIMENT_THRESHOLD):
        words = tuple(f"maar: {w}" for w, _ in sentiment_assessments[len(sentiment_assessments) - len(after):])
        return Stance(MIXED, evidence + words, support, opposition, conditions)
    if support:
        weak_only = all(p == 0.5 for p, _ in cues if p > 0)
        contrast = weak_only and re.search(r"\b(?:maar|echter|alleen)\b", text.lower())
        return Stance(MIXED if conditions or contrast else SUPPORTS, evidence, support, opposition, conditions)
    if opposition:
        return Stance(OPPOSES, evidence, support, opposition, conditions)
    if sentiment_assessments:
        return _from_sentiment(sentiment_assessments, conditions, evidence)
    return Stance(MIXED if conditions else UNCLEAR, evidence, 0, 0, conditions)


def _from_sentiment(assessments, conditions, evidence) -> Stance:
    words = tuple(f"sentiment: {w}" for w, p in assessments if w != "maar")
    before, after, seen_contrast = [], [], False
    for word, polarity in assessments:
        if word == "maar":
            seen_contrast = True
        else:
            (after if seen_contrast else before).append(polarity)
    if before and after and _mean(before) * _mean(after) < 0 and max(abs(_mean(before)), abs(_mean(after))) >= 0.1:
        return Stance(MIXED, evidence + words, 0, 0, conditions)
    values = before + after
    polarity = _mean(values) if values else 0.0
    if conditions:
        return Stance(MIXED, evidence + words, 0, 0, conditions)
    if polarity >= SENTIMENT_THRESHOLD:
        return Stance(SUPPORTS, words, 0, 0, 0)
    if polarity <= -SENTIMENT_THRESHOLD:
        return Stance(OPPOSES, words, 0, 0, 0)
    return Stance(UNCLEAR, evidence, 0, 0, conditions)


def _after_contrast(assessments) -> list[float]:
    """Polarities of the opinion words after the last "maar"."""
    for position in range(len(assessments) - 1, -1, -1):
        if assessments[position][0] == "maar":
            return [p for _, p in assessments[position + 1:]]
    return []


def _mean(values) -> float:
    return sum(values) / len(values)
