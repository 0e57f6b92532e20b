"""Automatic findings (issue 9, item 2): true and false examples for every kind, exact
spans, and a property test that no text breaks them."""
from __future__ import annotations

import random
import string
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.analysis.findings import (
    Finding,
    FindingKind,
    elfproef,
    find_abuse,
    find_addresses,
    find_all,
    find_bsns,
    find_campaign_candidates,
    find_emails,
    find_ibans,
    find_links,
    find_names,
    find_near_duplicates,
    find_personal_data,
    find_phones,
    find_repetition,
    fold,
    iban_checks,
    resolve_overlaps,
)
from moderation.analysis.findings.abuse import default_word_list, parse_word_list


def spans(findings: list[Finding]) -> list[str]:
    return [f.text for f in findings]


def assert_exact(text: str, findings: list[Finding]) -> None:
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text


def check(detector, text: str, expected: list[str]) -> None:
    found = detector(text)
    assert_exact(text, found)
    assert spans(found) == expected


# --- the dataclass ----------------------------------------------------------------

def test_a_finding_is_a_frozen_dataclass_with_kind_and_span():
    f = Finding("email", 5, 19, "jan@example.nl")
    assert f.detail == ""
    with pytest.raises(AttributeError):
        f.start = 0  # type: ignore[misc]
    assert {k.value for k in FindingKind} == {
        "email", "phone", "bsn", "iban", "postcode", "name", "link", "abuse", "repeat", "campaign"}
    assert FindingKind.BSN == "bsn" and str(FindingKind.BSN) == "bsn"


# --- e-mail ------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("mail me: jan@example.nl", ["jan@example.nl"]),
    ("Jan.de-Vries+spam@sub.example.co.uk.", ["Jan.de-Vries+spam@sub.example.co.uk"]),
    ("mailto:jan@x.nl", ["jan@x.nl"]),
    ("jan [at] example.nl", ["jan [at] example.nl"]),
    ("e-mail: pé@exämple.nl", ["pé@exämple.nl"]),
    ("twee: a@b.nl, c@d.com", ["a@b.nl", "c@d.com"]),
    ("geen@ adres", []),
    ("@jan op sociale media", []),
    ("jan@localhost", []),
    ("ik ben @ het gemeentehuis", []),
])
def test_emails(text, expected):
    check(find_emails, text, expected)


# --- phone numbers -------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("bel 06-12345678", ["06-12345678"]),
    ("06 1234 5678", ["06 1234 5678"]),
    ("0612345678", ["0612345678"]),
    ("06-12 34 56 78", ["06-12 34 56 78"]),
    ("020-1234567", ["020-1234567"]),
    ("010 123 4567", ["010 123 4567"]),
    ("(020) 123 45 67", ["(020) 123 45 67"]),
    ("bel 070-3456789.", ["070-3456789"]),
    ("tel.06-12345678", ["06-12345678"]),
    ("0800-1234", ["0800-1234"]),
    ("0900 1234567", ["0900 1234567"]),
    ("+31 6 12345678", ["+31 6 12345678"]),
    ("+31612345678", ["+31612345678"]),
    ("+31 (0)20 123 4567", ["+31 (0)20 123 4567"]),
    ("0031 6 12345678", ["0031 6 12345678"]),
    ("0031612345678", ["0031612345678"]),
    ("Belgisch: +32 470 12 34 56", ["+32 470 12 34 56"]),            # other countries too
    ("+49 30 12345678", ["+49 30 12345678"]),
    ("bel ０６-１２３４５６７８", ["０６-１２３４５６７８"]),          # full-width digits
    ("06\u201312345678", ["06\u201312345678"]),                     # en dash
    # not phone numbers
    ("op 01-02-2023 12:00 uur", []),
    ("12-06-2023", []),
    ("1.000.000 euro", []),
    ("KvK 12345678", []),
    ("in 2023 en 2024", []),
    ("postcode 1012 AB", []),
    ("0612345 (te kort)", []),
    ("06123456789 (te lang)", []),
    ("020-12345", []),
    ("€ 0,50", []),
    ("versie 0.612345678", []),
    ("+5 procent", []),
    ("+32 1234", []),
])
def test_phones(text, expected):
    check(find_phones, text, expected)


# --- BSN -------------------------------------------------------------------------------

