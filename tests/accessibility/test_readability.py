"""The readability check: tested on texts whose counts and scores are worked out by hand."""
from __future__ import annotations

import pytest

from inspraak import readability
from inspraak.accounts.models import Role


@pytest.mark.parametrize("word, expected", [
    ("kat", 1), ("fiets", 1), ("uw", 1), ("eeuw", 1), ("nieuwe", 2), ("mening", 2), ("kweekvlees", 2),
    ("reageren", 4),  # re-a-ge-ren: "ea" is two vowels, not one sound
    ("bijeenkomst", 3), ("radio", 3), ("ideeën", 3), ("geïnteresseerd", 5), ("ziekenhuis", 3),
    ("consultatie", 4), ("gentherapie", 4), ("biotechnologie", 6), ("precisiefermentatie", 7), ("één", 1),
])
def test_dutch_syllables(word, expected):
    assert readability.syllables(word) == expected


def test_a_very_easy_text_scores_as_flesch_douma_says():
    # 2 sentences, 9 words, 9 syllables: 206.835 - 0.93 * 4.5 - 77 * 1.0 = 125.65
    report = readability.check("De kat zit op de mat. De hond blaft.")
    assert (report.sentences, report.words, report.syllables) == (2, 9, 9)
    assert report.flesch_douma == pytest.approx(125.7, abs=0.05)
    assert report.average_sentence_length == 4.5 and report.level == "easy"
    assert report.long_words == () and report.long_sentences == 0


def test_policy_language_scores_as_hard():
    text = ("De implementatie van de etiketteringsverplichting voor producten afkomstig van "
            "cisgenetische gewassen vereist derhalve een zorgvuldige afweging van belangen.")
    report = readability.check(text)
    # 1 sentence, 18 words; syllables counted by hand: de 1, im-ple-men-ta-tie 5, van 1, de 1,
    # e-ti-ket-te-rings-ver-plich-ting 8, voor 1, pro-duc-ten 3, af-kom-stig 3, van 1,
    # cis-ge-ne-ti-sche 5, ge-was-sen 3, ver-eist 2, der-hal-ve 3, een 1, zorg-vul-di-ge 4,
    # af-we-ging 3, van 1, be-lan-gen 3 = 49.
    assert (report.sentences, report.words, report.syllables) == (1, 18, 49)
    # 206.835 - 0.93 * 18 - 77 * 49 / 18 = -19.52
    assert report.flesch_douma == -19.5
    assert report.flesch_douma < 0 and report.level == "hard"
    assert "etiketteringsverplichting" in report.long_words and "implementatie" in report.long_words


def test_long_sentences_are_counted():
    long = " ".join(["woord"] * 21) + "."
    report = readability.check(long + " Kort. " + long)
    assert report.sentences == 3 and report.long_sentences == 2
    assert report.average_sentence_length == pytest.approx(43 / 3, abs=0.05)


def test_markdown_markup_and_links_are_not_read_as_words():
    report = readability.check("## Voorstel\n\nLees [het besluit](https://example.org/lange-url-met-woorden).\n\n- een\n- twee")
    assert report.words == 6  # Voorstel, Lees, het, besluit, een, twee
    assert report.sentences == 4  # the heading, the sentence and the two list items


def test_jargon_is_found_once_per_term_with_its_plain_word():
    jargon = {"ngt": ("ngt", "nieuwe technieken"), "nieuwe genomische technieken": ("ngt", "nieuwe technieken"),
              "derhalve": ("derhalve", "daarom")}
    report = readability.check("Nieuwe genomische technieken (NGT) zijn derhalve anders. NGT-planten niet.", jargon)
    hits = {hit.anchor: hit for hit in report.jargon}
    assert set(hits) == {"ngt", "derhalve"}
    assert hits["ngt"].count == 2  # "nieuwe genomische technieken" and "(NGT)"; "NGT-planten" is another word
    assert hits["derhalve"].plain == "daarom"


def test_an_empty_text_has_no_score():
    report = readability.check("   ")
    assert report.is_empty and report.flesch_douma is None


# --- on the edit pages --------------------------------------------------------------------

def test_the_consultation_edit_page_shows_the_check(build, signed_in):
    officer = build.user(Role.POLICY_OFFICER)
    c = build.consultation(officer, body="De implementatie van de NGT-verordening vereist derhalve veel werk.")
    page = signed_in(officer).get(f"/consultaties/{c.slug}/bewerken").get_data(as_text=True)
    assert "Leesbaarheid (taalniveau B1)" in page and "Flesch-Douma" in page
    assert 'href="/begrippen#derhalve"' in page and "‘daarom’" in page
    assert 'href="/begrippen#implementatie"' in page


def test_the_question_and_roundtable_edit_pages_show_the_check(build, signed_in):
    officer = build.user(Role.POLICY_OFFICER)
    survey = build.survey(officer, status="draft")
    question = build.question(survey, "long_text", "Wat vindt u van cisgenese bij aardappelen?")
    event = build.roundtable(officer)
    client = signed_in(officer)
    page = client.get(f"/enquetes/{survey.slug}/vragen/{question.id}").get_data(as_text=True)
    assert "Leesbaarheid (taalniveau B1)" in page and 'href="/begrippen#cisgenese"' in page
    page = client.get(f"/rondetafels/{event.id}/bewerken").get_data(as_text=True)
    assert "Leesbaarheid (taalniveau B1)" in page


def test_the_glossary_has_an_anchor_per_term(client):
    page = client.get("/begrippen").get_data(as_text=True)
    for anchor in ("ngt", "cisgenese", "precisiefermentatie", "kweekvlees", "gentherapie"):
        assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page


def test_a_plain_summary_is_shown_first(build, client):
    from inspraak.consultations import services

    c = build.consultation(status="open")
    fields = services.ConsultationFields(c.title, c.topic, c.summary, c.body_markdown, c.opens_at, c.closes_at,
                                         plain_summary="Dit is kort.\r\n\r\nEn dit ook.", department="Directie X",
                                         contact_email="x@example.nl")
    services.update_consultation(c.owner, c, fields)
    page = client.get(f"/consultaties/{c.slug}").get_data(as_text=True)
    assert page.index("In het kort, in eenvoudige taal") < page.index('class="facts"') < page.index("Toelichting")
    assert '<p lang="nl">Dit is kort.</p><p lang="nl">En dit ook.</p>' in page
    assert "Directie X" in page and "mailto:x@example.nl" in page


def test_a_long_word_is_listed_once_whatever_its_case():
    report = readability.check("Precisiefermentatie is nieuw. Over precisiefermentatie en etiketteringsplicht.")
    assert report.long_words == ("Precisiefermentatie", "etiketteringsplicht")
