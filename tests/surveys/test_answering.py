"""Answering on the website: profile, pages, conditions, save and resume, exactly-once receipt."""
from __future__ import annotations

import re

from inspraak.accounts.models import OrganisationCategory, Role
from inspraak.extensions import db
from surveys.models import Answer, Response

PROFILE = {"category": "citizen", "publication": "anonymous", "province": "Utrecht", "action": "next"}


def _token(html: str) -> str:
    return re.search(r'name="submission_token" type="hidden" value="([^"]+)"', html).group(1)


def _two_page_survey(build):
    survey = build.survey(status="draft")
    first = survey.sections[0]
    likes = build.question(survey, "single_choice", "Heeft u kweekvlees geproefd?", options=["Ja", "Nee"],
                           required=True, page=first)
    page2 = build.section(survey, "Uw ervaring", condition={"question": likes.id, "operator": "equals", "value": "ja"})
    taste = build.question(survey, "long_text", "Hoe smaakte het?", required=True, page=page2,
                           settings={"max_length": 50})
    page3 = build.section(survey, "Tot slot")
    score = build.question(survey, "scale", "Hoe waarschijnlijk koopt u het?", required=True, page=page3)
    from surveys import builder
    builder.open_survey(survey.owner, survey)
    return survey, likes, taste, score


def test_a_citizen_answers_pages_with_a_condition_and_gets_one_receipt(client, build):
    survey, likes, taste, score = _two_page_survey(build)
    page = client.get(f"/enquetes/{survey.slug}/invullen")
    assert page.status_code == 200 and "Stap 1 van" in page.get_data(as_text=True)
    token = _token(page.get_data(as_text=True))
    response = client.post(f"/enquetes/{survey.slug}/invullen", data={**PROFILE, "submission_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("pagina=2")
    # Page 2: the choice (first question). A missing required answer keeps the page.
    page = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2", data={"submission_token": token, "action": "next"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Deze vraag is verplicht." in html and "error-summary" in html
    response = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2",
                           data={"submission_token": token, f"q{likes.id}-choice": "ja", "action": "next"})
    assert response.headers["Location"].endswith("pagina=3")
    # Page 3 is shown because of the condition; too long a text is refused and kept.
    typed = "Verrassend goed, maar wel erg duur voor een klein stukje vlees eigenlijk."
    page = client.post(f"/enquetes/{survey.slug}/invullen?pagina=3",
                       data={"submission_token": token, f"q{taste.id}": typed, "action": "next"})
    html = page.get_data(as_text=True)
    assert "Gebruik ten hoogste 50 tekens" in html and typed in html
    client.post(f"/enquetes/{survey.slug}/invullen?pagina=3",
                data={"submission_token": token, f"q{taste.id}": "  Lekker!  ", "action": "next"})
    final = {"submission_token": token, f"q{score.id}": "8", "action": "submit"}
    first = client.post(f"/enquetes/{survey.slug}/invullen?pagina=4", data=final)
    assert "al verzonden" not in client.get(first.headers["Location"]).get_data(as_text=True)
    # Sent again (a second tab, the back button): the same receipt, and a word that
    # what this form held was not stored.
    again = client.post(f"/enquetes/{survey.slug}/invullen?pagina=4", data={**final, f"q{score.id}": "2"})
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    receipt = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Deze reactie was al verzonden. Wat u daarna nog veranderde, is niet opgeslagen." in receipt
    stored = db.session.scalars(db.select(Response)).all()
    assert len(stored) == 1 and stored[0].is_submitted
    assert stored[0].reference in receipt
    assert stored[0].answers_by_question() == {likes.id: "ja", taste.id: "  Lekker!  ", score.id: 8}
    assert stored[0].resume_token_hash is None and stored[0].client_hash and "127.0.0.1" not in stored[0].client_hash
    # A stand-alone survey publishes nothing: no open answer waits for a moderator.
    assert stored[0].publication == "not_published" and stored[0].respondent_name is None
    assert {a.moderation_status for a in stored[0].answers} == {"not_applicable"}


def test_only_a_consultation_asks_whether_a_response_may_be_published(client, build):
    standalone = build.survey(status="open")
    html = client.get(f"/enquetes/{standalone.slug}/invullen").get_data(as_text=True)
    assert 'name="publication"' not in html and 'name="name"' not in html
    assert "Uw antwoorden worden niet gepubliceerd" in html
    # A name and a publication choice sent anyway are not kept.
    token = _token(html)
    sent = client.post(f"/enquetes/{standalone.slug}/invullen",
                       data={**PROFILE, "publication": "with_name", "name": "Jan de Vries", "submission_token": token})
    assert sent.status_code == 302
    kept = db.session.scalar(db.select(Response).where(Response.survey_id == standalone.id))
    assert kept.publication == "not_published" and kept.respondent_name is None

    survey, question = build.open_questionnaire()
    html = client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True)
    assert 'name="publication"' in html and 'name="name"' in html
    token = _token(html)
    # With a name chosen, the name is needed.
    refused = client.post(f"/enquetes/{survey.slug}/invullen",
                          data={**PROFILE, "publication": "with_name", "submission_token": token})
    assert refused.status_code == 200 and "Vul uw naam in" in refused.get_data(as_text=True)
    client.post(f"/enquetes/{survey.slug}/invullen", data={**PROFILE, "submission_token": token})
    sent = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2",
                       data={"submission_token": token, f"q{question.id}": "Graag meer uitleg.", "action": "submit"})
    assert sent.status_code == 302
    response = db.session.scalar(db.select(Response).where(Response.survey_id == survey.id))
    assert response.publication == "anonymous"
    assert [a.moderation_status for a in response.answers] == ["pending"]


