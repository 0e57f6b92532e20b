"""The honeypot on the forms anyone may send (registration, survey answers, event sign-up).

People never see it; a program that fills every field does. A filled honeypot is refused
with a clear message next to the field (which then shows), the rest of the input stays in
the form, nothing is stored, and the refusal is logged without the input. Nothing is
dropped silently: the same form sent with the field empty goes through.
"""
from __future__ import annotations

import logging
import re

import pytest

from inspraak.accounts.models import User
from inspraak.extensions import db
from inspraak.roundtables.models import Registration
from surveys.models import Answer, Response

REFUSED = "Laat dit veld leeg."
SPAM = "https://spam.example/koop-nu"


def _honeypot_is_hidden(html: str) -> None:
    block = re.search(r'<div class="field honeypot" aria-hidden="true">(.*?)</div>', html, re.S)
    assert block, "no hidden honeypot in the form"
    inner = block.group(1)
    # A label for whoever meets it without CSS, and out of the tab order.
    assert '<label for="website">Laat dit veld leeg (' in inner
    assert 'tabindex="-1"' in inner and 'autocomplete="off"' in inner and 'name="website"' in inner


def _refused_with_a_visible_field(html: str) -> None:
    assert REFUSED in html
    assert 'class="field honeypot"' not in html  # shown now, so a person can empty it
    assert 'aria-invalid="true"' in re.search(r'<input[^>]*name="website"[^>]*>', html).group(0)


def _logged_without_input(caplog) -> None:
    records = [r for r in caplog.records if r.name == "inspraak.abuse"]
    assert records and all(SPAM not in r.getMessage() for r in records)


REGISTRATION = {"account_type": "citizen", "name": "Bea Bot", "email": "bea@example.org",
                "password": "een lange wachtzin", "password_confirm": "een lange wachtzin"}


def test_registration(client, caplog):
    _honeypot_is_hidden(client.get("/account/registreren").get_data(as_text=True))
    with caplog.at_level(logging.WARNING, logger="inspraak.abuse"):
        page = client.post("/account/registreren", data={**REGISTRATION, "website": SPAM})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    _refused_with_a_visible_field(html)
    assert 'value="Bea Bot"' in html  # what the person typed stays
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    _logged_without_input(caplog)
    # Emptied, the same form goes through.
    assert client.post("/account/registreren", data={**REGISTRATION, "website": ""}).status_code == 302
    assert db.session.scalar(db.select(User).where(User.email == "bea@example.org")) is not None


def _token(html: str) -> str:
    return re.search(r'name="submission_token" type="hidden" value="([^"]+)"', html).group(1)


def test_survey_answer_pages(client, build, caplog):
    survey = build.survey(status="draft")
    question = build.question(survey, "long_text", "Wat vindt u ervan?", required=True)
    from surveys import builder

    builder.open_survey(survey.owner, survey)
    url = f"/enquetes/{survey.slug}/invullen"
    html = client.get(url).get_data(as_text=True)
    _honeypot_is_hidden(html)
    token = _token(html)
    profile = {"category": "citizen", "publication": "anonymous", "action": "next", "submission_token": token}

    with caplog.at_level(logging.WARNING, logger="inspraak.abuse"):
        page = client.post(url, data={**profile, "website": SPAM})
    _refused_with_a_visible_field(page.get_data(as_text=True))
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0
    _logged_without_input(caplog)

    assert client.post(url, data=profile).status_code == 302
    html = client.get(f"{url}?pagina=2").get_data(as_text=True)
    _honeypot_is_hidden(html)
    answer = {"submission_token": token, f"q{question.id}": "Goed plan.", "action": "submit"}
    page = client.post(f"{url}?pagina=2", data={**answer, "website": SPAM})
    html = page.get_data(as_text=True)
    _refused_with_a_visible_field(html)
    assert "Goed plan." in html
    assert db.session.scalar(db.select(db.func.count(Answer.id))) == 0
    assert db.session.scalar(db.select(Response.submitted_at)) is None
    assert client.post(f"{url}?pagina=2", data=answer).status_code == 302
    assert db.session.scalar(db.select(db.func.count(Response.id)).where(Response.submitted_at.is_not(None))) == 1


def test_event_sign_up(app, build, signed_in, caplog):
    event = build.roundtable()
    client = signed_in(build.user())
    url = f"/rondetafels/{event.id}/aanmelden"
    _honeypot_is_hidden(client.get(url).get_data(as_text=True))
    with caplog.at_level(logging.WARNING, logger="inspraak.abuse"):
        page = client.post(url, data={"consent": "y", "accessibility_needs": "Een ringleiding", "website": SPAM})
    html = page.get_data(as_text=True)
    _refused_with_a_visible_field(html)
    assert "Een ringleiding" in html
    assert db.session.scalar(db.select(db.func.count(Registration.id))) == 0
    _logged_without_input(caplog)
    assert client.post(url, data={"consent": "y", "website": ""}).status_code == 302
    assert db.session.scalar(db.select(db.func.count(Registration.id))) == 1


@pytest.mark.parametrize("path", ["templates/accounts/register.html", "templates/roundtables/signup.html",
                                  "templates/surveys/profile.html", "templates/surveys/page.html",
                                  "templates/surveys/send.html"])
def test_every_public_form_template_renders_the_honeypot(path):
    from pathlib import Path

    assert "honeypot(form.website)" in (Path(__file__).resolve().parents[2] / path).read_text()
