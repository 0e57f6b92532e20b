"""Text basics: normalisation, sentences, tokens, language."""
from __future__ import annotations

import pytest

from moderation.analysis.text import detect_language, normalise, split_sentences, tokenize, words


def test_normalise_makes_quotes_plain_and_drops_control_characters():
    assert normalise("  \u201cGoed\u201d\u00a0idee\u200b &amp; zo\u2026\r\n\r\nTweede  regel ") == '"Goed" idee & zo...\nTweede regel'
    assert normalise("") == ""


def test_sentences_end_at_full_stops_questions_and_line_breaks():
    text = "Ik ben tegen dit voorstel. Waarom nu? Het moet anders!\nNieuwe regel zonder punt"
    assert split_sentences(text) == ["Ik ben tegen dit voorstel.", "Waarom nu?", "Het moet anders!",
                                     "Nieuwe regel zonder punt"]


@pytest.mark.parametrize("text", [
    "Dr. Jansen zegt dat het 3.5 keer zo duur is.",
    "Denk aan bijv. kweekvlees en o.a. kweekvis.",
    "J. de Vries is het ermee eens.",
    "Planten, dieren enz. en de bodem.",
])
def test_abbreviations_decimals_and_initials_do_not_end_a_sentence(text):
    assert split_sentences(text) == [text]


def test_tokens_keep_dutch_plurals_and_compounds_together():
    assert tokenize("Risico's van CRISPR-Cas zijn 3,5 keer groter!!") == [
        "risico's", "van", "crispr-cas", "zijn", "3,5", "keer", "groter", "!!"]
    assert words("Ik ben 100% tegen.") == ["ik", "ben", "tegen"]


@pytest.mark.parametrize("text, language", [
    ("Ik ben tegen het voorstel, want de risico's zijn onbekend.", "nl"),
    ("Goed idee", "nl"),
    ("Ik vind kweekvlees prima", "nl"),
    ("I am against this proposal because the risks are unknown.", "en"),
    ("Good idea", "en"),
    ("Je suis contre cette proposition", "other"),
    ("Ich bin gegen den Vorschlag und finde ihn schlecht", "other"),
    ("12345 !!!", "other"),
    ("", "other"),
])
def test_language_detection(text, language):
    assert detect_language(text) == language
