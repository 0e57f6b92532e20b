"""What people type and post on the answering pages, read as they meant it or refused with a
clear message: numbers in Dutch and English notation, ranking places, invisible text, and the
progress indicator's number of steps."""
from __future__ import annotations

import re

import pytest

from inspraak.accounts.services import create_api_token
from inspraak.extensions import db
from surveys.models import Response

PROFILE = {"category": "citizen", "publication": "anonymous", "action": "next"}


def _token(html: str) -> str:
    return re.search(r'name="submission_token" type="hidden" value="([^"]+)"', html).group(1)


def _open(survey):
    from surveys import builder

    builder.open_survey(survey.owner, survey)


def _start(client, survey) -> str:
    """Page 1 (about you) sent; returns the submission token."""
    token = _token(client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True))
    response = client.post(f"/enquetes/{survey.slug}/invullen", data={**PROFILE, "submission_token": token})
    assert response.headers["Location"].endswith("pagina=2")
    return token


def _stored() -> dict:
    db.session.expire_all()
    response = db.session.scalar(db.select(Response))
    return response.answers_by_question() if response is not None else {}


# --- numbers (F4) ------------------------------------------------------------------

@pytest.mark.parametrize("typed, stored", [
    ("12.345.678", 12345678), ("1.000,5", 1000.5), ("10 000", 10000), ("3,5", 3.5), ("3.5", 3.5),
    ("12", 12), ("1,000.5", 1000.5), ("-2,25", -2.25),
])
def test_a_number_in_dutch_or_english_notation_is_stored_as_meant(client, build, typed, stored):
    survey = build.survey(status="draft")
    hectares = build.question(survey, "number", "Op hoeveel hectare teelt u?", required=True)
    _open(survey)
    token = _start(client, survey)
    response = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2",
                           data={"submission_token": token, f"q{hectares.id}": typed, "action": "next"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _stored() == {hectares.id: stored}


@pytest.mark.parametrize("typed, readings", [
    ("10.000", ("10000", "10")), ("1.000", ("1000", "1")), ("1,000", ("1000", "1")), ("2.125", ("2125", "2,125")),
])
def test_a_number_that_can_mean_two_numbers_is_refused_never_guessed(client, build, typed, readings):
    survey = build.survey(status="draft")
    hectares = build.question(survey, "number", "Op hoeveel hectare teelt u?", required=True,
                              settings={"minimum": 0, "maximum": 100000})
    _open(survey)
    token = _start(client, survey)
    page = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2",
                       data={"submission_token": token, f"q{hectares.id}": typed, "action": "next"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "error-summary" in html
    grouped, decimal = readings
    assert f"‘{typed}’ kan {grouped} of {decimal} betekenen." in html
    assert f"dus {grouped}, of schrijf {decimal} als u dat bedoelt" in html
    assert _stored() == {}


def test_the_two_readings_are_written_in_the_pages_language(client, build):
    survey = build.survey(status="draft")
    hectares = build.question(survey, "number", "Op hoeveel hectare teelt u?", required=True)
    _open(survey)
    client.get("/taal/en")
    token = _start(client, survey)
    page = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2",
                       data={"submission_token": token, f"q{hectares.id}": "2,125", "action": "next"})
    assert "‘2,125’ could mean 2125 or 2.125. Write thousands without a point or comma, so 2125, or write 2.125" \
        in page.get_data(as_text=True)
    assert _stored() == {}


def test_the_api_reads_number_texts_as_the_form_does(client, build):
    survey = build.survey(status="draft")
    hectares = build.question(survey, "number", "Op hoeveel hectare teelt u?", required=True)
    _open(survey)
    _token_row, secret = create_api_token(survey.owner, "import")
    headers = {"Authorization": f"Bearer {secret}"}

    def post(value, token):
        body = {"submission_token": token, "respondent": {"category": "citizen", "publication": "anonymous"},
                "answers": {str(hectares.id): value}}
        return client.post(f"/api/v1/surveys/{survey.slug}/responses", json=body, headers=headers)

    refused = post("10.000", "papier-1")
    message = refused.get_json()["errors"][str(hectares.id)]
    assert refused.status_code == 422 and "‘10.000’" in message and "10000" in message
    assert post("1.000,5", "papier-2").status_code == 201
    assert post(10000, "papier-3").status_code == 201
    assert sorted(r.answers_by_question()[hectares.id] for r in db.session.scalars(db.select(Response))) == [1000.5, 10000]


# --- ranking places (F9) -----------------------------------------------------------

def test_a_ranking_place_outside_one_to_n_is_refused(client, build):
    survey = build.survey(status="draft")
    ranking = build.question(survey, "ranking", "Wat weegt het zwaarst?", required=True,
                             options=["Prijs", "Smaak", "Dierenwelzijn", "Milieu"])
    _open(survey)
    token = _start(client, survey)
    keys = [o["value"] for o in ranking.options]
    for places in (("5", "1", "2", "3"), ("0", "1", "2", "3"), ("1", "2", "3", "3"), ("01", "2", "3", "4")):
        page = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2", data={
            "submission_token": token, "action": "next", **{f"q{ranking.id}-{k}": p for k, p in zip(keys, places)}})
        assert page.status_code == 200, places
        assert "van 1 tot en met 4" in page.get_data(as_text=True)
        assert _stored() == {}
    response = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2", data={
        "submission_token": token, "action": "next", **{f"q{ranking.id}-{k}": p for k, p in zip(keys, "4123")}})
    assert response.status_code == 302
    assert _stored() == {ranking.id: [keys[1], keys[2], keys[3], keys[0]]}


