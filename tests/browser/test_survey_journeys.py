"""The surveys issue's journeys, in a real Chromium on a phone without JavaScript; every
page is audited with axe-core by the ``phone`` fixture (see ``support.AccessibilityAuditor``)."""
from __future__ import annotations

import re
import uuid

import pytest
from openpyxl import load_workbook

from inspraak.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

OFFICER = "beleid@inspraak.example"
NGT_TITLE = "Planten uit nieuwe genomische technieken: uitvoering van de Europese NGT-verordening"


def _main_menu(page):
    return page.get_by_role("navigation", name=re.compile("^(Hoofdmenu|Main menu)$"))


def _group(page, name: str):
    return page.get_by_role("group", name=re.compile(re.escape(name)))


def test_citizen_answers_the_ngt_questionnaire_leaves_halfway_and_resumes(phone, live_server):
    citizen = phone("citizen")
    page = citizen.page
    citizen.goto("/consultaties/?onderwerp=ngt")
    citizen.follow(page.locator("article.card").get_by_role("link", name=NGT_TITLE))
    citizen.follow(page.get_by_role("link", name="Vragenlijst invullen"))
    citizen.follow(page.get_by_role("link", name="Enquête invullen"))
    assert page.get_by_text("Stap 1 van").is_visible()

    # About you.
    _group(page, "Ik reageer als").get_by_label("Burger", exact=True).check()
    page.get_by_label("Provincie (niet verplicht)").select_option("Gelderland")
    _group(page, "Mag uw reactie openbaar worden?").get_by_label("Openbaar, maar zonder naam").check()
    citizen.submit(page.get_by_role("button", name="Opslaan en verder"))
    assert page.get_by_role("heading", level=1).inner_text() == "Etikettering"

    # A validation error: the required choice is missing; what was typed stays.
    typed = "Ik wil weten wat ik eet, ook als het zaad met CRISPR is veredeld."
    page.get_by_label("Licht uw antwoord toe").fill(typed)
    citizen.submit(page.get_by_role("button", name="Opslaan en verder"))
    summary = page.get_by_role("alert")
    assert summary.get_by_text("Er is een probleem").is_visible()
    assert summary.get_by_role("link", name=re.compile("Moet zaad van NGT-planten een etiket krijgen")).is_visible()
    assert page.get_by_label("Licht uw antwoord toe").input_value() == typed
    # Corrected.
    _group(page, "Moet zaad van NGT-planten").get_by_label("Ja, verplicht").check()
    _group(page, "Consumenten moeten in de winkel").get_by_label("Helemaal eens").check()
    citizen.submit(page.get_by_role("button", name="Opslaan en verder"))
    assert page.get_by_role("heading", level=1).inner_text() == "Naast elkaar bestaan met biologische teelt"
    assert page.get_by_text("Stap 3 van").is_visible()

    # Halfway: answer this page and leave with the private link.
    _group(page, "Welke maatregelen").get_by_label("Isolatieafstanden tussen percelen").check()
    _group(page, "Welke maatregelen").get_by_label("Schadefonds").check()
    _group(page, "kans op vermenging").get_by_label("7", exact=True).check()
    matrix = _group(page, "Wat vindt u van deze stellingen?")
    matrix.get_by_role("group", name="NGT-gewassen helpen boeren").get_by_label("Eens", exact=True).check()
    _group(page, "teler of veredelaar").get_by_label("Nee", exact=True).check()
    citizen.submit(page.get_by_role("button", name="Opslaan en later verder"))
    assert page.get_by_role("heading", level=1).inner_text() == "Uw antwoorden zijn bewaard", page.locator("main").inner_text()
    link = page.locator("#hervat-link").inner_text().strip()
    assert "/verder/" in link

    # Later, on another phone (no cookies): the private link brings them back.
    later = phone("later")
    later.goto(link.replace("http://localhost", live_server.url))
    lpage = later.page
    assert lpage.get_by_text("Welkom terug.").is_visible()
    # The growers' page is skipped (the condition does not hold): straight to the last page.
    assert lpage.get_by_role("heading", level=1).inner_text() == "Tot slot"
    lpage.get_by_label("In welke gemeente").fill("Ede")
    lpage.get_by_label("Wilt u nog iets meegeven").fill("Zorg dat biologische boeren niet de dupe worden.")
    later.submit(lpage.get_by_role("button", name="Verzenden"))
    assert lpage.get_by_role("heading", level=1).inner_text() == "Bedankt voor uw reactie"
    reference = lpage.locator("#referentie").inner_text()
    assert re.fullmatch(r"ENQ-[A-Z0-9]{4}-[A-Z0-9]{4}", reference)
    # Sending again (back and resend) shows the same receipt.
    later.goto(link.replace("http://localhost", live_server.url))
    assert lpage.get_by_text("Deze link werkt niet (meer)").is_visible()