def test_elfproef():
    # 9*1 + 8*1 + 7*1 + 6*2 + 5*2 + 4*2 + 3*3 + 2*3 - 1*3 = 66 = 6 * 11
    assert elfproef("111222333")
    assert elfproef("123456782")
    assert elfproef("12345672")                  # eight digits: a leading zero dropped
    assert not elfproef("123456789")             # 147, not a multiple of 11
    assert not elfproef("000000000")


@pytest.mark.parametrize("text, expected", [
    ("mijn BSN is 111222333.", ["111222333"]),
    ("123456782", ["123456782"]),
    ("1112.22.333", ["1112.22.333"]),
    ("111 222 333", ["111 222 333"]),
    ("111-222-333", ["111-222-333"]),
    ("BSN 1112 22 333", ["1112 22 333"]),
    ("burgerservicenummer: 12345672", ["12345672"]),   # eight digits, next to its name
    ("612345671", ["612345671"]),                      # looks like +31 6..., but no prefix
    # not a BSN
    ("123456789", []),                                 # an 11-check-failing nine-digit number
    ("nummer 111222334", []),
    ("000000000", []),
    ("KvK 12345672", []),                              # eight digits without 'BSN'
    ("€ 111.222.333", []),
    ("111222333 euro", []),
    ("1112223334", []),
    ("0612345678", []),
    ("NL91ABNA0417164300", []),
])
def test_bsns(text, expected):
    check(find_bsns, text, expected)


# --- IBAN ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("NL91ABNA0417164300", ["NL91ABNA0417164300"]),
    ("rekening NL91 ABNA 0417 1643 00, dank", ["NL91 ABNA 0417 1643 00"]),
    ("nl91abna0417164300", ["nl91abna0417164300"]),
    ("GB82 WEST 1234 5698 7654 32", ["GB82 WEST 1234 5698 7654 32"]),
    ("DE89 3704 0044 0532 0130 00", ["DE89 3704 0044 0532 0130 00"]),
    ("BE68539007547034", ["BE68539007547034"]),
    ("NL91 ABNA 0417 1643 00 12 keer", ["NL91 ABNA 0417 1643 00"]),
    ("NL92ABNA0417164300", []),                 # mod-97 fails
    ("NL91ABNA041716430", []),                  # 17 characters: Dutch IBANs have 18
    ("NL91ABNA04171643001", []),                # 19
    ("XX91ABNA0417164300", []),                 # no such country
    ("ANL91ABNA0417164300", []),                # inside a word
])
def test_ibans(text, expected):
    check(find_ibans, text, expected)
    assert iban_checks("NL91ABNA0417164300") and not iban_checks("NL92ABNA0417164300")


# --- postcode with house number -----------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("1234 AB 12", ["1234 AB 12"]),
    ("1234AB 12a", ["1234AB 12a"]),
    ("1234ab, 7", ["1234ab, 7"]),
    ("Hoofdstraat 12, 1234 AB Amsterdam", ["Hoofdstraat 12, 1234 AB"]),
    ("Hoofdstraat 12 A, 1234 AB", ["Hoofdstraat 12 A, 1234 AB"]),
    ("Laan van Meerdervoort 53, 2517 AE Den Haag", ["Laan van Meerdervoort 53, 2517 AE"]),
    ("Aan de Hoofdstraat 12\n1234 AB", ["Hoofdstraat 12\n1234 AB"]),
    ("Aan de Hoofdstraat 12\r\n1234 AB", ["Hoofdstraat 12\r\n1234 AB"]),
    ("ik woon op de Kerkstraat 5", ["Kerkstraat 5"]),
    ("Jan van Galenstraat 3", ["Jan van Galenstraat 3"]),
    ("Pieter Cornelisz. Hooftstraat 12", ["Pieter Cornelisz. Hooftstraat 12"]),
    # a postcode alone is not enough, nor is a number after a word that is no street
    ("1234 AB", []),
    ("postcodegebied 1234 AB", []),
    ("In 2030 EU 27 landen", []),
    ("in 2023 en 12 andere", []),
    ("1234 ab 12", []),
    ("Artikel 12 van de wet", []),
    ("1000 KM 12 keer", []),
])
def test_addresses(text, expected):
    check(find_addresses, text, expected)


