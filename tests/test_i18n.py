"""Dutch by default, English on request, and no string left untranslated."""
from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.pofile import read_po

from inspraak.accounts.models import User
from inspraak.extensions import db
from tests.helpers import sign_in

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "inspraak" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_dutch_is_the_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in page and "Praat mee over biotechnologie" in page


def test_language_switch_to_english_and_back(client):
    response = client.get("/taal/en?volgende=/consultaties/")
    assert response.status_code == 302 and response.headers["Location"] == "/consultaties/"
    page = client.get("/consultaties/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Consultations" in page
    assert client.get("/").get_data(as_text=True).count("Have your say on biotechnology") == 1
    client.get("/taal/nl")
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)


def test_language_switch_never_redirects_off_site(client):
    assert client.get("/taal/en?volgende=https://evil.example").headers["Location"] == "/"
    assert client.get("/taal/xx").status_code == 404


def test_the_language_switch_is_a_link_that_changes_no_stored_data(app, build):
    user = build.user()
    client = app.test_client()
    sign_in(client, user)
    assert client.get("/taal/en").status_code == 302
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "nl"  # a GET wrote nothing


def test_the_language_chosen_before_signing_in_is_kept_and_stored(app, build):
    user = build.user()
    client = app.test_client()
    client.get("/taal/en")
    sign_in(client, user)
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"  # mail follows the choice
    fresh = app.test_client()
    sign_in(fresh, user)  # another browser without a choice: the account's language
    assert '<html lang="en">' in fresh.get("/").get_data(as_text=True)


def test_error_pages_speak_both_languages(client):
    assert "Pagina niet gevonden" in client.get("/bestaat-niet").get_data(as_text=True)
    client.get("/taal/en")
    assert "Page not found" in client.get("/bestaat-niet").get_data(as_text=True)


def test_form_errors_are_in_the_users_language(client):
    client.get("/taal/en")
    page = client.post("/account/inloggen", data={}).get_data(as_text=True)
    assert "There is a problem" in page


def test_too_long_a_text_is_said_in_the_platforms_words_in_both_languages(app, build):
    from tests.helpers import sign_in

    event = build.roundtable()
    client = app.test_client()
    sign_in(client, build.fresh(build.user()))
    data = {"consent": "y", "motivation": "x" * 1501, "accessibility_needs": ""}
    page = client.post(f"/rondetafels/{event.id}/aanmelden", data=data).get_data(as_text=True)
    assert "Gebruik ten hoogste 1500 tekens (nu 1501)." in page and "karakters" not in page
    client.get("/taal/en")
    page = client.post(f"/rondetafels/{event.id}/aanmelden", data=data).get_data(as_text=True)
    assert "Use at most 1500 characters (now 1501)." in page


def test_english_catalogue_is_complete_and_current():
    """Every extracted string has an English translation, and no translation is stale."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    missing = [m.id for m in catalogue if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []

    with (ROOT / "babel.cfg").open() as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
    extracted = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        extracted.add(message if isinstance(message, str) else message[0])
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
    assert sorted(extracted - known) == [], "run `make update-messages` and translate the new strings"


def test_an_unexpected_error_gets_the_friendly_page_in_both_languages(tmp_path):
    from tests.helpers import make_app

    app = make_app(tmp_path, create_schema=False)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/kapot")
    def broken():
        raise RuntimeError("boom")

    client = app.test_client()
    response = client.get("/kapot")
    assert response.status_code == 500 and "Er ging iets mis" in response.get_data(as_text=True)
    assert "boom" not in response.get_data(as_text=True)
    client.get("/taal/en")
    assert "Something went wrong" in client.get("/kapot").get_data(as_text=True)


def test_a_language_switched_within_a_request_gets_its_own_catalogue(app):
    """The request's catalogue is looked up once (inspraak.extensions.RequestDomain), yet a
    mail rendered in its recipient's language (force_locale) and a refresh() after a
    change of language still translate in the language that holds at that moment."""
    from flask import render_template_string, session
    from flask_babel import force_locale, gettext, lazy_gettext, refresh

    label = lazy_gettext("Inloggen")
    page = "{{ _('Inloggen') }} {{ _('Stap %(page)d van %(total)d', page=1, total=2) }}"
    with app.test_request_context("/"):
        assert gettext("Inloggen") == str(label) == "Inloggen"
        assert render_template_string(page) == "Inloggen Stap 1 van 2"
        with force_locale("en"):
            assert gettext("Inloggen") == str(label) == "Sign in"
            assert render_template_string(page) == "Sign in Step 1 of 2"
        assert gettext("Inloggen") == str(label) == "Inloggen"
        assert render_template_string(page) == "Inloggen Stap 1 van 2"
        session["locale"] = "en"
        refresh()
        assert gettext("Inloggen") == str(label) == "Sign in"
        assert render_template_string(page) == "Sign in Step 1 of 2"


def test_a_request_too_large_speaks_of_the_file_only_when_a_file_was_sent(app, client, build):
    """413: a form without a file (sign-in) or with too much text next to its file is
    about the text; only an upload over the request limit is about the file."""
    from surveys import builder

    limit = app.config["MAX_CONTENT_LENGTH"]
    for language, text_words, file_words in (("nl", "Te veel tekst", "Bestand te groot"),
                                             ("en", "Too much text", "File too large")):
        client.get(f"/taal/{language}")
        signing_in = client.post("/account/inloggen", data={"email": "a@example.org", "password": "x" * limit})
        page = signing_in.get_data(as_text=True)
        assert signing_in.status_code == 413 and text_words in page and file_words not in page
        assert "bestand" not in page.lower().replace("bestanden", "") and " file" not in page.lower()

    client.get("/taal/nl")
    survey = build.survey(status="draft")
    paper = build.question(survey, "file", "Uw position paper")
    text = build.question(survey, "long_text", "Toelichting")
    builder.open_survey(survey.owner, survey)
    html = client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True)
    token = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post(f"/enquetes/{survey.slug}/invullen", data={"submission_token": token, "category": "citizen",
                                                           "action": "next"})
    url = f"/enquetes/{survey.slug}/invullen?pagina=2"
    assert 'enctype="multipart/form-data"' in client.get(url).get_data(as_text=True)
    too_much_text = client.post(url, content_type="multipart/form-data", data={
        "submission_token": token, f"q{text.id}": "x" * (app.config["MAX_FORM_MEMORY_SIZE"] + 1), "action": "next"})
    assert too_much_text.status_code == 413 and "Te veel tekst" in too_much_text.get_data(as_text=True)
    app.config["MAX_CONTENT_LENGTH"] = 2000
    too_big_a_file = client.post(url, content_type="multipart/form-data", data={
        "submission_token": token, f"q{paper.id}": (io.BytesIO(b"%PDF-" + b"x" * 4000), "paper.pdf"), "action": "next"})
    assert too_big_a_file.status_code == 413 and "Bestand te groot" in too_big_a_file.get_data(as_text=True)


def test_a_survey_page_without_a_file_question_is_not_sent_as_an_upload(client, build):
    from surveys import builder

    survey = build.survey(status="draft")
    build.question(survey, "long_text", "Toelichting")
    builder.open_survey(survey.owner, survey)
    html = client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True)
    token = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post(f"/enquetes/{survey.slug}/invullen", data={"submission_token": token, "category": "citizen",
                                                           "action": "next"})
    page = client.get(f"/enquetes/{survey.slug}/invullen?pagina=2").get_data(as_text=True)
    assert 'class="survey-form"' in page and "multipart/form-data" not in page