def test_officer_builds_a_survey_with_a_condition_and_downloads_the_xlsx(phone, live_server, tmp_path):
    officer = phone("officer")
    page = officer.page
    title = f"Proeverij kweekvis Den Helder ({uuid.uuid4().hex[:6]})"
    officer.sign_in(OFFICER, DEMO_PASSWORD)
    officer.follow(_main_menu(page).get_by_role("link", name="Enquêtes opstellen"))
    officer.follow(page.get_by_role("link", name="Nieuwe enquête"))
    page.get_by_label("Titel", exact=True).fill(title)
    page.get_by_label("Onderwerp (losse enquête)").select_option("kweekvlees")
    page.get_by_label("Open vanaf (losse enquête)").fill("2026-01-01T10:00")
    page.get_by_label("Open tot (losse enquête)").fill("2030-01-01T10:00")
    page.get_by_label("Invullen zonder account toestaan").check()
    officer.submit(page.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("De enquête is opgeslagen als concept.").is_visible()
    edit_url = page.url

    # A required choice on the first page.
    officer.follow(page.get_by_role("link", name=re.compile("^Vraag toevoegen")))
    page.get_by_label("Soort vraag").select_option("single_choice")
    page.get_by_label("Vraag", exact=True).fill("Heeft u de kweekvis geproefd?")
    page.get_by_label("Verplicht", exact=True).check()
    page.get_by_label("Mogelijkheden").fill("Ja\nNee")
    officer.submit(page.get_by_role("button", name="Vraag opslaan"))
    assert page.get_by_text("De vraag is opgeslagen.").is_visible()

    # A second page, shown only to those who tasted it.
    officer.follow(page.get_by_role("link", name="Pagina toevoegen"))
    page.get_by_label("Titel van de pagina").fill("Uw ervaring")
    page.get_by_label("Alleen tonen als deze vraag").select_option(label="Heeft u de kweekvis geproefd?")
    page.get_by_label("Vergelijking").select_option("equals")
    page.get_by_label("Waarde").fill("Ja")
    officer.submit(page.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("Alleen tonen als ‘Heeft u de kweekvis geproefd?’ is gelijk aan ‘Ja’").is_visible()
    officer.follow(page.get_by_role("link", name=re.compile("Vraag toevoegen.*Uw ervaring")))
    page.get_by_label("Soort vraag").select_option("long_text")
    page.get_by_label("Vraag", exact=True).fill("Hoe smaakte het?")
    officer.submit(page.get_by_role("button", name="Vraag opslaan"))

    officer.follow(page.get_by_role("link", name="Voorbeeld van alle vragen"))
    assert page.get_by_label("Hoe smaakte het?").is_visible()
    officer.goto(edit_url.removeprefix(live_server.url))
    officer.submit(page.get_by_role("button", name="Enquête openen"))
    assert page.get_by_text("De enquête is geopend.").is_visible()
    survey_path = edit_url.removeprefix(live_server.url).removesuffix("/bewerken")

    # Someone answers it.
    visitor = phone("visitor")
    vpage = visitor.page
    visitor.goto(survey_path + "/invullen")
    _group(vpage, "Ik reageer als").get_by_label("Burger", exact=True).check()
    # A stand-alone survey publishes nothing: it asks neither publication nor a name.
    assert _group(vpage, "Mag uw reactie openbaar worden?").count() == 0 and vpage.get_by_label("Uw naam").count() == 0
    visitor.submit(vpage.get_by_role("button", name="Opslaan en verder"))
    _group(vpage, "Heeft u de kweekvis geproefd?").get_by_label("Ja", exact=True).check()
    visitor.submit(vpage.get_by_role("button", name="Opslaan en verder"))
    vpage.get_by_label("Hoe smaakte het?").fill("=Zout maar lekker")
    visitor.submit(vpage.get_by_role("button", name="Verzenden"))
    assert vpage.get_by_role("heading", level=1).inner_text() == "Bedankt voor uw reactie"

    # The officer downloads the XLSX export.
    officer.follow(page.get_by_role("link", name="Uitkomsten en downloads"))
    # The link is followed with the officer's own session; a download is a file, not a page
    # to audit, so it is fetched through the phone's context rather than shown.
    href = page.get_by_role("link", name="Excel (XLSX)").get_attribute("href")
    download = page.context.request.get(live_server.url + href)
    assert download.status == 200
    assert download.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in download.headers["content-disposition"]
    target = tmp_path / "export.xlsx"
    target.write_bytes(download.body())
    rows = list(load_workbook(target).active.values)
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1]))
    assert record["1. Heeft u de kweekvis geproefd?"] == "Ja"
    assert record["2. Hoe smaakte het?"] == "'=Zout maar lekker"
    assert record["categorie"] == "citizen" and record["openbaarheid"] == "not_published"
