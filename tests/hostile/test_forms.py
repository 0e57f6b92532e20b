"""Every string of the hostile corpus (``tests/hostile/corpus.json``) through every form
field a person can fill in, and through the API.

For each submission: no server error; either the input was refused with a clear message
(an error next to the field or in the summary; a 400/413 page that says why) and nothing
was stored, or what was stored equals what was sent after the documented normalisation:

* single-line fields and summaries lose surrounding white space, and white space with
  invisible format characters alone is empty (``inspraak.forms.strip``);
* names of people and organisations also lose bidi and control characters and fold runs
  of white space (``inspraak.accounts.identity.clean_name``);
* e-mail addresses are normalised (NFKC, lower case, IDNA) or refused
  (``accounts.services.normalise_email``);
* Markdown and open answers are stored exactly as typed (white space and invisible
  characters alone are no answer, ``inspraak.text.is_blank``); Markdown's HTML is rendered and
  cleaned once (``inspraak.text.markdown_to_html``);
* NUL is refused everywhere (PostgreSQL cannot store it).

Every page that shows a stored value is then checked for markup that could run
(``tests.helpers.unsafe_markup``); Chromium renders them in
``tests/browser/test_hostile_rendering.py``. Exports are checked for live formulas.
"""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from inspraak.accounts.identity import clean_name
from inspraak.accounts.models import Role, User
from inspraak.consultations.models import Consultation
from inspraak.extensions import db
from inspraak.roundtables.models import ParticipantCategory as C
from inspraak.roundtables.models import Registration, Roundtable, RoundtableMode
from inspraak.text import is_blank, markdown_to_html, strip_text
from surveys.models import Question, Response, Survey
from tests.builders import builders
from tests.helpers import hostile_strings, make_app, sign_in, unsafe_markup

pytestmark = pytest.mark.slow  # about two minutes: every string through every field

CORPUS = hostile_strings()
ERROR_MARKERS = ('class="error-summary"', 'class="field-error"', "answer-error", 'class="error-page"')


def test_the_corpus_has_at_least_a_hundred_strings_of_every_kind():
    kinds = {label.split("-", 1)[1] for label, _value in CORPUS}
    assert len(CORPUS) >= 100
    assert {"script", "mutation-xss", "markdown", "url", "svg", "css", "formula", "sql", "control", "bidi", "email",
            "large"} <= kinds
    assert any(len(value) >= 1_000_000 for _label, value in CORPUS)
    assert any(value == "\t=1+1" for _label, value in CORPUS)


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, RATELIMIT_ENABLED=False)
    with app.app_context():
        yield app
        db.session.remove()


def _refused_clearly(response) -> bool:
    html = response.get_data(as_text=True)
    if response.status_code in (400, 413, 422):
        return "<h1" in html or response.is_json
    return response.status_code == 200 and any(marker in html for marker in ERROR_MARKERS)


