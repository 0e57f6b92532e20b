"""The moderation issue's journey, in a real Chromium on a phone without JavaScript;
every page is audited with axe-core by the ``phone`` fixture."""
from __future__ import annotations

import re

import pytest

from inspraak.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

MODERATOR = "moderator@inspraak.example"
NGT_TITLE = "Planten uit nieuwe genomische technieken: uitvoering van de Europese NGT-verordening"
PHONE_NUMBER = "020-1234567"


def test_moderator_works_the_queue_redacts_a_phone_number_and_approves(phone, live_server):
    moderator = phone("moderator")
    page = moderator.page
    moderator.sign_in(MODERATOR, DEMO_PASSWORD)
    moderator.follow(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Moderatie"))
    moderator.follow(page.get_by_role("link", name=NGT_TITLE))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Wachtrij")

    # Clean answers first: tick two, approve them together.
    boxes = page.get_by_role("checkbox", name=re.compile(r"^Reactie \d+ goedkeuren$"))
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    moderator.submit(page.get_by_role("button", name="Aangevinkte reacties goedkeuren"))
    assert page.get_by_text("2 reactie(s) goedgekeurd en gepubliceerd.").is_visible()

    # Then the answers with a phone number.
    page.get_by_label("Bevinding").select_option(label="Telefoonnummer")
    moderator.submit(page.get_by_role("button", name="Filteren"))
    item = page.locator("li.queue-item").filter(has_text=PHONE_NUMBER)
    moderator.follow(item.get_by_role("link", name=re.compile(r"^Reactie \d+$")))
    assert page.get_by_role("heading", name="Oorspronkelijke tekst (alleen voor medewerkers)").is_visible()
    assert page.locator("mark.finding", has_text=PHONE_NUMBER).is_visible()

    page.get_by_role("checkbox", name=f"Telefoonnummer: {PHONE_NUMBER}").check()
    moderator.submit(page.get_by_role("button", name="Onleesbaar maken"))
    assert page.get_by_text("De gekozen passages zijn onleesbaar gemaakt voor het publiek.").is_visible()
    assert page.get_by_role("checkbox", name=f"Telefoonnummer: {PHONE_NUMBER}").is_checked()
    item_url = page.url
    moderator.submit(page.get_by_role("button", name="Goedkeuren", exact=True))
    assert page.get_by_text("De reactie is goedgekeurd en gepubliceerd.").is_visible()

    # The item shows both decisions; the original stays visible to staff.
    moderator.goto(item_url)
    log = page.locator("ol.decision-log")
    assert log.get_by_text("Deels onleesbaar gemaakt").is_visible() and log.get_by_text("Goedgekeurd").is_visible()
    assert page.get_by_role("blockquote").first.inner_text().find(PHONE_NUMBER) >= 0

    # A visitor reads the published answer, with the number blanked.
    visitor = phone("visitor")
    visitor.goto("/consultaties/?onderwerp=ngt")
    visitor.follow(visitor.page.locator("article.card").get_by_role("link", name=NGT_TITLE))
    visitor.follow(visitor.page.get_by_role("link", name=re.compile(r"^Lees de \d+ gepubliceerde reacties$")))
    visitor.page.get_by_label("Zoeken in de reacties").fill("ngt-standpunt")
    visitor.submit(visitor.page.get_by_role("button", name="Zoeken"))
    answers = visitor.page.locator("li.public-response")
    assert answers.count() == 1
    text = answers.first.inner_text()
    assert "[verwijderd]" in text and PHONE_NUMBER not in text and "Stichting Akkerwacht" in text
