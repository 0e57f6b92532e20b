"""Roundtable journeys in a real Chromium on a phone (375x812) without JavaScript; every
page is audited with axe-core by the ``phone`` fixture (see ``support.AccessibilityAuditor``)."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from inspraak.demo import DEMO_PASSWORD
from inspraak.roundtables.demo import NGT_TITLE, TASTING_TITLE

from .support import latest_mail_to, link_in

pytestmark = pytest.mark.browser

NGO = "ngo@inspraak.example"
OFFICER = "beleid@inspraak.example"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _main_menu(page):
    return page.get_by_role("navigation", name=re.compile("^(Hoofdmenu|Main menu)$"))


def test_ngo_representative_signs_up_reads_the_mail_adds_it_to_the_calendar_and_cancels(phone, live_server):
    ngo = phone("ngo")
    page = ngo.page
    ngo.sign_in(NGO, DEMO_PASSWORD)

    ngo.follow(_main_menu(page).get_by_role("link", name="Rondetafels"))
    assert page.get_by_role("heading", level=1).inner_text() == "Rondetafels en bijeenkomsten"
    tasting = page.locator("article.card").filter(has=page.get_by_role("link", name=TASTING_TITLE))
    assert tasting.get_by_role("table", name="Plaatsen per categorie").is_visible()
    ngo.follow(tasting.get_by_role("link", name=TASTING_TITLE))
    assert page.get_by_role("heading", level=1).inner_text() == TASTING_TITLE
    assert "Proeflokaal" not in page.locator("main").inner_text()  # the address is for confirmed participants
    ngo.follow(page.get_by_role("link", name="Aanmelden voor deze bijeenkomst"))

    # The tasting's questions; first without consent: an error summary, nothing lost.
    assert "Maatschappelijke organisatie (ngo)" in page.locator("main").inner_text()
    page.get_by_label("Ik ben 18 jaar of ouder").check()
    page.get_by_label("Ik heb de informatie over de proeverij gelezen en doe vrijwillig mee").check()
    page.get_by_label("Allergieën en dieetwensen").fill("Geen noten, graag")
    ngo.submit(page.locator("main").get_by_role("button", name="Aanmelden"))
    summary = page.get_by_role("alert")
    assert "Geef toestemming" in summary.inner_text()
    assert page.get_by_label("Allergieën en dieetwensen").input_value() == "Geen noten, graag"
    page.get_by_label("Mijn gegevens mogen voor deze bijeenkomst worden gebruikt").check()
    ngo.submit(page.locator("main").get_by_role("button", name="Aanmelden"))
    assert page.url.endswith("/rondetafels/mijn-aanmeldingen")
    assert page.get_by_text("U bent aangemeld.").is_visible()
    card = page.locator("li.card").filter(has=page.get_by_role("link", name=TASTING_TITLE))
    assert "Bevestigd" in card.inner_text() and "Proeflokaal" in card.inner_text()
    code = card.locator("code").inner_text()

    # The confirmation from the development outbox: code, place, cancellation link, .ics.
    message = latest_mail_to(live_server.outbox, NGO)
    assert message["Subject"] == f"Bevestiging: u bent aangemeld voor {TASTING_TITLE}"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert code in body and "Proeflokaal, Stationsplein 12, Utrecht" in body
    [attachment] = list(message.iter_attachments())
    mailed = icalendar.Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")[0]

    # The .ics from "Mijn aanmeldingen", as the phone downloads it (its cookies).
    href = card.get_by_role("link", name=re.compile("Zet in mijn agenda")).get_attribute("href")
    download = ngo.context.request.get(live_server.url + href)
    assert download.ok and download.headers["content-type"].startswith("text/calendar")
    assert 'attachment; filename="uitnodiging.ics"' == download.headers["content-disposition"]
    event = icalendar.Calendar.from_ical(download.body()).walk("VEVENT")[0]
    assert str(event["summary"]) == TASTING_TITLE and event["dtstart"].params["TZID"] == "Europe/Amsterdam"
    start = event.decoded("dtstart").astimezone(AMSTERDAM)
    assert start == mailed.decoded("dtstart") and (start.hour, start.minute) == (15, 0)
    shown = page.locator("li.card time").first.get_attribute("datetime")
    assert datetime.fromisoformat(shown) == start

    # Cancel with the personal link from the mail.
    ngo.goto(link_in(message, "/rondetafels/afmelden/"))
    assert TASTING_TITLE in page.locator("main").inner_text()
    ngo.submit(page.get_by_role("button", name="Ja, meld mij af"))
    assert page.get_by_text("U bent afgemeld.").is_visible()
    ngo.follow(_main_menu(page).get_by_role("link", name="Mijn aanmeldingen"))
    card = page.locator("li.card").filter(has=page.get_by_role("link", name=TASTING_TITLE))
    assert "Afgemeld" in card.inner_text()
    assert card.get_by_role("button").count() == 0
    assert latest_mail_to(live_server.outbox, NGO)["Subject"] == f"U bent afgemeld voor {TASTING_TITLE}"


def test_policy_officer_selects_participants_and_marks_attendance(phone, live_server):
    officer = phone("officer")
    page = officer.page
    officer.sign_in(OFFICER, DEMO_PASSWORD)
    officer.follow(_main_menu(page).get_by_role("link", name="Rondetafels"))
    officer.follow(page.locator("main").get_by_role("link", name="Beheer bijeenkomsten"))
    assert page.get_by_role("heading", level=1).inner_text() == "Beheer bijeenkomsten"
    officer.follow(page.locator("main").get_by_role("link", name=NGT_TITLE, exact=True))
    officer.follow(page.get_by_role("link", name="Deelnemers en wachtlijst"))
    assert page.get_by_role("heading", level=1).inner_text() == "Deelnemers"

    # The applicants of the NGO category with organisation, category and motivation.
    applicants = page.get_by_role("table", name="Wachten op selectie (Maatschappelijke organisatie (ngo))")
    row = applicants.get_by_role("row").filter(has_text="Erik Smit")
    assert "Vereniging Biologische Telers (demo)" in row.inner_text()
    assert "co-existentie" in row.inner_text()
    officer.submit(row.get_by_role("button", name="Selecteer Erik Smit"))
    assert page.get_by_text("Erik Smit is geselecteerd en krijgt een bevestiging.").is_visible()
    confirmed = page.get_by_role("table", name="Bevestigd (Maatschappelijke organisatie (ngo))")
    selected = confirmed.get_by_role("row").filter(has_text="Erik Smit")
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", selected.inner_text()).group(0)
    mail = latest_mail_to(live_server.outbox, "biologisch@inspraak.example")
    assert mail["Subject"] == f"Bevestiging: u bent aangemeld voor {NGT_TITLE}" and code in mail.get_body().get_content()

    # At the door: a wrong code, then the right one (typed in lower case, without the dash).
    page.get_by_label("Aanmeldcode").fill("ABCD-2345")
    officer.submit(page.get_by_role("button", name="Aanwezig melden"))
    assert "hoort niet bij een aanmelding" in page.get_by_role("alert").inner_text()
    page.get_by_label("Aanmeldcode").fill(code.lower().replace("-", ""))
    officer.submit(page.get_by_role("button", name="Aanwezig melden"))
    assert page.get_by_text("Erik Smit is aanwezig gemeld.").is_visible()
    selected = page.get_by_role("table", name="Bevestigd (Maatschappelijke organisatie (ngo))").get_by_role("row").filter(has_text="Erik Smit")
    assert "Ja," in selected.inner_text()

    # Before closing, the page says who will get the seats still free; closing gives them.
    assert "Tom" in page.get_by_text("Krijgen een plaats:").first.inner_text()
    officer.submit(page.get_by_role("button", name="Selectie afronden"))
    assert page.get_by_text("De selectie is afgerond.").is_visible()
    seated = latest_mail_to(live_server.outbox, "tom@inspraak.example")
    assert seated["Subject"] == f"Bevestiging: u bent aangemeld voor {NGT_TITLE}"
