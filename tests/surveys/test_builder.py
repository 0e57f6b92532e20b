"""The builder for policy officers, through the real pages: survey, pages, questions,
options, order, conditions, preview; frozen once there are responses."""
from __future__ import annotations

from inspraak.accounts.models import Role
from inspraak.extensions import db
from surveys.models import Question, Survey


def _new_survey(client):
    response = client.post("/enquetes/nieuw", data={
        "title": "Proeverij kweekvlees Utrecht", "intro": "Wat vond u ervan?", "consultation": "", "topic": "kweekvlees",
        "opens_at": "2026-01-01T10:00", "closes_at": "2030-01-01T10:00", "allows_anonymous": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(db.select(Survey))


def _add_question(client, survey, section_id, **data):
    response = client.post(f"/enquetes/{survey.slug}/paginas/{section_id}/vragen/nieuw",
                           data={"kind": "short_text", "condition_operator": "equals", **data})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(db.select(Question).order_by(Question.id.desc())).first()


def test_an_officer_builds_a_survey_with_a_condition(client, build, signed_in):
    signed_in(build.user(Role.POLICY_OFFICER))
    survey = _new_survey(client)
    assert survey.slug == "proeverij-kweekvlees-utrecht" and survey.allows_anonymous
    first_page = survey.sections[0].id
    tasted = _add_question(client, survey, first_page, kind="single_choice", text="Heeft u geproefd?",
                           options="Ja\nNee\n", is_required="y")
    assert tasted.options == [{"value": "ja", "label": "Ja"}, {"value": "nee", "label": "Nee"}]
    # A condition on the same page is refused: it could not work without JavaScript.
    refused = client.post(f"/enquetes/{survey.slug}/paginas/{first_page}/vragen/nieuw", data={
        "kind": "long_text", "text": "Waarom?", "condition_question": str(tasted.id), "condition_operator": "equals",
        "condition_value": "Ja"})
    assert refused.status_code == 200
    assert client.post(f"/enquetes/{survey.slug}/paginas/nieuw", data={
        "title": "Uw ervaring", "condition_question": str(tasted.id), "condition_operator": "equals",
        "condition_value": "Ja"}).status_code == 302
    db.session.expire_all()
    second = survey.sections[1]
    assert second.show_if == {"question": tasted.id, "operator": "equals", "value": "ja"}  # label -> value
    why = _add_question(client, survey, second.id, kind="long_text", text="Hoe smaakte het?", max_length="500",
                        condition_question=str(tasted.id), condition_operator="not_equals", condition_value="nee")
    assert why.settings == {"max_length": 500} and why.show_if["operator"] == "not_equals"
    price = _add_question(client, survey, second.id, kind="number", text="Wat zou u betalen?", minimum="0", maximum="50")
    # Reorder: move the price question up.
    assert client.post(f"/enquetes/{survey.slug}/vragen/{price.id}/omhoog").status_code == 302
    db.session.expire_all()
    assert [q.text for q in survey.sections[1].questions] == ["Wat zou u betalen?", "Hoe smaakte het?"]
    # A question that a condition uses cannot be deleted.
    client.post(f"/enquetes/{survey.slug}/vragen/{tasted.id}/verwijderen")
    assert db.session.get(Question, tasted.id) is not None
    preview = client.get(f"/enquetes/{survey.slug}/voorbeeld").get_data(as_text=True)
    assert "Hoe smaakte het?" in preview and "Alleen tonen als ‘Heeft u geproefd?’ is gelijk aan ‘Ja’" in preview
    assert client.post(f"/enquetes/{survey.slug}/status", data={"status": "open"}).status_code == 302
    db.session.expire_all()
    assert survey.status == "open"


def test_questions_are_frozen_once_there_are_responses(client, build, signed_in):
    officer = build.user(Role.POLICY_OFFICER)
    survey = build.survey(officer, status="draft")
    choice = build.question(survey, "single_choice", "Voor of tegen?", options=["Voor", "Tegen"])
    from surveys import builder
    builder.open_survey(officer, survey)
    build.imported_response(survey, {choice.id: "voor"})
    signed_in(officer)
    response = client.post(f"/enquetes/{survey.slug}/vragen/{choice.id}", data={
        "kind": "single_choice", "text": "Voor of tegen?", "options": "Tegen\nVoor", "condition_operator": "equals"})
    assert response.status_code == 200 and "al antwoorden" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Question, choice.id).options[0]["label"] == "Voor"
    client.post(f"/enquetes/{survey.slug}/vragen/{choice.id}/verwijderen")
    assert db.session.get(Question, choice.id) is not None
    page = client.get(f"/enquetes/{survey.slug}/bewerken").get_data(as_text=True)
    assert "liggen daarom vast" in page and "Vraag toevoegen" not in page


def test_only_the_owner_or_an_admin_builds(client, build, signed_in):
    survey = build.survey(status="draft")
    signed_in(build.user(Role.POLICY_OFFICER))
    assert client.get(f"/enquetes/{survey.slug}/bewerken").status_code == 403
    assert client.post(f"/enquetes/{survey.slug}/paginas/nieuw", data={"title": "x"}).status_code == 403
    assert client.get(f"/enquetes/{survey.slug}").status_code == 404  # a draft is not revealed
    assert client.get(f"/enquetes/{survey.slug}/export.csv").status_code == 404


def test_a_consultation_page_links_to_its_questionnaire(client, build):
    consultation = build.consultation(status="open")
    survey = build.survey(consultation=consultation)
    page = client.get(f"/consultaties/{consultation.slug}").get_data(as_text=True)
    assert f"/enquetes/{survey.slug}" in page and "Vragenlijst invullen" in page
    assert survey.is_accepting_responses(consultation.opens_at.__class__.now(consultation.opens_at.tzinfo))


def _field_error(html: str, field_id: str) -> str:
    """The message shown next to a field (``<p class="field-error" id="...-error">``)."""
    import re

    found = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


def test_a_multiple_choice_question_can_be_answered_within_its_limits(client, build, signed_in):
    """min_choices (or max_choices) above the number of options could never be met:
    "Kies er ten minste 5." of two options. "Anders, namelijk" counts as one more."""
    survey = build.survey(status="draft")
    signed_in(survey.owner)
    url = f"/enquetes/{survey.slug}/paginas/{survey.sections[0].id}/vragen/nieuw"
    base = {"kind": "multiple_choice", "text": "Wat vindt u belangrijk?", "options": "A\nB", "condition_operator": "equals"}
    before = len(survey.ordered_questions())
    for name in ("min_choices", "max_choices"):
        page = client.post(url, data={**base, name: "5"})
        assert page.status_code == 200
        assert "maar 2 mogelijkheden" in _field_error(page.get_data(as_text=True), name)
    db.session.expire_all()
    assert len(survey.ordered_questions()) == before  # nothing stored
    # Two options and "other": three things to choose, so at least 3 can be met.
    stored = _add_question(client, survey, survey.sections[0].id, **base, has_other="y", min_choices="3", max_choices="3")
    assert stored.settings == {"has_other": True, "min_choices": 3, "max_choices": 3}


def test_an_option_or_statement_appears_once(client, build, signed_in):
    """The respondent would see "A" twice and the exports would get two columns of one
    name; case and spacing do not make a label different."""
    import pytest

    from inspraak.errors import DomainError
    from surveys import builder

    survey = build.survey(status="draft")
    signed_in(survey.owner)
    url = f"/enquetes/{survey.slug}/paginas/{survey.sections[0].id}/vragen/nieuw"
    page = client.post(url, data={"kind": "multiple_choice", "text": "Wat vindt u belangrijk?", "options": "A\nB\nC\nA",
                                  "condition_operator": "equals"})
    assert page.status_code == 200
    assert "‘A’ staat meer dan één keer in de lijst" in _field_error(page.get_data(as_text=True), "options")
    for kind, labels, duplicate in (("single_choice", ["Ja", "ja", "JA "], "ja"),
                                    ("ranking", ["Prijs", "Smaak", "  prijs"], "prijs"),
                                    ("matrix", ["Vlees is duur", "Vlees  is DUUR"], "Vlees  is DUUR")):
        with pytest.raises(DomainError) as refused:
            build.question(survey, kind, "Vraag", options=labels)
        assert refused.value.field == "options" and f"‘{duplicate}’" in str(refused.value)
        db.session.rollback()  # as the end of a refused request does
    assert survey.ordered_questions() == []
    assert len(build.question(survey, "single_choice", "Vraag", options=["Ja", "Ja, maar", "Nee"]).options) == 3


def test_the_preview_numbers_pages_as_the_editor_does(client, build, signed_in):
    """The editor's "Pagina 1: Vragen" was "Pagina 2: Vragen" in the preview, which counted
    the respondent's step "Over u"; the preview now names that step separately."""
    survey = build.survey(status="draft", questions=True)
    build.section(survey, "Uw ervaring")
    signed_in(survey.owner)
    editor = client.get(f"/enquetes/{survey.slug}/bewerken").get_data(as_text=True)
    preview = client.get(f"/enquetes/{survey.slug}/voorbeeld").get_data(as_text=True)
    for heading in ("Pagina 1: Vragen", "Pagina 2: Uw ervaring"):
        assert heading in editor and heading in preview
    assert "Pagina 3" not in preview
    assert "Voor respondenten stap 2 van 3</p>" in preview and "Voor respondenten stap 3 van 3</p>" in preview
    # With a page that may be skipped, the count is what a respondent who sees every page gets.
    first = survey.ordered_questions()[0]
    build.section(survey, "Alleen soms", condition={"question": first.id, "operator": "contains", "value": "vlees"})
    preview = client.get(f"/enquetes/{survey.slug}/voorbeeld").get_data(as_text=True)
    assert "Pagina 3: Alleen soms" in preview and "stap 4 van 4, als alle pagina’s worden getoond" in preview
