"""The defects a new user met on the landed pages at 375 px (issue 12, item 8), kept fixed.

Each test fails on the code before the fix. The browser checks (the error summary in view
after a refused upload, the menu on one line for staff) live in tests/browser/test_crawl.py.
"""
from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

from inspraak.accounts.models import Role, User
from inspraak.consultations import services
from inspraak.database import utcnow
from inspraak.extensions import db
from tests.helpers import PASSWORD, sign_in, texts_by_language

ROOT = Path(__file__).resolve().parents[2]


def _upcoming(build, owner):
    now = utcnow()
    c = build.consultation(owner)
    fields = services.ConsultationFields(c.title, c.topic, c.summary, c.body_markdown,
                                         now + timedelta(hours=1), now + timedelta(days=60))
    services.update_consultation(owner, c, fields)
    return c


# --- errors after a POST are the first thing seen ---------------------------------

def test_a_refused_upload_or_empty_report_posts_to_its_error_summary(app, build, signed_in):
    officer = build.user(Role.POLICY_OFFICER)
    c = build.consultation(officer, status="closed")
    client = signed_in(officer)
    page = client.get(f"/consultaties/{c.slug}/bewerken").get_data(as_text=True)
    assert f'action="/consultaties/{c.slug}/documenten#document-fouten"' in page
    assert f'action="/consultaties/{c.slug}/verslag#verslag-fouten"' in page

    no_file = client.post(f"/consultaties/{c.slug}/documenten", data={"doc-title": "Notitie"},
                          content_type="multipart/form-data")
    fake = client.post(f"/consultaties/{c.slug}/documenten", content_type="multipart/form-data",
                       data={"doc-title": "Notitie", "doc-file": (io.BytesIO(b"not a pdf at all"), "notitie.pdf")})
    empty_report = client.post(f"/consultaties/{c.slug}/verslag", data={"report-report": "  "})
    for response, anchor in ((no_file, "document-fouten"), (fake, "document-fouten"), (empty_report, "verslag-fouten")):
        assert response.status_code == 400
        assert re.search(rf'<div class="error-summary" id="{anchor}" role="alert"', response.get_data(as_text=True))


# --- language, name and address ----------------------------------------------------

def test_the_language_chosen_before_signing_in_is_kept(client, build):
    person = build.user(locale="nl")
    client.get("/taal/en")
    assert sign_in(client, person).status_code == 302
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
    db.session.refresh(person)
    assert person.locale == "en"


def test_the_profile_changes_name_and_language(client, build):
    person = build.user(name="Anna Jansen")
    sign_in(client, person)
    response = client.post("/account/gegevens", data={"profiel-name": "Anna de Vries", "profiel-locale": "en"})
    assert response.status_code == 302
    db.session.refresh(person)
    assert (person.name, person.locale) == ("Anna de Vries", "en")
    assert 'lang="en"' in client.get("/account/").get_data(as_text=True)
    refused = client.post("/account/gegevens", data={"profiel-name": " ", "profiel-locale": "en"})
    assert refused.status_code == 200 and 'id="gegevens-fouten"' in refused.get_data(as_text=True)
    db.session.refresh(person)
    assert person.name == "Anna de Vries"


def test_the_address_changes_only_after_the_new_address_confirms(client, build, outbox):
    person = build.user(email="oud@example.org")
    build.user(email="bezet@example.org")
    sign_in(client, person)
    assert client.post("/account/gegevens/e-mailadres", data={"adres-email": "nieuw@example.org"}).status_code == 302
    db.session.refresh(person)
    assert person.email == "oud@example.org"  # nothing changes before the link is used
    link = outbox.link(outbox.last_to("nieuw@example.org"), "/account/e-mailadres-bevestigen/")
    path = link.split("localhost", 1)[-1]
    assert "nieuw@example.org" in client.get(path).get_data(as_text=True)  # GET only asks
    db.session.refresh(person)
    assert person.email == "oud@example.org"
    assert client.post(path).status_code == 302
    db.session.refresh(person)
    assert person.email == "nieuw@example.org"
    assert client.post(path).status_code == 400  # the link is spent: the old address no longer matches

    # An address that has an account gets no mail, and the asker sees the same answer.
    response = client.post("/account/gegevens/e-mailadres", data={"adres-email": "bezet@example.org"})
    assert response.status_code == 302
    assert "Wij hebben een link gestuurd" in client.get("/account/").get_data(as_text=True)
    assert outbox.to("bezet@example.org") == []


def test_the_address_never_travels_in_the_url(client):
    response = client.post("/account/registreren", data={
        "account_type": "citizen", "name": "Sanne", "email": "sanne@example.org",
        "password": "een lange wachtzin", "password_confirm": "een lange wachtzin"})
    location = response.headers["Location"]
    assert location.endswith("/account/controleer-uw-mail") and "@" not in location and "adres" not in location
    assert "sanne@example.org" in client.get(location).get_data(as_text=True)
    response = client.post("/account/bevestiging-opnieuw", data={"email": "sanne@example.org"})
    assert "@" not in response.headers["Location"]


