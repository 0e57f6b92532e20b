"""Results (aggregates per category, SVG with a table, who may see them), exports (CSV,
XLSX, JSON, formula-safe, streamed; the command), personal data and the permission matrix."""
from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from inspraak.accounts.models import Role
from inspraak.database import utcnow
from inspraak.extensions import db
from surveys import builder, services
from surveys.models import Response
from surveys.permissions import (
    can_create_survey, can_edit_survey, can_export_responses, can_import_responses, can_view_results, can_view_survey,
)


@pytest.fixture
def answered(build):
    survey = build.survey(status="draft")
    choice = build.question(survey, "multiple_choice", "Wat vindt u belangrijk?", options=["Prijs", "Smaak"])
    score = build.question(survey, "likert", "Eens met de stelling?")
    text = build.question(survey, "long_text", "Toelichting")
    builder.open_survey(survey.owner, survey)
    build.imported_response(survey, {choice.id: ["prijs"], score.id: 2, text.id: "=1+1 is niet genoeg"})
    build.imported_response(survey, {choice.id: ["prijs", "smaak"], score.id: 4}, category="ngo",
                            organisation="Stichting X", publication="with_name")
    build.imported_response(survey, {score.id: 5}, category="ngo", organisation="Stichting Y")
    return survey, choice, score, text


def test_results_split_by_category_with_an_svg_and_a_table(client, answered):
    survey, choice, score, text = answered
    assert client.get(f"/enquetes/{survey.slug}/uitkomsten").status_code == 404  # open, no live results
    builder.close_survey(survey.owner, survey)
    html = client.get(f"/enquetes/{survey.slug}/uitkomsten").get_data(as_text=True)
    assert html.count('<svg class="chart" role="img"') == 2 and "<table" in html
    assert "Burger" in html and "Maatschappelijke organisatie (ngo)" in html
    assert "3,67" in html  # the mean of 2, 4 and 5
    assert "<td>2 (100%)</td>" in html and "<td>1 (50%)</td>" in html  # of those who answered the question
    assert "export.xlsx" not in html  # downloads only for its officers


def test_live_results_when_the_officer_allows_it(client, build):
    survey = build.survey(shows_live_results=True)
    assert client.get(f"/enquetes/{survey.slug}/uitkomsten").status_code == 200


