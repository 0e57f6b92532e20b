"""Stance from explicit stance language, with the words that decided it."""
from __future__ import annotations

import pytest

from moderation.analysis.pipeline import analyse_answer
from moderation.analysis.stance import MIXED, OPPOSES, SUPPORTS, UNCLEAR, stance


@pytest.mark.parametrize("text, expected", [
    ("Ik ben tegen het voorstel.", OPPOSES),
    ("Ik ben er fel op tegen.", OPPOSES),
    ("Ik steun dit voorstel niet.", OPPOSES),
    ("Niet mee eens.", OPPOSES),
    ("Ik wijs deze versoepeling af.", OPPOSES),
    ("Het voorzorgsbeginsel gaat voor, dus nee.", OPPOSES),
    ("Ik steun het voorstel.", SUPPORTS),
    ("Geen bezwaar.", SUPPORTS),
    ("Ik ben voorstander.", SUPPORTS),
    ("Ik ben het ermee eens.", SUPPORTS),
    ("Ik sta er helemaal achter.", SUPPORTS),
    ("Ik steun het, mits er een etiket komt.", MIXED),
    ("Prima, onder voorwaarde dat er toezicht is.", MIXED),
    ("Ik ben voor, maar ik ben tegen patenten op zaden.", MIXED),
    ("Ik ben niet per se tegen, maar ik twijfel.", MIXED),
    ("Wanneer sluit de consultatie?", UNCLEAR),
    ("Ik woon in Zwolle.", UNCLEAR),
])
def test_stance_phrases(text, expected):
    assert stance(text).stance == expected


def test_the_deciding_words_are_given():
    assert stance("Ik steun het voorstel, mits er een etiket komt.").evidence == ("steun", "mits")
    assert stance("Ik steun dit voorstel niet.").evidence == ("steun dit voorstel niet",)


def test_negated_support_in_one_clause_does_not_reach_into_the_next():
    assert stance("Ik zie geen probleem en steun de toelating.").stance == SUPPORTS


def test_without_stance_language_sentiment_decides_and_says_so():
    answer = analyse_answer("Een prachtige en veelbelovende ontwikkeling.")
    assert answer.stance.stance == SUPPORTS
    assert all(word.startswith("sentiment: ") for word in answer.stance.evidence)
    assert analyse_answer("Walgelijk en onverantwoord.").stance.stance == OPPOSES
    assert analyse_answer("Het klinkt hoopvol, maar de bijwerkingen zijn slecht onderzocht.").stance.stance == MIXED
    assert analyse_answer("Kweekvlees wordt gemaakt van cellen.").stance.stance == UNCLEAR


def test_support_with_a_negative_turn_after_maar_is_mixed():
    assert analyse_answer("Mooi idee, maar ik vrees dat het onbetaalbaar en gevaarlijk blijft.").stance.stance == MIXED