# --- names -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("mijn naam is Jan de Vries", ["Jan de Vries"]),
    ("Mijn naam is: Jan de Vries.", ["Jan de Vries"]),
    ("Ik ben Piet Jansen en ik woon hier", ["Piet Jansen"]),
    ("ik heet Anna.", ["Anna"]),
    ("Naam: Ellen ter Horst", ["Ellen ter Horst"]),
    ("Mijn naam is van Dam", ["van Dam"]),
    ("Met vriendelijke groet,\nJan de Vries", ["Jan de Vries"]),
    ("Dat was het.\r\nMet vriendelijke groet,\r\n\r\nJan de Vries\r\n", ["Jan de Vries"]),
    ("Groet, Anna", ["Anna"]),
    ("Mvg, K. Bakker", ["K. Bakker"]),
    ("Mvg Jan", ["Jan"]),
    ("Hoogachtend,\nJ.P. van der Berg", ["J.P. van der Berg"]),
    ("Dank. Groetjes, Mieke van 't Hof", ["Mieke van 't Hof"]),
    ("mijn naam is José Martínez", ["José Martínez"]),
    ("mijn naam is Anne-Marie O'Brien", ["Anne-Marie O'Brien"]),
    ("Vriendelijke groeten,\n\nDr. J. Jansen", ["J. Jansen"]),       # the title is no part of it
    ("Mvg,\nDhr. Piet de Vries", ["Piet de Vries"]),
    # not names
    ("Ik ben tegen het voorstel", []),
    ("ik ben bang dat dit misgaat", []),
    ("Ik ben het eens met de minister", []),
    ("Ik ben de eigenaar van een boerderij", []),
    ("Ik ben Nederlander en trots", []),
    ("Ik ben CDA-lid", []),
    ("Ik heet u welkom", []),
    ("Groeten uit Utrecht", []),
    ("Met vriendelijke groet,\nDe bewoners van de wijk", []),
    ("Ik stuur mijn groeten aan iedereen", []),
    ("Groet,\nDrs", []),
    ("Ik Ben Tegen Dit Plan", []),
    ("Ik ben Marokkaanse Nederlander", []),
    ("Groet,\nTeam Inspraak", []),
    ("Mijn naam is niet belangrijk.", []),
])
def test_names(text, expected):
    check(find_names, text, expected)


def test_a_decomposed_name_keeps_its_span():
    text = unicodedata.normalize("NFD", "Groet,\nJosé Martínez")
    [found] = find_names(text)
    assert found.text == text[text.index("Jos"):]
    assert unicodedata.normalize("NFC", found.text) == "José Martínez"


# --- links -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("https://www.rijksoverheid.nl/pad?x=1", ["https://www.rijksoverheid.nl/pad?x=1"]),
    ("zie http://example.com.", ["http://example.com"]),
    ("zie www.example.nl.", ["www.example.nl"]),
    ("example.nl/pad", ["example.nl/pad"]),
    ("lees nu.nl", ["nu.nl"]),
    ("voorbeeld.be/pagina", ["voorbeeld.be/pagina"]),
    ("(zie https://nl.wikipedia.org/wiki/Foo_(bar))", ["https://nl.wikipedia.org/wiki/Foo_(bar)"]),
    ("jan@example.nl", []),                     # an e-mail address, not a link
    ("zie rapport.pdf", []),
    ("Dhr.de Vries", []),
    ("3.5 procent", []),
    ("voorbeeld.be", []),                       # a country domain needs a path
    ("Dat kost geld.Nl moet betalen", []),      # a missing space, not a domain
    ("alle landen.EU beleid", []),
    ("RIJKSOVERHEID.NL", ["RIJKSOVERHEID.NL"]),
])
def test_links(text, expected):
    check(find_links, text, expected)


