"""Passwords: at least 12 characters, not guessable, no composition rules."""
from __future__ import annotations

import pytest

from inspraak.accounts import services
from inspraak.errors import DomainError


@pytest.mark.parametrize("password", [
    "wachtwoord123",        # the Dutch classic
    "welkom012345",
    "feyenoord1908",
    "qwertyuiop12",
    "123456789012",
    "aaaaaaaaaaaa",
    "Amsterdam2025",
    "sanne.jansen1",        # the person's own name
])
def test_common_or_guessable_passwords_are_refused(app, password):
    with pytest.raises(DomainError, match="te makkelijk te raden"):
        services.create_user(email="sanne.jansen@example.org", name="Sanne Jansen", password=password)


@pytest.mark.parametrize("password", [
    "fiets kookt soep op dinsdag", "correct horse battery", "mijn kat heet Pluis en eet veel", "Ƶebra-Ŧoren-Ėiland",
])
def test_passphrases_without_composition_rules_are_fine(app, password):
    services.create_user(email="p@example.org", name="P", password=password)


def test_short_passwords_are_refused_first(app):
    with pytest.raises(DomainError, match="minstens 12 tekens"):
        services.create_user(email="p@example.org", name="P", password="Kort1!")


def test_registration_explains_a_guessable_password(client):
    page = client.post("/account/registreren", data={
        "account_type": "citizen", "name": "Piet", "email": "piet@example.org",
        "password": "wachtwoord123", "password_confirm": "wachtwoord123"}).get_data(as_text=True)
    assert "te makkelijk te raden" in page


def test_a_very_long_passphrase_is_checked_quickly_and_accepted(app):
    services.create_user(email="lang@example.org", name="L", password="woorden " * 500)
