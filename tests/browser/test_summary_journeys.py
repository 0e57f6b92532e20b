"""Issue 10's journey in a real Chromium without JavaScript, on a phone (375x812) and on a
desktop screen (1280x800), axe on every page: a policy officer opens the dashboard of the
NGT consultation, renames a theme, and downloads the draft report as DOCX."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document

from inspraak.demo import DEMO_PASSWORD

from .support import AccessibilityAuditor, Phone, screenshots_dir

pytestmark = pytest.mark.browser

OFFICER = "beleid@inspraak.example"
NGT_TITLE = "Planten uit nieuwe genomische technieken: uitvoering van de Europese NGT-verordening"
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def desktop(request, chromium, live_server):
    """A desktop screen (1280x800), JavaScript off, audited by axe at the same size."""
    auditor = AccessibilityAuditor(chromium)
    auditor.page.set_viewport_size(DESKTOP)
    device = Phone(chromium, live_server.url, auditor, f"{request.node.name}-desktop", screenshots_dir())
    device.page.set_viewport_size(DESKTOP)
    yield device
    try:
        assert not device.unaudited_pages(), f"pages shown without an axe audit: {device.unaudited_pages()}"
    finally:
        device.close()
        auditor.close()


def _journey(device, live_server, new_name: str) -> None:
    page = device.page
    device.sign_in(OFFICER, DEMO_PASSWORD)
    device.follow(page.get_by_role("navigation", name=re.compile("^(Hoofdmenu|Main menu)$"))
                  .get_by_role("link", name="Samenvattingen"))
    device.follow(page.get_by_role("link", name=NGT_TITLE))
    assert page.get_by_role("heading", level=1).inner_text() == "Samenvatting"
    assert page.get_by_role("heading", name="Wie heeft gereageerd").is_visible()
    # The campaign of the NGO's template text is visible, with its size.
    assert page.get_by_text(re.compile(r"Campagne 1: \d+ vrijwel gelijke antwoorden")).first.is_visible()
    # Charts come with their numbers as tables.
    assert page.locator("svg[role=img]").count() >= 5 and page.locator("table").count() >= 5

    # Filter by group (a GET form, no JavaScript).
    page.get_by_label("Groep", exact=True).select_option(label="Maatschappelijke organisatie (ngo)")
    device.submit(page.get_by_role("button", name="Toon"))
    assert "groep=ngo" in page.url

    # Rename the first theme of the last open question.
    device.follow(page.get_by_role("link", name=re.compile("^Thema’s van vraag 13")))
    first = page.locator("section.panel").first
    old_name = first.get_by_role("heading", level=2).inner_text()
    first.get_by_label("Nieuwe naam").fill(new_name)
    device.submit(first.get_by_role("button", name="Naam opslaan"))
    assert page.get_by_text(f"Het thema heet nu ‘{new_name}’.").is_visible()
    device.follow(page.get_by_role("link", name="Samenvatting", exact=True))
    assert page.get_by_role("heading", name=new_name).is_visible()

    # The correction is in the history, with who and before/after.
    device.follow(page.get_by_role("link", name="Alle correcties"))
    row = page.locator("tr", has_text=new_name).first
    assert "Fatima El Amrani" in row.inner_text() and old_name in row.inner_text()
    device.follow(page.get_by_role("link", name="Samenvatting", exact=True))

    # The DOCX, fetched with the officer's session (a file, not a page to audit).
    href = page.get_by_role("link", name="Concept-verslag (Word, DOCX)").get_attribute("href")
    download = page.context.request.get(live_server.url + href)
    assert download.status == 200
    assert download.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = Document(io.BytesIO(download.body()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Thema: {new_name}" in text and "5. Wat is er met de reacties gedaan" in text


def test_policy_officer_corrects_a_theme_and_downloads_the_report_on_a_phone(phone, live_server):
    _journey(phone("officer"), live_server, "Etiket en keuzevrijheid (telefoon)")


def test_policy_officer_corrects_a_theme_and_downloads_the_report_on_a_desktop(desktop, live_server):
    _journey(desktop, live_server, "Etiket en keuzevrijheid (bureau)")