# --- abuse -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("wat een kankerlijer", ["kankerlijer"]),
    ("Kanker-lijers allemaal", ["Kanker-lijers"]),
    ("k4nkerlijer", ["k4nkerlijer"]),
    ("KUTVOORSTEL", ["KUTVOORSTEL"]),
    ("klootzakken", ["klootzakken"]),
    ("geitenneuker", ["geitenneuker"]),
    ("teringlijers in Den Haag", ["teringlijers"]),
    ("krijg de tering", ["krijg de tering"]),
    ("Krijg toch de kanker", ["Krijg toch de kanker"]),
    ("kanker op!", ["kanker op"]),
    ("tyfus op met je plan", ["tyfus op"]),
    ("stelletje tering lijers", ["tering lijers"]),
    ("Tyfus! Weer een plan", ["Tyfus"]),
    ("ik maak je af", ["ik maak je af"]),
    ("Ik MAAK je AF", ["Ik MAAK je AF"]),
    ("ik weet waar je woont", ["ik weet waar je woont"]),
    ("hou je bek", ["hou je bek"]),
    # not abuse: the disease, medical compounds, look-alike words
    ("de behandeling van kanker", []),
    ("Kanker is een ernstige ziekte.", []),
    ("kankeronderzoek en kankerpatiënten", []),
    ("gentherapie tegen kanker-verwekkende mutaties", []),
    ("verschillende kankers", []),
    ("krijg je kanker van dit gewas?", []),
    ("Ik kreeg kanker in 2019", []),
    ("Wat krijg je? De kanker komt terug", []),
    ("kanker op jonge leeftijd", []),
    ("tyfus en cholera", []),
    ("de pest in de middeleeuwen", []),
    ("het wijfje legt eieren", []),
    ("kleren en takken", []),
    ("pesticiden", []),
    ("het fruit rot op het land", []),
    ("een teef met pups", []),
    ("het negeren van adviezen", []),                  # neger + -en spells an ordinary verb
    ("de lichten flikkeren", []),
    ("takkenhout en takkenbossen", []),
    ("de banden sleten snel", []),
])
def test_abuse(text, expected):
    check(find_abuse, text, expected)


def test_the_word_list_ships_with_its_source_and_licence():
    from importlib import resources

    source = resources.files("moderation.analysis").joinpath("data", "abuse_nl.txt").read_text(encoding="utf-8")
    header = "\n".join(line for line in source.splitlines()[:12] if line.startswith("#"))
    assert "Source" in header and "compiled for the Inspraak project" in header
    assert "CC0" in header and "EUPL-1.2" in header
    words = default_word_list()
    assert "kanker" in words.curses and "kanker" in words.prefixes and "kankeronderzoek" in words.exceptions
    assert ("ik", "maak", "je", "af") in words.phrases["ik"]


def test_the_word_list_is_package_data_so_the_wheel_carries_it():
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    config = tomllib.loads((root / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["moderation.analysis"]
    shipped = {p for pattern in patterns for p in (root / "moderation" / "analysis").glob(pattern)}
    assert root / "moderation" / "analysis" / "data" / "abuse_nl.txt" in shipped


def test_a_custom_word_list():
    words = parse_word_list("# test\nsnotneus\nvies-\n!viesbeleid\nga weg\n")
    assert spans(find_abuse("Snotneus, viesplan, viesbeleid, ga weg!", words)) == ["Snotneus", "viesplan", "ga weg"]


# --- repetition ------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("stop stop stop stop stop", ["stop stop stop stop stop"]),
    ("Nee tegen dit plan, nee tegen dit plan. NEE tegen dit plan!", ["Nee tegen dit plan, nee tegen dit plan. NEE tegen dit plan"]),
    ("Dit plan is slecht. Ik ben tegen. Dit plan is slecht. Echt. Dit plan is slecht!",
     ["Dit plan is slecht.", "Dit plan is slecht!"]),
    ("Neeeeeeeee", ["eeeeeeeee"]),
    ("Waarom!!!!!!!!", ["!!!!!!!!"]),
    ("hahahahahaha", ["hahahahahaha"]),
    ("😡😡😡😡😡😡😡😡", ["😡😡😡😡😡😡😡😡"]),
    # not repetition
    ("stop stop stop stop", []),
    ("heel heel erg", []),
    ("Waarom!!!", []),
    ("----------", []),
    ("1000000000 euro", []),
    ("Dit plan is slecht. Dit plan is slecht.", []),
])
def test_repetition(text, expected):
    check(find_repetition, text, expected)


def test_very_long_text_is_flagged_past_the_limit():
    text = "".join(f"Argument {i} gaat over iets anders. " for i in range(200))
    [found] = find_repetition(text, max_length=5000)
    assert len(text) > 5000
    assert (found.start, found.end) == (5000, len(text)) and "very long" in found.detail
    assert find_repetition(text[:5000], max_length=5000) == []
    decomposed = "Cafe\u0301 " * 3                  # never splits a letter from its accent
    assert find_repetition(decomposed, max_length=4)[0].start == 3


# --- near-identical copies ---------------------------------------------------------------

CAMPAIGN = [
    "Wij zijn tegen de komst van kweekvlees omdat het onnatuurlijk is en boeren schaadt.",        # 0
    "Wij zijn tegen de komst van kweekvlees, omdat het onnatuurlijk is en de boeren schaadt!",   # 1
    "Ik vind dat de overheid meer moet investeren in onderzoek naar gentherapie bij kinderen.",   # 2
    "Nee.",                                                                                       # 3
    "Nee.",                                                                                       # 4
    "",                                                                                           # 5
    "wij zijn TEGEN de komst van kweekvlees omdat het onnatuurlijk is en boeren schaadt",         # 6
    "Precisiefermentatie biedt kansen voor duurzame zuivel zonder koeien, mits goed gereguleerd.", # 7
]