class Findings:
    """Problems per corpus label, reported together at the end."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def check(self, condition: bool, label: str, message: str) -> None:
        if not condition:
            self.items.append(f"{label}: {message}")

    def no_server_error(self, response, label: str, what: str) -> bool:
        ok = response.status_code < 500
        self.check(ok, label, f"{what} answered {response.status_code}")
        return ok

    def safe_page(self, client, url: str, label: str) -> None:
        response = client.get(url)
        self.check(response.status_code == 200, label, f"GET {url} answered {response.status_code}")
        self.check("script-src 'self'" in response.headers.get("Content-Security-Policy", ""), label,
                   f"GET {url}: no CSP")
        bad = unsafe_markup(response.get_data(as_text=True))
        self.check(not bad, label, f"GET {url} has unsafe markup: {bad[:3]}")

    def assert_none(self) -> None:
        assert not self.items, f"{len(self.items)} problems:\n  " + "\n  ".join(self.items[:60])


def _stripped(value: str) -> str:
    return strip_text(value)


def test_registration_fields(app):
    from inspraak.accounts.services import normalise_email

    findings = Findings()
    client = app.test_client()
    base = {"account_type": "organisation", "name": "Sanne de Vries", "password": "een lange wachtzin",
            "password_confirm": "een lange wachtzin", "organisation_name": "Stichting Zaad",
            "organisation_category": "ngo"}
    for number, (label, value) in enumerate(CORPUS):
        for field in ("name", "organisation_name", "kvk_number", "transparency_register_id", "email"):
            email = value if field == "email" else f"r{number}-{field}@example.org"
            before = db.session.scalar(db.select(db.func.count(User.id)))
            response = client.post("/account/registreren", data={**base, field: value, "email": email})
            if not findings.no_server_error(response, label, f"registration {field}"):
                continue
            after = db.session.scalar(db.select(db.func.count(User.id)))
            if response.status_code != 302:
                findings.check(_refused_clearly(response) and after == before, label,
                               f"registration {field}: neither stored nor refused with a message")
                continue
            if field == "email":
                try:
                    expected = normalise_email(value)
                except Exception:  # refused by the service after the form: no account may exist
                    findings.check(after == before, label, "an address the service refuses was stored")
                    continue
                user = db.session.scalar(db.select(User).where(User.email == expected))
                findings.check(user is not None or after == before, label, f"registration e-mail stored as {expected!r}?")
                continue
            user = db.session.scalar(db.select(User).where(User.email == email))
            findings.check(user is not None, label, f"registration {field}: accepted but no account")
            if user is None:
                continue
            if field == "name":
                findings.check(user.name == clean_name(value), label, f"name stored as {user.name[:40]!r}")
            elif field == "organisation_name":
                findings.check(user.organisation.name == clean_name(value), label,
                               f"organisation stored as {user.organisation.name[:40]!r}")
            elif field == "kvk_number":
                findings.check(user.organisation.kvk_number in (None, value.strip()), label, "KvK number changed")
            else:
                findings.check(user.organisation.transparency_register_id in (None, value.strip()), label,
                               "register id changed")
    # The admin list shows every stored name and organisation.
    admin = builders().user(Role.ADMIN)
    sign_in(client, admin)
    for page in range(1, 6):
        findings.safe_page(client, f"/account/beheer/gebruikers?pagina={page}", "admin list")
    findings.assert_none()


def _consultation_form(**overrides):
    return {"title": "Consultatie", "topic": "ngt", "summary": "Samenvatting", "body": "Toelichting",
            "opens_at": "2026-01-01T09:00", "closes_at": "2030-01-01T09:00", **overrides}


def test_consultation_create_and_edit_fields(app):
    findings = Findings()
    officer = builders().user(Role.POLICY_OFFICER)
    client = app.test_client()
    sign_in(client, officer)
    for label, value in CORPUS:
        for field in ("title", "summary", "body"):
            before = db.session.scalar(db.select(db.func.count(Consultation.id)))
            response = client.post("/consultaties/nieuw", data=_consultation_form(**{field: value}))
            if not findings.no_server_error(response, label, f"consultation {field}"):
                continue
            if response.status_code != 302:
                findings.check(_refused_clearly(response)
                               and db.session.scalar(db.select(db.func.count(Consultation.id))) == before,
                               label, f"consultation {field}: neither stored nor refused with a message")
                continue
            stored = db.session.scalars(db.select(Consultation).order_by(Consultation.id.desc()).limit(1)).first()
            if field == "body":
                findings.check(stored.body_markdown == value, label, "body not stored as typed")
                findings.check(stored.body_html == markdown_to_html(value), label, "body HTML not the cleaned rendering")
                findings.check(not unsafe_markup(stored.body_html), label, f"unsafe body HTML {unsafe_markup(stored.body_html)[:2]}")
            else:
                findings.check(getattr(stored, field) == _stripped(value), label, f"{field} not stored as sent")
            if len(value) < 5000:  # the page of each accepted one (large ones: a sample below)
                findings.safe_page(client, f"/consultaties/{stored.slug}/bewerken", label)
    # Editing the body of one consultation with every string.
    target = db.session.scalars(db.select(Consultation).order_by(Consultation.id).limit(1)).first()
    slug = target.slug
    for label, value in CORPUS:
        response = client.post(f"/consultaties/{slug}/bewerken", data=_consultation_form(body=value, title="Bewerkt"))
        if findings.no_server_error(response, label, "consultation edit") and response.status_code == 302:
            db.session.expire_all()
            findings.check(db.session.get(Consultation, target.id).body_markdown == value, label, "edit not stored")
            findings.safe_page(client, f"/consultaties/{slug}", label)
        else:
            findings.check(_refused_clearly(response), label, "edit neither stored nor refused with a message")
    findings.assert_none()


def _survey_with_every_text_question(officer):
    build = builders()
    # A consultation's questionnaire: it asks for the name (a stand-alone survey does not).
    survey = build.survey(officer, status="draft", allows_anonymous=True, shows_live_results=True,
                          consultation=build.consultation(officer, status="open"))
    first = survey.sections[0]
    short = build.question(survey, "short_text", "Kort", page=first)
    page = build.section(survey, "Lang")
    long = build.question(survey, "long_text", "Lang", page=page, settings={"max_length": 20_000})
    page = build.section(survey, "Keuze")
    choice = build.question(survey, "single_choice", "Keuze", options=["Ja", "Nee"], settings={"has_other": True},
                            page=page)
    page = build.section(survey, "Getal")
    number = build.question(survey, "number", "Getal", page=page)
    page = build.section(survey, "Datum")
    when = build.question(survey, "date", "Datum", page=page)
    from surveys import builder

    builder.open_survey(officer, survey)
    return survey, [(short, "q{}"), (long, "q{}"), (choice, "q{}-other"), (number, "q{}"), (when, "q{}")]


def _token(html: str) -> str:
    return re.search(r'name="submission_token" type="hidden" value="([^"]+)"', html).group(1)


def test_survey_answers_and_respondent_profile(app):
    findings = Findings()
    officer = builders().user(Role.POLICY_OFFICER)
    survey, questions = _survey_with_every_text_question(officer)
    slug = survey.slug
    url = f"/enquetes/{slug}/invullen"
    for label, value in CORPUS:
        client = app.test_client()
        token = _token(client.get(url).get_data(as_text=True))
        profile = {"category": "ngo", "organisation": value, "name": value, "publication": "with_name",
                   "submission_token": token, "action": "next"}
        response = client.post(url, data=profile)
        if not findings.no_server_error(response, label, "survey profile"):
            continue
        if response.status_code != 302:
            findings.check(_refused_clearly(response), label, "profile neither stored nor refused with a message")
            response = client.post(url, data={**profile, "organisation": "Stichting", "name": "Naam"})
            if response.status_code != 302:
                findings.check(False, label, "a plain profile was refused after a hostile one")
                continue
        else:
            stored = db.session.scalar(db.select(Response).where(Response.submission_token == token))
            findings.check(stored.respondent_name == _stripped(value) or not _stripped(value), label,
                           "respondent name not stored as sent")
        for page, (question, name) in enumerate(questions, start=2):
            field = name.format(question.id)
            data = {"submission_token": token, field: value, "action": "submit" if page == 6 else "next"}
            if name.endswith("-other"):
                data[f"q{question.id}-choice"] = "__other__"
            response = client.post(f"{url}?pagina={page}", data=data)
            if not findings.no_server_error(response, label, f"survey {question.kind}"):
                break
            db.session.expire_all()
            stored = db.session.scalar(db.select(Response).where(Response.submission_token == token))
            answer = stored.answers_by_question().get(question.id)
            if response.status_code == 302:
                if question.kind in ("short_text", "long_text"):
                    # White space and invisible characters alone are no answer (surveys.questions);
                    # anything else as typed.
                    findings.check(answer == (None if is_blank(value) else value), label,
                                   f"{question.kind} not stored as typed")
                elif question.kind == "single_choice":
                    findings.check(answer == {"other": value}, label, "'other' text not stored as typed")
                else:
                    findings.check(answer is not None or is_blank(value), label, f"{question.kind} accepted, not stored")
            else:
                findings.check(_refused_clearly(response) and answer is None, label,
                               f"{question.kind}: neither stored nor refused with a message")
                # Go on with a harmless answer, so later pages are reached.
                plain = {"number": "12", "date": "2026-03-01"}.get(question.kind, "gewoon")
                data[field] = plain
                client.post(f"{url}?pagina={page}", data=data)
    db.session.expire_all()
    submitted = db.session.scalar(db.select(db.func.count(Response.id)).where(Response.survey_id == survey.id,
                                                                             Response.submitted_at.is_not(None)))
    findings.check(submitted == len(CORPUS), "all", f"{submitted} of {len(CORPUS)} responses submitted")
    owner = app.test_client()
    sign_in(owner, db.session.get(User, officer.id))
    findings.safe_page(owner, f"/enquetes/{slug}/uitkomsten", "results")
    findings.assert_none()
    _exports_hold_no_live_formula(owner, slug)


def _exports_hold_no_live_formula(client, slug: str) -> None:
    """CSV, XLSX and JSON of every stored answer: no cell a spreadsheet would run, and the
    JSON gives back exactly what was stored."""
    from openpyxl import load_workbook

    from inspraak.exports import FORMULA_TRIGGERS

    with client.get(f"/enquetes/{slug}/export.csv") as response:
        csv_text = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert len(rows) > len(CORPUS)
    live = [cell for row in rows for cell in row if cell.startswith(FORMULA_TRIGGERS)]
    assert not live, f"CSV cells a spreadsheet would run: {live[:5]}"
    with client.get(f"/enquetes/{slug}/export.xlsx") as response:
        workbook = load_workbook(io.BytesIO(response.get_data()))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"XLSX formula in {cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_TRIGGERS[:4]), f"XLSX cell {cell.coordinate}: {cell.value!r}"
    with client.get(f"/enquetes/{slug}/export.json") as response:
        exported = json.loads(response.get_data(as_text=True))
    survey = db.session.scalar(db.select(Survey).where(Survey.slug == slug))
    stored = {r.reference: r for r in db.session.scalars(db.select(Response).where(Response.survey_id == survey.id))}
    items = exported if isinstance(exported, list) else exported.get("responses", exported.get("items", []))
    assert len(items) == len(CORPUS)
    texts = {json.dumps(value) for r in stored.values() for value in r.answers_by_question().values()}
    for item in items:
        for value in (item.get("answers") or {}).values():
            if isinstance(value, str):
                assert json.dumps(value) in texts or json.dumps(value.lstrip("'")) in texts


def test_survey_builder_fields(app):
    findings = Findings()
    officer = builders().user(Role.POLICY_OFFICER)
    client = app.test_client()
    sign_in(client, officer)
    base = {"title": "Enquête", "intro": "Inleiding", "consultation": "", "topic": "kweekvlees",
            "opens_at": "2026-01-01T10:00", "closes_at": "2030-01-01T10:00"}
    survey = None
    for label, value in CORPUS:
        for field in ("title", "intro"):
            response = client.post("/enquetes/nieuw", data={**base, field: value})
            if not findings.no_server_error(response, label, f"survey {field}"):
                continue
            if response.status_code == 302:
                survey = db.session.scalars(db.select(Survey).order_by(Survey.id.desc()).limit(1)).first()
                expected = _stripped(value) if field == "title" else value
                findings.check(getattr(survey, field if field == "title" else "intro_markdown") == expected, label,
                               f"survey {field} not stored as sent")
                if field == "intro" and len(value) < 5000:  # the title shows on the same page
                    findings.safe_page(client, f"/enquetes/{survey.slug}/voorbeeld", label)
            else:
                findings.check(_refused_clearly(response), label, f"survey {field}: refused without a message")
    slug, section_id = survey.slug, survey.sections[0].id
    for label, value in CORPUS:
        for field in ("text", "help", "options"):
            data = {"kind": "single_choice" if field == "options" else "short_text", "text": "Vraag",
                    "options": "Ja\nNee", "condition_operator": "equals", field: value}
            response = client.post(f"/enquetes/{slug}/paginas/{section_id}/vragen/nieuw", data=data)
            if not findings.no_server_error(response, label, f"question {field}"):
                continue
            if response.status_code != 302:
                findings.check(_refused_clearly(response), label, f"question {field}: refused without a message")
    findings.safe_page(client, f"/enquetes/{slug}/voorbeeld", "all questions")
    findings.safe_page(client, f"/enquetes/{slug}/bewerken", "all questions")
    findings.assert_none()


def _event_form(**overrides):
    return {"title": "Rondetafel", "kind": "roundtable", "mode": "selection", "consultation": "", "topic": "ngt",
            "description": "Over NGT", "agenda": "1. Welkom", "starts_at": "2030-03-05T14:00",
            "ends_at": "2030-03-05T16:00", "place": "Den Haag", "online_url": "", "signup_opens_at": "2026-01-01T09:00",
            "signup_closes_at": "2030-03-01T17:00", "max_per_organisation": "1",
            **{f"seats_{c.value}": "0" for c in C}, "seats_citizen": "500", **overrides}


def test_event_creation_and_sign_up_fields(app):
    findings = Findings()
    build = builders()
    officer = build.user(Role.POLICY_OFFICER)
    client = app.test_client()
    sign_in(client, officer)
    for label, value in CORPUS:
        for field in ("title", "description", "agenda", "place", "online_url"):
            before = db.session.scalar(db.select(db.func.count(Roundtable.id)))
            response = client.post("/rondetafels/nieuw", data=_event_form(**{field: value}))
            if not findings.no_server_error(response, label, f"event {field}"):
                continue
            if response.status_code != 302:
                findings.check(_refused_clearly(response)
                               and db.session.scalar(db.select(db.func.count(Roundtable.id))) == before,
                               label, f"event {field}: neither stored nor refused with a message")
                continue
            event = db.session.scalars(db.select(Roundtable).order_by(Roundtable.id.desc()).limit(1)).first()
            attribute = {"description": "description_markdown", "agenda": "agenda_markdown"}.get(field, field)
            stored = getattr(event, attribute)
            expected = value if field in ("description", "agenda") else (_stripped(value) or None)
            findings.check(stored == expected, label, f"event {field} stored as {str(stored)[:40]!r}")
            if field in ("title", "description") and len(value) < 5000:  # the others share these pages' escaping
                findings.safe_page(client, f"/rondetafels/{event.id}", label)
    # Sign-ups: every string in every answer, by citizens of one large event.
    event = build.roundtable(officer, mode=RoundtableMode.SELECTION, seats={C.CITIZEN: 500})
    event_id = event.id
    for number, (label, value) in enumerate(CORPUS):
        person = build.user(email=f"deelnemer{number}@example.org")
        participant = app.test_client()
        sign_in(participant, person)
        data = {"motivation": value, "accessibility_needs": value, "diet": value, "consent": "y"}
        response = participant.post(f"/rondetafels/{event_id}/aanmelden", data=data)
        if not findings.no_server_error(response, label, "sign-up"):
            continue
        registration = db.session.scalar(db.select(Registration).where(Registration.user_id == person.id))
        if response.status_code == 302:
            findings.check(registration is not None and registration.motivation == _stripped(value), label,
                           "motivation not stored as sent")
        else:
            findings.check(_refused_clearly(response) and registration is None, label,
                           "sign-up neither stored nor refused with a message")
    findings.safe_page(client, f"/rondetafels/{event_id}/deelnemers", "participants")
    with client.get(f"/rondetafels/{event_id}/deelnemers.csv") as response:
        csv_text = response.get_data(as_text=True)
    from inspraak.exports import FORMULA_TRIGGERS

    live = [cell for row in csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))) for cell in row
            if cell.startswith(FORMULA_TRIGGERS)]
    findings.check(not live, "participants.csv", f"cells a spreadsheet would run: {live[:3]}")
    findings.assert_none()


def test_api_fields_and_parameters(app):
    findings = Findings()
    build = builders()
    officer = build.user(Role.POLICY_OFFICER)
    from inspraak.accounts.services import create_api_token

    _token_row, secret = create_api_token(officer, "import")
    survey = build.survey(officer, status="draft", allows_anonymous=True)
    question = build.question(survey, "long_text", "Wat vindt u?", settings={"max_length": 20_000})
    from surveys import builder

    builder.open_survey(officer, survey)
    slug, question_id = survey.slug, question.id
    client = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    for number, (label, value) in enumerate(CORPUS):
        body = {"submission_token": f"api-{number}", "respondent": {"category": "ngo", "organisation": value,
                                                                   "name": value, "publication": "with_name"},
                "answers": {str(question_id): value}}
        response = client.post(f"/api/v1/surveys/{slug}/responses", json=body, headers=headers)
        if not findings.no_server_error(response, label, "API import"):
            continue
        if response.status_code in (200, 201):
            stored = db.session.scalar(db.select(Response).where(Response.submission_token == f"api-{number}"))
            findings.check(stored.answers_by_question().get(question_id) == value, label, "API answer not stored as sent")
        else:
            findings.check(response.is_json and "error" in response.get_json(), label,
                           f"API import refused without an error body ({response.status_code})")
        if len(value) > 10_000:
            continue
        for path in ("/api/v1/consultations", "/api/v1/roundtables", "/api/v1/surveys"):
            for parameter in ("topic", "status", "page", "per_page"):
                response = client.get(path, query_string={parameter: value})
                if findings.no_server_error(response, label, f"GET {path}?{parameter}"):
                    findings.check(response.status_code in (200, 400) and response.is_json, label,
                                   f"GET {path}?{parameter} answered {response.status_code}")
        for path in (f"/api/v1/consultations/{value}", f"/api/v1/surveys/{value}", f"/consultaties/{value}",
                     f"/enquetes/{value}", f"/consultaties/?zoek={value}"):
            try:
                response = client.get(path)
            except Exception as error:  # a path the test client cannot even form
                findings.check(False, label, f"GET {path[:40]!r} raised {error!r}")
                continue
            findings.no_server_error(response, label, f"GET {path[:40]!r}")
    findings.assert_none()


def test_profile_name(app):
    """The profile page (``/account/gegevens``): a name is stored cleaned or refused, and
    the profile and admin pages show it safely."""
    findings = Findings()
    person = builders().user()
    person_id = person.id
    client = app.test_client()
    sign_in(client, person)
    for label, value in CORPUS:
        response = client.post("/account/gegevens", data={"profiel-name": value, "profiel-locale": "nl"})
        if not findings.no_server_error(response, label, "profile name"):
            continue
        db.session.expire_all()
        stored = db.session.get(User, person_id).name
        if response.status_code == 302:
            findings.check(stored == clean_name(value), label, f"profile name stored as {stored[:40]!r}")
            if len(value) < 5000:
                findings.safe_page(client, "/account/", label)
        else:
            findings.check(_refused_clearly(response), label, "profile name refused without a message")
    findings.assert_none()