def test_a_hidden_page_is_never_required_and_its_answers_are_not_stored(client, build):
    survey, likes, taste, score = _two_page_survey(build)
    token = _token(client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True))
    client.post(f"/enquetes/{survey.slug}/invullen", data={**PROFILE, "submission_token": token})
    client.post(f"/enquetes/{survey.slug}/invullen?pagina=2", data={"submission_token": token, f"q{likes.id}-choice": "ja"})
    client.post(f"/enquetes/{survey.slug}/invullen?pagina=3", data={"submission_token": token, f"q{taste.id}": "Lekker"})
    # Back to page 2, change the answer: the condition no longer holds, the taste answer goes.
    client.post(f"/enquetes/{survey.slug}/invullen?pagina=2", data={"submission_token": token, f"q{likes.id}-choice": "nee"})
    page = client.get(f"/enquetes/{survey.slug}/invullen?pagina=3").get_data(as_text=True)
    assert "Hoe waarschijnlijk" in page and "Hoe smaakte" not in page
    response = client.post(f"/enquetes/{survey.slug}/invullen?pagina=3",
                           data={"submission_token": token, f"q{score.id}": "3", "action": "submit"})
    assert "/bevestiging/" in response.headers["Location"]
    stored = db.session.scalar(db.select(Response))
    assert stored.answers_by_question() == {likes.id: "nee", score.id: 3}
    assert db.session.scalar(db.select(db.func.count(Answer.id)).where(Answer.question_id == taste.id)) == 0


def test_leave_halfway_and_resume_with_the_private_link_in_another_browser(app, client, build):
    survey, likes, taste, score = _two_page_survey(build)
    token = _token(client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True))
    client.post(f"/enquetes/{survey.slug}/invullen", data={**PROFILE, "submission_token": token})
    saved = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2",
                        data={"submission_token": token, f"q{likes.id}-choice": "ja", "action": "later"})
    assert saved.headers["Location"].endswith("/bewaard")
    html = client.get(saved.headers["Location"]).get_data(as_text=True)
    link = re.search(r"http://localhost(/enquetes/[^<\s]+/verder/[^<\s]+)", html).group(1)
    secret = link.rsplit("/", 1)[1]
    draft = db.session.scalar(db.select(Response))
    assert draft.resume_token_hash != secret and secret not in (draft.submission_token, draft.reference)
    other = app.test_client()
    assert "Stap 1 van" in other.get(f"/enquetes/{survey.slug}/invullen?pagina=2").get_data(as_text=True)
    resumed = other.get(link)
    assert resumed.status_code == 302 and "pagina=3" in resumed.headers["Location"]
    page = other.get(resumed.headers["Location"]).get_data(as_text=True)
    assert "Hoe smaakte het?" in page
    assert other.get(f"/enquetes/{survey.slug}/verder/niet-geldig").status_code == 302


def test_a_closed_survey_says_so_and_stores_nothing(client, build):
    survey = build.survey(status="closed")
    page = client.get(f"/enquetes/{survey.slug}/invullen")
    assert page.status_code == 200 and "Deze enquête is gesloten" in page.get_data(as_text=True)
    client.post(f"/enquetes/{survey.slug}/invullen", data={**PROFILE, "submission_token": "x" * 20})
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0