def test_near_duplicates_are_grouped():
    assert find_near_duplicates(CAMPAIGN) == [[0, 1, 6]]


def test_different_and_short_texts_are_not_grouped():
    assert find_near_duplicates(CAMPAIGN, threshold=0.99) == []
    assert find_near_duplicates(CAMPAIGN[2:6] + CAMPAIGN[7:]) == []
    assert find_near_duplicates([]) == [] and find_near_duplicates(["één tekst die lang genoeg is om mee te tellen"]) == []
    assert find_near_duplicates(["Nee.", "Nee."], threshold=0.5) == []          # short: no campaign
    assert find_near_duplicates(["Nee.", "Nee."], min_chars=1) == [[0, 1]]
    assert find_near_duplicates(["", " ", "\n"], min_chars=0) == []       # no n-gram at all
    with pytest.raises(ValueError):
        find_near_duplicates(CAMPAIGN, threshold=0)


def test_a_campaign_among_many_own_answers():
    rng = random.Random(9)
    base = "Ik maak bezwaar tegen dit besluit over kweekvlees in de provincie, nummer {}."
    own = [" ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 9)))
                    for _ in range(15)) for _ in range(400)]
    texts = own[:200] + [base.format(i) for i in range(300)] + own[200:]
    assert find_near_duplicates(texts, threshold=0.6) == [list(range(200, 500))]


def test_near_duplicates_in_small_chunks_give_the_same_groups(monkeypatch):
    from moderation.analysis.findings import duplicates

    texts = CAMPAIGN * 5
    expected = find_near_duplicates(texts)
    copies = [[i for i in range(len(texts)) if i % len(CAMPAIGN) in kept] for kept in ((0, 1, 6), (2,), (7,))]
    assert expected == copies
    monkeypatch.setattr(duplicates, "CHUNK_CELLS", 1)       # one row at a time
    monkeypatch.setattr(duplicates, "EDGE_BUDGET", 2)       # fold the pairs into components often
    assert find_near_duplicates(texts) == expected


def test_campaign_candidates_are_findings_over_the_whole_answer():
    result = find_campaign_candidates(CAMPAIGN)
    assert [bool(r) for r in result] == [True, True, False, False, False, False, True, False]
    [finding] = result[1]
    assert finding.kind == "campaign" and (finding.start, finding.end) == (0, len(CAMPAIGN[1]))
    assert "0, 6" in finding.detail


# --- everything together ---------------------------------------------------------------

def test_an_answer_with_email_bsn_and_phone_is_flagged_with_all_three():
    text = ("Ik ben tegen het voorstel. Neem contact op via jan.devries@example.nl of bel "
            "06-12345678; mijn BSN is 111222333 voor het dossier.")
    found = find_all(text)
    assert_exact(text, found)
    assert [(f.kind, f.text) for f in found] == [
        ("email", "jan.devries@example.nl"), ("phone", "06-12345678"), ("bsn", "111222333")]
    assert found == find_personal_data(text)


def test_a_realistic_answer():
    text = ("Beste mensen,\r\n\r\nMijn naam is Jan de Vries. Ik woon aan de Hoofdstraat 12, 1234 AB Amsterdam.\r\n"
            "Mijn rekening is NL91 ABNA 0417 1643 00. Zie ook www.example.nl/pad.\r\n"
            "De behandeling van kanker verdient meer geld; die kankerlijers in Den Haag snappen het niet!!!!!!!!\r\n"
            "Met vriendelijke groet,\r\nJan de Vries 🙂")
    found = find_all(text)
    assert_exact(text, found)
    assert [(f.kind, f.text) for f in found] == [
        ("name", "Jan de Vries"),
        ("postcode", "Hoofdstraat 12, 1234 AB"),
        ("iban", "NL91 ABNA 0417 1643 00"),
        ("link", "www.example.nl/pad"),
        ("abuse", "kankerlijers"),
        ("repeat", "!!!!!!!!"),
        ("name", "Jan de Vries"),
    ]
    assert [f.start for f in found] == sorted(f.start for f in found)


