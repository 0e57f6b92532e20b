"""Sentiment: the rules that plain textblob-nl lacks, each with a true and a false case."""
from __future__ import annotations

import pytest
from textblob_nl.nl import sentiment as textblob_nl

from moderation.analysis.sentiment import NEGATIVE, NEUTRAL, POSITIVE, dutch_sentiment, sentiment


def polarity(text: str) -> float:
    return dutch_sentiment(text).polarity


def test_a_text_without_opinion_words_is_neutral_with_polarity_zero():
    result = dutch_sentiment("Kweekvlees wordt gemaakt van cellen uit een dier.")
    assert result.polarity == 0 and result.label == NEUTRAL


@pytest.mark.parametrize("plain, negated", [
    ("Dit is een goed voorstel.", "Dit is geen goed voorstel."),
    ("Ik vind het idee mooi.", "Ik vind het idee niet mooi."),
    ("Het boek boeit.", "Het boek boeit niet."),
])
def test_negation_turns_a_positive_word_negative(plain, negated):
    assert dutch_sentiment(plain).label == POSITIVE
    assert dutch_sentiment(negated).label == NEGATIVE


def test_negation_of_a_negative_word_is_mildly_positive_and_stays_in_its_clause():
    assert 0 < polarity("Het is niet slecht.") < polarity("Het is goed.")
    assert polarity("Zonder risico's.") > 0
    # the "niet" belongs to the first clause, not to "gevaarlijk" after the comma
    assert polarity("Ik weet het niet, het is gevaarlijk.") < 0


def test_intensifiers_strengthen_instead_of_counting_as_negative():
    assert textblob_nl("Dat vind ik zeer.")[0] < 0  # textblob-nl scores "zeer" -0.5 on its own
    assert polarity("zeer goed") > polarity("goed") > 0
    assert polarity("erg slecht") < polarity("slecht") < 0
    assert dutch_sentiment("Het is zeer.").polarity == 0  # alone, an intensifier is no opinion


def test_downtoners_weaken():
    assert 0 < polarity("een beetje goed") < polarity("goed")


def test_the_part_after_maar_weighs_more():
    assert dutch_sentiment("Het idee is mooi, maar de risico's zijn groot.").label == NEGATIVE
    assert dutch_sentiment("Er zijn risico's, maar het idee is mooi en verstandig.").label == POSITIVE
    assert dutch_sentiment("Het idee is mooi en de risico's zijn groot.").polarity > \
        dutch_sentiment("Het idee is mooi, maar de risico's zijn groot.").polarity


def test_words_of_the_biotech_debate():
    for text in ("Ik maak me zorgen.", "Er zijn risico's.", "Het is onnatuurlijk.", "Denk aan het dierenleed."):
        assert dutch_sentiment(text).label == NEGATIVE, text
    assert dutch_sentiment("Keuzevrijheid is belangrijk.").label == POSITIVE
    # "zorgen voor" is "to see to", not worries
    assert polarity("Boeren zorgen voor ons voedsel.") == 0
    # "natuurlijk" is mostly "of course"
    assert textblob_nl("Natuurlijk.")[0] > 0 and polarity("Natuurlijk.") == 0


def test_stance_language_is_an_opinion_too():
    assert textblob_nl("Ik ben tegen het voorstel.")[0] == 0
    assert dutch_sentiment("Ik ben tegen het voorstel.").label == NEGATIVE
    assert dutch_sentiment("Ik steun het voorstel.").label == POSITIVE


def test_too_before_a_describing_adjective_is_negative():
    assert polarity("Het is te duur.") < 0
    assert polarity("Het is duur.") > polarity("Het is te duur.")


def test_per_sentence_results_with_the_words_that_counted():
    result = dutch_sentiment("Het is een prachtig idee. Maar ik vrees de gevolgen.")
    assert [s.label for s in result.sentences] == [POSITIVE, NEGATIVE]
    assert result.sentences[0].words == ("prachtig",)


def test_english_answers_are_scored_with_textblob():
    result = sentiment("This is a very good idea.")
    assert result.language == "en" and result.label == POSITIVE
    assert sentiment("This is a terrible idea.").label == NEGATIVE