def test_signed_in_profile_is_prefilled_and_one_response_per_account(client, build, signed_in):
    survey = build.survey(allows_anonymous=False, questions=True)
    member = build.user(Role.ORGANISATION, organisation="Stichting Proef", category=OrganisationCategory.NGO)
    assert client.get(f"/enquetes/{survey.slug}/invullen").status_code == 302  # sign in first
    signed_in(member)
    html = client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True)
    assert 'value="Stichting Proef"' in html and re.search(r'<input checked[^>]*value="ngo"', html)
    for token in ("token-one-aaaaaaaa", "token-two-bbbbbbbb"):
        client.post(f"/enquetes/{survey.slug}/invullen", data={
            "category": "ngo", "organisation": "Stichting Proef", "publication": "with_name", "submission_token": token})
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 1


def test_anonymous_answering_needs_the_officers_permission(client, build):
    survey = build.survey(allows_anonymous=False)
    response = client.get(f"/enquetes/{survey.slug}/invullen")
    assert response.status_code == 302 and "/account/inloggen" in response.headers["Location"]


def test_when_the_final_page_is_hidden_a_send_step_follows(client, build):
    survey = build.survey(status="draft")
    grower = build.question(survey, "single_choice", "Bent u teler?", options=["Ja", "Nee"], required=True)
    last = build.section(survey, "Voor telers", condition={"question": grower.id, "operator": "equals", "value": "ja"})
    build.question(survey, "number", "Hoeveel hectare?", required=True, page=last)
    from surveys import builder
    builder.open_survey(survey.owner, survey)
    token = _token(client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True))
    client.post(f"/enquetes/{survey.slug}/invullen", data={**PROFILE, "submission_token": token})
    page = client.get(f"/enquetes/{survey.slug}/invullen?pagina=2").get_data(as_text=True)
    assert 'value="next"' in page and 'value="submit"' not in page  # a later page may still appear
    response = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2",
                           data={"submission_token": token, f"q{grower.id}-choice": "nee", "action": "next"})
    send = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Versturen" in send and "Stap 3 van 3" in send
    sent = client.post(response.headers["Location"], data={"submission_token": token, "action": "submit"})
    assert "/bevestiging/" in sent.headers["Location"]
    assert db.session.scalar(db.select(Response)).answers_by_question() == {grower.id: "nee"}


def test_a_position_paper_uploaded_in_the_form_is_kept_when_the_page_is_saved_again(client, build, app):
    from inspraak.pdf import simple_pdf

    survey = build.survey(status="draft")
    paper = build.question(survey, "file", "Uw position paper", required=True)
    from surveys import builder
    builder.open_survey(survey.owner, survey)
    token = _token(client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True))
    client.post(f"/enquetes/{survey.slug}/invullen", data={**PROFILE, "submission_token": token})
    import io
    refused = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2", content_type="multipart/form-data", data={
        "submission_token": token, f"q{paper.id}": (io.BytesIO(b"<html>geen pdf</html>"), "visie.pdf"), "action": "later"})
    assert "geen PDF" in refused.get_data(as_text=True)
    pdf = simple_pdf("Visie", ["Onze visie."])
    client.post(f"/enquetes/{survey.slug}/invullen?pagina=2", content_type="multipart/form-data", data={
        "submission_token": token, f"q{paper.id}": (io.BytesIO(pdf), "visie.pdf"), "action": "later"})
    page = client.get(f"/enquetes/{survey.slug}/invullen?pagina=2").get_data(as_text=True)
    assert "Al toegevoegd: visie.pdf" in page
    sent = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2", content_type="multipart/form-data",
                       data={"submission_token": token, "action": "submit"})
    assert "/bevestiging/" in sent.headers["Location"]
    value = db.session.scalar(db.select(Response)).answers_by_question()[paper.id]
    stored = app.config["UPLOAD_FOLDER"] / "surveys" / value["stored_name"]
    assert stored.read_bytes() == pdf and value["size_bytes"] == len(pdf)


def test_the_questionnaire_of_a_draft_consultation_is_not_public(client, build):
    consultation = build.consultation(status="draft")
    survey = build.survey(consultation=consultation)
    assert client.get(f"/enquetes/{survey.slug}").status_code == 404
    assert client.get("/api/v1/surveys").get_json()["items"] == []


