"""The journeys of the issue, in a real Chromium on a phone without JavaScript.

Every page a journey reaches is audited with axe-core (WCAG 2.0/2.1 A and AA) by the
``phone`` fixture; see ``support.AccessibilityAuditor``.
"""
from __future__ import annotations

import re
from urllib.parse import urldefrag
import uuid
from datetime import datetime, timedelta

import pytest

from inspraak.demo import DEMO_PASSWORD

from .support import latest_mail_to, link_in

pytestmark = pytest.mark.browser

OFFICER = "beleid@inspraak.example"
CITIZEN = "burger@inspraak.example"
NGO = "ngo@inspraak.example"
NGT_TITLE = "Planten uit nieuwe genomische technieken: uitvoering van de Europese NGT-verordening"
DRAFT_TITLE = "Precisiefermentatie in de eiwittransitie"


def _main_menu(page):
    return page.get_by_role("navigation", name=re.compile("^(Hoofdmenu|Main menu)$"))


def _account_menu(page):
    """The account links and the language switch, in the header bar (the main menu stays one line)."""
    return page.get_by_role("navigation", name=re.compile("^(Account en taal|Account and language)$"))


def test_citizen_registers_reads_a_consultation_and_switches_to_english(phone, live_server):
    citizen = phone("citizen")
    page = citizen.page
    email = f"sanne-{uuid.uuid4().hex[:8]}@voorbeeld.nl"

    # Register, in Dutch.
    citizen.goto("/")
    assert citizen.html_lang == "nl"
    citizen.follow(_main_menu(page).get_by_role("link", name="Registreren"))
    assert page.get_by_role("heading", level=1).inner_text() == "Registreren"
    page.get_by_label("Als burger").check()
    page.get_by_label("Naam", exact=True).fill("Sanne de Vries")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill("een lange zin als wachtwoord")
    page.get_by_label("Herhaal wachtwoord").fill("een lange zin als wachtwoord")
    citizen.submit(page.get_by_role("button", name="Account aanmaken"))
    assert "/account/controleer-uw-mail" in page.url
    assert email in page.locator("main").inner_text()

    # The verification link from the development outbox.
    message = latest_mail_to(live_server.outbox, email)
    assert message["Subject"] == "Bevestig uw e-mailadres voor Inspraak"
    link = link_in(message, "/account/bevestigen/")
    assert link.startswith(live_server.url)
    citizen.goto(link)
    citizen.submit(page.get_by_role("button", name="Bevestig mijn e-mailadres"))
    assert "/account/inloggen" in page.url
    assert page.get_by_text("Uw e-mailadres is bevestigd.").is_visible()

    citizen.sign_in(email, "een lange zin als wachtwoord")

    # The consultation list, filtered by topic.
    citizen.follow(_main_menu(page).get_by_role("link", name="Consultaties"))
    assert page.get_by_role("heading", level=1).inner_text() == "Consultaties"
    page.get_by_label("Onderwerp").select_option(label="Nieuwe genomische technieken (NGT)")
    citizen.submit(page.get_by_role("button", name="Filter"))
    assert "onderwerp=ngt" in page.url
    assert page.locator("#results").inner_text().strip() == "1 consultatie gevonden"
    cards = page.locator("article.card")
    assert cards.count() == 1
    assert page.get_by_label("Onderwerp").input_value() == "ngt"

    # One consultation: its period and its documents.
    citizen.follow(cards.get_by_role("link", name=NGT_TITLE))
    assert page.get_by_role("heading", level=1).inner_text() == NGT_TITLE
    facts = page.locator("dl.facts")
    assert facts.get_by_text("Reageren kan van").is_visible()
    assert facts.locator("time").count() == 2
    for stamp in facts.locator("time").all():
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*", stamp.get_attribute("datetime"))
    documents = page.get_by_role("region", name="Documenten")
    document_link = documents.get_by_role("link", name="Consultatiedocument uitvoering NGT-verordening")
    assert document_link.is_visible()
    assert re.search(r"\(PDF, \d+ (B|kB), 1 pagina\)", documents.locator("li").first.inner_text())
    pdf = citizen.context.request.get(live_server.url + document_link.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")

    # Switch to English with the link in the header; the same page comes back in English.
    detail_url = page.url
    citizen.follow(page.locator("header").get_by_role("link", name="English"))
    assert page.url == detail_url
    assert citizen.html_lang == "en"
    assert page.locator("header").get_by_role("link", name="Nederlands").is_visible()
    menu = _main_menu(page)
    assert menu.get_by_role("link", name="Consultations").is_visible()
    assert _account_menu(page).get_by_role("link", name="My account").is_visible()
    assert page.get_by_role("heading", level=2, name="Documents").is_visible()

    # ... and stays English on the next page.
    citizen.follow(menu.get_by_role("link", name="Consultations"))
    assert citizen.html_lang == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Consultations"
    assert page.get_by_role("button", name="Filter").is_visible()


def _dutch_datetime_local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_policy_officer_runs_a_consultation_from_draft_to_report(phone, live_server):
    from inspraak.pdf import simple_pdf

    officer = phone("officer")
    page = officer.page
    title = f"Etikettering van producten uit precisiefermentatie ({uuid.uuid4().hex[:6]})"
    officer.sign_in(OFFICER, DEMO_PASSWORD)

    # Create: a draft.
    officer.follow(_main_menu(page).get_by_role("link", name="Beheer"))
    officer.follow(page.get_by_role("link", name="Nieuwe consultatie"))
    page.get_by_label("Titel", exact=True).fill(title)
    page.get_by_label("Onderwerp").select_option("precisiefermentatie")
    page.get_by_label("Samenvatting", exact=True).fill("Hoe moeten producten uit precisiefermentatie op het etiket staan?")
    page.get_by_label("Toelichting").fill(
        "## Waar gaat het over?\n\nMicro-organismen maken **melkeiwitten** zonder koe.\n\n"
        "- Etikettering\n- Keuzevrijheid\n")
    start = (datetime.now() + timedelta(days=7)).replace(hour=9, minute=0)
    page.get_by_label("Open vanaf").fill(_dutch_datetime_local(start))
    page.get_by_label("Open tot").fill(_dutch_datetime_local(start + timedelta(days=42, hours=8)))
    officer.submit(page.get_by_role("button", name="Opslaan als concept"))
    assert page.get_by_text("De consultatie is opgeslagen als concept.").is_visible(), page.url
    # A draft's address says nothing about it; the readable one comes when it opens.
    assert re.search(r"/consultaties/concept-[0-9a-f]+/bewerken$", page.url)
    assert page.get_by_label("Open vanaf").input_value() == _dutch_datetime_local(start)

    # Upload a PDF.
    page.get_by_label("Titel van het document").fill("Consultatiedocument precisiefermentatie")
    page.get_by_label("PDF-bestand").set_input_files({
        "name": "consultatiedocument.pdf", "mimeType": "application/pdf",
        "buffer": simple_pdf("Consultatiedocument precisiefermentatie", ["Vraag 1: etikettering."]),
    })
    officer.submit(page.get_by_role("button", name="Document toevoegen"))
    assert page.get_by_text("Het document is toegevoegd.").is_visible()
    assert page.get_by_role("region", name="Documenten").get_by_role(
        "link", name="Consultatiedocument precisiefermentatie", exact=True).is_visible()

    # Open it; an anonymous visitor finds it in the public list.
    officer.submit(page.get_by_role("button", name="Openen voor reacties"))
    # It starts in a week: the message says so, as the public page does ("Binnenkort open").
    assert page.get_by_text("Reageren kan vanaf").is_visible()
    assert re.search(r"/consultaties/etikettering-[a-z0-9-]+/bewerken$", page.url), page.url
    edit_url = page.url
    public_path = edit_url.removeprefix(live_server.url).removesuffix("/bewerken")
    visitor = phone("visitor")
    visitor.goto("/consultaties/?onderwerp=precisiefermentatie")
    visitor.follow(visitor.page.locator("article.card").get_by_role("link", name=title))
    assert visitor.page.url == live_server.url + public_path
    assert visitor.page.get_by_role("link", name="Consultatiedocument precisiefermentatie").is_visible()
    assert visitor.page.locator(".prose strong").inner_text() == "melkeiwitten"

    # Close it (a page asks first) and publish the report.
    officer.follow(page.get_by_role("link", name="Sluiten…"))
    assert page.get_by_role("heading", level=1).inner_text() == "Consultatie sluiten?"
    officer.submit(page.get_by_role("button", name="Ja, sluit de consultatie"))
    assert page.get_by_text("De status is nu: Gesloten.").is_visible()
    page.get_by_label("Wat is er met de reacties gedaan?").fill(
        "We ontvingen **41 reacties**. De etiketteringsregels zijn aangepast.")
    officer.submit(page.get_by_role("button", name="Verslag publiceren"))
    # (The form posts to "#verslag-fouten", so a refusal shows its errors first; the fragment
    # carries over the redirect after success, where no such element exists.)
    assert urldefrag(page.url).url == live_server.url + public_path
    assert page.get_by_text("Het verslag is gepubliceerd.").is_visible()

    # The public page shows the report section.
    visitor.goto(public_path)
    report = visitor.page.get_by_role("region", name="Wat is er met de reacties gedaan?")
    assert report.get_by_role("heading", level=2, name="Wat is er met de reacties gedaan?").is_visible()
    assert report.locator("strong").inner_text() == "41 reacties"


def test_a_draft_is_visible_to_its_owner_only(phone, live_server):
    officer = phone("owner")
    officer.sign_in(OFFICER, DEMO_PASSWORD)
    officer.follow(_main_menu(officer.page).get_by_role("link", name="Beheer"))
    officer.follow(officer.page.get_by_role("link", name=DRAFT_TITLE))
    officer.follow(officer.page.get_by_role("link", name="Bekijk de publieke pagina"))
    draft_path = officer.page.url.removeprefix(live_server.url)
    assert officer.page.get_by_role("heading", level=1).inner_text() == DRAFT_TITLE
    assert officer.page.get_by_text("Dit is een concept.").is_visible()

    citizen = phone("citizen")
    citizen.sign_in(CITIZEN, DEMO_PASSWORD)
    citizen.goto(draft_path, status=404)
    assert citizen.page.get_by_role("heading", level=1).inner_text() == "Pagina niet gevonden"
    assert DRAFT_TITLE not in citizen.page.content()
    citizen.goto("/consultaties/")
    assert citizen.page.get_by_role("link", name=DRAFT_TITLE).count() == 0

    visitor = phone("visitor")
    visitor.goto(draft_path, status=404)
    assert DRAFT_TITLE not in visitor.page.content()


def test_empty_registration_form_shows_the_errors(phone):
    visitor = phone("visitor")
    page = visitor.page
    visitor.goto("/account/registreren")
    visitor.submit(page.get_by_role("button", name="Account aanmaken"))
    assert page.url.endswith("/account/registreren")

    summary = page.get_by_role("alert")
    assert summary.get_by_role("heading", name="Er is een probleem").is_visible()
    expected = {
        "name": "Naam: Vul uw naam in.",
        "email": "E-mailadres: Vul uw e-mailadres in.",
        "password": "Wachtwoord: Kies een wachtwoord.",
        "password_confirm": "Herhaal wachtwoord: Herhaal uw wachtwoord.",
    }
    for field_id, text in expected.items():
        assert summary.get_by_role("link", name=text).get_attribute("href") == f"#{field_id}"
        field = page.locator(f"#{field_id}")
        assert field.get_attribute("aria-invalid") == "true"
        assert f"{field_id}-error" in field.get_attribute("aria-describedby").split()
        error = page.locator(f"#{field_id}-error")
        assert error.is_visible()
        assert text.split(": ", 1)[1] in error.inner_text()
    # Organisation fields are optional for a citizen: no errors there.
    assert page.locator("#organisation_name-error").count() == 0


def test_sign_out_ends_the_session_on_the_server(phone, live_server):
    member = phone("member")
    member.sign_in(NGO, DEMO_PASSWORD)
    member.goto("/account/")
    assert member.page.get_by_role("heading", level=1).inner_text() == "Mijn account"
    stolen = member.context.cookies()
    assert any(cookie["name"] == "inspraak_session" for cookie in stolen)
    # The copied cookie alone is enough to be signed in, on another device ...
    copy = phone("copied-cookie")
    copy.context.add_cookies(stolen)
    copy.goto("/account/")
    assert copy.page.get_by_role("heading", level=1).inner_text() == "Mijn account"
    assert NGO in copy.page.locator("main").inner_text()

    # ... until the member signs out: then the server no longer accepts it anywhere.
    member.submit(_account_menu(member.page).get_by_role("button", name="Uitloggen"))
    assert member.page.get_by_text("U bent uitgelogd.").is_visible()

    attacker = phone("old-cookie")
    attacker.context.add_cookies(stolen)
    attacker.goto("/account/")
    assert "/account/inloggen" in attacker.page.url
    assert attacker.page.get_by_role("heading", level=1).inner_text() == "Inloggen"
    assert attacker.page.get_by_text("Log in om deze pagina te bekijken.").is_visible()
    copy.goto("/account/")
    assert "/account/inloggen" in copy.page.url