# --- the consultation period tells one story -----------------------------------------

def test_closing_before_the_opening_time_says_so_once(client, build):
    officer = build.user(Role.POLICY_OFFICER)
    c = _upcoming(build, officer)
    services.open_consultation(officer, c)
    services.close_consultation(officer, c)
    page = client.get(f"/consultaties/{c.slug}").get_data(as_text=True)
    assert "Reageren kan" not in page and "Reageren was mogelijk" not in page
    assert page.count("voordat reageren mogelijk was") == 1


def test_an_open_consultation_states_its_closing_time_once(client, build):
    c = build.consultation(status="open")
    page = client.get(f"/consultaties/{c.slug}").get_data(as_text=True)
    assert page.count("Reageren kan") == 1 and "Reageren kan van" in page


def test_opening_before_the_start_date_says_when_it_opens(build, signed_in):
    officer = build.user(Role.POLICY_OFFICER)
    c = _upcoming(build, officer)
    client = signed_in(officer)
    page = client.post(f"/consultaties/{c.slug}/status/open", follow_redirects=True).get_data(as_text=True)
    assert "De status is nu: Open" not in page
    assert "Reageren kan vanaf" in page and "Binnenkort open" in page


# --- destructive actions ask first ---------------------------------------------------

def test_closing_and_removing_a_document_ask_for_confirmation(app, build, signed_in):
    from inspraak.pdf import simple_pdf

    officer = build.user(Role.POLICY_OFFICER)
    c = build.consultation(officer, status="open")
    document = services.add_document(officer, c, "Notitie", "notitie.pdf", simple_pdf("Notitie", ["Tekst"]))
    client = signed_in(officer)
    page = client.get(f"/consultaties/{c.slug}/bewerken").get_data(as_text=True)
    # No one-tap form: the edit page links to pages that ask first.
    assert f'action="/consultaties/{c.slug}/status/closed"' not in page
    assert "/verwijderen\"" not in page.replace(f'href="/consultaties/{c.slug}/documenten/{document.id}/verwijderen"', "")
    assert f'href="/consultaties/{c.slug}/sluiten"' in page
    ask = client.get(f"/consultaties/{c.slug}/sluiten").get_data(as_text=True)
    assert f'action="/consultaties/{c.slug}/status/closed"' in ask and "Ja, sluit de consultatie" in ask
    ask = client.get(f"/consultaties/{c.slug}/documenten/{document.id}/verwijderen").get_data(as_text=True)
    assert "Ja, verwijder het document" in ask and "notitie.pdf" in ask
    assert client.post(f"/consultaties/{c.slug}/status/closed").status_code == 302
    db.session.refresh(c)
    assert c.status == "closed"
    assert client.get(f"/consultaties/{c.slug}/sluiten").status_code == 404  # nothing left to close


# --- tables, links, layout --------------------------------------------------------------

def test_user_and_token_tables_stack_on_a_phone(build, signed_in):
    from inspraak.accounts.services import create_api_token

    admin = build.user(Role.ADMIN)
    create_api_token(admin, "script")
    client = signed_in(admin)
    for path in ("/account/beheer/gebruikers", "/account/"):
        page = client.get(path).get_data(as_text=True)
        assert '<table class="stack-on-phone">' in page
        assert 'data-label="Naam"' in page


def test_the_footer_leads_to_a_page_about_the_api(client):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/open-data"' in home and 'href="/api/v1/openapi.json"' not in home
    page = client.get("/open-data").get_data(as_text=True)
    assert 'href="/api/v1/openapi.json"' in page and "/api/v1/consultations" in page


def test_api_errors_are_in_one_language(client):
    body = client.get("/api/v1/consultations/bestaat-niet").get_json()
    assert body["error"] == {"status": 404, "title": "Not found", "detail": "No such consultation."}
    body = client.get("/api/v1/bestaat-niet").get_json()
    assert body["error"]["title"] == "Not found" and "pagina" not in body["error"]["detail"].lower()


def test_flash_messages_sit_below_the_breadcrumb(build, signed_in):
    officer = build.user(Role.POLICY_OFFICER)
    c = build.consultation(officer)
    client = signed_in(officer)
    page = client.post(f"/consultaties/{c.slug}/status/open", follow_redirects=True).get_data(as_text=True)
    assert page.index('class="breadcrumb"') < page.index('class="flashes"') < page.index("<h1")


