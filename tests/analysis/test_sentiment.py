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


# --- rules added to reach the bol.com target; each with a true and a false case


@pytest.mark.parametrize("text", ["Veel te lang.", "Het duurt te lang.", "Het boek is te saai."])
def test_too_long_is_negative(text):
    assert dutch_sentiment(text).label == NEGATIVE


@pytest.mark.parametrize("text", ["Niet te lang.", "Het is lang.", "Het duurt lang genoeg."])
def test_long_without_too_or_with_a_negation_is_not_negative(text):
    assert dutch_sentiment(text).label != NEGATIVE


def test_too_adjective_to_is_a_degree_construction_not_excess():
    assert dutch_sentiment("Het boek is te mooi om weg te leggen.").label == POSITIVE
    assert dutch_sentiment("Het boek is te mooi.").label == NEGATIVE  # excess without "om"


@pytest.mark.parametrize("plain, negated", [
    ("Een echte aanrader.", "Geen aanrader."),
    ("Ik raad het iedereen aan.", "Ik raad het niet aan."),
    ("Dit is aan te raden.", "Dit is niet aan te raden."),
    ("Het is de moeite waard.", "Het is niet de moeite waard."),
    ("Ik houd van dit soort verhalen.", "Ik houd niet van dit soort verhalen."),
])
def test_review_phrases_and_their_negation(plain, negated):
    assert dutch_sentiment(plain).label == POSITIVE, plain
    assert dutch_sentiment(negated).label == NEGATIVE, negated


def test_separable_verbs_match_around_their_object_and_a_negation_inside_turns_them():
    assert dutch_sentiment("Het boek viel me erg tegen.").label == NEGATIVE
    assert dutch_sentiment("Het boek viel me niet tegen.").label == POSITIVE
    assert dutch_sentiment("De film stelde me teleur.").label == NEGATIVE
    assert dutch_sentiment("De film stelde me niet teleur.").label == POSITIVE
    # the gap stays inside the clause
    assert dutch_sentiment("Ik raad, zoals gezegd, de minister aan om te wachten.").polarity == 0


def test_a_book_you_cannot_put_down():
    assert dutch_sentiment("Een boek dat je niet makkelijk weg kunt leggen.").label == POSITIVE
    assert dutch_sentiment("Moeilijk om weg te leggen.").label == POSITIVE
    assert dutch_sentiment("Het is moeilijk.").label == NEGATIVE


def test_fixed_expressions_with_a_negation_word_do_not_negate():
    assert dutch_sentiment("Het is niet alleen prachtig geschreven.").label == POSITIVE
    assert dutch_sentiment("Het is niet prachtig geschreven.").label == NEGATIVE
    assert dutch_sentiment("Dit is zonder meer de beste.").label == POSITIVE
    assert dutch_sentiment("Dit is zonder de beste spelers.").label == NEGATIVE


def test_words_scored_zero_are_no_opinion_words():
    from moderation.analysis.lexicon import dutch_lexicon

    assert 0 not in dutch_lexicon().polarity.values()
    assert dutch_sentiment("Het andere deel komt later.").label == NEUTRAL


@pytest.mark.parametrize("word", ["naar", "waar", "laat", "net", "zat", "wilde", "enige", "bekende"])
def test_function_word_homographs_are_not_opinions(word):
    assert textblob_nl(word)[0] != 0  # textblob-nl scores them
    assert polarity(f"Ik ga {word} huis.") == 0


def test_intensifying_prefixes_of_compounds():
    assert polarity("Het is superspannend.") > polarity("Het is spannend.") > 0
    assert polarity("Het is doodsaai.") < polarity("Het is saai.") < 0
    assert polarity("Het is een keizer.") == 0  # "kei" + "zer" is no compound of an opinion word


def test_evaluative_adverbs_intensify_the_opinion_word_after_them():
    assert polarity("Het is waanzinnig goed.") > polarity("Het is goed.") > 0
    assert polarity("Het is waanzinnig.") < 0  # alone it keeps its own polarity


def test_nouns_and_verbs_of_disliking():
    for text in ("Wat een miskoop.", "Een afrader.", "Tijdverspilling.", "Ik verveel me.", "Dit irriteert me."):
        assert dutch_sentiment(text).label == NEGATIVE, text
    for text in ("Dit verveelt nooit.", "Het was geen tijdverspilling."):
        assert dutch_sentiment(text).label == POSITIVE, text


def test_a_summing_up_sentence_weighs_double():
    plain = "Het begin is mooi en boeiend. Het einde is slecht."
    summed = "Het begin is mooi en boeiend. Kortom, het einde is slecht."
    assert dutch_sentiment(plain).label == POSITIVE
    assert dutch_sentiment(summed).label == NEGATIVE


def test_not_stopping_is_no_opposition():
    from moderation.analysis.stance import stance_cues

    assert stance_cues("We moeten stoppen met deze subsidie.") == [(-1, "stoppen met")]
    assert stance_cues("Ik kon niet meer stoppen met lezen.") == []
