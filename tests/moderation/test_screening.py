"""Screening at submission time: one item per published open answer or position paper,
with the findings of moderation.analysis (text or the paper's extracted text)."""
from __future__ import annotations

import base64

from inspraak.pdf import simple_pdf
from moderation.models import ModerationItem
from moderation.screening import screen_response


def test_a_position_paper_is_queued_with_findings_from_its_text(app, build):
    consultation, survey, (paper_question,) = build.questionnaire(questions=("file",))
    pdf = simple_pdf("Standpunt", ["Wij zijn voor.", "Contact: 06-12345678 of info@zaadbank.example"])
    response = build.imported_response(survey, {paper_question.id: {
        "filename": "standpunt.pdf", "content_base64": base64.b64encode(pdf).decode()}},
        category="ngo", organisation="Zaadbank", publication="with_name")
    item = build.item_of_response(response, paper_question)
    assert item.kind == "file" and item.status == "pending"
    assert {f.kind for f in item.findings} >= {"phone", "email"}
    assert all(f.in_document for f in item.findings)
    assert response.answers[0].moderation_status == "pending"


def test_screening_twice_changes_nothing_and_closed_questions_are_not_queued(app, build):
    consultation, survey, (text_question, choice) = build.questionnaire(questions=("long_text", "likert"))
    response = build.imported_response(survey, {text_question.id: "Mail: a@example.org", choice.id: 4})
    assert screen_response(response.id) == 0
    from inspraak.extensions import db

    items = db.session.scalars(db.select(ModerationItem)).all()
    assert [i.question_id for i in items] == [text_question.id]
    assert [f.kind for f in items[0].findings] == ["email"]


def test_near_identical_copies_are_marked_as_a_campaign(app, build):
    consultation, survey, (question,) = build.questionnaire()
    template = ("Ik maak bezwaar tegen de teelt van NGT-gewassen zonder etiket, want consumenten hebben recht "
                "op keuzevrijheid en boeren op zaad zonder octrooi.")
    responses = [build.open_answer(survey, question, template + suffix) for suffix in ("", " Groet.", " Dank!")]
    other = build.open_answer(survey, question, "Een heel andere mening over veredeling en voedselzekerheid in Nederland.")
    kinds = [{f.kind for f in build.item_of_response(r, question).findings} for r in responses]
    assert all("campaign" in k for k in kinds)
    assert "campaign" not in {f.kind for f in build.item_of_response(other, question).findings}
