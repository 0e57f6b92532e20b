"""Look-alike addresses are one account or refused; names cannot reorder the page's text."""
from __future__ import annotations

import unicodedata

import pytest

from inspraak.accounts import services
from inspraak.accounts.identity import AddressRefused, canonical_email, clean_name
from inspraak.accounts.models import User
from inspraak.errors import DomainError
from inspraak.extensions import db
from tests.helpers import PASSWORD


@pytest.mark.parametrize("variant", [
    "ＢＥＬＥＩＤ@inspraak.example",           # full-width letters
    " Beleid@INSPRAAK.example ",               # case and spaces
    "beleid@ｉｎｓｐｒａａｋ.example",          # full-width domain
])
def test_variants_of_one_address_are_the_same_account(app, variant):
    services.create_user(email="beleid@inspraak.example", name="Eerste", password=PASSWORD)
    with pytest.raises(DomainError, match="bestaat al"):
        services.create_user(email=variant, name="Tweede", password=PASSWORD)


def test_nfc_and_nfd_and_punycode_and_unicode_domains_are_one_address():
    nfc = unicodedata.normalize("NFC", "café@bücher.example")
    nfd = unicodedata.normalize("NFD", "café@bücher.example")
    assert canonical_email(nfc) == canonical_email(nfd) == canonical_email("café@xn--bcher-kva.example")
    assert canonical_email(nfc) == "café@xn--bcher-kva.example"  # admins see the ASCII domain


@pytest.mark.parametrize("address,reason", [
    ("b\u0435leid@inspraak.example", "scripts"),       # Cyrillic е among Latin letters
    ("beleid@insp\u0440aak.example", "scripts"),       # Cyrillic р in the domain
    ("a" * 65 + "@inspraak.example", "length"),
    ("geen-apenstaartje", "format"),
    ("@inspraak.example", "format"),
])
def test_confusable_long_and_malformed_addresses_are_refused(address, reason):
    with pytest.raises(AddressRefused) as refused:
        canonical_email(address)
    assert refused.value.reason == reason


def test_64_characters_before_the_at_are_fine():
    assert canonical_email("a" * 64 + "@inspraak.example").startswith("a" * 64)


def test_registration_explains_a_mixed_script_address(client):
    page = client.post("/account/registreren", data={
        "account_type": "citizen", "name": "X", "email": "b\u0435leid@inspraak.example",
        "password": PASSWORD, "password_confirm": PASSWORD}).get_data(as_text=True)
    assert "verschillende schriften" in page
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_sign_in_finds_the_account_from_a_look_alike_spelling(app, client, build):
    build.user(email="sanne@example.org")
    response = client.post("/account/inloggen", data={"email": "ＳＡＮＮＥ@example.org", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("raw,clean", [
    ("Jan\u202e de Vries", "Jan de Vries"),            # right-to-left override
    ("\u2067Evil\u2069 Corp", "Evil Corp"),            # isolates
    ("Piet\r\nINFO forged log line", "Piet INFO forged log line"),
    ("Anna\x1b[31m Rood", "Anna [31m Rood"),           # ANSI escape loses its ESC
    ("  Zoë   Bakker ", "Zoë Bakker"),
])
def test_names_lose_bidi_and_control_characters(raw, clean):
    assert clean_name(raw) == clean


def test_names_are_cleaned_when_stored(app):
    user = services.create_user(email="rtl@example.org", name="Mallory\u202e gnirts", password=PASSWORD)
    assert user.name == "Mallory gnirts"


def test_a_right_to_left_name_cannot_flip_the_sentence_around_it(app, build, signed_in):
    from inspraak.accounts.models import Role

    admin = build.user(Role.ADMIN)
    target = build.user(name="Mallory")
    target.name = "Mallory\u202eredivorp"  # as if stored before names were cleaned
    db.session.commit()
    client = signed_in(admin)
    page = client.post(f"/account/beheer/gebruikers/{target.id}", data={"role": "moderator"},
                       follow_redirects=True).get_data(as_text=True)
    assert "\u2068Mallory\u202eredivorp\u2069" in page  # isolated inside the message
    assert "<bdi>Mallory\u202eredivorp</bdi>" in page   # and in the table