def test_exports_one_row_per_response_formula_safe(client, answered, signed_in, tmp_path, app):
    survey, choice, score, text = answered
    signed_in(survey.owner)
    with client.get(f"/enquetes/{survey.slug}/export.csv") as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header = rows[0]
    assert header[:8] == ["referentie", "verzonden_op", "categorie", "organisatie", "naam", "provincie", "openbaarheid", "bron"]
    assert header[8:] == ["1. Wat vindt u belangrijk?: Prijs", "1. Wat vindt u belangrijk?: Smaak",
                          "2. Eens met de stelling?", "3. Toelichting"]
    assert len(rows) == 4
    first = dict(zip(header, rows[1]))
    assert first["3. Toelichting"] == "'=1+1 is niet genoeg" and first["categorie"] == "citizen"
    assert first["1. Wat vindt u belangrijk?: Prijs"] == "1" and first["1. Wat vindt u belangrijk?: Smaak"] == "0"
    with client.get(f"/enquetes/{survey.slug}/export.xlsx") as response:
        sheet = load_workbook(io.BytesIO(response.get_data())).active
        values = list(sheet.values)
    assert len(values) == 4 and values[1][11] == "'=1+1 is niet genoeg" and values[2][10] == 4
    with client.get(f"/enquetes/{survey.slug}/export.json") as response:
        records = json.loads(response.get_data(as_text=True))
    # A stand-alone survey publishes nothing, so the choice sent with the import is not kept.
    assert records[1]["organisatie"] == "Stichting X" and records[1]["openbaarheid"] == "not_published"
    # The command writes the same export.
    target = tmp_path / "out.xlsx"
    result = app.test_cli_runner().invoke(args=["export-responses", survey.slug, "--format", "xlsx", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert len(list(load_workbook(target).active.values)) == 4
    target = tmp_path / "out.csv"
    app.test_cli_runner().invoke(args=["export-responses", survey.slug, "--format", "csv", "--output", str(target)])
    assert target.read_text(encoding="utf-8").count("\n") == 4
    assert app.test_cli_runner().invoke(args=["export-responses", "geen", "--output", str(target)]).exit_code != 0


def test_export_columns_are_unique_so_json_drops_none(client, build, signed_in):
    """Options with the same label (stored before the builder refused them), or an option
    called like the "other" column, gave two columns of one name: the JSON export, keyed by
    column name, silently kept only one of them."""
    survey = build.survey(status="draft")
    twice = build.question(survey, "multiple_choice", "Meerdere", options=["A", "B", "C"])
    other = build.question(survey, "multiple_choice", "Nog een", options=["Prijs", "anders, namelijk"],
                           settings={"has_other": True})
    # As an older release stored it: A, B, C and A again.
    twice.options = [*twice.options, {"value": "a-2", "label": "A"}]
    db.session.commit()
    builder.open_survey(survey.owner, survey)
    build.imported_response(survey, {twice.id: ["a-2"], other.id: ["anders-namelijk", {"other": "Geur"}]})
    signed_in(survey.owner)
    with client.get(f"/enquetes/{survey.slug}/export.csv") as response:
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header = rows[0]
    assert len(set(header)) == len(header)
    assert header[8:] == ["1. Meerdere: A", "1. Meerdere: B", "1. Meerdere: C", "1. Meerdere: A (2)",
                          "2. Nog een: Prijs", "2. Nog een: anders, namelijk", "2. Nog een: anders, namelijk (2)"]
    assert rows[1][8:] == ["0", "0", "0", "1", "0", "1", "Geur"]
    with client.get(f"/enquetes/{survey.slug}/export.json") as response:
        record = json.loads(response.get_data(as_text=True))[0]
    assert list(record) == header
    assert record["1. Meerdere: A"] == 0 and record["1. Meerdere: A (2)"] == 1
    assert record["2. Nog een: anders, namelijk (2)"] == "Geur"


def test_personal_data_export_and_erasure_keep_the_answers(client, build, signed_in):
    survey = build.survey(questions=True)
    person = build.user(Role.ORGANISATION, organisation="Boerenbond Oost")
    signed_in(person)
    client.post(f"/enquetes/{survey.slug}/invullen", data={
        "category": "ngo", "organisation": "Boerenbond Oost", "name": "Piet", "publication": "with_name",
        "submission_token": "t" * 20})
    response = db.session.scalar(db.select(Response))
    question = survey.ordered_questions()[0]
    services.save_and_submit(response, survey.sections[0].id, {question.id: "Mijn mening"}, utcnow())
    data = services.export_responses_of(person)
    assert data[0]["answers"] == {f"1. {question.text}": "Mijn mening"} and data[0]["organisation"] == "Boerenbond Oost"
    assert client.post("/account/verwijderen", data={"password": "correct horse battery"}).status_code == 302
    db.session.expire_all()
    kept = db.session.scalar(db.select(Response))
    assert kept.user_id is None and kept.respondent_name is None and kept.organisation_name is None
    assert kept.answers_by_question() == {question.id: "Mijn mening"} and kept.respondent_category == "ngo"


def test_the_personal_data_export_keeps_every_answer_with_its_label(build):
    """Keyed by question text, two questions called "Toelichting" kept one answer; choices
    showed their stored values ("ja-verplicht") instead of what the person chose."""
    survey = build.survey(status="draft")
    first = build.question(survey, "long_text", "Toelichting")
    choice = build.question(survey, "single_choice", "Moet het etiket verplicht zijn?", options=["Ja, verplicht", "Nee"])
    second = build.question(survey, "long_text", "Toelichting")
    from surveys import builder

    builder.open_survey(survey.owner, survey)
    person = build.user(Role.PARTICIPANT)
    response = build.imported_response(survey, {first.id: "Eerste", choice.id: choice.options[0]["value"],
                                                second.id: "Tweede"})
    response.user_id = person.id
    db.session.commit()
    answers = services.export_responses_of(person)[0]["answers"]
    assert answers == {"1. Toelichting": "Eerste", "2. Moet het etiket verplicht zijn?": "Ja, verplicht",
                       "3. Toelichting": "Tweede"}


ROLES = [None, Role.PARTICIPANT, Role.ORGANISATION, Role.MODERATOR, Role.POLICY_OFFICER, Role.ADMIN]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_permission_matrix(app, build, role):
    from flask_login import AnonymousUserMixin

    owner = build.user(Role.POLICY_OFFICER)
    draft = build.survey(owner, status="draft")
    open_survey = build.survey(owner)
    user = build.user(role) if role else AnonymousUserMixin()
    mine = build.survey(user, status="draft") if role in (Role.POLICY_OFFICER, Role.ADMIN) else None
    now = utcnow()
    expected_admin = role is Role.ADMIN
    officer = role in (Role.POLICY_OFFICER, Role.ADMIN)
    assert can_view_survey(user, open_survey) is True
    assert can_view_survey(user, draft) is expected_admin
    assert can_create_survey(user) is officer
    assert can_edit_survey(user, open_survey) is expected_admin
    assert can_export_responses(user, open_survey) is expected_admin
    assert can_import_responses(user, open_survey) is expected_admin  # another officer's survey: no
    assert can_import_responses(user, draft) is False  # nobody imports into a draft
    assert can_view_results(user, open_survey, now) is expected_admin
    assert can_view_results(user, open_survey, now + timedelta(days=60)) is True  # after closing: public
    if mine is not None:
        assert can_edit_survey(user, mine) and can_export_responses(user, mine)
        assert can_import_responses(user, build.survey(user))  # their own open survey


def test_the_consultations_officer_manages_its_questionnaire_whoever_made_it(app, build):
    """An admin made the questionnaire of an officer's consultation: the officer, who reads
    its summaries and report, could not edit, export or import it."""
    officer, colleague = build.user(Role.POLICY_OFFICER), build.user(Role.POLICY_OFFICER)
    consultation = build.consultation(officer, status="open")
    questionnaire = build.survey(build.user(Role.ADMIN), consultation=consultation)
    draft = build.survey(build.user(Role.ADMIN), consultation=build.consultation(officer, status="open"), status="draft")
    assert can_edit_survey(officer, questionnaire) and can_export_responses(officer, questionnaire)
    assert can_import_responses(officer, questionnaire) and can_view_survey(officer, draft)
    assert not can_edit_survey(colleague, questionnaire) and not can_import_responses(colleague, questionnaire)
    assert not can_view_survey(colleague, draft)
    from surveys.builder import surveys_managed_by

    assert {s.id for s in surveys_managed_by(officer)} == {questionnaire.id, draft.id}  # their list shows them
    assert surveys_managed_by(colleague) == []


def test_on_the_english_results_what_the_survey_author_wrote_is_marked_dutch(client, build):
    """WCAG 3.1.2: question texts, options and statements are Dutch content inside an
    English page; the platform's words (Likert points, "Other", headers) follow the page."""
    from tests.helpers import texts_by_language

    survey = build.survey(status="draft")
    eats = build.question(survey, "single_choice", "Eet u vlees?", options=["Ja", "Nee"], settings={"has_other": True})
    agrees = build.question(survey, "likert", "Eens met de stelling?")
    weighs = build.question(survey, "ranking", "Wat weegt het zwaarst?", options=["Prijs", "Smaak"])
    views = build.question(survey, "matrix", "Hoe kijkt u ertegenaan?", options=["Het is veilig", "Het is nodig"])
    builder.open_survey(survey.owner, survey)
    build.imported_response(survey, {eats.id: "ja", agrees.id: 5, weighs.id: ["smaak", "prijs"],
                                     views.id: {"het-is-veilig": 4, "het-is-nodig": 2}})
    build.imported_response(survey, {eats.id: {"other": "soms"}, agrees.id: 1}, category="ngo", organisation="Stichting X")
    builder.close_survey(survey.owner, survey)
    client.get("/taal/en")
    texts = texts_by_language(client.get(f"/enquetes/{survey.slug}/uitkomsten").get_data(as_text=True))
    for dutch in ("1. Eet u vlees?", "Ja", "Nee", "2. Eens met de stelling?", "3. Wat weegt het zwaarst?", "Prijs",
                  "Smaak", "4. Hoe kijkt u ertegenaan?", "Het is veilig", "Het is nodig"):
        assert texts.get(dutch) == {"nl"}, (dutch, texts.get(dutch))
    for english in ("Results", "Other", "Strongly agree", "Strongly disagree", "Answer", "Everyone", "Citizen",
                    "(mean)", "Mean"):
        assert texts.get(english) == {"en"}, (english, texts.get(english))


def test_means_are_written_in_the_pages_language(app, build):
    """The English results showed "Mean 5,18": a Dutch decimal comma."""
    survey = build.survey(status="draft", shows_live_results=True)
    scale = build.question(survey, "scale", "Hoe veilig vindt u het?")
    from surveys import builder

    builder.open_survey(survey.owner, survey)
    for value in (2, 3, 3, 4, 4, 5):
        build.imported_response(survey, {scale.id: value})
    client = app.test_client()
    dutch = client.get(f"/enquetes/{survey.slug}/uitkomsten").get_data(as_text=True)
    assert "3,50" in dutch and "3.50" not in dutch
    client.get("/taal/en")
    english = client.get(f"/enquetes/{survey.slug}/uitkomsten").get_data(as_text=True)
    assert "3.50" in english and "3,50" not in english