# --- invisible text (F10) ----------------------------------------------------------

def test_a_required_open_answer_of_only_invisible_characters_is_not_an_answer(client, build):
    survey = build.survey(status="draft")
    why = build.question(survey, "long_text", "Waarom?", required=True)
    _open(survey)
    token = _start(client, survey)
    for invisible in ("   \u200b\u200b ", "\u2060\ufeff\u200c", "\u200d"):
        page = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2",
                           data={"submission_token": token, f"q{why.id}": invisible, "action": "next"})
        assert "Deze vraag is verplicht." in page.get_data(as_text=True), repr(invisible)
        assert _stored() == {}
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    response = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2",
                           data={"submission_token": token, f"q{why.id}": family, "action": "next"})
    assert response.status_code == 302 and _stored() == {why.id: family}


def test_blank_means_white_space_and_invisible_format_characters_only():
    from inspraak.forms import strip
    from inspraak.text import is_blank

    for blank in ("", None, "   ", "\u200b", " \u200b\u200c\u200d\u2060\ufeff\n\t\u00a0"):
        assert is_blank(blank), repr(blank)
    for text in ("a", "\u200bx", "\U0001F468\u200d\U0001F469", "0"):
        assert not is_blank(text), repr(text)
    assert strip("  \u200b ") == "" and strip("  hallo\u200b ") == "hallo\u200b"


# --- the progress indicator (F7) ---------------------------------------------------

def test_the_number_of_steps_on_the_first_page_counts_as_the_later_pages_do(client, build):
    survey = build.survey(status="draft")
    grower = build.question(survey, "single_choice", "Bent u teler?", options=["Ja", "Nee"], required=True)
    growers = build.section(survey, "Voor telers", condition={"question": grower.id, "operator": "equals", "value": "ja"})
    build.question(survey, "number", "Hoeveel hectare?", page=growers)
    last = build.section(survey, "Tot slot")
    build.question(survey, "long_text", "Nog iets?", page=last)
    _open(survey)
    first = client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True)
    assert "Stap 1 van 3" in first  # about you, the grower question, the final page
    token = _token(first)
    client.post(f"/enquetes/{survey.slug}/invullen", data={**PROFILE, "submission_token": token})
    assert "Stap 2 van 3" in client.get(f"/enquetes/{survey.slug}/invullen?pagina=2").get_data(as_text=True)
    assert "Stap 1 van 3" in client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True)
    # An answer that reveals a page makes the total grow: that is expected.
    client.post(f"/enquetes/{survey.slug}/invullen?pagina=2",
                data={"submission_token": token, f"q{grower.id}-choice": "ja", "action": "next"})
    assert "Stap 3 van 4" in client.get(f"/enquetes/{survey.slug}/invullen?pagina=3").get_data(as_text=True)