def test_the_database_refuses_a_second_response_of_one_account_and_a_reused_token(build):
    import pytest
    from sqlalchemy.exc import IntegrityError

    survey = build.survey()
    person = build.user(Role.PARTICIPANT)
    db.session.add(Response(survey=survey, user=person, submission_token="a" * 20, reference="ENQ-AAAA-AAAA"))
    db.session.commit()
    for duplicate in (Response(survey=survey, user=person, submission_token="b" * 20, reference="ENQ-BBBB-BBBB"),
                      Response(survey=survey, submission_token="a" * 20, reference="ENQ-CCCC-CCCC")):
        db.session.add(duplicate)
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    # Anonymous responses (no account) are not limited by the per-account rule.
    db.session.add_all([Response(survey=survey, submission_token=f"anon-{n}-xxxxxx", reference=f"ENQ-ANON-000{n}")
                        for n in range(2)])
    db.session.commit()


def _text_page_survey(build):
    survey = build.survey(status="draft", consultation=build.consultation(status="open"))  # it asks for a name
    page = build.section(survey, "Uw mening")
    text = build.question(survey, "short_text", "Wat vindt u?", page=page)
    other = build.question(survey, "long_text", "Wat nog meer?", page=page)
    from surveys import builder
    builder.open_survey(survey.owner, survey)
    return survey, text, other


def test_a_nul_in_an_answer_is_refused_next_to_its_question_and_the_page_is_kept(client, build):
    survey, text, other = _text_page_survey(build)
    token = _token(client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True))
    # In the profile: an error next to the name, the rest of the page kept.
    page = client.post(f"/enquetes/{survey.slug}/invullen",
                       data={**PROFILE, "name": "Sanne\x00", "submission_token": token})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "De tekst bevat een ongeldig teken." in html and 'selected value="Utrecht"' in html
    assert client.post(f"/enquetes/{survey.slug}/invullen", data={**PROFILE, "submission_token": token}).status_code == 302
    page = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2", data={
        "submission_token": token, f"q{text.id}": "a\x00b", f"q{other.id}": "Dit blijft staan.", "action": "next"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "error-summary" in html
    assert "De tekst bevat een ongeldig teken." in html and "Dit blijft staan." in html
    assert db.session.scalar(db.select(db.func.count(Answer.id))) == 0


def test_a_refused_nul_is_not_shown_back_in_the_form(client, build):
    """Browsers draw a NUL as \ufffd: the page that refuses it shows what was typed without it."""
    survey = build.survey(status="draft", consultation=build.consultation(status="open"))  # it asks for a name
    page = build.section(survey, "Uw mening")
    text = build.question(survey, "short_text", "Wat vindt u?", page=page)
    other = build.question(survey, "long_text", "Wat nog meer?", page=page)
    choice = build.question(survey, "single_choice", "Wie bent u?", options=["Boer", "Burger"], settings={"has_other": True},
                            page=page)
    from surveys import builder
    builder.open_survey(survey.owner, survey)
    token = _token(client.get(f"/enquetes/{survey.slug}/invullen").get_data(as_text=True))
    page = client.post(f"/enquetes/{survey.slug}/invullen", data={
        **PROFILE, "category": "ngo", "organisation": "Stichting\x00 Zaad", "name": "Sanne\x00", "submission_token": token})
    html = page.get_data(as_text=True)
    assert html.count("De tekst bevat een ongeldig teken.") >= 2 and "\x00" not in html
    assert 'value="Stichting Zaad"' in html and 'value="Sanne"' in html
    assert client.post(f"/enquetes/{survey.slug}/invullen", data={**PROFILE, "submission_token": token}).status_code == 302
    page = client.post(f"/enquetes/{survey.slug}/invullen?pagina=2", data={
        "submission_token": token, f"q{text.id}": "a\x00b", f"q{other.id}": "lang\x00 verhaal",
        f"q{choice.id}-choice": "__other__", f"q{choice.id}-other": "imker\x00", "action": "next"})
    html = page.get_data(as_text=True)
    assert "De tekst bevat een ongeldig teken." in html and "\x00" not in html
    assert 'value="ab"' in html and "\nlang verhaal</textarea>" in html and 'value="imker"' in html


def test_a_nul_in_the_hidden_submission_token_stores_nothing(client, build):
    survey, _text, _other = _text_page_survey(build)
    page = client.post(f"/enquetes/{survey.slug}/invullen", data={**PROFILE, "submission_token": "abcdefgh\x00ijk"})
    assert page.status_code == 200 and "error-summary" in page.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0


def test_other_forms_still_refuse_a_nul_as_a_whole(client, build):
    assert client.post("/account/inloggen", data={"email": "a\x00b@example.org", "password": "x"}).status_code == 400
    survey, _text, _other = _text_page_survey(build)
    assert client.get(f"/enquetes/{survey.slug}/invullen?pagina=%00").status_code == 400  # the query string still is