@pytest.mark.parametrize("text, expected", [
    ("bel 06-12345678", [("phone", "06-12345678")]),
    ("BSN 111222333", [("bsn", "111222333")]),
    ("op 12-06-2023 om 10:00", []),
    ("kost 1.000.000 euro", []),
    ("kost € 111.222.333", []),
    ("het jaar 2023", []),
    ("KvK-nummer 12345678", []),
    ("123456789", []),
    # a nine-digit number that passes the 11-check inside a +31 number is the phone number
    ("bel +31 612345671", [("phone", "+31 612345671")]),
    ("bel 0031612345671", [("phone", "0031612345671")]),
    # an e-mail domain is not a link, a phone number inside a link is the link
    ("mail jan@example.nl", [("email", "jan@example.nl")]),
    ("zie https://example.nl/bel/0612345678", [("link", "https://example.nl/bel/0612345678")]),
    # abuse and repetition stay next to personal data
    ("kankerlijer kankerlijer kankerlijer kankerlijer kankerlijer", [("repeat", "kankerlijer kankerlijer kankerlijer kankerlijer kankerlijer")] + [("abuse", "kankerlijer")] * 5),
])
def test_overlaps(text, expected):
    found = find_all(text)
    assert_exact(text, found)
    assert [(f.kind, f.text) for f in found] == expected


def test_resolve_overlaps_prefers_the_stronger_kind():
    text = "NL91ABNA0417164300"
    iban = Finding("iban", 0, 18, text)
    bsn = Finding("bsn", 8, 17, text[8:17])
    abuse = Finding("abuse", 0, 4, text[:4])
    assert resolve_overlaps([bsn, iban, abuse, iban]) == [iban, abuse]


def test_spans_survive_accents_emoji_crlf_and_odd_spaces():
    text = "Café 😀\r\nBel\u00a006\u00a012345678 of mail ané@exämple.nl 🙂\r\nMvg,\r\nRenée Müller"
    found = find_all(text)
    assert_exact(text, found)
    assert [(f.kind, f.text) for f in found] == [
        ("phone", "06\u00a012345678"), ("email", "ané@exämple.nl"), ("name", "Renée Müller")]
    assert len(fold(text)) == len(text)


def test_nfc_and_nfd_text_give_the_same_findings_at_their_own_offsets():
    composed = ("Mijn naam is Renée Müller, bel 06-12345678. Kankerpatiënten verdienen beter, "
                "die kankerlijers in Den Haag niet. Groet,\nJosé Núñez")
    decomposed = unicodedata.normalize("NFD", composed)
    assert len(decomposed) > len(composed)
    found_c, found_d = find_all(composed), find_all(decomposed)
    assert_exact(decomposed, found_d)
    assert [(f.kind, unicodedata.normalize("NFC", f.text)) for f in found_d] == [(f.kind, f.text) for f in found_c]
    assert [f.kind for f in found_c] == ["name", "phone", "abuse", "name"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
       | st.lists(st.sampled_from([
           "06-12345678", "111222333", "NL91 ABNA 0417 1643 00", "jan@example.nl", "kankerlijer",
           "Mijn naam is", "Jan de Vries", "1234 AB", "12", "Hoofdstraat", "www.x.nl/", " ", "\r\n",
           "!!!!", "é", "e\u0301", "😀", "\u00a0", "+31", "(0)", "-", ".", ",", "Groet,", "krijg de",
           "kanker", "op", "０", "＠"]), max_size=40).map("".join))
def test_every_span_slices_to_its_text_and_find_all_never_raises(text):
    found = find_all(text, max_length=200)
    assert_exact(text, found)
    assert all(f.kind in {k.value for k in FindingKind} for f in found)
    assert [f.start for f in found] == sorted(f.start for f in found)


def test_find_similar_compares_only_the_asked_texts_and_agrees_with_the_groups():
    from moderation.analysis.findings import find_near_duplicates, find_similar

    base = "Ik maak bezwaar tegen de teelt van NGT-gewassen zonder etiket, want consumenten willen kiezen."
    texts = [base, base + " Groet.", "Iets heel anders over octrooien op zaad en de positie van boeren.", "Kort.",
             base.replace("bezwaar", "ernstig bezwaar")]
    assert find_similar(texts, [0], threshold=0.8) == {0: [1, 4]}
    assert find_similar(texts, [2, 3], threshold=0.8) == {2: [], 3: []}      # different; too short
    groups = find_near_duplicates(texts, threshold=0.8)
    assert groups == [[0, 1, 4]]
