"""What the public may read: only approved answers whose respondent chose publication,
with redactions applied (``moderation.publication``)."""
from __future__ import annotations

from inspraak.database import utcnow
from moderation import publication, services
from moderation.publication import REDACTED, apply_redactions

TEXT = "Bel mij op 06-12345678 of mail jan@example.org, mijn BSN is 111222333."


def _answer(response, question):
    return next(a for a in response.answers if a.question_id == question.id)


def test_apply_redactions_merges_overlapping_spans_and_keeps_the_rest():
    assert apply_redactions("abcdefgh", [[1, 3], [2, 4], [6, 8]]) == f"a{REDACTED}ef{REDACTED}"
    assert apply_redactions("abc", []) == "abc"


def test_an_answer_is_public_only_after_approval_and_then_redacted(app, build):
    consultation, survey, (question,) = build.questionnaire()
    moderator = build.moderator(consultation)
    response = build.open_answer(survey, question, TEXT)
    answer = _answer(response, question)
    item = build.item_of_response(response, question)
    assert {f.kind for f in item.findings} >= {"phone", "email", "bsn"}
    assert publication.public_text(answer) is None
    assert publication.published_answers(consultation).total == 0 == publication.published_answer_count(consultation)

    phone = next(f for f in item.findings if f.kind == "phone")
    services.redact(moderator, item, [[phone.start, phone.end]], utcnow())
    assert publication.public_text(answer) is None          # redacted, still waiting
    services.approve(moderator, item, utcnow())
    public = publication.public_text(answer)
    assert public == TEXT.replace("06-12345678", REDACTED)
    page = publication.published_answers(consultation)
    assert page.total == 1 == publication.published_answer_count(consultation) and page.items[0].text == public
    assert page.items[0].author == "Burger"
    assert answer.moderation_status == "redacted"


def test_not_published_answers_never_become_items(app, build):
    consultation, survey, (question,) = build.questionnaire()
    response = build.open_answer(survey, question, "Geheim voor de beleidsmakers.", publication="not_published")
    assert build.item_of_response(response, question) is None
    assert publication.public_text(_answer(response, question)) is None


def test_the_author_is_the_name_only_when_chosen(app, build):
    consultation, survey, (question,) = build.questionnaire()
    named = build.open_answer(survey, question, "Met naam.", publication="with_name", category="ngo",
                              organisation="Stichting Groen")
    anonymous = build.open_answer(survey, question, "Zonder naam.", category="ngo", organisation="Stichting Grijs")
    assert publication.public_author(_answer(named, question)) == "Stichting Groen"
    assert publication.public_author(_answer(anonymous, question)) == "Maatschappelijke organisatie (ngo)"


def test_search_looks_only_in_the_public_text(app, build):
    consultation, survey, (question,) = build.questionnaire()
    moderator = build.moderator(consultation)
    response = build.open_answer(survey, question, "Mijn nummer is 06-12345678, verder geen bezwaar.")
    item = build.item_of_response(response, question)
    phone = next(f for f in item.findings if f.kind == "phone")
    services.redact(moderator, item, [[phone.start, phone.end]], utcnow())
    services.approve(moderator, item, utcnow())
    assert publication.published_answers(consultation, search="BEZWAAR").total == 1
    assert publication.published_answers(consultation, search="12345678").total == 0
    assert publication.published_answers(consultation, search="100%").total == 0
