"""The files every site is asked for at its root: robots.txt, security.txt (RFC 9116, on the
Dutch "pas toe of leg uit" list) and favicon.ico."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.helpers import make_app


def _fields(text: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in text.strip().splitlines())


def test_security_txt_names_the_contact_and_expires_within_a_year(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    fields = _fields(response.get_data(as_text=True))
    assert fields["Contact"] == "mailto:inspraak@example.nl"  # INSPRAAK_CONTACT_EMAIL by default
    now = datetime.now(timezone.utc)
    assert now < datetime.fromisoformat(fields["Expires"]) <= now + timedelta(days=366)  # RFC 9116: under a year
    assert fields["Preferred-Languages"] == "nl, en"
    assert fields["Canonical"].endswith("/.well-known/security.txt")


def test_security_txt_takes_the_organisations_contact_and_date(tmp_path):
    app = make_app(tmp_path, SECURITY_CONTACT="https://www.ncsc.nl/contact/kwetsbaarheid-melden",
                   SECURITY_TXT_EXPIRES="2027-06-30T22:00:00+00:00")
    fields = _fields(app.test_client().get("/.well-known/security.txt").get_data(as_text=True))
    assert fields["Contact"] == "https://www.ncsc.nl/contact/kwetsbaarheid-melden"
    assert fields["Expires"] == "2027-06-30T22:00:00+00:00"


def test_robots_txt_keeps_crawlers_out_of_staff_and_account_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    rules = response.get_data(as_text=True).splitlines()
    assert rules[0] == "User-agent: *"
    assert {"Disallow: /moderatie/", "Disallow: /account/", "Disallow: /beheer/"} <= set(rules)
    assert not any(rule in ("Disallow: /", "Disallow: /consultaties/") for rule in rules)


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response.headers["Location"])
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    icon.close()
