"""Defects a new user met at 375 px (issue 12, item 8) that only a browser shows."""
from __future__ import annotations

import pytest

from inspraak.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

OFFICER = "beleid@inspraak.example"


def test_a_refused_upload_and_an_empty_report_show_their_errors_first(phone, live_server):
    from inspraak.accounts.models import User
    from inspraak.extensions import db
    from tests.builders import builders

    with live_server.app.app_context():
        officer = db.session.scalar(db.select(User).where(User.email == OFFICER))
        slug = builders().consultation(officer, status="closed", title="Foutmeldingen in beeld",
                                      topic="biotechnologie").slug
        db.session.remove()
    person = phone("officer")
    page = person.page
    person.sign_in(OFFICER, DEMO_PASSWORD)
    person.goto(f"/consultaties/{slug}/bewerken")

    for submit, summary_id in (("Document toevoegen", "document-fouten"), ("Verslag publiceren", "verslag-fouten")):
        page.get_by_role("button", name=submit).scroll_into_view_if_needed()
        person.submit(page.get_by_role("button", name=submit))
        summary = page.locator(f"#{summary_id}")
        box = summary.bounding_box()
        assert box is not None and 0 <= box["y"] < 812 / 2, f"the error summary is at {box} after '{submit}'"
        assert page.evaluate("window.scrollY") > 500  # the page scrolled down to it, without JavaScript
        assert summary.get_by_text("Er is een probleem").is_visible()
