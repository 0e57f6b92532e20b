"""Print (issue 12): consultation pages and receipts print cleanly -- no menus, forms or
buttons on paper, the content and the facts are there, links show their address."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

NGT_TITLE = "Planten uit nieuwe genomische technieken: uitvoering van de Europese NGT-verordening"
HIDDEN_ON_PAPER = (".site-nav", ".account-nav", ".site-footer", ".skip-link", "main form", ".breadcrumb")


def _printed(page) -> None:
    page.emulate_media(media="print")
    for selector in HIDDEN_ON_PAPER:
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{selector} is printed on {page.url}"


def test_a_consultation_page_prints_cleanly(phone):
    visitor = phone("print")
    visitor.goto("/consultaties/?onderwerp=ngt")
    visitor.follow(visitor.page.locator("article.card").get_by_role("link", name=NGT_TITLE))
    page = visitor.page
    _printed(page)
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator("dl.facts").is_visible() and page.locator(".plain-summary").is_visible()
    assert page.get_by_role("heading", name="Toelichting").is_visible()
    # A link's address is written out after it (a ::after rule only print has).
    after = page.locator(".documents a").first.evaluate("a => getComputedStyle(a, '::after').content")
    assert re.search(r"/consultaties/.+/documenten/\d+", after), after
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 4, f"the consultation prints on {pages} pages"


def test_the_receipt_prints_its_reference(phone, live_server):
    from inspraak.extensions import db
    from tests.builders import builders

    with live_server.app.app_context():
        survey = builders().survey(title="Printproef: een korte enquête", questions=False)
        slug = survey.slug
        db.session.remove()
    citizen = phone("receipt")
    page = citizen.page
    citizen.goto(f"/enquetes/{slug}")
    citizen.follow(page.get_by_role("link", name="Enquête invullen"))
    page.get_by_role("group", name=re.compile("Ik reageer als")).get_by_label("Burger", exact=True).check()
    # A stand-alone survey publishes nothing, so it does not ask.
    assert page.get_by_role("group", name=re.compile("openbaar")).count() == 0
    citizen.submit(page.get_by_role("button", name="Opslaan en verder"))
    while page.get_by_role("heading", level=1).inner_text() != "Bedankt voor uw reactie":
        citizen.submit(page.get_by_role("button", name=re.compile("^(Verzenden|Opslaan en verder)$")))
    _printed(page)
    assert page.locator("#referentie").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