def test_home_and_list_order_consultations_alike(client, build):
    owner = build.user(Role.POLICY_OFFICER)
    for days in (40, 10, 25):
        c = build.consultation(owner, status="open", title=f"Sluit over {days} dagen")
        fields = services.ConsultationFields(c.title, c.topic, c.summary, c.body_markdown, c.opens_at,
                                             utcnow() + timedelta(days=days))
        services.update_consultation(owner, c, fields)
    order = lambda html: re.findall(r"Sluit over (\d+) dagen", html)  # noqa: E731
    home = order(client.get("/").get_data(as_text=True))
    listing = order(client.get("/consultaties/").get_data(as_text=True))
    assert home == listing and home


def test_the_english_interface_says_the_content_is_dutch(client):
    client.get("/taal/en")
    assert "consultations, documents and most answers are in Dutch" in client.get("/").get_data(as_text=True)
    client.get("/taal/nl")
    assert "are in Dutch" not in client.get("/").get_data(as_text=True)


def test_markdown_subheadings_and_quotes_are_styled():
    from inspraak.text import markdown_to_html

    html = markdown_to_html("### Vraag\n\n> Een citaat")
    assert "<h4>Vraag</h4>" in html and "<blockquote>" in html
    css = (ROOT / "static" / "css" / "inspraak.css").read_text()
    assert re.search(r"^h4 \{[^}]*font-size", css, re.M)
    assert re.search(r"blockquote[^{]*\{[^}]*border-left", css)


# --- statements -------------------------------------------------------------------------

def test_the_accessibility_statement_follows_the_model_statement(client):
    page = client.get("/toegankelijkheid").get_data(as_text=True)
    # status, how it is tested, known exceptions, contact, complaint route -- in this order
    ids = ["status", "getest", "uitzonderingen", "contact", "klacht"]
    positions = [page.index(f'id="{anchor}"') for anchor in ids]
    assert positions == sorted(positions)
    assert "Status B" in page and "axe-core" in page and "Nationale ombudsman" in page


def test_the_privacy_statement_names_controller_contact_retention_and_the_regulator(app, client):
    app.config.update(ORGANISATION_NAME="Ministerie van Proef", PRIVACY_CONTACT_EMAIL="avg@proef.example")
    page = client.get("/privacy").get_data(as_text=True)
    assert "Ministerie van Proef is verwerkingsverantwoordelijke" in page
    assert "avg@proef.example" in page and "180 dagen" in page and "7 dagen" in page
    assert "Autoriteit Persoonsgegevens" in page and 'id="bewaartermijnen"' in page
    assert "Ministerie van Proef" in client.get("/").get_data(as_text=True)  # the footer names it too


def test_the_organisation_logo_comes_from_the_settings(app, client, tmp_path):
    assert client.get("/organisatie/logo").status_code == 404
    assert "organisation-logo" not in client.get("/").get_data(as_text=True)
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    app.config["ORGANISATION_LOGO"] = str(logo)
    # Settings are read at start-up in production; here the page cached above must go.
    from inspraak.extensions import cache

    with app.app_context():
        cache.clear()
    with client.get("/organisatie/logo") as response:
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert 'alt="Logo van ' in client.get("/").get_data(as_text=True)


def test_the_analysis_page_is_linked_from_the_footer(client):
    assert 'href="/analyse-van-reacties"' in client.get("/").get_data(as_text=True)
    page = client.get("/analyse-van-reacties").get_data(as_text=True)
    assert "neemt geen besluiten" in page and "eigen server" in page


def test_on_the_english_pages_what_the_survey_author_wrote_is_marked_dutch(client, build):
    """WCAG 3.1.2: question, help text, options, ranking items and statements are Dutch
    content inside an English page; the platform's own words follow the page."""
    survey = build.survey(status="draft")
    build.question(survey, "single_choice", "Eet u vlees?", options=["Ja", "Nee"], required=True,
                   settings={"has_other": True})
    build.question(survey, "ranking", "Wat weegt het zwaarst?", options=["Prijs", "Smaak"])
    build.question(survey, "matrix", "Hoe kijkt u ertegenaan?", options=["Het is veilig", "Het is nodig"])
    from surveys import builder
    builder.open_survey(survey.owner, survey)
    client.get("/taal/en")
    page = client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True)
    token = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(f"/enquetes/{survey.slug}/invullen", data={"submission_token": token, "category": "citizen",
                                                           "publication": "anonymous", "action": "next"})
    html = client.get(f"/enquetes/{survey.slug}/invullen?pagina=2").get_data(as_text=True)
    # With an error, the summary names the question too.
    refused = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2",
                          data={"submission_token": token, "action": "next"}).get_data(as_text=True)

    for document in (html, refused):
        texts = texts_by_language(document)
        assert texts["Send"] == {"en"}
        for dutch in ("Eet u vlees?", "Ja", "Nee", "Wat weegt het zwaarst?", "Prijs", "Smaak", "Het is veilig"):
            assert texts[dutch] == {"nl"}, (dutch, texts.get(dutch))
        assert texts["Other, namely:"] == {"en"}
    assert "Eet u vlees?" in refused and "error-summary" in refused
